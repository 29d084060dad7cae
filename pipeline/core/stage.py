"""A stage as the runner and the engines see it, and one unit of its work (a stage on one document)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.hashing import content_hash
from pipeline.core.records import Document


@dataclass(frozen=True)
class Stage:
    name: str
    version: str
    needs: tuple[str, ...]
    produces: str
    output_type: Any
    apply: Callable[..., Any]  # called with the needed artifacts in order; module-level, so picklable
    settings: Mapping[str, Any] = field(default_factory=dict)
    # For stages that look across documents (e.g. finding a quote's original among all sources):
    # builds one shared value from every document of the run, passed to `apply` after the artifacts.
    # Such a stage runs in the main process, and its cache keys depend on the whole corpus.
    # The builder gets (document, {artifact name: value}) for each document, with the artifacts
    # named in `corpus_reads`.
    corpus: Callable[[Iterator[tuple[Document, dict[str, Any]]]], Any] | None = None
    corpus_reads: tuple[str, ...] = ()
    # False for stages that hold a big model (one copy in the main process beats one per worker).
    parallel: bool = True
    # True for stages whose model runs faster on a GPU (the Ray engine asks for one when it has them).
    accelerated: bool = False
    # Lets go of the models the stage loaded in this process (module-level, so picklable); the runner
    # calls it once no later stage names the same function.
    release: Callable[[], None] | None = None

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def key(self, upstream: Sequence[str]) -> str:
        return content_hash([self.label, dict(self.settings), list(upstream)], length=32)


@dataclass(frozen=True)
class Task:
    document_id: str
    key: str
    stage: Stage
    inputs: dict[str, Any]
