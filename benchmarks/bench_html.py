"""Web pages: main text, date and author, and speed; the previous extractor and the current one side by side.

    pip download --no-deps --no-binary :all: newspaper4k==0.9.6 -d /tmp/np4k
    tar xzf /tmp/np4k/newspaper4k-0.9.6.tar.gz -C /tmp/np4k
    .venv/bin/python benchmarks/bench_html.py --pages /tmp/np4k/newspaper4k-0.9.6/tests/data [--split held-out]
    .venv/bin/python benchmarks/bench_html.py --pages ... --split dev --variants   # how the settings were chosen

The pages are the real news pages newspaper4k ships as test data (`html/NAME.html`), each with the
text newspaper4k expects from it (`txt/NAME.txt`): 22 articles in 8 languages (CNN, Time, Wired,
Yonhap, Fox 13, cleveland.com, BBC Burmese and Chinese, Nikkei, AFP, LSM, Prachatai, ...). Our own
labels (`benchmarks/labels/html_pages.json`) give each page's date and author and its split: 14
development pages, on which trafilatura's settings and the metadata order were chosen, and 8 held-out
pages. The eight other HTML files of the folder have no expected text (three front pages, two
redirects, an RSS feed, a duplicate, an article): they count, with the split's pages, for "pages
under 50 words" (and "silent": without a warning or an error), and for speed. No page's HTML or text
is stored in this project.

Main-text F1: 4-word shingles of lower-cased word tokens (characters of Chinese, Japanese, Korean,
Thai and Burmese are a token each), precision and recall per page, F1 per page, averaged over pages;
the text scored is the document's `text` exactly as documents.jsonl stores it (with the headline
paragraph; the expected texts mostly leave the headline out, which costs the current extractor a
little precision). Date: found (any) and correct (the date part equals the label; a date on a page
labelled null is wrong). Author: found and correct (the same set of surnames as the label or one of
its `|` alternatives). The previous extractor is `pipeline/ingest/htmltext.py` as of --baseline
(default 54ce579), read with `git show` and run in the previous ingest's order (decode, extract,
comment-form filter). Speed: whole `ingest()` calls (decoding, parsing, extraction, metadata) over all
30 files, --repeat times, in this process. Quotes: of the quotes hand-labelled in the expected texts of
the split's English pages (`benchmarks/labels/newspaper4k_en_quotes.jsonl`), how many quote
extraction finds word for word in the text ingest makes of the HTML page.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import subprocess
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.core.errors import InputError  # noqa: E402
from pipeline.core.records import Document, DocumentMeta  # noqa: E402
from pipeline.ingest import documents, htmlmeta, htmltext  # noqa: E402
from pipeline.ingest.decoding import decode_bytes  # noqa: E402
from pipeline.ingest.htmltext import Extractor, word_count  # noqa: E402
from pipeline.quotes.extract import extract_quotes  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels" / "html_pages.json"
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Output:
    text: str
    meta: DocumentMeta
    warning: str | None = None
    error: str | None = None


def page_markup(data: bytes) -> str:
    """A page's bytes decoded and normalised as ingest does it before parsing."""
    return documents.normalize_text(decode_bytes(data, documents._declared_charset(data, "html")).text)


# --- the two extractors ---------------------------------------------------------------------------


def current_ingest(name: str, data: bytes) -> Output:
    try:
        document = documents.ingest(f"{name}.html", data, documents.IngestSettings())
    except InputError as exc:
        return Output("", DocumentMeta(), error=exc.problem)
    return Output(document.text, document.meta, document.warning)


def previous_ingest(commit: str) -> Callable[[str, bytes], Output]:
    source = subprocess.run(["git", "show", f"{commit}:pipeline/ingest/htmltext.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType("previous_htmltext")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{commit}:htmltext.py", "exec"), module.__dict__)  # noqa: S102 - our own file

    def run(name: str, data: bytes) -> Output:
        try:
            content = module.html_to_content(page_markup(data))
        except module.NotHtmlError as exc:
            return Output("", DocumentMeta(), error=str(exc))
        return Output(documents.strip_boilerplate(content.text).strip("\n"), content.meta)

    return run


def extractor_variant(extractor: Extractor, *, html_boilerplate: bool = False) -> Callable[[str, bytes], Output]:
    """The current ingest with other trafilatura settings (and our comment-form filter on top)."""

    def run(name: str, data: bytes) -> Output:
        original, htmltext.DEFAULT_EXTRACTOR = htmltext.DEFAULT_EXTRACTOR, extractor
        try:
            output = current_ingest(name, data)
        finally:
            htmltext.DEFAULT_EXTRACTOR = original
        if html_boilerplate and output.text:
            output = replace(output, text=documents.strip_boilerplate(output.text))
        return output

    return run


# --- measures -------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for token in re.findall(r"\w+", text.lower()):
        out.extend(token) if _UNSPACED.search(token) else out.append(token)
    return out


def shingle_prf(expected: str, found: str, n: int = 4) -> tuple[float, float, float]:
    def shingles(text: str) -> collections.Counter:
        words = tokens(text)
        return collections.Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)))

    gold, predicted = shingles(expected), shingles(found)
    overlap = sum((gold & predicted).values())
    precision = overlap / max(1, sum(predicted.values()))
    recall = overlap / max(1, sum(gold.values()))
    return precision, recall, (2 * precision * recall / (precision + recall) if overlap else 0.0)


def _surnames(names: str) -> frozenset[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", names)
    return frozenset(part.split()[-1].lower() for part in parts if part.split())


def author_correct(label: str | None, found: str | None) -> bool:
    if label is None:
        return found is None
    return found is not None and any(_surnames(option) == _surnames(found) for option in label.split("|"))


def date_correct(label: str | None, found: str | None) -> bool:
    return found is None if label is None else (found or "")[:10] == label


# --- the run --------------------------------------------------------------------------------------


def without_headline(text: str, data: bytes) -> str:
    """The text less its first paragraph when that is the page's headline (an <h1> or its title),
    for comparison with expected texts that leave the headline out."""
    root, _ = htmltext.parse_html(page_markup(data))
    headlines = [htmlmeta.own_meta(root).title, *(htmlmeta.element_text(h1) for h1 in root.iter("h1"))]
    first, _, rest = text.partition("\n\n")
    return rest if rest and any(tokens(first) == tokens(h or "") for h in headlines) else text


def split_of(name: str) -> str:
    return "dev" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def score(system: Callable[[str, bytes], Output], pages: dict[str, bytes], expected: dict[str, str],
          labels: dict[str, dict]) -> dict:
    rows = {name: system(name, data) for name, data in pages.items()}
    scored = [name for name in expected if name in rows]
    prf = [shingle_prf(expected[name], rows[name].text) for name in scored]
    bodies = [shingle_prf(expected[name], without_headline(rows[name].text, pages[name]))[2] for name in scored]
    thin = [name for name, out in rows.items() if not out.error and word_count(out.text) < 50]
    return {
        "pages": len(scored),
        "precision": sum(p for p, _, _ in prf) / len(prf),
        "recall": sum(r for _, r, _ in prf) / len(prf),
        "f1": sum(f for _, _, f in prf) / len(prf),
        "body_f1": sum(bodies) / len(bodies),
        "under_50": len(thin) + sum(1 for out in rows.values() if out.error),
        "silent_under_50": sum(1 for name in thin if not rows[name].warning),
        "failed": sorted(f"{name}: {out.error}" for name, out in rows.items() if out.error),
        "warned": sorted(f"{name}: {out.warning}" for name, out in rows.items() if out.warning),
        "date_found": sum(1 for name in scored if rows[name].meta.date),
        "date_correct": sum(date_correct(labels[name]["date"], rows[name].meta.date) for name in scored),
        "author_found": sum(1 for name in scored if rows[name].meta.author),
        "author_correct": sum(author_correct(labels[name]["author"], rows[name].meta.author) for name in scored),
        "per_page": {name: (f, rows[name]) for name, (_, _, f) in zip(scored, prf, strict=True)},
    }


def metadata_sources(pages: dict[str, bytes], expected: dict[str, str], labels: dict[str, dict],
                     titles: dict[str, str]) -> None:
    """Date, author and title from the page's own tags, from trafilatura, and merged as ingest merges
    them; titles against the title newspaper4k expects (`metadata/NAME.json`, where it ships one)."""
    found: dict[str, list[DocumentMeta]] = {"own tags": [], "trafilatura": [], "merged": []}
    for name in expected:
        root, _ = htmltext.parse_html(page_markup(pages[name]))
        extracted = htmltext.run_trafilatura(root, htmltext.DEFAULT_EXTRACTOR)
        found["own tags"].append(htmlmeta.own_meta(root))
        found["trafilatura"].append(htmlmeta.trafilatura_meta(extracted))
        found["merged"].append(htmlmeta.page_meta(root, extracted))
    names = list(expected)
    print(f"\nmetadata by source ({len(names)} pages): date found/correct, author found/correct")
    for source, metas in found.items():
        dates = sum(date_correct(labels[n]["date"], m.date) for n, m in zip(names, metas, strict=True))
        authors = sum(author_correct(labels[n]["author"], m.author) for n, m in zip(names, metas, strict=True))
        title_ok = sum(tokens(m.title or "") == tokens(titles[n]) for n, m in zip(names, metas, strict=True)
                       if n in titles)
        print(f"  {source:<12} date {sum(1 for m in metas if m.date):>3}/{dates:<3} "
              f"author {sum(1 for m in metas if m.author):>3}/{authors:<3} "
              f"title as expected {title_ok}/{sum(1 for n in names if n in titles)}")


QUOTE_LABELS = ROOT / "benchmarks" / "labels" / "newspaper4k_en_quotes.jsonl"


def quotes_recovered(system: Callable[[str, bytes], Output], pages: dict[str, bytes],
                     expected: dict[str, str]) -> tuple[int, int]:
    """Of the hand-labelled quotes (direct and scare) in the expected texts of these pages, how many
    quote extraction finds, word for word, in the text ingest made of the page."""
    found = total = 0
    for line in QUOTE_LABELS.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        if label["kind"] == "title" or label["doc"] not in expected or label["doc"] not in pages:
            continue
        total += 1
        found += tokens(expected[label["doc"]][label["start"]:label["end"]]) in _quotes_of(system, label["doc"], pages)
    return found, total


_QUOTES: dict[tuple, list[list[str]]] = {}


def _quotes_of(system: Callable[[str, bytes], Output], name: str, pages: dict[str, bytes]) -> list[list[str]]:
    if (system, name) not in _QUOTES:
        out = system(name, pages[name])
        document = Document(id=name, path=name, text=out.text, format="html", encoding="utf-8", meta=out.meta)
        _QUOTES[system, name] = [tokens(quote.text) for quote in extract_quotes(document)]
    return _QUOTES[system, name]


def pages_per_second(system: Callable[[str, bytes], Output], pages: dict[str, bytes], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for name, data in pages.items():
            system(name, data)
    return repeat * len(pages) / (time.perf_counter() - started)


def print_table(results: dict[str, dict], split: str) -> None:
    first = next(iter(results.values()))
    print(f"\n{split}: {first['pages']} pages with an expected text")
    print(f"{'system':<28}{'P':>7}{'R':>7}{'F1':>7}{'F1 body':>9}{'<50 w':>7}{'silent':>8}{'date found/ok':>15}"
          f"{'author found/ok':>17}")
    for label, r in results.items():
        print(f"{label:<28}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}{r['body_f1']:>9.3f}{r['under_50']:>7}"
              f"{r['silent_under_50']:>8}{r['date_found']:>8}/{r['date_correct']:<6}"
              f"{r['author_found']:>10}/{r['author_correct']:<6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, required=True, help="newspaper4k-0.9.6/tests/data")
    parser.add_argument("--split", choices=["dev", "held-out", "all"], default="held-out")
    parser.add_argument("--baseline", default="54ce579", help="commit of the previous extractor")
    parser.add_argument("--variants", action="store_true", help="also score other trafilatura settings")
    parser.add_argument("--repeat", type=int, default=3, help="passes over all pages for pages/s")
    parser.add_argument("--show", action="store_true", help="per-page F1, warnings and failures")
    args = parser.parse_args()

    labels = json.loads(LABELS.read_text(encoding="utf-8"))["pages"]
    every_page = {path.stem: path.read_bytes() for path in sorted((args.pages / "html").glob("*.html"))}
    expected = {name: (args.pages / "txt" / f"{name}.txt").read_text(encoding="utf-8") for name in labels
                if args.split == "all" or split_of(name) == args.split}
    pages = {name: data for name, data in every_page.items() if name in expected or name not in labels}

    systems = {"previous (lxml heuristics)": previous_ingest(args.baseline), "current (trafilatura)": current_ingest}
    if args.variants:
        systems |= {
            "trafilatura fast": extractor_variant(Extractor(fast=True, precision=False)),
            "trafilatura full": extractor_variant(Extractor(fast=False, precision=False)),
            "trafilatura full, precision": extractor_variant(Extractor(fast=False, precision=True)),
            "current + comment filter": extractor_variant(htmltext.DEFAULT_EXTRACTOR, html_boilerplate=True),
        }
    results = {label: score(system, pages, expected, labels) for label, system in systems.items()}
    print_table(results, args.split)
    for label, system in list(systems.items())[:2]:
        found, total = quotes_recovered(system, pages, expected)
        print(f"labelled quotes (newspaper4k_en_quotes.jsonl) extracted word for word from the page: "
              f"{label} {found}/{total}")
    if args.variants:
        titles = {name: json.loads(path.read_text(encoding="utf-8"))["title"]
                  for name in expected if (path := args.pages / "metadata" / f"{name}.json").exists()}
        metadata_sources(every_page, expected, labels, titles)
    speeds = {label: pages_per_second(system, every_page, args.repeat)
              for label, system in list(systems.items())[:2]}
    print(f"\npages/s over all {len(every_page)} files x {args.repeat}: "
          + ", ".join(f"{label} {speed:.1f}" for label, speed in speeds.items()))
    if args.show:
        for label, r in results.items():
            print(f"\n{label}:")
            for name, (f1, out) in r["per_page"].items():
                print(f"  {name:<22} F1 {f1:.3f}  {word_count(out.text):>5} words  date {out.meta.date}  "
                      f"author {out.meta.author}")
            for line in r["failed"]:
                print(f"  failed: {line}")
            for line in r["warned"]:
                print(f"  warning: {line}")


if __name__ == "__main__":
    main()
