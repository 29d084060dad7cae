"""Sentence alignment of a document and its translation: beads 1-1, 1-2, 2-1, 1-3, 3-1, 1-0, 0-1.

How it works (Vecalign/Bertalign family, tuned for one small encoder and no MT):
1. Both sides are encoded once with the shared encoder (`pipeline.link.encoder`). A bead of several
   sentences is scored with the normalised sum of its sentence vectors, so merges cost no extra
   encoding: every bead score comes from the 1-1 similarity matrix and a few adjacent dot products.
2. Long documents: a first pass keeps each source sentence's top-k target neighbours and takes the
   heaviest monotone chain through them; the full dynamic program then runs only in a band around
   that chain, so memory and time grow linearly with the document.
3. A bead's gain rewards its cosine, margin-normalised against each sentence's nearest neighbours
   (so a sentence similar to everything is not over-trusted), scaled by the sentences it covers;
   adds lexical evidence (numbers, transliterated names, Latin tokens; see
   `anchor_keys`); and pays a Gale-Church style penalty for a character-length ratio far from the
   document's own ratio. A sentence left out gains nothing. The path with the largest total gain
   wins.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from pipeline.link import encoder

VERSION = "2"

# (source sentences, target sentences) per bead; deletions last.
BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 0), (0, 1))


@dataclass(frozen=True)
class AlignParams:
    """Fitted on the even-numbered WMT21 ru-en documents (see benchmarks/bench_align.py)."""

    threshold: float = 0.20  # cosine (after margin) a sentence must beat to be worth aligning
    margin: float = 0.5  # weight of the neighbour average subtracted from the cosine
    neighbours: int = 3
    lexical: float = 0.08  # gain per shared number/name, up to `lexical_cap` of them
    lexical_cap: int = 3
    length: float = 0.6  # weight of the squared log length-ratio deviation
    multi_penalty: float = 0.05  # per extra sentence in a bead: prefer 1-1 when it is a tie
    skip: float = 0.0  # cost of leaving one sentence without a counterpart
    per_sentence: bool = False  # a bead's cosine gain counts once per sentence it covers
    rescore: bool = True  # second pass: encode the concatenations near non-1-1 beads
    rescore_context: int = 2
    band: int = 12  # half-width of the band around the first-pass path (long documents)
    full_limit: int = 600  # up to this many sentences a side, the DP runs on the whole matrix
    top_k: int = 4


PARAMS = AlignParams()


@dataclass(frozen=True)
class Bead:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float


def settings() -> dict:
    from dataclasses import asdict

    bead_types = [list(t) for t in BEAD_TYPES]
    return {
        "version": VERSION,
        "encoder": encoder.encoder_version(),
        **asdict(PARAMS),
        "bead_types": bead_types,
    }


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    params: AlignParams = PARAMS,
) -> list[Bead]:
    """Beads in document order; every sentence index of both sides is in exactly one bead."""
    if not src or not tgt:
        return [Bead((i,), (), 0.0) for i in range(len(src))] + [Bead((), (j,), 0.0) for j in range(len(tgt))]
    src_vectors = encoder.encode(list(src))
    tgt_vectors = encoder.encode(list(tgt))
    return align_vectors(src, tgt, src_vectors, tgt_vectors, src_lang, tgt_lang, params, encoder.encode)


def align_lines(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str) -> list[Bead]:
    """`align` over the lines of two files: lines with no letters or digits (blank lines, table
    rules, bullets) are not sentences; each gets a bead of its own, in document order."""
    src_keep = [i for i, line in enumerate(src) if _is_sentence(line)]
    tgt_keep = [j for j, line in enumerate(tgt) if _is_sentence(line)]
    inner = align([src[i] for i in src_keep], [tgt[j] for j in tgt_keep], src_lang, tgt_lang)
    beads = [
        Bead(tuple(src_keep[i] for i in b.src), tuple(tgt_keep[j] for j in b.tgt), b.score) for b in inner
    ]
    kept_src, kept_tgt = set(src_keep), set(tgt_keep)
    beads += [Bead((i,), (), 0.0) for i in range(len(src)) if i not in kept_src]
    beads += [Bead((), (j,), 0.0) for j in range(len(tgt)) if j not in kept_tgt]
    return sorted(beads, key=_document_order(beads))


def _is_sentence(line: str) -> bool:
    return any(ch.isalnum() for ch in line)


def _document_order(beads: list[Bead]):
    """Sort key: a bead goes by its first source line; a target-only bead goes just after the
    bead holding the target line before it."""
    src_after_tgt: dict[int, float] = {}
    for bead in beads:
        for j in bead.tgt:
            if bead.src:
                src_after_tgt[j] = bead.src[0]

    def key(bead: Bead) -> tuple[float, int]:
        if bead.src:
            return (bead.src[0], bead.tgt[0] if bead.tgt else -1)
        earlier = [src_after_tgt[j] for j in src_after_tgt if j < bead.tgt[0]]
        return (max(earlier) + 0.5 if earlier else -0.5, bead.tgt[0])

    return key


def align_vectors(
    src: Sequence[str],
    tgt: Sequence[str],
    src_vectors: np.ndarray,
    tgt_vectors: np.ndarray,
    src_lang: str,
    tgt_lang: str,
    params: AlignParams = PARAMS,
    encode: Callable[[list[str]], np.ndarray] | None = None,
    first_pass: Sequence[Bead] | None = None,
) -> list[Bead]:
    """`align` on vectors already computed; with `encode`, uncertain stretches are re-scored
    with the encoded concatenations of their multi-sentence beads (a mean of vectors flatters a
    merge; the encoder reading the joined text does not). `first_pass`: what this function gave
    for the same arguments without `encode`, where the caller kept it."""
    band = _band(src_vectors, tgt_vectors, params)
    scorer = _BeadScorer(src, tgt, src_vectors, tgt_vectors, src_lang, tgt_lang, band, params)
    beads = list(first_pass) if first_pass is not None else _best_path(scorer, band)
    if encode is None or not params.rescore:
        return beads
    src_starts, tgt_starts = _uncertain_starts(beads, len(src), len(tgt), params.rescore_context)
    if not src_starts and not tgt_starts:
        return beads
    scorer.src_runs = _run_vectors(src, src_starts, encode)
    scorer.tgt_runs = _run_vectors(tgt, tgt_starts, encode)
    return _best_path(scorer, band)


def _uncertain_starts(beads: list[Bead], n: int, m: int, context: int) -> tuple[set[int], set[int]]:
    """Sentence positions within `context` beads of a bead that is not 1-1."""
    src_starts: set[int] = set()
    tgt_starts: set[int] = set()
    for index, bead in enumerate(beads):
        if len(bead.src) == 1 and len(bead.tgt) == 1:
            continue
        for near in beads[max(0, index - context) : index + context + 1]:
            src_starts.update(near.src)
            tgt_starts.update(near.tgt)
    return src_starts, tgt_starts


def _run_vectors(
    sentences: Sequence[str], starts: set[int], encode
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For run length k (2, 3): vectors of the joined sentences s..s+k-1, and which s are filled."""
    runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    count = len(sentences)
    for k in (2, 3):
        chosen = sorted(s for s in starts if s + k <= count and all(t in starts for t in range(s, s + k)))
        matrix = np.zeros((count + 4, encoder.DIMENSIONS), dtype=np.float32)
        filled = np.zeros(count + 4, dtype=bool)
        if chosen:
            matrix[chosen] = encode([" ".join(sentences[s : s + k]) for s in chosen])
            filled[chosen] = True
        runs[k] = (matrix, filled)
    return runs


# ---------------------------------------------------------------- the band around a first pass


@dataclass(frozen=True)
class _Band:
    """For DP row i (i source sentences consumed), target positions lo[i]..hi[i] are allowed;
    similarity row p holds target columns off[p]..off[p]+width-1."""

    lo: np.ndarray
    hi: np.ndarray
    off: np.ndarray
    width: int


def _band(src_vectors: np.ndarray, tgt_vectors: np.ndarray, params: AlignParams) -> _Band:
    n, m = len(src_vectors), len(tgt_vectors)
    if max(n, m) <= params.full_limit:
        lo = np.zeros(n + 1, dtype=np.int64)
        hi = np.full(n + 1, m, dtype=np.int64)
        return _Band(lo, hi, np.zeros(n, dtype=np.int64), m)
    centre = _first_pass_centres(src_vectors, tgt_vectors, params.top_k)
    half = params.band + int(math.ceil(abs(n - m) / max(n, m) * params.band))
    lo = np.clip(centre - half, 0, m)
    hi = np.clip(centre + half, 0, m)
    lo[0], hi[-1] = 0, m
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # monotone, so every cell can be reached
    hi = np.maximum.accumulate(hi)
    width = int((hi - lo).max()) + 4
    off = np.clip(lo[:-1] - 3, 0, max(0, m - width))
    return _Band(lo, hi, off, min(width, m))


def _first_pass_centres(src_vectors: np.ndarray, tgt_vectors: np.ndarray, top_k: int) -> np.ndarray:
    """Target position expected after each number of source sentences, from the heaviest
    monotone chain of top-k neighbour pairs (computed in blocks: memory stays O(n k))."""
    n, m = len(src_vectors), len(tgt_vectors)
    anchors: list[tuple[int, int, float]] = []
    k = min(top_k, m)
    for start in range(0, n, 512):
        block = src_vectors[start : start + 512] @ tgt_vectors.T
        best = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for row, columns in enumerate(best):
            for column in columns:
                anchors.append((start + row, int(column), float(block[row, column])))
    chain = _heaviest_chain(anchors, m)
    rows = np.array([0] + [i + 0.5 for i, _ in chain] + [n], dtype=float)
    cols = np.array([0] + [j + 0.5 for _, j in chain] + [m], dtype=float)
    return np.rint(np.interp(np.arange(n + 1), rows, cols)).astype(np.int64)


def _heaviest_chain(anchors: list[tuple[int, int, float]], m: int) -> list[tuple[int, int]]:
    """Strictly increasing in both coordinates, maximising summed (similarity - 0.3)."""
    tree = [(0.0, -1)] * (m + 1)  # Fenwick tree of (best total, anchor index) over target prefix
    best_total: list[float] = []
    parent: list[int] = []
    anchors.sort(key=lambda a: (a[0], -a[1]))
    for index, (_, column, sim) in enumerate(anchors):
        total, prev = _prefix_max(tree, column)
        best_total.append(total + sim - 0.3)
        parent.append(prev)
        _update(tree, column + 1, (best_total[-1], index))
    end = int(np.argmax(best_total)) if best_total else -1
    chain = []
    while end >= 0 and best_total[end] > 0:
        chain.append((anchors[end][0], anchors[end][1]))
        end = parent[end]
    return chain[::-1]


def _prefix_max(tree: list[tuple[float, int]], position: int) -> tuple[float, int]:
    best = (0.0, -1)
    while position > 0:
        best = max(best, tree[position])
        position -= position & -position
    return best


def _update(tree: list[tuple[float, int]], position: int, value: tuple[float, int]) -> None:
    while position < len(tree):
        if value > tree[position]:
            tree[position] = value
        position += position & -position


# ---------------------------------------------------------------- bead scores


class _BeadScorer:
    """Gains of every bead type ending at DP row i, for a vector of target positions j."""

    def __init__(self, src, tgt, src_vectors, tgt_vectors, src_lang, tgt_lang, band: _Band, params):
        self.params = params
        self.band = band
        self.src_vectors, self.tgt_vectors = src_vectors, tgt_vectors
        self.src_runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.tgt_runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.n, self.m = len(src), len(tgt)
        self._whole_matrix = band.width == self.m and not band.off.any()
        sims = [src_vectors[p] @ tgt_vectors[band.off[p] : band.off[p] + band.width].T for p in range(self.n)]
        self.sim_prefix = _row_prefix(sims)
        self.lex_prefix = _row_prefix(_lexical_rows(src, tgt, src_lang, tgt_lang, band, params))
        src_hub, tgt_hub = (_whole_matrix_hubness(sims, params.neighbours) if self._whole_matrix
                            else _hubness(sims, band, self.m, params.neighbours))
        self.src_hub_prefix = np.concatenate([[0.0], np.cumsum(src_hub)])
        self.tgt_hub_prefix = np.concatenate([[0.0], np.cumsum(tgt_hub)])
        self.src_norm = _run_norms(src_vectors)
        self.tgt_norm = _run_norms(tgt_vectors)
        src_chars = np.array([len(s) for s in src], dtype=float)
        tgt_chars = np.array([len(t) for t in tgt], dtype=float)
        self.src_len_prefix = np.concatenate([[0.0], np.cumsum(src_chars)])
        self.tgt_len_prefix = np.concatenate([[0.0], np.cumsum(tgt_chars)])
        self.length_ratio = max(tgt_chars.sum(), 1.0) / max(src_chars.sum(), 1.0)
        self._tables: dict[tuple[int, int], np.ndarray] = {}

    def window_sums(self, i: int, j: np.ndarray, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Over source rows i-a..i-1 and target columns j-b..j-1 (columns outside the band count as 0):
        the sum of the similarities, and of the lexical anchors (their column bounds worked out once)."""
        # np.minimum/np.maximum, not np.clip: the same integers, and np.clip's per-call checks cost more
        # than the work at this size (called ~100,000 times when a batch is paired)
        width, dot, lexical = self.band.width, 0, 0
        for p in range(i - a, i):
            column = j - self.band.off[p]
            hi = np.minimum(np.maximum(column, 0), width)
            lo = np.minimum(np.maximum(column - b, 0), width)
            dot = dot + (self.sim_prefix[p][hi] - self.sim_prefix[p][lo])
            lexical = lexical + (self.lex_prefix[p][hi] - self.lex_prefix[p][lo])
        return dot, lexical

    def cosine(self, i: int, j: np.ndarray, a: int, b: int) -> np.ndarray:
        return self._cosine(self.window_sums(i, j, a, b)[0], i, j, a, b)

    def _cosine(self, dot: np.ndarray, i: int, j: np.ndarray, a: int, b: int) -> np.ndarray:
        cos = dot / (self.src_norm[a][i - a] * self.tgt_norm[b][j - b])
        if (a > 1 or b > 1) and self.src_runs:
            cos = self._encoded_cosine(cos, i, j, a, b)
        return cos

    def _encoded_cosine(self, cos: np.ndarray, i: int, j: np.ndarray, a: int, b: int) -> np.ndarray:
        src_vectors, src_filled = self.src_runs[a] if a > 1 else (self.src_vectors, None)
        tgt_vectors, tgt_filled = self.tgt_runs[b] if b > 1 else (self.tgt_vectors, None)
        if src_filled is not None and not src_filled[i - a]:
            return cos
        rows = j - b
        filled = tgt_filled[rows] if tgt_filled is not None else np.ones(len(rows), dtype=bool)
        if not filled.any():
            return cos
        cos = cos.copy()
        cos[filled] = tgt_vectors[rows[filled]] @ src_vectors[i - a]
        return cos

    def gains(self, i: int, j: np.ndarray, a: int, b: int) -> np.ndarray:
        """`gain`, read from a table of every (i, j) where the band is the whole matrix (a news article)
        and no encoded runs re-score the bead (a 1-1 bead never; others only in a second pass): the same
        numbers, computed at once."""
        if not self.tabled(a, b):
            return self.gain(i, j, a, b)
        return self.table(a, b)[i - a, j - b]

    def tabled(self, a: int, b: int) -> bool:
        """Whether an a-b bead's gains come from `table`."""
        return not (self.src_runs and (a > 1 or b > 1)) and self._whole_matrix and a <= self.n and b <= self.m

    def table(self, a: int, b: int) -> np.ndarray:
        if (a, b) not in self._tables:
            self._tables[a, b] = self._gain_table(a, b)
        return self._tables[a, b]

    def _gain_table(self, a: int, b: int) -> np.ndarray:
        """`gain` of an a-b bead ending at every row i >= a and column j >= b (at [i - a, j - b]), each
        number by the same operations in the same order as `gain`'s."""
        n, m = self.n, self.m
        sims, anchors = np.vstack(self.sim_prefix), np.vstack(self.lex_prefix)
        sim_steps, anchor_steps = sims[:, b:] - sims[:, : m + 1 - b], anchors[:, b:] - anchors[:, : m + 1 - b]
        dot, lexical = 0, 0
        for p in range(a):
            dot = dot + sim_steps[p : n - a + 1 + p]
            lexical = lexical + anchor_steps[p : n - a + 1 + p]
        cos = dot / (self.src_norm[a][: n - a + 1, None] * self.tgt_norm[b][None, : m + 1 - b])
        hub = ((self.src_hub_prefix[a:] - self.src_hub_prefix[: n + 1 - a]) / a)[:, None]
        hub = (hub + ((self.tgt_hub_prefix[b:] - self.tgt_hub_prefix[: m + 1 - b]) / b)[None, :]) / 2
        src_len = (self.src_len_prefix[a:] - self.src_len_prefix[: n + 1 - a])[:, None]
        tgt_len = (self.tgt_len_prefix[b:] - self.tgt_len_prefix[: m + 1 - b])[None, :]
        return self._gain_of(cos, hub, lexical, src_len, tgt_len, a + b)

    def gain(self, i: int, j: np.ndarray, a: int, b: int) -> np.ndarray:
        dot, lexical = self.window_sums(i, j, a, b)
        cos = self._cosine(dot, i, j, a, b)
        hub = (self.src_hub_prefix[i] - self.src_hub_prefix[i - a]) / a
        hub = (hub + (self.tgt_hub_prefix[j] - self.tgt_hub_prefix[j - b]) / b) / 2
        src_len = self.src_len_prefix[i] - self.src_len_prefix[i - a]
        tgt_len = self.tgt_len_prefix[j] - self.tgt_len_prefix[j - b]
        return self._gain_of(cos, hub, lexical, src_len, tgt_len, a + b)

    def _gain_of(self, cos, hub, lexical, src_len, tgt_len, sentences: int) -> np.ndarray:
        """A bead's gain from its cosine, neighbour average, shared anchors and lengths (of one shape,
        or broadcasting to one: a row of the DP, or a whole table)."""
        params = self.params
        adjusted = cos - params.margin * hub
        deviation = np.log((tgt_len + 20.0) / (src_len * self.length_ratio + 20.0))
        size = sentences if params.per_sentence else 2
        return (
            size * (adjusted - params.threshold)
            + params.lexical * np.minimum(lexical, params.lexical_cap)
            - params.length * deviation**2
            - params.multi_penalty * (sentences - 2)
        )


def _row_prefix(rows: list[np.ndarray]) -> list[np.ndarray]:
    return [np.concatenate([[0.0], np.cumsum(row, dtype=np.float64)]) for row in rows]


def _run_norms(vectors: np.ndarray) -> dict[int, np.ndarray]:
    """norm[k][s] = length of the sum of vectors s..s+k-1 (k = 1, 2, 3); padded so any s is valid."""
    count = len(vectors)
    adjacent = [
        np.einsum("ij,ij->i", vectors[:-d], vectors[d:]) if count > d else np.zeros(0) for d in (1, 2)
    ]
    pad = np.ones(4)
    norms = {1: np.concatenate([np.ones(count), pad])}
    two = 2 + 2 * adjacent[0]
    norms[2] = np.concatenate([np.sqrt(np.maximum(two, 1e-6)), pad])
    if count >= 3:
        three = 3 + 2 * (adjacent[0][:-1] + adjacent[0][1:] + adjacent[1])
    else:
        three = np.ones(0)
    norms[3] = np.concatenate([np.sqrt(np.maximum(three, 1e-6)), pad])
    return norms


def _hubness(sims: list[np.ndarray], band: _Band, m: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Average similarity of each sentence to its k nearest neighbours on the other side."""
    k_src = min(k, band.width)
    src_hub = np.array([np.sort(row)[-k_src:].mean() for row in sims])
    best_for_target = np.full((m, k), -1.0)
    for p, row in enumerate(sims):
        columns = np.arange(band.off[p], band.off[p] + band.width)
        merged = np.concatenate([best_for_target[columns], row[:, None]], axis=1)
        best_for_target[columns] = np.sort(merged, axis=1)[:, 1:]
    filled = np.where(best_for_target < -0.5, np.nan, best_for_target)
    with np.errstate(all="ignore"):
        tgt_hub = np.nan_to_num(np.nanmean(filled, axis=1), nan=0.0)
    return src_hub, tgt_hub


def _whole_matrix_hubness(sims: list[np.ndarray], k: int) -> tuple[np.ndarray, np.ndarray]:
    """`_hubness` where every row holds every target column: the same sorted values averaged, at once."""
    matrix = np.vstack(sims) if sims else np.zeros((0, 0))
    n, m = matrix.shape
    src_hub = np.array([row[-min(k, m):].mean() for row in np.sort(matrix, axis=1)]) if m else np.zeros(n)
    best = np.sort(np.vstack([np.full((max(0, k - n), m), -1.0), matrix]), axis=0)[-k:].T
    filled = np.where(best < -0.5, np.nan, best)
    with np.errstate(all="ignore"):
        tgt_hub = np.nan_to_num(np.nanmean(filled, axis=1), nan=0.0)
    return src_hub, tgt_hub


def _lexical_rows(src, tgt, src_lang, tgt_lang, band: _Band, params) -> list[np.ndarray]:
    src_keys = [anchor_keys(s, src_lang) for s in src]
    tgt_keys = [anchor_keys(t, tgt_lang) for t in tgt]
    rows = []
    for p, keys in enumerate(src_keys):
        row = np.zeros(band.width)
        if keys:
            for column in range(band.width):
                row[column] = len(keys & tgt_keys[band.off[p] + column])
        rows.append(row)
    return rows


# ---------------------------------------------------------------- the dynamic program


def _best_path(scorer: _BeadScorer, band: _Band) -> list[Bead]:
    n = scorer.n
    best: list[np.ndarray] = []
    back: list[np.ndarray] = []
    # where each row spans 0..m, the beads whose gains are tabled are read as slices (`_tabled_candidate`)
    every_column = not band.lo.any() and bool((band.hi == scorer.m).all())
    tables = {(a, b): scorer.table(a, b) for a, b in BEAD_TYPES if a and b and every_column and scorer.tabled(a, b)}
    for i in range(n + 1):
        j = np.arange(band.lo[i], band.hi[i] + 1)
        total = np.full(len(j), -np.inf)
        choice = np.full(len(j), -1, dtype=np.int8)
        if i == 0:
            total[j == 0] = 0.0
        for kind, (a, b) in enumerate(BEAD_TYPES):
            if a == 0:
                continue
            if i - a < 0:
                continue
            if (a, b) in tables:
                candidate = _tabled_candidate(tables[a, b][i - a], best[i - a], b)
            elif b == 0:
                candidate = _lookup(best, band, i - a, j) - scorer.params.skip
            else:
                previous = _lookup(best, band, i - a, j - b)
                valid = j - b >= 0
                candidate = np.full(len(j), -np.inf)
                candidate[valid] = previous[valid] + scorer.gains(i, j[valid], a, b)
            better = candidate > total
            total[better] = candidate[better]
            choice[better] = kind
        total, choice = _insertions(total, choice, scorer.params.skip)
        best.append(total)
        back.append(choice)
    return _trace(best, back, band, scorer)


def _insertions(total: np.ndarray, choice: np.ndarray, skip: float) -> tuple[np.ndarray, np.ndarray]:
    """0-1 beads (a target sentence with no source) chain along the row: a running maximum."""
    steps = np.arange(len(total)) * skip
    running = np.maximum.accumulate(total + steps) - steps
    inserted = running > total + 1e-9  # not a rounding artefact of adding and removing `steps`
    running = np.where(inserted, running, total)
    choice = choice.copy()
    choice[inserted] = BEAD_TYPES.index((0, 1))
    return running, choice


def _tabled_candidate(gains: np.ndarray, previous: np.ndarray, b: int) -> np.ndarray:
    """A DP row's totals through an a-b bead (b >= 1), where every row spans every target position: the
    row a sentences up, B columns to the left, plus the bead's gains from its table row (what the
    general path adds, element by element, without its index arithmetic)."""
    candidate = np.full(len(previous), -np.inf)
    reach = len(previous) - b
    if reach > 0:
        candidate[b:] = previous[:reach] + gains[:reach]
    return candidate


def _lookup(best: list[np.ndarray], band: _Band, row: int, j: np.ndarray) -> np.ndarray:
    position = j - band.lo[row]
    inside = (position >= 0) & (j <= band.hi[row])
    values = np.full(len(j), -np.inf)
    values[inside] = best[row][position[inside]]
    return values


def _trace(best, back, band: _Band, scorer: _BeadScorer) -> list[Bead]:
    i, j = scorer.n, scorer.m
    beads: list[Bead] = []
    while i > 0 or j > 0:
        a, b = BEAD_TYPES[int(back[i][j - band.lo[i]])]
        src = tuple(range(i - a, i))
        tgt = tuple(range(j - b, j))
        score = float(scorer.cosine(i, np.array([j]), a, b)[0]) if a and b else 0.0
        beads.append(Bead(src, tgt, round(max(0.0, min(1.0, score)), 4)))
        i, j = i - a, j - b
    return beads[::-1]


# ---------------------------------------------------------------- lexical anchors (also used by locate)

_CYRILLIC_TO_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
        strict=True,
    )
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Spelling differences between transliteration schemes, folded away on both sides.
_FOLDS = (
    ("shch", "sh"),
    ("kh", "h"),
    ("ks", "x"),
    ("ye", "e"),
    ("yu", "u"),
    ("ya", "a"),
    ("yo", "e"),
    ("iy", "i"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
    ("ph", "f"),
    ("ck", "k"),
    ("-", ""),
)
NAME_PREFIX = 5


def transliterate(word: str) -> str:
    """Russian Cyrillic to plain Latin (BGN/PCGN-like); other characters pass through."""
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in word.lower()).replace("-", "")


@cache
def name_key(word: str) -> str | None:
    """A spelling-tolerant key for a name: 'Марочко', 'Marochko' and "Marochko's" share one."""
    latin = transliterate(word.split("'")[0].split("’")[0])
    for old, new in _FOLDS:
        latin = latin.replace(old, new)
    if len(latin) < 3 or not latin.isascii():
        return None
    return "n:" + latin[:NAME_PREFIX]


# Number words news spells out ("сорок кораблей", "eight kilograms"): Russian by stem, so that every
# case form matches; English whole words. "один"/"one" are left out: mostly not numbers.
_RUSSIAN_NUMBER_STEMS = (
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
    ("шестнадцат", 16),
    ("семнадцат", 17),
    ("восемнадцат", 18),
    ("девятнадцат", 19),
    ("двадцат", 20),
    ("тридцат", 30),
    ("сорок", 40),
    ("пятьдесят", 50),
    ("шестьдесят", 60),
    ("семьдесят", 70),
    ("восемьдесят", 80),
    ("девяност", 90),
    ("одиннадцат", 11),
    ("десят", 10),
    ("девят", 9),
    ("восем", 8),
    ("восьм", 8),
    ("сем", 7),
    ("шест", 6),
    ("пят", 5),
    ("четыр", 4),
    ("тр", 3),
    ("дв", 2),
)
_RUSSIAN_NUMBER_STEMS = tuple(sorted(_RUSSIAN_NUMBER_STEMS, key=lambda pair: -len(pair[0])))  # longest first
_RUSSIAN_NUMBER_WORD = re.compile(
    r"\b(?:два|две|двух|двум|двумя|три|трех|трём|трем|тремя|четыре|четырех|четырём|пять|пяти|шесть|шести|"
    r"семь|семи|восемь|восьми|девять|девяти|десять|десяти|\w+надцать|\w+надцати|двадцать|двадцати|"
    r"тридцать|тридцати|сорок|сорока|пятьдесят|пятидесяти|шестьдесят|семьдесят|восемьдесят|девяносто)\b",
    re.IGNORECASE,
)
_ENGLISH_NUMBER_WORDS = dict(
    zip(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety".split(),
        [*range(2, 21), 30, 40, 50, 60, 70, 80, 90],
        strict=True,
    )
)


def _spelled_numbers(text: str) -> set[str]:
    keys = set()
    for match in _RUSSIAN_NUMBER_WORD.finditer(text):
        word = match.group().lower()
        value = next(value for stem, value in _RUSSIAN_NUMBER_STEMS if word.startswith(stem))
        keys.add(f"d:{value}")
    for word in re.findall(r"[A-Za-z]+", text):
        value = _ENGLISH_NUMBER_WORDS.get(word.lower())
        if value:
            keys.add(f"d:{value}")
    return keys


def number_keys(text: str) -> set[str]:
    """Numbers with thousands separators removed and a decimal comma read as a point; small
    numbers spelled out in words count too."""
    text = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", text)
    keys = set()
    for raw in _NUMBER.findall(text):
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
            raw = raw.replace(",", "")
        keys.add("d:" + (raw.replace(",", ".").lstrip("0").rstrip(".") or "0"))
    return keys | _spelled_numbers(text)


def name_keys(text: str) -> set[str]:
    """Keys of capitalised words and words in Latin script (names, acronyms, brands)."""
    keys = set()
    for word in _WORD.findall(text):
        if word[0].isupper() or word.isascii() and word.islower() is False:
            key = name_key(word)
            if key:
                keys.add(key)
    return keys


# Texts whose anchor keys are remembered: every sentence and span the batch's pairing and searches
# read, about 770 bytes each with its text. Unbounded, 1,000 distinct articles left 55,735 of them
# (about 43 MB) held to the end of the run, and the count grows with the batch.
ANCHOR_MEMO = 65_536


@lru_cache(maxsize=ANCHOR_MEMO)
def _anchor_keys_cached(text: str) -> frozenset[str]:
    return frozenset(number_keys(text) | name_keys(text))


def anchor_keys(text: str, lang: str = "") -> frozenset[str]:
    """Numbers and names of a text, as keys comparable across Russian and English."""
    return _anchor_keys_cached(text)
