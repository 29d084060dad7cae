"""Shared fixtures: the repository root, a helper to run the CLI in-process, models kept between runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core import runner

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


@pytest.fixture(autouse=True)
def models_kept_between_runs(monkeypatch):
    """Every run of the tests' process keeps its models loaded for the next (`runner.RELEASE_MODELS`)."""
    monkeypatch.setattr(runner, "RELEASE_MODELS", False)


@pytest.fixture
def cli(capsys):
    """Run `provenance ...` in-process; returns (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(arg) for arg in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
