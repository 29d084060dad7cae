"""The quote locator's parameters and fitted numbers: the span score's weights (`LocateParams`), the
sentence reranker (`RERANK`) and the score's calibration (`CALIBRATION`), as `pipeline.link.locate`
uses them and `benchmarks/bench_align.py --fit` fits them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class LocateParams:
    shortlist: int = 4  # sentences examined closely per document
    documents: int = 2  # documents examined closely (at least; k when more are asked for)
    extra_documents: int = 4  # more documents whose sentences may be read (the nearest by sentence cosine)
    recall_sentences: int = 24  # sentences read closely (words compared with the quote's): the nearest
    # A quote whose nearest sentence is farther than `cosine_gate`, or whose best shortlist score (cosine
    # plus word recall) is below `shortlist_gate`, has no plausible original in the index (and costs one
    # vector product, or the word recall of a few documents). On the fit set (`bench_align.py --fit
    # --docs fit --stride 3` prints it) they turn away 9.1% and 2.6% of true third-of-sentence quotes,
    # 2.1% and 0.7% of half ones; keeping 99.5% of third ones would take 0.10 and 0.72 (a speed cost
    # for quotes with no original: docs/link.md).
    cosine_gate: float = 0.2
    shortlist_gate: float = 0.8
    shortlist_recall: float = 1.0  # weight of word recall next to the cosine in the shortlist score
    size_factors: tuple[float, ...] = (0.7, 1.0, 1.4)
    window_steps: int = 4  # a window of s words moves by s // window_steps, then the best is refined
    words_ratio: dict = field(default_factory=lambda: {("en", "ru"): 0.79, ("ru", "en"): 1.27})
    context: float = 0.4  # weight of the cosine of the span's whole sentence
    lexical: float = 0.08  # per shared number or name, up to 3
    missing_number: float = 0.04  # per number of the quote absent from the span
    length: float = 0.6  # per squared log deviation from the expected length
    clause_bonus: float = 0.01
    word_recall: float = 1.0  # weights of the word-level match (a soft bilingual dictionary)
    word_precision: float = 0.5
    strong_match: float = 0.7  # a word cosine at least this is counted as a dictionary hit
    mt_weight: float = 0.5  # weight of the MT-side cosine when a translation is given
    memo_limit: int = 40_000  # span vectors kept (float16, 1 KiB each); the oldest half is dropped
    encoded_spans: int = 8  # spans of a sentence encoded, the best by the rest of their score


PARAMS = LocateParams()

# Sentence reranker: utility = weights . ((features - mean) / scale). A conditional logit (softmax
# over each quote's shortlisted sentences, L2 1e-2) fitted by `benchmarks/bench_align.py --fit --docs
# fit --stride 3` on every third fit story (benchmarks/linkdata.py: WMT19, News Commentary, even
# NTREX; whole, half and third English sentences and pairs of sentences as quotes, labelled right by
# `within`, `hit` and `covers` of the benchmark). WMT21 and odd NTREX are kept for the report.
RERANK_FEATURES = (
    "best_span",  # linear score of the sentence's best span
    "best_span_cos",
    "sentence_cos",
    "recall",  # mean over quote words (3+ letters) of the best word cosine in the sentence
    "strong",  # share of quote words with a cosine >= strong_match in the sentence
    "discriminative",  # recall weighted by how much each word's best match stands out in its document
    "precision",  # mean over the sentence's words of the best cosine with a quote word
    "anchors",  # shared numbers and names, up to 3
    "missing_numbers",
    "length",  # |log(sentence words / expected words)|
    "neighbour_cos",  # best cosine of the previous or next sentence
    "loose_names",  # names of the quote matching any word of the sentence ("Tyumen" ~ "тюменцы")
    # A candidate of two sentences (the sentence and the next one) has its first sentence's values above
    # and these, each for a quote of one sentence, then of several:
    "pair_one",  # 1
    "pair_many",
    "pair_gain_one",  # its span score minus its first sentence's best span score
    "pair_gain_many",
    "pair_recall_one",  # its word recall (both sentences' words) minus its first sentence's
    "pair_recall_many",
)
SENTENCE_FEATURES = 12  # the features above the pair ones
RERANK = {
    "mean": (
        1.4969, 0.4562, 0.3588, 0.6542, 0.4102, 0.6137, 0.6066, 0.4629, 0.2522,
        0.7637, 0.3064, 0.4179, 0.0726, 0.0730, 0.0086, 0.0342, 0.0047, 0.0042,
    ),
    "scale": (
        0.4358, 0.1822, 0.1918, 0.0841, 0.2275, 0.1285, 0.0964, 0.8143, 0.6915,
        0.5441, 0.2135, 0.7620, 0.2594, 0.2601, 0.1594, 0.1751, 0.0238, 0.0195,
    ),
    "weights": (
        0.9088, 0.8913, 0.7092, 0.6972, 0.1787, 0.5331, 0.6150, 0.2649, -0.0107,
        -0.7599, 0.1389, 0.1206, -0.2922, 0.2259, 1.0751, 0.7708, 0.2620, 0.6060,
    ),
    "fitted": "fit stories (102): 4495 quotes + 1290 in a wrong one, conditional logit",
}

# Logistic calibration: p(correct) = sigmoid(w . [rerank utility, its margin over the best other
# sentence, log quote words] + bias), fitted by the same command on the same stories and labels,
# plus every half quote searched in the wrong story (label 0).
CALIBRATION = {
    "weights": (0.5290, 0.7079, -1.3812),
    "bias": 1.5950,
    "fitted": "fit stories (102): 4495 quotes + 1290 in a wrong one, logistic regression",
}
# Below this probability a location is implausible and reported as not found (null offsets); above
# it, a low but best location is still reported with its probability (records treat < 0.5 as unsure).
MIN_SCORE = 0.15
# A quote is located by its first words: a longer one (a quoted page, a runaway line) would cost work
# and memory in proportion to its length for no better answer.
MAX_QUOTE_WORDS = 300


def calibrated(score: float, margin: float, quote_words: int) -> float:
    w_score, w_margin, w_len = CALIBRATION["weights"]
    z = w_score * score + w_margin * margin + w_len * math.log(quote_words) + CALIBRATION["bias"]
    return 1.0 / (1.0 + math.exp(-z))


def rerank_utility(features: np.ndarray) -> np.ndarray:
    """Rows of RERANK_FEATURES -> reranker utility (higher is better)."""
    mean, scale = np.asarray(RERANK["mean"]), np.asarray(RERANK["scale"])
    return ((features - mean) / scale) @ np.asarray(RERANK["weights"])
