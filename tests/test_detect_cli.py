"""`provenance detect`: JSON Lines out, hints from flags, one-line errors."""

from __future__ import annotations

import io
import json
import sys

import pytest

from pipeline.cli import main


def run(argv: list[str], capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, list[dict], str]:
    if stdin is not None:
        monkeypatch.setattr(
            sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        )
    code = main(["detect", "--quiet", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_file_in_json_lines_out(tmp_path, capsys) -> None:
    source = tmp_path / "lines.txt"
    source.write_text("Україна отримала їжу\n\n12 345\nThe talks would continue.\n", encoding="utf-8")
    code, records, err = run([str(source)], capsys)
    assert code == 0 and err == ""
    assert [(r["text"], r["lang"]) for r in records] == [
        ("Україна отримала їжу", "uk"),
        ("", None),
        ("12 345", None),
        ("The talks would continue.", "en"),
    ]
    assert records[1] == {"text": "", "lang": None, "confidence": 0.0, "reason": "empty text"}
    assert set(records[0]) == {"text", "lang", "confidence", "candidates"}
    assert records[0]["candidates"][0] == {"lang": "uk", "confidence": records[0]["confidence"]}


def test_stdin_and_hints(capsys, monkeypatch) -> None:
    code, records, _ = run(["--hint-url", "https://www.b92.rs/vesti"], capsys, "Кажи му\n", monkeypatch)
    assert code == 0
    assert records[0]["lang"] == "sr"
    code, records, _ = run(["--hint-lang", "mk"], capsys, "Кажи му\n", monkeypatch)
    assert records[0]["lang"] == "mk"


def test_evidence_flag(capsys, monkeypatch) -> None:
    code, records, _ = run(
        ["--evidence", "--hint-outlet", "TASS"], capsys, "Беларусь і Польшча\n", monkeypatch
    )
    assert code == 0
    assert records[0]["lang"] == "be"
    assert "hint:outlet TASS=ru" in records[0]["evidence"]


def test_missing_file_is_a_usage_error(tmp_path, capsys) -> None:
    missing = tmp_path / "nope.txt"
    code, records, err = run([str(missing)], capsys)
    assert code == 2 and records == []
    assert err == f"provenance detect: error: {missing}: cannot read (No such file or directory)\n"


def test_bad_encoding_is_a_usage_error(tmp_path, capsys) -> None:
    source = tmp_path / "cp1251.txt"
    source.write_bytes("Привет".encode("cp1251"))
    code, _, err = run([str(source)], capsys)
    assert code == 2
    assert err == f"provenance detect: error: {source}: not valid UTF-8 (byte 0); re-save it as UTF-8\n"


@pytest.mark.parametrize("flag", ["--hint-outlet", "--hint-url", "--hint-lang"])
def test_hint_flags_need_a_value(flag, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["detect", flag])
    assert exit_info.value.code == 2


def test_same_output_in_separate_processes(tmp_path) -> None:
    import os
    import subprocess

    source = tmp_path / "lines.txt"
    source.write_text("Кажи му\nГлава региона\nWater parks\nДа не дава Господ!\n", encoding="utf-8")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "detect", "--quiet", "--evidence", str(source)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
