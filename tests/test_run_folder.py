"""The run folder: nothing outside it is written, a user's folder is not taken over, outputs are never
inputs, one run at a time (issue 21, items 1-4), and PROV node ids that cannot collide (item 5)."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.core.files import atomic_writer
from pipeline.core.records import Document, DocumentMeta, ProvenanceRecord, Quote, QuoteKind, Status
from pipeline.core.runfolder import claimed
from pipeline.outputs.prov import build_graph
from tests.conftest import SOURCES, read_jsonl


def test_a_link_planted_at_a_temporary_name_is_neither_followed_nor_removed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("the user's file\n")
    out = tmp_path / "out"
    out.mkdir()
    for name in ("report.html.tmp", ".report.html.tmp", "report.html.tmp-1"):
        (out / name).symlink_to(outside)
    with atomic_writer(out / "report.html") as handle:
        handle.write("<p>ours</p>")
    assert outside.read_text() == "the user's file\n"
    assert (out / "report.html").read_text() == "<p>ours</p>" and not (out / "report.html").is_symlink()
    assert all((out / name).is_symlink() for name in ("report.html.tmp", ".report.html.tmp", "report.html.tmp-1"))


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "records.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half")
        raise RuntimeError("disk gone")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.jsonl"]


def test_a_run_never_writes_through_a_link_at_one_of_its_file_names(cli, tmp_path):
    outside = tmp_path / "elsewhere.html"
    outside.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").symlink_to(outside)
    code, _, err = cli("run", SOURCES, "--out", out, "--force")
    assert code == 2
    assert err.strip().endswith("report.html is a symbolic link; a run never writes through one")
    assert outside.read_text() == "keep me"


def test_a_folder_that_is_not_a_run_folder_is_refused_unless_forced(cli, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "report.html").write_text("my own report")
    (out / "notes.tmp").write_text("my notes")
    code, _, err = cli("run", SOURCES, "--out", out)
    assert code == 2
    assert err.count("\n") == 1 and "is not a provenance run folder" in err and "--force" in err
    assert (out / "report.html").read_text() == "my own report"
    code, _, _ = cli("run", SOURCES, "--out", out, "--force", "--quiet")
    assert code == 0
    assert (out / "notes.tmp").read_text() == "my notes"  # only our own files are replaced
    code, _, _ = cli("run", SOURCES, "--out", out, "--quiet")  # now a run folder: no --force needed
    assert code == 0


def test_a_damaged_store_is_refused_with_one_line(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "provenance.sqlite").write_bytes(b"not a database at all" * 100)
    code, _, err = cli("run", SOURCES, "--out", out, "--force")
    assert code == 1
    assert "provenance.sqlite: damaged or not a provenance store" in err and err.count("\n") == 1


def test_outputs_inside_the_source_folder_are_never_read_back(cli, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SOURCES, corpus)
    for out in (corpus, corpus / "out"):
        for _ in range(2):
            code, stdout, err = cli("run", corpus, "--out", out, "--quiet", "--force")
            assert code == 0, err
            summary = json.loads(stdout)
            assert (summary["inputs"], summary["quotes"]) == (2, 6)
    code, _, err = cli("run", corpus / "out" / "report.html", "--out", tmp_path / "other")
    assert code == 2 and "a file written by a provenance run, not an input" in err


def test_a_second_run_into_a_folder_being_written_is_refused(cli, tmp_path):
    out = tmp_path / "out"
    with claimed(out):
        code, _, err = cli("run", SOURCES, "--out", out)
    assert code == 2
    assert "another provenance run is writing to this folder" in err and err.count("\n") == 1
    assert not (out / "records.jsonl").exists()
    code, _, _ = cli("run", SOURCES, "--out", out, "--quiet")  # the lock went with its holder
    assert code == 0
    with claimed(out):
        code, _, err = cli("cache", out, "--prune")
    assert code == 2 and "another provenance run is writing to this folder" in err
    assert cli("cache", out, "--prune")[0] == 0


def test_an_author_named_like_another_nodes_id_stays_a_separate_node():
    speaker = "Petr Ilichev"
    speaker_node = _agent_ids(build_graph([_record(speaker)], [], {}))
    (speaker_iri,) = speaker_node
    posing = speaker_iri.rsplit(":", 1)[1]
    document = Document(id="d" * 16, path="a.txt", text="x", format="text", encoding="utf-8",
                        meta=DocumentMeta(author=posing))
    graph = build_graph([_record(speaker)], [document], {})
    agents = _agent_ids(graph)
    assert len(agents) == 2
    labels = {node["label"] for node in graph["@graph"] if node["@id"] in agents}
    assert labels == {speaker, posing}


def _record(speaker: str) -> ProvenanceRecord:
    quote = Quote(text="words", kind=QuoteKind.DIRECT, document="d" * 16, char_start=0, char_end=5)
    return ProvenanceRecord(id="r" * 16, quote=quote, status=Status.ORIGINAL_UNAVAILABLE, signature="s",
                            speaker=speaker)


def _agent_ids(graph: dict) -> set[str]:
    return {node["@id"] for node in graph["@graph"] if "prov:Agent" in node["@type"]
            and "prov:SoftwareAgent" not in node["@type"]}


def test_the_run_folder_holds_only_the_summarys_files_after_a_rerun(cli, tmp_path):
    for _ in range(2):
        code, out, _ = cli("run", SOURCES, "--out", tmp_path, "--quiet")
        assert code == 0
    files = json.loads(out)["files"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f.rsplit("/", 1)[1] for f in files)
    assert len(read_jsonl(tmp_path / "records.jsonl")) == 6
