"""`provenance cache`: the stage cache's size per stage, and pruning what only older runs used."""

from __future__ import annotations

import json
import shutil

from tests.conftest import SOURCES


def computed(stdout: str) -> int:
    return sum(stage["computed"] for stage in json.loads(stdout)["stages"])


def test_prune_keeps_the_latest_run_cached_and_forgets_the_older_one(cli, tmp_path):
    edited = tmp_path / "edited"
    shutil.copytree(SOURCES, edited)
    for path in edited.glob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8").replace("Ned Price", "Ned Prize"), encoding="utf-8")
    out = tmp_path / "out"
    assert cli("run", SOURCES, "--out", out, "--quiet")[0] == 0
    assert cli("run", edited, "--out", out, "--quiet")[0] == 0

    code, stdout, _ = cli("cache", out)
    before = json.loads(stdout)
    assert code == 0 and before["runs"] == 2
    assert before["stages"]["extract"]["rows"] == 4 and before["stages"]["extract"]["bytes"] > 0

    code, stdout, _ = cli("cache", out, "--prune", "--keep-runs", "1")
    after = json.loads(stdout)
    assert code == 0
    assert (after["runs_removed"], after["runs"]) == (1, 1)
    assert after["cache_rows_removed"] == 2 * len(before["stages"])  # both documents changed, every stage
    assert after["file_bytes"] < after["file_bytes_before"]
    assert all(stage["rows"] == 2 for stage in after["stages"].values())

    code, stdout, _ = cli("run", edited, "--out", out, "--quiet")  # the kept run: still all cached
    assert code == 0 and computed(stdout) == 0
    code, stdout, _ = cli("run", SOURCES, "--out", out, "--quiet")  # the forgotten one: recomputed
    assert code == 0 and computed(stdout) == 2 * len(before["stages"])


def test_cache_on_a_folder_without_a_store_is_a_usage_error(cli, tmp_path):
    code, _, err = cli("cache", tmp_path)
    assert code == 2
    assert err.strip().endswith(f"{tmp_path}: no provenance.sqlite (not a folder written by `provenance run`)")


def test_keep_runs_must_be_positive(cli, tmp_path):
    assert cli("run", SOURCES, "--out", tmp_path, "--quiet")[0] == 0
    code, _, err = cli("cache", tmp_path, "--prune", "--keep-runs", "0")
    assert code == 2 and "--keep-runs must be at least 1" in err
