"""The shipped models' scorers, numpy only: a logistic regression over standardised features, and
gradient-boosted trees held as arrays.

scikit-learn fits them (`export_trees`, at fit time only: it is a development dependency). Every
tree's nodes sit in flat arrays (each tree's children offset to its place) and the leaves are
pre-scaled by the learning rate, so that one walk scores every tree and every row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Logistic:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """The probability of each row of `x` (rows of the features fitted on)."""
        z = (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-(z @ self.weights + self.bias)))


def logistic_from_data(data: dict) -> Logistic:
    """A logistic regression stored as `mean`, `scale`, `weights` and `bias`."""
    arrays = (np.asarray(data[name], dtype=np.float64) for name in ("mean", "scale", "weights"))
    return Logistic(*arrays, float(data["bias"]))


@dataclass(frozen=True)
class BoostedTrees:
    arrays: dict[str, np.ndarray]
    base: float  # the log-odds the boosting starts from
    depth: int

    def log_odds(self, x: np.ndarray) -> np.ndarray:
        """The summed trees' log-odds for each row of `x` (rows of the features fitted on)."""
        a = self.arrays
        x = np.asarray(x, dtype=np.float64).astype(np.float32).astype(np.float64)  # sklearn splits float32
        rows = np.arange(len(x))[:, None]
        node = np.broadcast_to(a["roots"], (len(x), len(a["roots"]))).copy()
        for _ in range(self.depth):
            feature = a["feature"][node]
            leaf = feature < 0
            left = x[rows, np.where(leaf, 0, feature)] <= a["threshold"][node]
            node = np.where(leaf, node, np.where(left, a["left"][node], a["right"][node]))
        return self.base + a["value"][node].sum(axis=1)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.log_odds(x)))


def trees_from_data(data: dict) -> BoostedTrees:
    """The trees of `export_trees`'s dictionary (as stored in a model file)."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for tree in data["trees"]:
        offset = len(feature)
        roots.append(offset)
        feature += tree["feature"]
        threshold += tree["threshold"]
        left += [child + offset if child >= 0 else -1 for child in tree["left"]]
        right += [child + offset if child >= 0 else -1 for child in tree["right"]]
        value += [v * data["learning_rate"] for v in tree["value"]]
        depth = max(depth, tree["depth"])
    arrays = {
        "feature": np.asarray(feature, dtype=np.int64),
        "threshold": np.asarray(threshold, dtype=np.float64),
        "left": np.asarray(left, dtype=np.int64),
        "right": np.asarray(right, dtype=np.int64),
        "value": np.asarray(value, dtype=np.float64),
        "roots": np.asarray(roots, dtype=np.int64),
    }
    return BoostedTrees(arrays, float(data["base"]), depth)


def standardising(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mean and scale a logistic regression's features are standardised by (a constant feature is
    scaled by 1, not 0)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def export_logistic(model, mean: np.ndarray, scale: np.ndarray, digits: int | None = None) -> dict:
    """A fitted scikit-learn `LogisticRegression` (on features standardised by `mean` and `scale`) as
    `logistic_from_data` reads it, every number rounded to `digits` when given."""

    def number(value) -> float:
        return round(float(value), digits) if digits is not None else float(value)

    return {
        "weights": [number(v) for v in model.coef_[0]],
        "bias": number(model.intercept_[0]),
        "mean": [number(v) for v in mean],
        "scale": [number(v) for v in scale],
    }


def export_trees(model, y: np.ndarray, weights: np.ndarray | None = None) -> dict:
    """A fitted scikit-learn `GradientBoostingClassifier` (binary, log loss, default `init`) as plain
    data: its trees, its learning rate and the prior log-odds of `y` (the labels it was fitted on)."""
    trees = [_tree(estimator[0].tree_) for estimator in model.estimators_]
    prior = float(np.clip(np.average(y, weights=weights), 1e-6, 1 - 1e-6))
    return {"learning_rate": model.learning_rate, "base": float(np.log(prior / (1 - prior))), "trees": trees}


def _tree(tree) -> dict:
    leaf = tree.children_left == -1
    return {
        "feature": np.where(leaf, -1, tree.feature).tolist(),
        "threshold": np.where(leaf, 0.0, tree.threshold).tolist(),
        "left": tree.children_left.tolist(),
        "right": tree.children_right.tolist(),
        "value": tree.value[:, 0, 0].round(8).tolist(),
        "depth": int(tree.max_depth),
    }
