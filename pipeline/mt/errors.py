"""The conditions machine translation reports, each as one actionable line."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.errors import PipelineError, UsageError


class ModelUnavailable(PipelineError):
    """No usable model for a language pair; the run records it and goes on without MT for that pair."""

    def __init__(
        self,
        message: str,
        pair: str | None = None,
        fetch_command: str | None = None,
        tried: Sequence[str] = (),
    ):
        super().__init__(message)
        self.pair = pair
        self.fetch_command = fetch_command
        self.tried = tuple(tried)

    @classmethod
    def absent(
        cls, pair: str, fetch_command: str | None, tried: Sequence[str] = (), where: str = ""
    ) -> ModelUnavailable:
        looked = f" (looked for {', '.join(tried)}{where})" if tried else ""
        how = f"; fetch one with: {fetch_command}" if fetch_command else ""
        return cls(f"no translation model for {pair} is present{looked}{how}", pair, fetch_command, tried)


class UnknownPair(ModelUnavailable, UsageError):
    """The registry configures no model for the pair (a usage error on the command line)."""

    def __init__(self, pair: str, configured: Sequence[str], registry: str):
        super().__init__(
            f"no model is configured for {pair} in {registry}; configured pairs: {', '.join(configured)}",
            pair=pair,
        )


class CorruptModel(ModelUnavailable):
    """A model directory exists but cannot be used; the message names the offending file."""


class RegistryError(PipelineError):
    """models/registry.toml is malformed."""


class FetchFailed(PipelineError):
    """`provenance models pull` could not obtain a model."""
