"""The stage runner: runs declared stages over a run's documents, caching every result by content.

A stage names the artifacts it needs and the one it produces. Its cache key chains the keys of
its inputs with its own name, version and settings (like a dataset fingerprint), so an unchanged
input costs one lookup, and a change anywhere upstream recomputes exactly what depends on it.
Results are committed as they arrive, up to `COMMIT_EVERY` documents in one transaction, and a
window's pointers from the run to them in one more: a killed run loses at most the documents in
flight and the last few results, and the next run picks up from the cache.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

from pipeline.core.engines import Engine, LocalEngine
from pipeline.core.errors import InputError
from pipeline.core.hashing import content_hash, sha256_hex
from pipeline.core.memory import return_freed_memory
from pipeline.core.progress import progress
from pipeline.core.records import Document, LanguageLabel, from_data
from pipeline.core.safetext import stored_name
from pipeline.core.stage import Stage, Task
from pipeline.core.store import Store
from pipeline.core.store_errors import StoreError
from pipeline.ingest.documents import STDIN, STDIN_NAME, IngestSettings, ingest, read_input
from pipeline.ingest.documents import VERSION as INGEST_VERSION

log = logging.getLogger("pipeline.core.runner")
WINDOW_BYTES = 64_000_000  # file contents held at once while workers parse them
# Results committed in one transaction, where each document took two per stage (40,000 in a
# 1,000-document run; a profile put about a second on them, which the run's wall-clock time, alternating
# with the code before, did not show through the machine's noise).
COMMIT_EVERY = 16

# A stage's models are let go once no later stage uses them (`Stage.release`). The tests, which run
# hundreds of batches in one process, keep them: loading them again for each made the suite 6:27, not 3:16.
RELEASE_MODELS = True


@dataclass
class StageStats:
    name: str
    documents: int = 0
    cached: int = 0
    computed: int = 0
    failed: int = 0
    seconds: float = 0.0


class Runner:
    def __init__(self, store: Store, stages: Sequence[Stage], *, use_cache: bool = True, jobs: int = 1,
                 ingest_settings: IngestSettings | None = None, show_progress: bool = True,
                 engine: Engine | None = None):
        self.store = store
        self.stages = stages
        self.use_cache = use_cache
        self.engine = engine or LocalEngine(jobs)
        self.ingest_settings = ingest_settings or IngestSettings()
        self.show_progress = show_progress
        self.corpora: dict[tuple[Any, str], Any] = {}  # built corpus values, see _LazyCorpus

    # --- the whole run --------------------------------------------------------------------------

    def run(self, run_id: int, paths: Sequence[str],
            after_stage: Callable[[str], None] | None = None) -> list[StageStats]:
        """Every stage over every document; `after_stage(name)` is called as each stage ends (what a
        stage found about the whole batch is known only then)."""
        try:
            stats = [self.ingest_all(run_id, paths)]
            _log_stage(stats[-1])
            for position, stage in enumerate(self.stages):
                stats.append(self.run_stage(run_id, stage))
                _log_stage(stats[-1])
                self._let_go(position)
                if after_stage is not None:
                    after_stage(stage.name)
            return stats
        finally:
            self.engine.close()

    def _let_go(self, position: int) -> None:
        """Free what no stage after the one at POSITION reads: the batch's corpus and the stage's models
        (hundreds of MB each, which writing the outputs would otherwise find still held)."""
        later = self.stages[position + 1 :]
        freed = False
        if self.corpora and not any(stage.corpus for stage in later):
            self.corpora.clear()
            freed = True
        release = self.stages[position].release
        if RELEASE_MODELS and release is not None and all(stage.release is not release for stage in later):
            release()
            freed = True
        if freed:
            return_freed_memory()

    # --- ingest: paths -> documents -------------------------------------------------------------

    def ingest_all(self, run_id: int, paths: Sequence[str]) -> StageStats:
        """Read each input, reuse its cached Document or parse it (in workers, a bounded window of
        file contents at a time), and enter it in the run."""
        stats = StageStats("ingest")
        started = time.perf_counter()
        stage = Stage("ingest", INGEST_VERSION, (), "document", Document, ingest, self.ingest_settings.as_dict())
        seen: dict[str, str] = {}
        pending: list[tuple[int, str, Task]] = []

        def flush() -> None:
            results = self._compute_and_cache([task for _, _, task in pending], stats)
            for (ordinal, path, task), (state, output) in zip(pending, results, strict=True):
                self._enter_document(run_id, ordinal, path, task.key, state, output, seen, stats)
            bar.update(len(pending))
            pending.clear()

        with progress(len(paths), "ingest", self.show_progress) as bar:
            for ordinal, path in enumerate(paths):
                stats.documents += 1
                shown = STDIN_NAME if path == STDIN else stored_name(path)
                try:
                    data = read_input(path, self.ingest_settings)
                except InputError as exc:
                    self._fail_input(run_id, ordinal, shown, exc.problem, stats)
                    bar.update(1)
                    continue
                key = stage.key([shown, sha256_hex(data)])
                cached = self.store.cached(key) if self.use_cache else None
                if cached is not None:
                    stats.cached += 1
                    self._enter_document(run_id, ordinal, shown, key, "ok", cached, seen, stats)
                    bar.update(1)
                    continue
                pending.append((ordinal, shown, Task("", key, stage, {"path": shown, "data": data,
                                                                        "settings": self.ingest_settings})))
                held = sum(len(task.inputs["data"]) for *_, task in pending)
                if len(pending) >= self.engine.window or held > WINDOW_BYTES:
                    flush()
            flush()
        stats.seconds = time.perf_counter() - started
        return stats

    def _enter_document(self, run_id: int, ordinal: int, path: str, key: str, state: str, output: str,
                        seen: dict[str, str], stats: StageStats) -> None:
        if state == "error":
            self._fail_input(run_id, ordinal, path, output, stats)
            return
        document = json.loads(output)
        self._accept_document(run_id, ordinal, path, document["id"], key, seen, document.get("warning"))

    def _accept_document(self, run_id: int, ordinal: int, path: str, document_id: str, key: str,
                         seen: dict[str, str], warning: str | None) -> None:
        with self.store.atomic() as db:
            if document_id in seen:
                log.warning("%s: same content as %s, skipped", path, seen[document_id])
                self.store.add_input(db, run_id, ordinal, path, document_id=document_id, status="duplicate",
                                     error=f"same content as {seen[document_id]}")
                return
            seen[document_id] = path
            if warning:  # processed like any document, and said: a near-empty page is never silent
                log.warning("warning: %s: %s", path, warning)
                self.store.add_input(db, run_id, ordinal, path, document_id=document_id, status="warning",
                                     stage="ingest", error=warning)
            else:
                self.store.add_input(db, run_id, ordinal, path, document_id=document_id, status="ok")
            self.store.set_artifact(db, run_id, document_id, "document", key)

    def _fail_input(self, run_id: int, ordinal: int, path: str, problem: str, stats: StageStats) -> None:
        stats.failed += 1
        log.error("error: %s: %s", path, problem)
        with self.store.atomic() as db:
            self.store.add_input(db, run_id, ordinal, path, status="failed", stage="ingest", error=problem)

    # --- later stages: artifacts -> artifact ----------------------------------------------------

    def run_stage(self, run_id: int, stage: Stage) -> StageStats:
        stats = StageStats(stage.name)
        started = time.perf_counter()
        documents = self.store.ok_documents(run_id)
        corpus = _LazyCorpus(self, run_id, stage, documents) if stage.corpus is not None else None
        with progress(len(documents), stage.name, self.show_progress) as bar:
            for window in _windows(documents, self.engine.window):
                tasks = [self._task(run_id, stage, document_id, corpus) for document_id, _ in window]
                results = self._cached_or_computed(tasks, stats)
                with self.store.atomic() as db:
                    for task, (state, output) in zip(tasks, results, strict=True):
                        stats.documents += 1
                        if state == "error":
                            stats.failed += 1
                            path = dict(window)[task.document_id]
                            log.error("error: %s: %s stage: %s", path, stage.name, output)
                            self.store.fail_document(db, run_id, task.document_id, stage.name, output)
                        else:
                            self.store.set_artifact(db, run_id, task.document_id, stage.produces, task.key)
                bar.update(len(window))
        stats.seconds = time.perf_counter() - started
        return stats

    def _task(self, run_id: int, stage: Stage, document_id: str, corpus: _LazyCorpus | None) -> Task:
        upstream = [self.store.artifact_key(run_id, document_id, need) for need in stage.needs]
        key = stage.key(upstream + ([corpus.key] if corpus else []))
        if self.use_cache and self.store.cached(key) is not None:
            return Task(document_id, key, stage, {})
        types = artifact_types(self.stages)
        inputs = {need: self.load(upstream_key, types[need])
                  for need, upstream_key in zip(stage.needs, upstream, strict=True)}
        if corpus:
            inputs["corpus"] = corpus.value()
        return Task(document_id, key, stage, inputs)

    def document(self, run_id: int, document_id: str) -> Document:
        """A document of the run as later stages see it: with its detected language when known."""
        document = self.load(self.store.artifact_key(run_id, document_id, "document"), Document)
        language_key = self.store.artifact_key(run_id, document_id, "language")
        if language_key:
            document = replace(document, language=self.load(language_key, LanguageLabel))
        return document

    def load(self, key: str, output_type: Any) -> Any:
        output = self.store.cached(key)
        if output is None:
            raise LookupError(f"artifact {key} is missing from the cache")
        return from_data(output_type, json.loads(output))

    def _cached_or_computed(self, tasks: list[Task], stats: StageStats) -> list[tuple[str, str]]:
        """Each task's ('ok', output JSON) from the cache, or computed (in workers) and cached."""
        results: list[tuple[str, str] | None] = [None] * len(tasks)
        todo = []
        for index, task in enumerate(tasks):
            cached = self.store.cached(task.key) if self.use_cache else None
            if cached is not None:
                stats.cached += 1
                results[index] = ("ok", cached)
            else:
                todo.append(index)
        computed = self._compute_and_cache([tasks[i] for i in todo], stats)
        for index, result in zip(todo, computed, strict=True):
            results[index] = result
        return [result for result in results if result is not None]

    def _compute_and_cache(self, tasks: list[Task], stats: StageStats) -> list[tuple[str, str]]:
        results: list[tuple[str, str]] = []
        uncommitted: list[tuple[Task, str]] = []
        try:
            for task, (state, output) in zip(tasks, self.engine.map(tasks), strict=True):
                if state == "ok":
                    stats.computed += 1
                    uncommitted.append((task, output))
                    if len(uncommitted) == COMMIT_EVERY:
                        self._cache(uncommitted)
                results.append((state, output))
        except BaseException:  # Ctrl-C, a worker lost: what was computed before it is kept
            with suppress(StoreError):
                self._cache(uncommitted)
            raise
        self._cache(uncommitted)
        return results

    def _cache(self, computed: list[tuple[Task, str]]) -> None:
        """Store COMPUTED outputs in one transaction, and forget them."""
        if computed:
            with self.store.atomic() as db:
                for task, output in computed:
                    self.store.put_cached(db, task.key, task.stage.name, output)
            computed.clear()


class _LazyCorpus:
    """A corpus stage's shared value: its key is known at once, the value is built on first need, and
    stages that declare the same builder share one value (the batch is read and encoded once)."""

    def __init__(self, runner: Runner, run_id: int, stage: Stage, documents: list[tuple[str, str]]):
        self._runner, self._run_id, self._stage = runner, run_id, stage
        self._ids = [doc_id for doc_id, _ in documents]
        names = ("document", "language", *stage.corpus_reads)
        keys = [[runner.store.artifact_key(run_id, doc_id, name) for name in names] for doc_id in self._ids]
        self.key = content_hash(["corpus", keys], length=32)

    def value(self) -> Any:
        built = self._runner.corpora
        if (self._stage.corpus, self.key) not in built:
            built.clear()  # one corpus at a time: a new one replaces the last
            built[self._stage.corpus, self.key] = self._stage.corpus(self._items())
        return built[self._stage.corpus, self.key]

    def _items(self) -> Iterator[tuple[Document, dict[str, Any]]]:
        runner, types = self._runner, artifact_types(self._runner.stages)
        for doc_id in self._ids:
            reads = {name: runner.load(runner.store.artifact_key(self._run_id, doc_id, name), types[name])
                     for name in self._stage.corpus_reads}
            yield runner.document(self._run_id, doc_id), reads


def _log_stage(stats: StageStats) -> None:
    log.info("%-9s %d documents: %d cached, %d computed, %d failed, %.2f s", stats.name, stats.documents,
             stats.cached, stats.computed, stats.failed, stats.seconds)


def artifact_types(stages: Iterable[Stage]) -> dict[str, Any]:
    return {"document": Document} | {stage.produces: stage.output_type for stage in stages}


def _windows(items: Iterable, size: int) -> Iterator[list]:
    window = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window
