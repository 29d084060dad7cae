"""Hostile inputs from issue 21: YAML bombs and impossible dates in front matter, FIFOs and devices,
files mixing encodings or made of control characters, folders that cannot be listed."""

from __future__ import annotations

import json
import os
import threading

import pytest

from pipeline.core.errors import InputError, UsageError
from pipeline.core.jsonl import read_lines
from pipeline.core.reading import FileTooLargeError, read_regular_file
from pipeline.ingest.decoding import decode_bytes
from pipeline.ingest.documents import IngestSettings, discover, ingest, read_input

# Written for these tests: three paragraphs of Russian news prose.
RUSSIAN_PARAGRAPHS = (
    "Губернатор области заявил журналистам, что ремонт моста будет закончен до конца осени. "
    "По его словам, подрядчик уже получил все необходимые материалы и начал работы на обоих берегах.",
    "Жители соседних деревень рассказали, что ждали этого решения несколько лет. Многие из них "
    "каждый день ездят на работу в город и теряют в дороге по два часа.",
    "В администрации пообещали, что движение по старому мосту не будут закрывать до открытия нового. "
    "Отдельно обсуждается строительство остановки для школьного автобуса.",
)


def ingest_bytes(data: bytes, name: str = "doc.md"):
    return ingest(name, data, IngestSettings())


def alias_bomb() -> bytes:
    """Nine levels of nine aliases each: 9**8 copies of 'lol' once `title` becomes a string."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append("title: *h")
    return ("---\n" + "\n".join(lines) + "\n---\nHe said “yes”.\n").encode()


# --- front matter ----------------------------------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_with_its_line():
    with pytest.raises(InputError) as error:
        ingest_bytes(alias_bomb(), "bomb.md")
    assert error.value.problem == "invalid YAML front matter at line 3: aliases (*a) are not allowed"


@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        ("date: 2022-13-45", "YAML front matter field date: '2022-13-45' is not a real date (month must be in 1..12)"),
        ('date: "2022-02-30"', "YAML front matter field date: '2022-02-30' is not a real date "
                               "(day is out of range for month)"),
        ("date: 2022-02-30 10:00:00", "YAML front matter field date: '2022-02-30 10:00:00' is not a real date "
                                      "(day is out of range for month)"),
        ("title: !!int abc", "invalid YAML front matter at line 2: 'abc': invalid literal for int() with base 10: "
                             "'abc'"),
        ("title: " + "[" * 5000, "invalid YAML front matter: nested too deeply"),
    ],
    ids=["impossible-date", "quoted-impossible-date", "impossible-datetime", "bad-int-tag", "deep-nesting"],
)
def test_front_matter_values_that_cannot_be_built_are_one_line_errors(front_matter, problem):
    with pytest.raises(InputError) as error:
        ingest_bytes(f"---\n{front_matter}\n---\nBody text.\n".encode())
    assert error.value.problem == problem


def test_real_dates_and_a_date_in_another_format_still_pass():
    assert ingest_bytes(b"---\ndate: 2024-02-29\n---\nBody.\n").meta.date == "2024-02-29"
    assert ingest_bytes(b"---\ndate: 18 August 2022\n---\nBody.\n").meta.date == "18 August 2022"


def test_the_bomb_fails_alone_in_a_run(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bomb.md").write_bytes(alias_bomb())
    (corpus / "bad-date.md").write_text("---\ndate: 2022-13-45\n---\nHe said “no”.\n")
    (corpus / "good.txt").write_text("She said “fine”.")
    code, out, err = cli("run", corpus, "--out", tmp_path / "out", "--quiet")
    assert code == 1 and json.loads(out)["documents"] == 1
    assert f"error: {corpus / 'bomb.md'}: invalid YAML front matter at line 3: aliases (*a) are not allowed\n" in err
    assert f"error: {corpus / 'bad-date.md'}: YAML front matter field date: '2022-13-45'" in err
    assert "Traceback" not in err


# --- FIFOs, devices, what is read --------------------------------------------------------------------


def finishes(function, *args, seconds: float = 20.0):
    """FUNCTION(*ARGS)'s result or exception, or a test failure if it blocks (the bug was a hang)."""
    outcome: dict = {}

    def call() -> None:
        try:
            outcome["value"] = function(*args)
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{function.__name__} blocked"
    return outcome


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    outcome = finishes(read_input, str(fifo), IngestSettings())
    assert outcome["error"].problem == "not a regular file: a named pipe (FIFO)"
    outcome = finishes(read_lines, str(fifo))
    assert str(outcome["error"]) == f"{fifo}: not a regular file: a named pipe (FIFO)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_a_source_folder_fails_alone(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("She said “fine”.")
    os.mkfifo(corpus / "pipe.txt")
    outcome = finishes(cli, "run", corpus, "--out", tmp_path / "out", "--quiet", seconds=120)
    code, out, err = outcome["value"]
    assert code == 1 and json.loads(out)["documents"] == 1
    assert f"error: {corpus / 'pipe.txt'}: not a regular file: a named pipe (FIFO)\n" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_character_device_is_refused():
    outcome = finishes(read_input, "/dev/zero", IngestSettings(max_file_mb=1))
    assert outcome["error"].problem == "not a regular file: a character device"


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="no /proc")
def test_the_size_limit_holds_for_what_is_read_not_for_what_stat_says():
    # /proc files are regular files whose stat size is 0, like a file that grows while it is read.
    assert os.stat("/proc/self/status").st_size == 0
    with pytest.raises(FileTooLargeError) as error:
        read_regular_file("/proc/self/status", limit=10)
    assert error.value.size is None
    assert len(read_regular_file("/proc/self/status", limit=1_000_000)) > 10


def test_the_line_verbs_read_no_more_than_their_limit(monkeypatch):
    class Endless:  # stdin from /dev/zero
        def read(self, size=-1):
            assert size > 0, "an unbounded read"
            return b"\0" * size

    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": Endless()})())
    with pytest.raises(UsageError) as error:
        read_lines("-", limit=1_000)
    assert str(error.value) == "<stdin>: larger than 1,000 bytes; split it into smaller files"
    if os.path.exists("/proc/self/status"):
        with pytest.raises(UsageError, match="larger than 10 bytes"):
            read_lines("/proc/self/status", limit=10)


def test_a_folder_that_cannot_be_listed_is_an_error_line(cli, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "hidden.txt").write_text("Nobody sees “this”.")
    (corpus / "good.txt").write_text("She said “fine”.")
    real_scandir = os.scandir

    def scandir(path="."):  # chmod 000 does not stop root, so the refusal is modelled
        if os.fspath(path) == str(corpus / "locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert list(discover([str(corpus)])) == [str(corpus / "good.txt"), str(corpus / "locked")]
    code, out, err = cli("run", corpus, "--out", tmp_path / "out", "--quiet")
    assert code == 1
    assert json.loads(out)["failed"] == [{
        "path": str(corpus / "locked"), "stage": "ingest",
        "error": "cannot list this folder (Permission denied): its files are skipped",
    }]
    assert f"error: {corpus / 'locked'}: cannot list this folder (Permission denied)" in err


# --- encodings, control characters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("separator", "codecs", "label"),
    [
        (b"\n\n", ("utf-8", "cp1251", "koi8-r"), "utf-8+cp1251+koi8-r"),
        (b"\r\n\r\n", ("koi8-r", "cp1251", "koi8-r"), "koi8-r+cp1251"),
    ],
    ids=["utf-8-cp1251-koi8-r", "two-legacy-code-pages"],
)
def test_paragraphs_in_different_encodings_are_each_decoded(separator, codecs, label):
    data = separator.join(paragraph.encode(codec) for paragraph, codec in zip(RUSSIAN_PARAGRAPHS, codecs, strict=True))
    decoded = decode_bytes(data)
    assert decoded.text == separator.decode().join(RUSSIAN_PARAGRAPHS)
    assert decoded.encoding == label


def test_one_legacy_code_page_throughout_is_decoded_as_before():
    for codec in ("cp1251", "koi8-r"):
        assert decode_bytes("\n\n".join(RUSSIAN_PARAGRAPHS).encode(codec)).encoding == codec


def test_a_mixed_file_with_an_unrecognisable_paragraph_is_refused():
    data = RUSSIAN_PARAGRAPHS[0].encode() + b"\n\n" + bytes(range(0xC0, 0x100)) * 3
    with pytest.raises(InputError) as error:
        ingest_bytes(data, "mixed.txt")
    assert error.value.problem == (
        f"mixed encodings, and the paragraph at byte {len(RUSSIAN_PARAGRAPHS[0].encode()) + 2} is neither UTF-8 "
        "nor recognisable cp1251, koi8-r or cp1252; re-save the file as UTF-8"
    )


def test_text_that_is_half_control_characters_is_binary():
    data = "".join(ch + "\x01" for ch in "Half of this file is control characters. " * 20).encode()
    with pytest.raises(InputError) as error:
        ingest_bytes(data, "controls.txt")
    assert error.value.problem == "binary file (820 control characters in 1640)"


def test_a_few_control_characters_are_still_text():
    text = "A form feed\x0c between pages and a bell\x07 in a long text. " + "Plain words of an article. " * 10
    assert ingest_bytes(text.encode(), "ok.txt").text.startswith("A form feed\x0c")
