"""The Ray engine gives the local engine's results, byte for byte, and fails clearly without Ray."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from pipeline.core.engines import LocalEngine, make_engine
from pipeline.core.errors import UsageError
from tests.conftest import ROOT, read_jsonl
from tests.test_pipeline_links import ENGLISH_ARTICLE, RUSSIAN_SOURCE


def test_an_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown engine 'spark': choose one of local, ray"):
        make_engine("spark")


def test_the_ray_engine_without_ray_says_how_to_install_it(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "ray" else real_find_spec(name))
    with pytest.raises(UsageError, match=r"--engine ray needs Ray: pip install 'provenance-pipeline\[ray\]'"):
        make_engine("ray")


def test_the_local_engine_holds_a_window_per_job():
    assert LocalEngine(3).window == 3 * LocalEngine(1).window


def test_ray_and_local_runs_write_identical_records(cli, tmp_path):
    pytest.importorskip("ray")
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "sources", corpus)
    (corpus / "original.md").write_text(RUSSIAN_SOURCE, encoding="utf-8")
    (corpus / "article.txt").write_text(ENGLISH_ARTICLE, encoding="utf-8")
    (corpus / "broken.html").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    outputs = {}
    for engine in ("local", "ray"):
        out = tmp_path / engine
        code, _, err = cli("run", corpus, "--out", out, "--jobs", "2", "--engine", engine, "--quiet")
        assert code == 1, err  # the binary file fails; the rest of the batch is written
        assert "broken.html" in err
        outputs[engine] = {name: (out / name).read_bytes() for name in ("records.jsonl", "documents.jsonl")}
    assert outputs["ray"] == outputs["local"]
    records = read_jsonl(tmp_path / "ray" / "records.jsonl")
    assert any(r["original"] and "500 специалистов" in r["original"]["text"] for r in records)


def test_a_failing_ray_execution_is_one_line_naming_the_stage(monkeypatch):
    pytest.importorskip("ray")
    from pipeline.core.engines import PipelineError, RayEngine
    from pipeline.core.stage import Stage, Task

    class Broken:
        def map_batches(self, *args, **kwargs):
            return self

        def iter_rows(self):
            raise RuntimeError("ActorDiedError: the worker died\nlong traceback here")

    class FakeRay:
        class data:  # noqa: N801 - stands in for the ray.data module
            @staticmethod
            def from_items(items):
                return Broken()

    engine = RayEngine()
    monkeypatch.setattr(engine, "_ray", lambda: FakeRay)
    monkeypatch.setattr(engine, "_cpus", lambda: 2)
    stage = Stage("extract", "1", ("document",), "quotes", tuple, len)
    with pytest.raises(PipelineError, match=r"^Ray engine: the extract stage failed: ActorDiedError: the worker died$"):
        list(engine.map([Task("doc", "key", stage, {"document": "text"})]))
