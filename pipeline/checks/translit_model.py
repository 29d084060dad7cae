"""A transliteration model learned from name pairs mined from parallel news (Техас/Texas, Гарвард/Harvard).

Each Cyrillic letter emits a Latin string of 0-3 letters (х -> "kh", "h" or "x"; г -> "g" or "h";
ь -> ""), with probabilities learned by expectation-maximisation over mined pairs
(`pipeline.checks.name_mining`). A Russian word and an English word spell the same name when the
English letters are much likelier under the model than under a plain letter-frequency model: the
score is that log-likelihood ratio per English letter (about +2 for a true pair, below 0 for two
different names). The table is `data/translit_model.json`.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "data" / "translit_model.json"
MAX_OUT = 4  # Latin letters one Cyrillic letter may emit (щ -> "shch")
SMOOTHING = 0.01  # share of each letter's probability spread over "" and single letters it was never seen with
# Russian case endings a name may carry in the original but not in English ("Техасе" ~ "Texas").
ENDING_RE = re.compile(r"(?:ого|его|ому|ему|ыми|ими|ой|ей|ом|ем|ам|ям|ах|ях|ую|юю|ым|им|ых|их|ов|ев|[аяоеуюиыь])$")
LETTER_FLOOR = 1e-6  # background probability of a letter never seen in an English name


@dataclass(frozen=True)
class Model:
    emit: dict[str, dict[str, float]]  # Cyrillic letter -> {Latin string: probability}, as learned
    background: dict[str, float]  # Latin letter -> probability, for the no-relation model
    tables: dict[str, dict[str, float]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tables", {letter: self._smoothed(table) for letter, table in self.emit.items()})

    def _smoothed(self, table: dict[str, float]) -> dict[str, float]:
        """The learned table, with SMOOTHING spread over "" (a fifth) and single letters (by background
        frequency), so one unseen letter (х -> x in Texas) lowers a pair's score instead of ruling it out."""
        merged = {out: (1 - SMOOTHING) * p for out, p in table.items()}
        merged[""] = merged.get("", 0.0) + SMOOTHING * 0.2
        for letter, p in self.background.items():
            merged[letter] = merged.get(letter, 0.0) + SMOOTHING * 0.8 * p
        return merged

    def to_data(self) -> dict:
        return {"emit": self.emit, "background": self.background}


def _russian_form(word: str) -> str:
    return word.lower().replace("ё", "е")


def _english_form(word: str) -> str:
    return re.sub(r"[^a-z]", "", word.lower())


def _forward(model: Model, ru: str, en: str) -> list[list[float]]:
    """alpha[i][j]: probability that the first i Russian letters emit the first j English letters."""
    alpha = [[0.0] * (len(en) + 1) for _ in range(len(ru) + 1)]
    alpha[0][0] = 1.0
    for i, letter in enumerate(ru):
        table = model.tables.get(letter)
        row, nxt = alpha[i], alpha[i + 1]
        for j, mass in enumerate(row):
            if not mass:
                continue
            if table is None:  # a character the model has no row for (a digit, a hyphen): emits nothing
                nxt[j] += mass
                continue
            for k in range(0, min(MAX_OUT, len(en) - j) + 1):
                p = table.get(en[j : j + k], 0.0)
                if p:
                    nxt[j + k] += mass * p
    return alpha


def _background(model: Model, en: str) -> float:
    return sum(math.log(model.background.get(ch, LETTER_FLOOR)) for ch in en)


def log_ratio(model: Model, ru: str, en: str) -> float:
    """Log-likelihood ratio per English letter of `en` being a transliteration of `ru` (whole words)."""
    if not ru or not en:
        return -10.0
    mass = _forward(model, ru, en)[len(ru)][len(en)]
    if mass <= 0:
        return -10.0
    return max(-10.0, (math.log(mass) - _background(model, en)) / len(en))


@cache
def version() -> str:
    from pipeline.core.hashing import content_hash

    model = load()
    return content_hash(model.to_data(), length=8) if model else "none"


@cache
def load() -> Model | None:
    if not MODEL_PATH.exists():
        return None
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return Model(data["emit"], data["background"])


def stems(word: str) -> list[str]:
    """The Russian word and, when it ends in a case ending, the word without it."""
    form = _russian_form(word)
    stripped = ENDING_RE.sub("", form)
    return [form] if stripped == form or len(stripped) < 2 else [form, stripped]


@cache
def score(russian: str, english: str) -> float:
    """How well `english` transliterates `russian` (a possibly inflected word): log-likelihood ratio
    per letter, -10 when the model is missing or the words share nothing."""
    model = load()
    en = _english_form(english)
    if model is None or not en:
        return -10.0
    return max(log_ratio(model, stem, en) for stem in stems(russian))


# --- learning ------------------------------------------------------------------------------------


def _backward(model: Model, ru: str, en: str) -> list[list[float]]:
    beta = [[0.0] * (len(en) + 1) for _ in range(len(ru) + 1)]
    beta[len(ru)][len(en)] = 1.0
    for i in range(len(ru) - 1, -1, -1):
        table = model.tables.get(ru[i])
        if table is None:
            beta[i] = beta[i + 1][:]
            continue
        for j in range(len(en), -1, -1):
            total = 0.0
            for k in range(0, min(MAX_OUT, len(en) - j) + 1):
                p = table.get(en[j : j + k], 0.0)
                if p:
                    total += p * beta[i + 1][j + k]
            beta[i][j] = total
    return beta


def _expected_counts(model: Model, pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, float]]:
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for ru, en in pairs:
        alpha, beta = _forward(model, ru, en), _backward(model, ru, en)
        total = alpha[len(ru)][len(en)]
        if total <= 0:
            continue
        for i, letter in enumerate(ru):
            table = model.tables.get(letter, {})
            for j in range(len(en) + 1):
                if not alpha[i][j]:
                    continue
                for k in range(0, min(MAX_OUT, len(en) - j) + 1):
                    out = en[j : j + k]
                    p = table.get(out, 0.0)
                    if p:
                        counts[letter][out] += alpha[i][j] * p * beta[i + 1][j + k] / total
    return counts


def _normalised(counts: dict[str, dict[str, float]], prior: dict[str, dict[str, float]], min_p: float) -> dict:
    emit = {}
    for letter in sorted(set(counts) | set(prior)):
        merged = defaultdict(float)
        for out, c in prior.get(letter, {}).items():
            merged[out] += c
        for out, c in counts.get(letter, {}).items():
            merged[out] += c
        total = sum(merged.values())
        table = {out: c / total for out, c in merged.items() if c / total >= min_p}
        norm = sum(table.values())
        emit[letter] = {out: round(p / norm, 6) for out, p in sorted(table.items())}
    return emit


def initial(letters: Iterable[str], seed_table: dict[str, str], background: dict[str, float]) -> Model:
    """A flat start: every Latin string of 0-2 letters is possible for every Cyrillic letter, the
    usual romanisation (`seed_table`) a little likelier, so EM starts near sensible alignments."""
    latin = "abcdefghijklmnopqrstuvwxyz"
    outs = [""] + list(latin) + [a + b for a in latin for b in latin]
    emit = {}
    for letter in letters:
        table = {out: 1.0 for out in outs}
        usual = seed_table.get(letter)
        if usual is not None:
            table[usual] = table.get(usual, 1.0) + 200.0
        total = sum(table.values())
        emit[letter] = {out: c / total for out, c in table.items()}
    return Model(emit, background)


def fit(
    pairs: list[tuple[str, str]],
    seed_table: dict[str, str],
    background: dict[str, float],
    iterations: int = 8,
    min_p: float = 0.002,
) -> Model:
    """EM over (Russian stem, English word) pairs; emissions below `min_p` are pruned each round."""
    pairs = [(_russian_form(ru), _english_form(en)) for ru, en in pairs]
    pairs = [(ru, en) for ru, en in pairs if ru and en]
    letters = sorted({ch for ru, _ in pairs for ch in ru} | set(seed_table))
    model = initial(letters, seed_table, background)
    prior = {letter: {usual: 1.0} for letter, usual in seed_table.items()}
    for _ in range(iterations):
        counts = _expected_counts(model, pairs)
        model = Model(_normalised(counts, prior, min_p), background)
    return model


def letter_frequencies(words: Iterable[str]) -> dict[str, float]:
    counts: dict[str, float] = defaultdict(float)
    for word in words:
        for ch in _english_form(word):
            counts[ch] += 1
    total = sum(counts.values()) or 1.0
    return {ch: round(c / total, 6) for ch, c in sorted(counts.items())}
