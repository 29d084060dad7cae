"""Where stage work runs: this machine (one process or a process pool) or a Ray cluster.

An engine maps a stage's tasks to `(state, output JSON)` pairs in task order; everything else (the
cache, the store, the order of stages) stays in the runner, so both engines give identical results.
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from pipeline.core import ray_cluster
from pipeline.core.errors import InputError, PipelineError, UsageError
from pipeline.core.hashing import canonical_json
from pipeline.core.records import to_data
from pipeline.core.signals import init_pool_worker, signals_deferred
from pipeline.core.stage import Task

log = logging.getLogger("pipeline.core.engines")
ENGINES = ("local", "ray")
LOCAL_WINDOW_PER_JOB = 16
RAY_WINDOW = 1024  # documents whose inputs the driver holds and ships at once
TASK_CHUNKS_PER_CPU = 2  # a light stage's window is cut into this many chunks per CPU of the cluster
MODEL_BATCH = 64  # documents per call of a model worker
MODEL_WORKER_DEPTH = 2  # chunks queued at a model worker, so it never waits for the next
WATCH_INTERVAL_S = 2.0  # how often a running Ray execution looks for lost nodes
POLL_S = 0.2  # longest wait on a worker's result before a held-back stopping signal is raised
RESUME = "everything computed so far is in the store: run the same command again to resume"


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
        size = max(1, len(tasks) // (4 * self.jobs))
        with signals_deferred():  # the workers are forked here
            chunks = [self._executor.submit(compute_chunk, tasks[i : i + size]) for i in range(0, len(tasks), size)]
        return _unless_a_worker_died(_in_order(chunks), tasks[0].stage.name)

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


def compute_chunk(tasks: Sequence[Task]) -> list[tuple[str, str]]:
    """Runs in a worker: `compute` for each of a few tasks, in order."""
    return [compute(task) for task in tasks]


def _in_order(chunks: list[Future]) -> Iterator[tuple[str, str]]:
    """The chunks' results in task order. A stopping signal is held back while this process waits inside
    a future and raised between waits of at most POLL_S: raised in there, its exception can leave the
    future's lock held, and the pool's shutdown then waits for that lock for ever."""
    for chunk in chunks:
        results = None
        while results is None:
            with signals_deferred():
                results = _result_within(chunk, POLL_S)
        yield from results


def _result_within(future: Future, seconds: float) -> list[tuple[str, str]] | None:
    try:
        return future.result(timeout=seconds)
    except FuturesTimeout:
        return None


def _unless_a_worker_died(results: Iterator[tuple[str, str]], stage: str) -> Iterator[tuple[str, str]]:
    try:
        yield from results
    except BrokenProcessPool as exc:  # the results stored so far stay; a re-run resumes from them
        raise PipelineError(f"a worker process died in the {stage} stage (killed, or out of memory?); "
                            "run the same command again to resume") from exc


class RayEngine:
    """Stages run on a Ray cluster (or a private local one): light stages as stateless tasks spread
    over every CPU, stages that hold a big model (`parallel=False`) in model workers, Ray actors that
    live for the whole run, so each model loads once per worker: one per node with CPUs, or one per
    GPU for a stage that uses one when the cluster has GPUs. A stage that reads the whole corpus
    (link) runs in this process, next to its shared value.

    Nothing is retried: a lost worker or node stops the run with one line (Ray's retries would wait
    for ever for a node that is not coming back), and the same command resumes from the store."""

    def __init__(self, address: str | None = None, num_cpus: int | None = None):
        """Connects at once, and checks every node: a cluster that cannot run this pipeline fails
        before the run writes anything."""
        if importlib.util.find_spec("ray") is None:
            raise UsageError("--engine ray needs Ray: pip install 'provenance-pipeline[ray]'")
        self.window = RAY_WINDOW
        self._endpoint = ray_cluster.chosen_endpoint(address)
        self._nodes: set[str] = set()  # checked, and seen alive
        self._model_workers: dict[bool, list[Any]] = {}  # on GPUs or not -> actors
        self._light_tasks: Any = None
        self._ray = ray_cluster.connect(self._endpoint, num_cpus)
        self._started = True
        where = f"at {self._endpoint.address}" if self._endpoint else "(local)"
        log.info("Ray cluster %s: %s", where, self._ray.cluster_resources())
        try:
            self._check_nodes()
        except PipelineError:
            self.close()
            raise

    def map(self, tasks: Sequence[Task]) -> Iterator[tuple[str, str]]:
        if len(tasks) == 0 or runs_here(tasks[0]):
            return map(compute, tasks)
        ray, stage = self._ray, tasks[0].stage
        self._stop_if_nodes_lost(ray, stage, "before")
        self._check_nodes()
        if stage.parallel:
            size = -(-len(tasks) // (TASK_CHUNKS_PER_CPU * self._cpus(ray)))
            submitters = [self._light_task(ray).remote]
            depth = len(tasks)
        else:
            size, depth = MODEL_BATCH, MODEL_WORKER_DEPTH
            submitters = [worker.compute_all.remote for worker in self._workers(ray, stage)]
        chunks = [list(tasks[start:start + size]) for start in range(0, len(tasks), size)]
        return iter([result for chunk in self._run(ray, stage, chunks, submitters, depth) for result in chunk])

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False
            self._model_workers.clear()
            self._light_tasks = None

    def _check_nodes(self) -> None:
        """Every node that joined since the last check runs this machine's code (nodes may join at any time)."""
        if self._endpoint is None:  # a private local cluster runs this very installation
            self._nodes.update(node["NodeID"] for node in self._ray.nodes() if node["Alive"])
        else:
            ray_cluster.check_new_nodes(self._ray, self._nodes)

    def _run(self, ray: Any, stage: Any, chunks: list[list[Task]], submitters: list[Callable[..., Any]],
             depth: int) -> list[list[tuple[str, str]]]:
        """Each chunk's results, in chunk order. A submitter takes chunks while it has fewer than `depth`
        in flight; while waiting, the cluster is watched for lost nodes."""
        results: list[list[tuple[str, str]]] = [[] for _ in chunks]
        queue = list(range(len(chunks)))[::-1]
        in_flight: dict[Any, tuple[int, int]] = {}  # object ref -> (chunk, submitter)
        load = [0] * len(submitters)
        while queue or in_flight:
            while queue and min(load) < depth:
                submitter = load.index(min(load))
                chunk = queue.pop()
                in_flight[submitters[submitter](chunks[chunk])] = (chunk, submitter)
                load[submitter] += 1
            done, _ = ray.wait(list(in_flight), num_returns=1, timeout=WATCH_INTERVAL_S)
            if not done:
                self._stop_if_nodes_lost(ray, stage, "during")
            for ref in done:
                chunk, submitter = in_flight.pop(ref)
                load[submitter] -= 1
                results[chunk] = self._result(ray, ref, stage)
        return results

    def _result(self, ray: Any, ref: Any, stage: Any) -> list[tuple[str, str]]:
        try:
            return ray.get(ref)
        except Exception as exc:  # Ray's own (a lost worker or node); a document's own failure is in its result
            self._stop_if_nodes_lost(ray, stage, "during")
            first_line = ray_cluster.exception_chain(exc)[0]
            raise PipelineError(f"Ray engine: the {stage.name} stage failed: {first_line}; {RESUME}") from None

    def _stop_if_nodes_lost(self, ray: Any, stage: Any, when: str) -> None:
        lost = ray_cluster.lost_nodes(ray, self._nodes)
        if lost:
            names = ", ".join(f"{ray_cluster.describe(node)} ({node.get('DeathReasonMessage') or 'died'})"
                              for node in lost)
            raise PipelineError(f"Ray engine: lost {names} {when} the {stage.name} stage; {RESUME}")

    def _light_task(self, ray: Any) -> Any:
        if self._light_tasks is None:
            self._light_tasks = ray.remote(num_cpus=1, max_retries=0)(compute_all)
        return self._light_tasks

    def _workers(self, ray: Any, stage: Any) -> list[Any]:
        """The model workers for this stage, started at its first window and kept for the run."""
        on_gpus = stage.accelerated and self._gpus(ray) > 0
        if on_gpus not in self._model_workers:
            actor = ray.remote(max_restarts=0, max_task_retries=0)(ModelWorker)
            if on_gpus:
                workers = [actor.options(num_cpus=0, num_gpus=1).remote() for _ in range(self._gpus(ray))]
            else:
                workers = [actor.options(num_cpus=0, scheduling_strategy=ray_cluster.on_node(node),
                                         runtime_env={"env_vars": _model_threads(node)}).remote()
                           for node in ray.nodes() if node["Alive"] and node["Resources"].get("CPU", 0) >= 1]
            self._model_workers[on_gpus] = workers or [actor.options(num_cpus=1).remote()]  # wherever Ray finds one
            log.info("Ray engine: %d model worker(s) on %s", len(self._model_workers[on_gpus]),
                     "GPUs" if on_gpus else "CPU nodes")
        return self._model_workers[on_gpus]

    def _cpus(self, ray: Any) -> int:
        return max(1, int(ray.cluster_resources().get("CPU", 1)))

    def _gpus(self, ray: Any) -> int:
        return int(ray.cluster_resources().get("GPU", 0))


def _model_threads(node: dict[str, Any]) -> dict[str, str]:
    """A model worker reserves no CPU (so light stages keep every core), yet while its stage runs nothing
    else does: its libraries may use all the node's cores, not the one thread Ray would give it."""
    threads = str(max(1, int(node["Resources"].get("CPU", 1))))
    return {**ray_cluster.forwarded_environment(), "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}


def compute_all(tasks: list[Task]) -> list[tuple[str, str]]:
    return [compute(task) for task in tasks]


class ModelWorker:
    """A Ray actor: each model loads on the first task that needs it and stays loaded in this process."""

    def compute_all(self, tasks: list[Task]) -> list[tuple[str, str]]:
        return compute_all(tasks)


def make_engine(name: str, jobs: int = 1, address: str | None = None) -> Engine:
    if name == "local":
        return LocalEngine(jobs)
    if name == "ray":
        return RayEngine(address, num_cpus=jobs)
    raise UsageError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
