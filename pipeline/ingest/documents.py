"""Stage 1, ingest: files (.txt, .md, .html/.htm), folders and stdin -> `Document`s.

Everything that can go wrong with one input becomes an `InputError` naming the file and the problem,
so the runner records it and goes on with the rest of the batch.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.hashing import content_hash
from pipeline.core.reading import FileTooLargeError, NotRegularFileError, read_regular_file
from pipeline.core.records import Document, DocumentMeta, to_data
from pipeline.core.runfolder import is_run_output
from pipeline.ingest.credits import with_credits
from pipeline.ingest.decoding import DecodingError, decode_bytes
from pipeline.ingest.frontmatter import FrontMatterError, split_front_matter
from pipeline.ingest.htmltext import NotHtmlError, html_to_content

VERSION = "3"
log = logging.getLogger("pipeline.ingest")
STDIN = "-"
STDIN_NAME = "<stdin>"
FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
DEFAULT_MAX_FILE_MB = 50.0


@dataclass(frozen=True)
class IngestSettings:
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    encoding: str | None = None  # force an encoding instead of detecting it

    def as_dict(self) -> dict:
        # trafilatura's version: a new one may extract a page differently, so cached documents go stale
        return {"max_file_mb": self.max_file_mb, "encoding": self.encoding, "trafilatura": version("trafilatura")}


# --- finding inputs ------------------------------------------------------------------------------


def discover(arguments: Sequence[str]) -> Iterator[str]:
    """The input paths in command-line order; folders expand recursively to their supported files,
    sorted, skipping hidden entries, the files our own runs wrote (a run's outputs are never its
    inputs, also when --out lies inside a source folder) and links to files outside the folder (a
    link in a downloaded folder must not put a private file's text into a report; a file named on
    the command line is read wherever it lies). Missing paths are yielded too, and so is a folder
    that cannot be listed: reading them reports the error."""
    for argument in arguments:
        path = Path(argument)
        if argument == STDIN or not path.is_dir():
            if argument != STDIN and is_run_output(path):
                log.warning("skipped %s: a file written by a provenance run, not an input", argument)
                continue
            yield argument
            continue
        unlisted: list[OSError] = []
        for root, dirs, files in os.walk(path, onerror=unlisted.append):
            yield from (str(error.filename) for error in unlisted)
            unlisted.clear()
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and Path(name).suffix.lower() in FORMATS:
                    if is_run_output(Path(root) / name):
                        log.info("skipped %s: a file written by a provenance run", Path(root) / name)
                        continue
                    if _links_outside(Path(root) / name, path):
                        log.warning("skipped %s: a link to a file outside %s (name the file itself to read it)",
                                    Path(root) / name, argument)
                        continue
                    yield str(Path(root) / name)
        yield from (str(error.filename) for error in unlisted)


def _links_outside(entry: Path, folder: Path) -> bool:
    if not entry.is_symlink():
        return False
    try:
        return not entry.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links: reading it reports the error
        return False


# --- reading -------------------------------------------------------------------------------------


def read_input(path: str, settings: IngestSettings) -> bytes:
    """The bytes of one input: stdin, or a regular file of at most --max-file-mb (checked on its size
    before reading, and on what is read)."""
    limit = int(settings.max_file_mb * 1_000_000)
    if path == STDIN:
        return sys.stdin.buffer.read(limit + 1)
    if os.path.isdir(path):
        raise InputError(path, _folder_problem(path))
    try:
        return read_regular_file(path, limit)
    except FileTooLargeError as exc:
        size = f"{exc.size / 1_000_000:.1f} MB" if exc.size is not None else "more than that was read"
        raise InputError(
            path, f"file too large ({size}; the limit is {settings.max_file_mb:g} MB, raise it with --max-file-mb)"
        ) from exc
    except NotRegularFileError as exc:
        raise InputError(path, str(exc)) from exc
    except FileNotFoundError as exc:
        raise InputError(path, "no such file (missing, or removed during the run)") from exc
    except PermissionError as exc:
        raise InputError(path, "permission denied") from exc
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from exc


def _folder_problem(path: str) -> str:
    """A folder among the inputs is one `discover` could not list."""
    try:
        os.scandir(path).close()
    except OSError as exc:
        return f"cannot list this folder ({exc.strerror or exc}): its files are skipped"
    return "a folder that could not be listed when the run started: its files are skipped"


def format_of(path: str, data: bytes) -> str:
    if path in (STDIN, STDIN_NAME):
        head = data[:1024].lstrip().lower()
        return "html" if head.startswith((b"<!doctype html", b"<html", b"<")) else "markdown"
    suffix = Path(path).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix:
        raise InputError(path, f"unsupported file type {suffix} (expected .txt, .md, .html or .htm)")
    return "text"


# --- building the Document -----------------------------------------------------------------------


def ingest(path: str, data: bytes, settings: IngestSettings) -> Document:
    """The pure core: bytes of one input -> its Document (raises InputError)."""
    if settings.max_file_mb * 1_000_000 < len(data):
        raise InputError(path, f"input too large (over {settings.max_file_mb:g} MB; raise it with --max-file-mb)")
    if not data.strip():
        raise InputError(path, "empty file")
    fmt = format_of(path, data)
    try:
        decoded = decode_bytes(data, settings.encoding or _declared_charset(data, fmt))
    except DecodingError as exc:
        raise InputError(path, str(exc)) from exc
    text = normalize_text(decoded.text)
    try:
        meta, body, warning = _parse(text, fmt)
    except (FrontMatterError, NotHtmlError) as exc:
        raise InputError(path, str(exc)) from exc
    if not body.strip():
        raise InputError(path, "no article text (empty after front matter and boilerplate)")
    if meta.title is None:
        meta = replace(meta, title=_first_line_title(body))
    meta = with_credits(meta, body)
    identity = content_hash({"text": body, "meta": to_data(meta), "format": fmt})
    return Document(id=identity, path=path, text=body, format=fmt, encoding=decoded.encoding, meta=meta,
                    warning=warning)


def _parse(text: str, fmt: str) -> tuple[DocumentMeta, str, str | None]:
    """Metadata, article text and, for a web page, why its text may be incomplete. Our comment-form
    filter runs on text and Markdown; on web pages trafilatura's own boilerplate removal did better
    without it (benchmarks/bench_html.py)."""
    if fmt == "html":
        content = html_to_content(text)
        return content.meta, normalize_text(content.text), content.warning
    split = split_front_matter(text)
    return split.meta, strip_boilerplate(split.body).strip("\n"), None


_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def _declared_charset(data: bytes, fmt: str) -> str | None:
    """An HTML page's own <meta charset>, trusted only when it names a real codec."""
    if fmt != "html":
        return None
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        "".encode(name)
    except LookupError:
        return None
    return None if name in {"utf-8", "utf8"} else name


def normalize_text(text: str) -> str:
    """One newline convention and NFC, so offsets mean the same characters everywhere."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _first_line_title(body: str) -> str | None:
    """Plain-text articles open with their headline: a single short line without a final period."""
    first = body.lstrip().split("\n\n", 1)[0].strip()
    if first and "\n" not in first and len(first) <= 200 and not first.endswith((".", ":", ";")):
        return first
    return None


# --- boilerplate in text -------------------------------------------------------------------------

# A paragraph that starts the comment section, share bar or related-posts list: it and all that
# follows are not article text (only looked for in the second half of a document).
_TAIL_MARKERS = re.compile(
    r"(leave a (reply|comment)|post navigation|share this( article| story)?:?|like this:?|"
    r"related( posts| articles| stories)?:?|you (may|might) also like:?|\d+ comments?|comments?( \(\d+\))?:?|"
    r"(click|tap) to share.*|sharing is caring.*)",
    re.I,
)
# Single paragraphs that are boilerplate wherever they stand.
_BOILERPLATE_PARAGRAPH = re.compile(
    r"(this site uses akismet to reduce spam\..*|your email address will not be published\..*|"
    r"required fields are marked.*|cancel reply|notify me of (follow-up comments|new posts).*|"
    r"subscribe to our newsletter.*|share (on|via) (facebook|twitter|x|telegram|whatsapp|email).*|"
    r"advertisement|we use cookies.*)",
    re.I,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def strip_boilerplate(text: str) -> str:
    """Drop boilerplate paragraphs; paragraphs come back separated by one blank line."""
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text)]
    kept: list[str] = []
    seen = 0
    for paragraph in paragraphs:
        seen += len(paragraph)
        if not paragraph or _BOILERPLATE_PARAGRAPH.fullmatch(paragraph):
            continue
        if seen > len(text) / 2 and _TAIL_MARKERS.fullmatch(paragraph):
            break
        kept.append(paragraph)
    return "\n\n".join(kept)
