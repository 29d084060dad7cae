"""Stage 6, compare: did the meaning survive translation?

`compare(original, translation)` runs the checks that need no MT (numbers, names, negation,
omission/addition), lets the learned decision (`decision`) weigh their candidates together, and
returns a `Comparison` whose flags carry exact spans on both sides. With a
second English text (an MT output or another outlet's translation), it also gives sentence-level
chrF of the second text against the translation and a word-level diff from one to the other.
"""

from __future__ import annotations

import logging

from pipeline.checks import decision, registry, vectors, worddiff
from pipeline.checks.candidates import Candidate
from pipeline.core.records import Comparison, Flag

VERSION = "21"
CHRF_SETTINGS = {"char_order": 6, "word_order": 0, "beta": 2}  # sacrebleu's chrF defaults, spelled out
FLAG_ORDER = {"number": 0, "entity": 1, "negation": 2, "omission": 3, "addition": 4}

log = logging.getLogger("pipeline.checks.compare")


def settings() -> dict:
    """Everything that changes a comparison: the stage cache key and the record signature use it."""
    import sacrebleu

    from pipeline.checks import decision, entities, gazetteer, names, omission, translit_model
    from pipeline.link.encoder import encoder_version

    return {
        "checks": sorted(registry.CHECKS),
        "chrf": {**CHRF_SETTINGS, "sacrebleu": sacrebleu.__version__},
        "gazetteer": gazetteer.version(),
        "translit_model": translit_model.version(),
        "translit_match_score": names.MATCH_SCORE,
        "decision": decision.version(),
        "entity_semantic_threshold": entities.SEMANTIC_THRESHOLD,
        "entity_target_threshold": entities.TARGET_SEMANTIC_THRESHOLD,
        "omission": {
            "length_weight": omission.LENGTH_WEIGHT,
            "max_chunk_words": omission.MAX_CHUNK_WORDS,
            "max_chunks": omission.MAX_CHUNKS,
            "covered": omission.COVERED,
        },
        "encoder": encoder_version(),
    }


def chrf(hypothesis: str, reference: str) -> float:
    """Sentence-level chrF (0-100) of one text against another; never BLEU for a single sentence."""
    from sacrebleu.metrics import CHRF

    return round(CHRF(**CHRF_SETTINGS).sentence_score(hypothesis, [reference]).score, 2)


def candidates(
    original: str, translation: str, src_lang: str = "ru", tgt_lang: str = "en", nearby: str = ""
) -> list[Candidate]:
    """Every applicable check's candidates for one line pair, before the decision. `nearby` is the
    translation's own text around the line (`entities.nearby_text`), empty when there is none."""
    if not original.strip() or not translation.strip():
        return []
    names = [name for name in registry.CHECKS if registry.applicable(name, src_lang, tgt_lang)]
    for name in sorted(set(registry.CHECKS) - set(names)):
        log.debug("compare: %s check does not support %s->%s; skipped", name, src_lang, tgt_lang)
    texts = [
        original,
        translation,
    ]  # one encoder call for what every check will ask for (a call costs more than a text)
    for name in names:
        wanted = registry.texts_to_encode(name)
        texts += wanted(original, translation, src_lang, tgt_lang) if wanted else []
    vectors.vectors(texts)
    found = []
    for name in names:
        of_check = registry.get(name)(original, translation, src_lang, tgt_lang)
        with_nearby = registry.nearby_features(name)
        found += with_nearby(of_check, nearby) if with_nearby else of_check
    return found


def run_checks(
    original: str, translation: str, src_lang: str = "ru", tgt_lang: str = "en", nearby: str = ""
) -> tuple[Flag, ...]:
    """The flags of one line pair: the candidates of every check, weighed together by the decision."""
    found = candidates(original, translation, src_lang, tgt_lang, nearby)
    if not found:
        return ()
    flags = decision.decide(found, decision.line_features(original, translation))
    return tuple(sorted(flags, key=_flag_position))


def flags_of(kinds: tuple[str, ...], original: str, translation: str, src_lang: str, tgt_lang: str) -> tuple[Flag, ...]:
    """The flags of some kinds only (what a check module's `check` gives): the same as `compare` gives."""
    return tuple(f for f in run_checks(original, translation, src_lang, tgt_lang) if f.kind in kinds)


def _flag_position(flag: Flag) -> tuple[int, int, int]:
    span = flag.source_span or flag.target_span
    return (FLAG_ORDER.get(flag.kind, 9), 0 if flag.source_span else 1, span.start if span else -1)


def compare(
    original: str,
    translation: str,
    *,
    second: str | None = None,
    src_lang: str = "ru",
    tgt_lang: str = "en",
    nearby: str = "",
) -> Comparison:
    """Flags for `translation` against `original`; chrF and a diff when a `second` English text is given.
    `nearby` is the translation's own text around it (a name it uses there belongs to its story).

    chrF scores `second` with `translation` as the reference; the diff shows the edits that turn
    `translation` into `second`. Without `second`, chrf is None and diff is "".
    """
    flags = run_checks(original, translation, src_lang, tgt_lang, nearby)
    if second is None:
        return Comparison(chrf=None, flags=flags, diff="")
    return Comparison(chrf=chrf(second, translation), flags=flags, diff=worddiff.diff(translation, second))
