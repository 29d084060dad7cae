"""Where stage work runs: this machine (one process or a process pool) or a Ray cluster.

An engine maps a stage's tasks to `(state, output JSON)` pairs in task order; everything else (the
cache, the store, the order of stages) stays in the runner, so both engines give identical results.
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import os
import pickle
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from pipeline.core.errors import InputError, PipelineError, UsageError
from pipeline.core.hashing import canonical_json
from pipeline.core.records import to_data
from pipeline.core.signals import init_pool_worker, signals_deferred
from pipeline.core.stage import Task

log = logging.getLogger("pipeline.core.engines")
ENGINES = ("local", "ray")
LOCAL_WINDOW_PER_JOB = 16
RAY_WINDOW = 1024  # documents per Ray dataset: each execution costs about a second of scheduling


class Engine(Protocol):
    window: int  # documents whose inputs are held at once

    def map(self, tasks: Sequence[Task]) -> Iterator[tuple[str, str]]: ...

    def close(self) -> None: ...


def compute(task: Task) -> tuple[str, str]:
    """Runs in a worker: ('ok', output JSON) or ('error', one-line message)."""
    try:
        output = task.stage.apply(*task.inputs.values())  # the needs in order, then the corpus
        return "ok", canonical_json(to_data(output))
    except InputError as exc:
        return "error", exc.problem
    except Exception as exc:  # a bug in one document's processing must not lose the batch
        log.debug("stage %s failed", task.stage.name, exc_info=True)
        return "error", f"{type(exc).__name__}: {exc}"


def runs_here(task: Task) -> bool:
    """A stage that reads the whole corpus runs in this process, next to its shared value."""
    return task.stage.corpus is not None


class LocalEngine:
    """Serial, or a fork-based process pool for stages that can run in parallel."""

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)
        self.window = self.jobs * LOCAL_WINDOW_PER_JOB
        self._executor: Executor | None = None

    def map(self, tasks: Sequence[Task]) -> Iterator[tuple[str, str]]:
        if self.jobs == 1 or len(tasks) < 2 or not tasks[0].stage.parallel or runs_here(tasks[0]):
            return map(compute, tasks)
        if self._executor is None:  # created at the first parallel stage, before big models load here
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=init_pool_worker, initargs=(os.getpid(),))
        with signals_deferred():  # the workers are forked here
            results = self._executor.map(compute, tasks, chunksize=max(1, len(tasks) // (4 * self.jobs)))
        return _unless_a_worker_died(results, tasks[0].stage.name)

    def close(self) -> None:
        if self._executor is None:
            return
        executor, self._executor = self._executor, None
        if sys.exc_info()[0] is not None:
            # Closing while Ctrl-C, a signal or an error unwinds the run: the workers' tasks in flight
            # are abandoned (their results would not be stored), not awaited.
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.kill()
        executor.shutdown(wait=True, cancel_futures=True)


def _unless_a_worker_died(results: Iterator[tuple[str, str]], stage: str) -> Iterator[tuple[str, str]]:
    try:
        yield from results
    except BrokenProcessPool as exc:  # the results stored so far stay; a re-run resumes from them
        raise PipelineError(f"a worker process died in the {stage} stage (killed, or out of memory?); "
                            "run the same command again to resume") from exc


class RayEngine:
    """Each window of tasks is a Ray dataset mapped in batches. Stages that hold a big model
    (`parallel=False`) run in one actor per window that keeps it loaded, on a GPU when the stage uses one and
    the cluster has one; the rest run as stateless tasks on every CPU of the cluster."""

    def __init__(self, address: str | None = None, num_cpus: int | None = None):
        if importlib.util.find_spec("ray") is None:
            raise UsageError("--engine ray needs Ray: pip install 'provenance-pipeline[ray]'")
        self.window = RAY_WINDOW
        self._address = address
        self._num_cpus = num_cpus
        self._started = False

    def map(self, tasks: Sequence[Task]) -> Iterator[tuple[str, str]]:
        if len(tasks) == 0 or runs_here(tasks[0]):
            return map(compute, tasks)
        ray = self._ray()
        stage = tasks[0].stage
        items = [{"index": index, "task": pickle.dumps(task)} for index, task in enumerate(tasks)]
        dataset = ray.data.from_items(items)
        if stage.parallel:
            mapped = dataset.map_batches(compute_batch, batch_size=max(1, len(tasks) // self._cpus()),
                                         batch_format="numpy")
        else:
            mapped = dataset.map_batches(ModelWorker, batch_size=64, batch_format="numpy",
                                         compute=ray.data.ActorPoolStrategy(size=1),
                                         num_gpus=1 if stage.accelerated and self._gpus() else 0)
        try:
            rows = sorted(mapped.iter_rows(), key=lambda row: int(row["index"]))
        except Exception as exc:  # a lost worker or node: results so far are in the store; a re-run resumes
            first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise PipelineError(f"Ray engine: the {stage.name} stage failed: {first_line}") from exc
        return iter([(str(row["state"]), str(row["output"])) for row in rows])

    def close(self) -> None:
        if self._started:
            import ray

            ray.shutdown()
            self._started = False

    def _ray(self) -> Any:
        import ray

        if not ray.is_initialized():
            import ray.data

            address = self._address or os.environ.get("RAY_ADDRESS")
            ray.init(address=address, num_cpus=None if address else self._num_cpus,
                     include_dashboard=False, log_to_driver=False, configure_logging=False)
            context = ray.data.DataContext.get_current()
            context.enable_progress_bars = False
            context.print_on_execution_start = False
            if not log.isEnabledFor(logging.DEBUG):  # Ray Data's per-dataset chatter stays in its session log
                for handler in logging.getLogger("ray.data").handlers:
                    if isinstance(handler, logging.StreamHandler):
                        handler.setLevel(logging.ERROR)
            self._started = True
            log.info("Ray cluster: %s", ray.cluster_resources())
        return ray

    def _cpus(self) -> int:
        return max(1, int(self._ray().cluster_resources().get("CPU", 1)))

    def _gpus(self) -> int:
        return int(self._ray().cluster_resources().get("GPU", 0))


def compute_batch(batch: dict[str, Any]) -> dict[str, Any]:
    import numpy

    results = [compute(pickle.loads(task)) for task in batch["task"]]
    return {"index": batch["index"],
            "state": numpy.array([state for state, _ in results], dtype=object),
            "output": numpy.array([output for _, output in results], dtype=object)}


class ModelWorker:
    """A Ray actor: the stage's model loads on the first batch and stays loaded in this process."""

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        return compute_batch(batch)


def make_engine(name: str, jobs: int = 1, address: str | None = None) -> Engine:
    if name == "local":
        return LocalEngine(jobs)
    if name == "ray":
        return RayEngine(address, num_cpus=jobs)
    raise UsageError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
