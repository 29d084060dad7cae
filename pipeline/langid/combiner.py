"""A conditional-logit combiner: one linear score per candidate language, softmax, fitted by log loss.

Every evidence source gives one number per candidate language (a log-probability, a letter count);
the combiner learns one weight per source plus a bias per language on held-out data, so its
probabilities are calibrated on the strings it was fitted to rather than taken from any one backend.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.langid.ngram import FEATURES as NGRAM_FEATURES

LENGTH_SCALED = ("char_lm", "word_lm")
LINGUA_FLOOR = 1e-4
LETTER_CAP = 3
NEGATIVE_FEATURES = frozenset({"foreign_letters"})  # the only evidence that can only count against
LOG_PROB_FLOOR = -30.0  # beyond this a language is out of the race; larger gaps only hurt calibration


def log_softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def feature_names(with_lingua: bool) -> tuple[str, ...]:
    names = [
        *NGRAM_FEATURES,
        *(f"{name}/words" for name in LENGTH_SCALED),
        "word_frequency",
        "word_pairs",
        "foreign_letters",
        "own_letters",
    ]
    return tuple(names + ["lingua"] if with_lingua else names)


def feature_matrix(
    ngram: np.ndarray,
    frequency: np.ndarray,
    pairs: np.ndarray,
    foreign: np.ndarray,
    own: np.ndarray,
    n_words: np.ndarray,
    lingua: np.ndarray | None = None,
) -> np.ndarray:
    """(n_texts, n_langs, n_features) from ngram (n, 8, K) and frequency (n, K) log-likelihoods,
    word-pair log-likelihood ratios (n, K), letter counts (n, K) and lingua's confidences (n, K)."""
    posteriors = np.maximum(log_softmax(ngram), LOG_PROB_FLOOR)  # per feature group, over languages
    scaled = [
        posteriors[:, NGRAM_FEATURES.index(name)] / np.maximum(n_words, 1)[:, None] for name in LENGTH_SCALED
    ]
    columns = [
        *posteriors.transpose(1, 0, 2),
        *scaled,
        np.maximum(log_softmax(frequency), LOG_PROB_FLOOR),
        np.maximum(log_softmax(pairs), LOG_PROB_FLOOR),
        np.minimum(foreign, LETTER_CAP),
        np.minimum(own, LETTER_CAP),
    ]
    if lingua is not None:
        columns.append(np.log(lingua + LINGUA_FLOOR))
    return np.stack(columns, axis=-1)


@dataclass(frozen=True)
class Combiner:
    langs: tuple[str, ...]
    features: tuple[str, ...]
    weights: tuple[float, ...]  # one per feature
    biases: tuple[float, ...]  # one per language

    def log_probabilities(self, features: np.ndarray) -> np.ndarray:
        scores = features @ np.array(self.weights) + np.array(self.biases)
        return log_softmax(scores)

    def to_data(self) -> dict:
        return {
            "langs": list(self.langs),
            "features": list(self.features),
            "weights": list(self.weights),
            "biases": list(self.biases),
        }

    @classmethod
    def from_data(cls, data: dict) -> Combiner:
        return cls(
            tuple(data["langs"]), tuple(data["features"]), tuple(data["weights"]), tuple(data["biases"])
        )


def fit(
    features: np.ndarray,
    labels: np.ndarray,
    names: tuple[str, ...],
    langs: tuple[str, ...],
    l2: float = 1e-3,
    steps: int = 3000,
) -> Combiner:
    """Minimise mean log loss + l2 by projected Adam from zero (deterministic: no randomness involved).

    Every weight keeps the sign its evidence has (more likely under a model, or more of a language's
    own letters, never counts against it; letters an alphabet lacks never count for it), which keeps
    correlated features from cancelling each other in ways that do not carry over to new text."""
    n, k, f = features.shape
    upper = np.array([0.0 if name in NEGATIVE_FEATURES else np.inf for name in names])
    lower = np.array([-np.inf if name in NEGATIVE_FEATURES else 0.0 for name in names])
    design = np.concatenate([features, np.broadcast_to(np.eye(k), (n, k, k))], axis=-1)
    params = np.zeros(f + k)
    first, second = np.zeros_like(params), np.zeros_like(params)
    chosen = design[np.arange(n), labels].sum(axis=0)
    for step in range(1, steps + 1):
        probs = np.exp(log_softmax(design @ params))
        grad = (np.einsum("nk,nkf->f", probs, design) - chosen) / n + l2 * params
        first = 0.9 * first + 0.1 * grad
        second = 0.999 * second + 0.001 * grad * grad
        params -= 0.05 * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
        params[:f] = np.clip(params[:f], lower, upper)
    return Combiner(langs, names, tuple(float(v) for v in params[:f]), tuple(float(v) for v in params[f:]))
