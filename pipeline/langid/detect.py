"""Language identification that holds up on short strings: the public API of the detect stage.

`detect(text, hints)` combines our character/word language models for the core languages
(ru uk be bg mk sr en), the script and its distinctive letters, and lingua, through a combiner
calibrated on held-out data; context hints (outlet, URL, declared language, neighbouring text)
then shift the odds. Texts in other languages get lingua's answer. See docs/detect.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from pipeline.langid import hints as hint_priors
from pipeline.langid import model_data, ngram
from pipeline.langid.backends import Backend, LinguaBackend, LinguaLowBackend, LinguaSubsetBackend, release_lingua
from pipeline.langid.evidence import FOLDED_INTO, TextEvidence, core_features, forget_words, lingua_core, text_evidence
from pipeline.langid.frequency import listed_in
from pipeline.langid.hints import Hints
from pipeline.langid.letters import SCRIPTS, distinctive_letters
from pipeline.langid.text import no_content_reason
from pipeline.quotes.outlets import registry_digest

__all__ = ["VERSION", "Detection", "Hints", "detect", "detect_many", "settings"]

VERSION = "2.3"
FAST_ACCEPT = 0.9  # a Cyrillic text this sure without lingua skips lingua
OTHER_LANGUAGE_MIN = 0.9  # lingua must be this sure before we leave the core languages
UNSEEN_HINT_FLOOR = 1e-3  # probability given to a hinted language the text evidence never named
DECIMALS = 4
CANDIDATE_MIN = 0.05  # a language at least this likely is named among the candidates
LATIN_CORE = ("en", "sr", "hr", "bs")  # the Latin-script languages the core covers (hr, bs counted as sr)
# A Latin text of at least this many words, this large a share of them in English's word list, is not
# asked whether it is German or French: English news of 1,500 characters has 0.87 of its words listed
# at the 5th percentile (names count against it), translated messages of 50 Latin-script languages
# at most 0.80 (docs/detect.md, "Other languages").
ENGLISH_WORDS_MIN = 20
ENGLISH_LISTED_SHARE = 0.9


@dataclass(frozen=True)
class Detection:
    lang: str | None  # ISO 639-1, None when the text has no language to identify
    confidence: float  # calibrated probability that `lang` is right (0.0 with None)
    reason: str | None  # why lang is None
    evidence: tuple[str, ...]  # what decided it, e.g. ("script=CYRILLIC", "letters ў=be", ...)
    # Every language at least CANDIDATE_MIN likely, likeliest first, `lang` first: "Да." is good
    # Bulgarian, Macedonian and Serbian alike, and says so.
    candidates: tuple[tuple[str, float], ...] = ()


def settings() -> dict:
    return {
        "version": VERSION,
        "model_data": model_data.data_fingerprint(),
        "outlet_registry": registry_digest(),  # outlet and URL hints are looked up there
        "scripts": {lang: sorted(scripts) for lang, scripts in SCRIPTS.items()},
        "fast_accept": FAST_ACCEPT,
        "candidate_min": CANDIDATE_MIN,
        "other_language_min": OTHER_LANGUAGE_MIN,
        "plainly_english": {"every_word_listed": True, "words": ENGLISH_WORDS_MIN,
                            "listed_share": ENGLISH_LISTED_SHARE},
        "word_pairs": {"prior": ngram.PAIR_PRIOR, "boundary": ngram.BOUNDARY_PROB},
        "hint_ratios": {
            "outlet": hint_priors.OUTLET_RATIO,
            "url_outlet": hint_priors.URL_OUTLET_RATIO,
            "country_domain": hint_priors.COUNTRY_DOMAIN_RATIO,
            "declared": hint_priors.DECLARED_RATIO,
            "context": hint_priors.CONTEXT_RATIO,
            "document": hint_priors.DOCUMENT_RATIO,
        },
        "lingua": _package_version("lingua-language-detector"),
        "wordfreq": _package_version("wordfreq"),
    }


def detect(text: str, hints: Hints | None = None) -> Detection:
    return detect_many([text], hints)[0]


def detect_many(texts: Sequence[str], hints: Hints | Sequence[Hints | None] | None = None) -> list[Detection]:
    """One Detection per text, in order. `hints` is one Hints for every text, or one (or None) per text.

    Much faster than calling `detect` per text: words are scored and lingua consulted in batches."""
    texts = list(texts)
    per_text = [hints] * len(texts) if hints is None or isinstance(hints, Hints) else list(hints)
    if len(per_text) != len(texts):
        raise ValueError(f"detect_many: {len(texts)} texts but {len(per_text)} hints")
    found = _detect_texts(texts)
    hinted = {item for item in per_text if item}
    contexts = _contexts_detected([item.context for item in hinted if item.context])
    priors = {item: _hint_priors(item, contexts) for item in hinted}
    return [
        _as_detection(_with_priors(item, priors[hint]) if hint and isinstance(item, _Scored) else item)
        for item, hint in zip(found, per_text, strict=True)
    ]


class CombinedBackend(Backend):
    """This module's detector as a backend, so the benchmark can compare it with the others."""

    name = "combined"

    def confidences(self, text: str) -> dict[str, float]:
        found = detect(text)
        return {found.lang: found.confidence} if found.lang else {}

    def detect(self, text: str) -> str | None:
        return detect(text).lang

    def detect_many(self, texts: Sequence[str]) -> list[str | None]:
        return [found.lang for found in detect_many(texts)]


@dataclass(frozen=True)
class _Scored:
    """A text's probabilities before hints, its script, and the evidence notes so far."""

    probs: dict[str, float]
    script: str
    notes: tuple[str, ...]

    @property
    def evidence(self) -> tuple[str, ...]:
        return (f"script={self.script}", *self.notes)


def _detect_texts(texts: list[str]) -> list[Detection | _Scored]:
    model = model_data.ngram_model()
    frequencies = model_data.word_frequencies()

    def is_common_word(word: str) -> bool:
        return model.is_common_word(word) or frequencies.is_listed(word)

    results: dict[int, Detection | _Scored] = {}
    core: list[tuple[int, TextEvidence]] = []
    for i, text in enumerate(texts):
        reason = no_content_reason(text, is_common_word)
        if reason:
            results[i] = Detection(None, 0.0, reason, ())
            continue
        evidence = text_evidence(text)
        if evidence.script in ("CYRILLIC", "LATIN"):
            core.append((i, evidence))
        else:
            results[i] = _lingua_only(evidence)
    results.update(_core_languages(core))
    return [results[i] for i in range(len(texts))]


def _core_languages(items: list[tuple[int, TextEvidence]]) -> dict[int, _Scored]:
    """The fast combiner for every text; lingua only where the text or the fast answer calls for it."""
    if not items:
        return {}
    fast = _core_probabilities([evidence for _, evidence in items], None)
    results, unsure = {}, []
    for (i, evidence), probs in zip(items, fast, strict=True):
        if evidence.unknown_letters or (evidence.script == "CYRILLIC" and max(probs.values()) < FAST_ACCEPT):
            unsure.append((i, evidence))
        elif evidence.script == "LATIN" and (other := _other_latin_language(evidence)):
            results[i] = other
        else:
            results[i] = _Scored(probs, evidence.script, tuple(_core_notes(evidence, probs, "fast")))
    if unsure:
        lingua = [_lingua_view(evidence) for _, evidence in unsure]
        views = np.array([lingua_core(view, model_data.ngram_model().langs) for view in lingua])
        full = _core_probabilities([evidence for _, evidence in unsure], views)
        for (i, evidence), view, probs in zip(unsure, lingua, full, strict=True):
            results[i] = _full_result(evidence, view, probs)
    return results


def _full_result(evidence: TextEvidence, lingua: dict[str, float], probs: dict[str, float]) -> _Scored:
    top = _top(lingua)
    if evidence.unknown_letters and _is_other_language(top, lingua):
        return _Scored(
            lingua,
            evidence.script,
            (f"letters {''.join(sorted(evidence.unknown_letters))}=not core", f"lingua={top}:{lingua[top]:.3f}"),
        )
    return _Scored(probs, evidence.script, (*_core_notes(evidence, probs, "full"), f"lingua={top or '-'}"))


def _other_latin_language(evidence: TextEvidence) -> _Scored | None:
    """A Latin-script text of two words or more that lingua's fast mode and then its accurate mode
    both put, with confidence, in a language outside the core (German, French, ...)."""
    if len(evidence.words) < 2 or _plainly_english(evidence.words):
        return None
    quick = _lingua(low_accuracy=True).confidences(" ".join(evidence.words))
    if not _is_other_language(_top(quick), quick):
        return None
    lingua = _lingua_view(evidence, quick)
    top = _top(lingua)
    if not _is_other_language(top, lingua):
        return None
    return _Scored(lingua, "LATIN", (f"lingua={top}:{lingua[top]:.3f}", "outside core languages"))


def _plainly_english(words: tuple[str, ...]) -> bool:
    """A text whose words are all English words, or a long one whose words nearly all are: lingua's two
    reads (3 ms for a 1,500-character document, and for a short quote the loading of three more
    languages' models, about 0.4 s each time) cannot find another language in it. Of 15,913 gettext
    messages of 2 to 8 words in Latin-script languages other than English, the two reads put 3,510 in
    their language; one of those has only English words ("I-Indonesia", Zulu) (docs/detect.md)."""
    listed = sum(1 for word in words if listed_in(word, "en"))
    if listed == len(words):
        return True
    return len(words) >= ENGLISH_WORDS_MIN and listed >= ENGLISH_LISTED_SHARE * len(words)


def _lingua_view(evidence: TextEvidence, quick: dict[str, float] | None = None) -> dict[str, float]:
    """lingua's accurate confidences. For Latin script only over the Latin core languages and the
    three non-core languages its fast mode finds likeliest, so that only their models are loaded."""
    text = " ".join(evidence.words)
    if evidence.script != "LATIN":
        return _lingua().confidences(text)
    quick = quick if quick is not None else _lingua(low_accuracy=True).confidences(text)
    core = set(model_data.ngram_model().langs) | set(FOLDED_INTO)
    others = sorted((lang for lang in quick if lang not in core), key=lambda lang: (-quick[lang], lang))[:3]
    return LinguaSubsetBackend((*LATIN_CORE, *others)).confidences(text)


def _is_other_language(lang: str | None, confidences: dict[str, float]) -> bool:
    core = set(model_data.ngram_model().langs) | set(FOLDED_INTO)
    return lang is not None and lang not in core and confidences[lang] >= OTHER_LANGUAGE_MIN


def _lingua_only(evidence: TextEvidence) -> _Scored:
    lingua = _lingua().confidences(" ".join(evidence.words))
    top = _top(lingua)
    return _Scored(lingua, evidence.script, (f"lingua={top}:{lingua[top]:.3f}" if top else "lingua=-",))


def _core_probabilities(evidence: list[TextEvidence], lingua: np.ndarray | None) -> list[dict[str, float]]:
    model = model_data.ngram_model()
    combiner = model_data.combiner("fast" if lingua is None else "full")
    features = core_features(model, model_data.word_frequencies(), evidence, lingua)
    probs = np.exp(combiner.log_probabilities(features))
    return [dict(zip(model.langs, row.tolist(), strict=True)) for row in probs]


def _as_detection(result: Detection | _Scored) -> Detection:
    if isinstance(result, Detection):
        return result
    lang = _top(result.probs)
    if lang is None:
        return Detection(None, 0.0, "no detector recognises this script", result.evidence)
    likely = sorted((code for code, p in result.probs.items() if p >= CANDIDATE_MIN or code == lang),
                    key=lambda code: (-result.probs[code], code))
    candidates = tuple((code, round(result.probs[code], DECIMALS)) for code in likely)
    return Detection(lang, round(result.probs[lang], DECIMALS), None, result.evidence, candidates)


def _core_notes(evidence: TextEvidence, probs: dict[str, float], path: str) -> list[str]:
    top = _top(probs)
    notes = [f"path={path}", f"combined={top}:{probs[top]:.3f}"]
    letters = distinctive_letters(set(evidence.letters), top)
    return notes + [f"letters {letters}={top}"] if letters else notes


def _contexts_detected(contexts: list[str]) -> dict[str, Detection]:
    """Each distinct context's own language, detected in one batch: a document's quotes come with as
    many contexts, and one call per context took a third of the detect stage."""
    distinct = sorted(set(contexts))
    return dict(zip(distinct, detect_many(distinct), strict=True)) if distinct else {}


def _hint_priors(hints: Hints, contexts: dict[str, Detection]) -> list[hint_priors.Prior]:
    """HINTS as priors; CONTEXTS holds its context's detection (`_contexts_detected`)."""
    priors = hint_priors.priors(hints)
    if hints.context:
        context = contexts[hints.context]
        if context.lang:
            ratio = 1 + (hint_priors.CONTEXT_RATIO - 1) * context.confidence
            priors.append(hint_priors.Prior(context.lang, ratio, f"hint:context={context.lang}", revives=False))
    return priors


def _with_priors(scored: _Scored, priors: list[hint_priors.Prior]) -> _Scored:
    """Multiply each hinted language's odds by its ratio and renormalise. A hint for a core language that
    the text's script cannot write is set aside: a Latin word quoted under an InoSMI footnote
    ("hysterical,") is not Russian however many hints say the article is."""
    script = scored.script
    kept = [prior for prior in priors if len(SCRIPTS.get(prior.lang, ())) != 1 or script in SCRIPTS[prior.lang]]
    if len(kept) < len(priors):
        scored = replace(scored, notes=(*scored.notes, *(f"{prior.evidence} (set aside: {script} script)"
                                                         for prior in priors if prior not in kept)))
    priors = kept
    if not priors or not scored.probs:
        return scored
    weighted = dict(scored.probs)
    for prior in priors:
        floor = UNSEEN_HINT_FLOOR if prior.revives else 0.0
        weighted[prior.lang] = max(weighted.get(prior.lang, 0.0), floor) * prior.ratio
    total = sum(weighted.values())
    probs = {lang: value / total for lang, value in weighted.items()}
    return _Scored(probs, scored.script, (*scored.notes, *(prior.evidence for prior in priors)))


def _top(probs: dict[str, float]) -> str | None:
    return min(probs, key=lambda code: (-probs[code], code)) if probs else None


@cache
def _lingua(low_accuracy: bool = False) -> LinguaBackend:
    return LinguaLowBackend() if low_accuracy else LinguaBackend()


def release_models() -> None:
    """Let go of every model the detector loaded in this process (about 450 MB with lingua's); the
    next detection loads them again."""
    _lingua.cache_clear()
    release_lingua()
    model_data.release()
    forget_words()


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"
