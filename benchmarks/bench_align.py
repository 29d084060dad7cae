"""Benchmark of sentence alignment and quote location on WMT21 newstest ru-en, ours vs plain baselines.

    .venv/bin/python benchmarks/bench_align.py [--data ../shared/data] [--docs odd|even|all]
        [--parts align,locate,draws,speed] [--draws 5]

Prints, in one run:
1. align: strict F1 (a predicted bead counts only if identical to a gold bead; 1-0 and 0-1 beads
   included) on every document (ru src vs English ref A) after seeded injection of merges, splits
   and deletions (see `inject`), per document and for all documents concatenated into one long
   document; vs a plain monotone DP over the cosine of encoded concatenations, beads
   1-1, 1-2, 2-1, 1-0, 0-1.
2. locate: precision@1 of English quotes (whole ref-A sentences, half and third of a sentence cut
   at word boundaries, seeded) located in the Russian document given as paragraphs; vs the most
   similar whole sentence. Then (`draws`, ~3 min) the same p@1 pooled over `--draws` independent
   draws of layouts and cuts, with a 95% interval from resampling documents: the headline locate
   numbers (one draw of 530 half quotes varies by several quotes between draws).
3. speed: align sentences/s and 2,000 x 2,000 time vs the time to encode both sides once;
   locate quotes/s.

Parameters were fitted on the even-numbered documents (in file order); numbers for the report are
on the odd-numbered ones (`--docs odd`, the default).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.link import encoder
from pipeline.link.align import Bead, align, align_vectors

TSV = "wmt21-newstest-ruen/newstest2021.ru-en.news.tsv"
SEED = 20211
RERANK_STRIDE = 3  # the reranker is fitted on every third fit story (`--fit --docs fit --stride 3`)


@dataclass(frozen=True)
class Doc:
    doc_id: str
    ru: tuple[str, ...]
    en: tuple[str, ...]  # ref A
    en_b: tuple[str, ...]


def load_docs(data: Path) -> list[Doc]:
    rows: dict[str, list[list[str]]] = defaultdict(list)
    lines = (data / TSV).read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        fields = line.split("\t")
        rows[fields[0]].append(fields)
    return [
        Doc(doc_id, *(tuple(r[column].strip() for r in rs) for column in (3, 4, 5)))
        for doc_id, rs in rows.items()
    ]


def select(docs: list[Doc], which: str, data: Path | None = None) -> list:
    """WMT21 documents (all, odd, even), or the link stage's fixed split (`linkdata`): `fit` (WMT19,
    News Commentary, even NTREX stories) and `report` (WMT21 and odd NTREX stories)."""
    if which in ("fit", "report"):
        from linkdata import fit_stories, report_stories

        return fit_stories(data) if which == "fit" else report_stories(data)
    if which == "all":
        return docs
    parity = 0 if which == "even" else 1
    return [doc for index, doc in enumerate(docs) if index % 2 == parity]


def chosen_docs(docs: list[Doc], which: str, data: Path, stride: int = 1) -> list:
    """`select`, and `fit-rest`: the fit stories outside the reranker's sample (every RERANK_STRIDE-th
    fit story, `--fit --docs fit --stride 3`), never fitted on; then every `stride`-th of them."""
    if which == "fit-rest":
        picked = [doc for n, doc in enumerate(select(docs, "fit", data)) if n % RERANK_STRIDE]
    else:
        picked = select(docs, which, data)
    return picked[::stride]


# ---------------------------------------------------------------- alignment with injected noise

GoldBead = tuple[tuple[int, ...], tuple[int, ...]]


def split_sentence(sentence: str) -> tuple[str, str] | None:
    """Split at the clause boundary (, ; : —) nearest the middle, else at the middle word."""
    words = sentence.split()
    if len(words) < 8:
        return None
    middle = len(sentence) / 2
    cuts = [m.end() for m in re.finditer(r"[,;:—–] ", sentence) if 0.25 < m.end() / len(sentence) < 0.75]
    if cuts:
        cut = min(cuts, key=lambda c: abs(c - middle))
    else:
        cut = len(" ".join(words[: len(words) // 2])) + 1
    return sentence[:cut].strip(), sentence[cut:].strip()


def inject(ru: tuple[str, ...], en: tuple[str, ...], rng: random.Random):
    """Walk the 1-1 pairs; at each: 10% merge two English sentences (gold 2-1), 10% merge two Russian
    (1-2), 10% split the English at a clause boundary (1-2), 5% drop the English (1-0), 5% drop
    the Russian (0-1); otherwise keep 1-1."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[GoldBead] = []
    k = 0
    while k < len(ru):
        roll = rng.random()
        s0, t0 = len(src), len(tgt)
        pair = k + 1 < len(ru)
        halves = split_sentence(en[k])
        if roll < 0.10 and pair:
            src += [ru[k], ru[k + 1]]
            tgt.append(en[k] + " " + en[k + 1])
            gold.append(((s0, s0 + 1), (t0,)))
            k += 2
            continue
        if roll < 0.20 and pair:
            src.append(ru[k] + " " + ru[k + 1])
            tgt += [en[k], en[k + 1]]
            gold.append(((s0,), (t0, t0 + 1)))
            k += 2
            continue
        if roll < 0.30 and halves:
            src.append(ru[k])
            tgt += list(halves)
            gold.append(((s0,), (t0, t0 + 1)))
        elif 0.30 <= roll < 0.35:
            src.append(ru[k])
            gold.append(((s0,), ()))
        elif 0.35 <= roll < 0.40:
            tgt.append(en[k])
            gold.append(((), (t0,)))
        else:
            src.append(ru[k])
            tgt.append(en[k])
            gold.append(((s0,), (t0,)))
        k += 1
    return src, tgt, gold


def strict_counts(pred: list[Bead], gold: list[GoldBead]) -> tuple[int, int, int]:
    predicted = {(b.src, b.tgt) for b in pred}
    expected = set(gold)
    return len(predicted & expected), len(predicted), len(expected)


def f1(hit: int, predicted: int, expected: int) -> float:
    precision = hit / max(predicted, 1)
    recall = hit / max(expected, 1)
    return 2 * precision * recall / max(precision + recall, 1e-12)


def baseline_align(src: list[str], tgt: list[str], skip: float = 0.4) -> list[Bead]:
    """Plain monotone DP: maximise the summed (cosine of the encoded concatenation - skip)."""
    types = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
    n, m = len(src), len(tgt)
    src_runs = {(i, a): " ".join(src[i : i + a]) for a in (1, 2) for i in range(n - a + 1)}
    tgt_runs = {(j, b): " ".join(tgt[j : j + b]) for b in (1, 2) for j in range(m - b + 1)}
    src_keys, tgt_keys = list(src_runs), list(tgt_runs)
    sv = dict(zip(src_keys, encoder.encode([src_runs[k] for k in src_keys]), strict=True))
    tv = dict(zip(tgt_keys, encoder.encode([tgt_runs[k] for k in tgt_keys]), strict=True))
    best = np.full((n + 1, m + 1), -np.inf)
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for a, b in types:
                if i < a or j < b or best[i - a, j - b] == -np.inf:
                    continue
                gain = float(sv[(i - a, a)] @ tv[(j - b, b)]) - skip if a and b else 0.0
                if best[i - a, j - b] + gain > best[i, j]:
                    best[i, j] = best[i - a, j - b] + gain
                    back[(i, j)] = (a, b)
    beads = []
    i, j = n, m
    while i or j:
        a, b = back[(i, j)]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), 0.0))
        i, j = i - a, j - b
    return beads[::-1]


def injected_docs(docs: list[Doc]):
    out = []
    for index, doc in enumerate(docs):
        rng = random.Random(f"{SEED}:{doc.doc_id}:{index}")
        out.append(inject(doc.ru, doc.en, rng))
    return out


def bench_align(docs: list[Doc], aligner=None) -> dict[str, float]:
    aligner = aligner or (lambda s, t: align(s, t, "ru", "en"))
    cases = injected_docs(docs)
    ours, base = [0, 0, 0], [0, 0, 0]
    for src, tgt, gold in cases:
        for total, pred in ((ours, aligner(src, tgt)), (base, baseline_align(src, tgt))):
            for slot, value in enumerate(strict_counts(pred, gold)):
                total[slot] += value
    long_src, long_tgt, long_gold = [], [], []
    for src, tgt, gold in cases:
        s0, t0 = len(long_src), len(long_tgt)
        long_gold += [(tuple(s + s0 for s in gs), tuple(t + t0 for t in gt)) for gs, gt in gold]
        long_src += src
        long_tgt += tgt
    long_pred = aligner(long_src, long_tgt)
    return {
        "ours_f1": f1(*ours),
        "baseline_f1": f1(*base),
        "long_f1": f1(*strict_counts(long_pred, long_gold)),
        "beads": sum(len(g) for _, _, g in cases),
        "long_sentences": len(long_src) + len(long_tgt),
    }


def bench_align_speed(docs: list[Doc]) -> dict[str, float]:
    """2,000 x 2,000: every ru sentence twice (second copy in reversed document order) against
    ref A then ref B, so the gold is 1-1 throughout. align time = encoding both sides once + the
    rest of `align` (first pass, band DP, re-scoring with its own encodes), each best of two:
    timing the encoder alone varied from 4 s to 75 s for the same 4,000 sentences on this
    shared machine, so one end-to-end measurement says more about the neighbours than the code."""
    src = [s for d in docs for s in d.ru] + [s for d in docs[::-1] for s in d.ru]
    tgt = [s for d in docs for s in d.en] + [s for d in docs[::-1] for s in d.en_b]
    src, tgt = src[:2000], tgt[:2000]
    encoder.encode(src[:50])
    encode_runs, rest_runs = [], []
    for _ in range(2):  # interleaved, best of two: the machine is shared
        start = time.perf_counter()
        src_vectors, tgt_vectors = encoder.encode(src), encoder.encode(tgt)
        encode_runs.append(time.perf_counter() - start)
        start = time.perf_counter()  # everything `align` does after encoding, re-scoring encodes included
        beads = align_vectors(src, tgt, src_vectors, tgt_vectors, "ru", "en", encode=encoder.encode)
        rest_runs.append(time.perf_counter() - start)
    encode_s, rest_s = min(encode_runs), min(rest_runs)
    align_s = encode_s + rest_s
    gold = [((i,), (i,)) for i in range(len(src))]
    return {
        "sentences": len(src) + len(tgt),
        "encode_s": encode_s,
        "align_s": align_s,
        "rest_s": rest_s,
        "ratio": align_s / encode_s,
        "sentences_per_s": (len(src) + len(tgt)) / align_s,
        "f1": f1(*strict_counts(beads, gold)),
    }


# ---------------------------------------------------------------- quote location

KINDS = ("full", "half", "third")


def paragraphs(ru: tuple[str, ...], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """The Russian document as paragraphs of 1-3 sentences (a sentence without final punctuation,
    such as a headline, ends its paragraph); returns the text and each sentence's span."""
    text, spans, in_paragraph, size = "", [], 0, rng.randint(1, 3)
    for sentence in ru:
        if in_paragraph:
            text += " "
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence
        in_paragraph += 1
        if in_paragraph >= size or not re.search(r"[.!?…][\"»”')]*$", sentence):
            text += "\n\n"
            in_paragraph, size = 0, rng.randint(1, 3)
    return text.rstrip(), spans


def cut_quote(sentence: str, kind: str, rng: random.Random) -> str:
    """A contiguous run of whole words: all, half or a third of them (at least 3 words)."""
    words = sentence.split()
    if kind == "full":
        return sentence
    size = max(3, round(len(words) / (2 if kind == "half" else 3)))
    if size >= len(words):
        return sentence
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size]).strip('"“”«»,;:')


def locate_cases(docs: list[Doc], draw: int = 0):
    """Each document as paragraphs and its quotes of every kind; `draw` > 0 draws another layout and
    other cuts of the same sentences (draw 0 is the benchmark's fixed sample)."""
    cases = []
    for index, doc in enumerate(docs):
        rng = random.Random(f"{SEED}:locate:{doc.doc_id}:{index}" + (f":{draw}" if draw else ""))
        text, spans = paragraphs(doc.ru, rng)
        quotes = {kind: [cut_quote(en, kind, rng) for en in doc.en] for kind in KINDS}
        cases.append((doc, text, spans, quotes))
    return cases


def pair_quotes(doc: Doc, spans: list[tuple[int, int]]) -> tuple[list[str], list[tuple[int, int]]]:
    """Quotes of two sentences (English sentences 1+2, 3+4, ...; a quote is often two sentences long)
    and their gold: the span from the first Russian sentence to the second."""
    starts = range(0, len(spans) - 1, 2)
    return [f"{doc.en[k]} {doc.en[k + 1]}" for k in starts], [(spans[k][0], spans[k + 1][1]) for k in starts]


def covers(location, gold: tuple[int, int]) -> bool:
    """Stricter than `hit`, for quotes of whole sentences: the span and the gold share at least 3/4 of
    each (one sentence of two is half an answer, and so is a sentence with its neighbour, unless the
    one is most of the text)."""
    if location.char_start is None:
        return False
    overlap = min(location.char_end, gold[1]) - max(location.char_start, gold[0])
    return overlap >= 0.75 * max(location.char_end - location.char_start, gold[1] - gold[0])


def hit(location, gold: tuple[int, int], share: float = 0.5) -> bool:
    """Right: at least SHARE of the located text lies in the gold sentence."""
    if location.char_start is None:
        return False
    overlap = min(location.char_end, gold[1]) - max(location.char_start, gold[0])
    return overlap >= share * (location.char_end - location.char_start)


def within(location, gold: tuple[int, int]) -> bool:
    """What the reranker learns as right for a whole-sentence quote: 3/4 of the located text in the
    gold sentence (a `hit`, but not the sentence with a neighbour as long as itself)."""
    return hit(location, gold, 0.75)


def same_words(location, text: str, gold: tuple[int, int]) -> bool:
    """A secondary criterion, reported next to `hit` and never instead of it: right, or the located
    text (3+ words) occurs word for word in the gold sentence (a headline that the lead sentence
    repeats: the analyst gets the same original words, at another place in the document)."""
    if hit(location, gold):
        return True
    if location.char_start is None:
        return False
    found = " ".join(text[location.char_start : location.char_end].lower().split()).strip(".,;:!?\"«»“”- ")
    return len(found.split()) >= 3 and found in " ".join(text[gold[0] : gold[1]].lower().split())


def baseline_locate(quotes: list[str], text: str) -> list:
    from pipeline.link.locate import Location
    from pipeline.text.segment import split_sentences

    spans = split_sentences(text, "ru")
    sims = encoder.encode(quotes) @ encoder.encode([text[a:b] for a, b in spans]).T
    return [Location(*spans[int(row.argmax())], None, float(row.max()), "sentence") for row in sims]


def bench_locate(docs: list[Doc]) -> dict:
    from pipeline.link.locate import SourceIndex, locate
    from pipeline.link.locate_model import MIN_SCORE

    cases = locate_cases(docs)
    ours = {kind: [] for kind in KINDS}  # (hit, calibrated score) per quote
    same = {kind: [] for kind in KINDS}  # right or the same words elsewhere (`same_words`)
    base = {kind: [] for kind in KINDS}
    start = time.perf_counter()
    for _doc, text, spans, quotes in cases:
        found = locate([q for kind in KINDS for q in quotes[kind]], text, "en", "ru", min_score=0.0)
        for offset, kind in enumerate(KINDS):
            mine = found[offset * len(spans) : (offset + 1) * len(spans)]
            ours[kind] += [(hit(loc, gold), loc.score) for loc, gold in zip(mine, spans, strict=True)]
            same[kind] += [same_words(loc, text, gold) for loc, gold in zip(mine, spans, strict=True)]
    seconds = time.perf_counter() - start
    pairs: dict[str, list[bool]] = {"ours": [], "baseline": []}
    for doc, text, spans, _ in cases:
        quotes, golds = pair_quotes(doc, spans)
        if quotes:
            pairs["ours"] += map(covers, locate(quotes, text, "en", "ru", min_score=0.0), golds)
            pairs["baseline"] += map(covers, baseline_locate(quotes, text), golds)
    for _doc, text, spans, quotes in cases:
        for kind in KINDS:
            found = baseline_locate(quotes[kind], text)
            base[kind] += [hit(loc, gold) for loc, gold in zip(found, spans, strict=True)]
    # Quotes whose source is absent: each document's half quotes searched in the next document.
    absent = []
    for (_, _, _, quotes), (_, other, _, _) in zip(cases, cases[1:] + cases[:1], strict=True):
        absent += [loc.char_start is not None for loc in locate(quotes["half"], other, "en", "ru")]
    # Many documents: one index over all of them; right document and sentence at rank 1.
    index = SourceIndex(min_score=0.0)
    for doc, text, _, _ in cases:
        index.add(doc.doc_id, text, "ru")
    index_hits = {kind: [] for kind in KINDS}
    index_start = time.perf_counter()
    for doc, _, spans, quotes in cases:
        for kind in KINDS:
            for hits, gold in zip(index.search_many(quotes[kind], "en", k=3), spans, strict=True):
                index_hits[kind].append(bool(hits) and hits[0][0] == doc.doc_id and hit(hits[0][1], gold))
    index_seconds = time.perf_counter() - index_start
    total = sum(len(v) for v in ours.values())
    kept = {k: [h for h, score in v if score >= MIN_SCORE] for k, v in ours.items()}
    return {
        "ours": {k: float(np.mean([h for h, _ in v])) for k, v in ours.items()},
        "hits": {k: sum(h for h, _ in v) for k, v in ours.items()},
        "same_words": {k: float(np.mean(v)) for k, v in same.items()},
        "kept": {k: len(kept[k]) / len(ours[k]) for k in KINDS},
        "kept_precision": {k: float(np.mean(kept[k])) if kept[k] else 0.0 for k in KINDS},
        "baseline": {k: float(np.mean(v)) for k, v in base.items()},
        "index": {k: float(np.mean(v)) for k, v in index_hits.items()},
        "count": {k: len(v) for k, v in ours.items()},
        "quotes_per_s": total / seconds,
        "index_quotes_per_s": total / index_seconds,
        "absent_found": float(np.mean(absent)),
        "pairs": {name: float(np.mean(v)) for name, v in pairs.items()},
        "pair_count": len(pairs["ours"]),
        "absent": len(absent),
        "documents": len(cases),
        "min_score": MIN_SCORE,
    }


def bench_locate_draws(docs: list[Doc], draws: int) -> dict[str, dict[str, np.ndarray]]:
    """Hits of ours and of the baseline per kind, draw and document, in each of `draws` independent
    draws of paragraphs and cut quotes (draw 0 is the sample `bench_locate` uses): a larger sample of
    fragments, so that p@1 gets an honest sampling error."""
    from pipeline.link.locate import locate

    hits = {name: {kind: np.zeros((draws, len(docs)), dtype=int) for kind in KINDS} for name in ("ours", "baseline")}
    for draw in range(draws):
        for number, (_doc, text, spans, quotes) in enumerate(locate_cases(docs, draw)):
            found = locate([q for kind in KINDS for q in quotes[kind]], text, "en", "ru", min_score=0.0)
            for offset, kind in enumerate(KINDS):
                mine = found[offset * len(spans) : (offset + 1) * len(spans)]
                plain = baseline_locate(quotes[kind], text)
                for name, located in (("ours", mine), ("baseline", plain)):
                    hits[name][kind][draw, number] = sum(map(hit, located, spans))
    return hits


def document_interval(hits: np.ndarray, sizes: np.ndarray, resamples: int = 2000) -> tuple[float, float]:
    """95% interval of pooled p@1 when the documents are resampled (fragments of one document are not
    independent: headlines repeated by the lead, short documents)."""
    rng = np.random.default_rng(SEED)
    per_doc = hits.sum(axis=0)
    picks = rng.integers(0, len(sizes), size=(resamples, len(sizes)))
    rates = per_doc[picks].sum(axis=1) / (sizes[picks].sum(axis=1) * hits.shape[0])
    low, high = np.percentile(rates, [2.5, 97.5])
    return float(low), float(high)


def report_locate_draws(docs: list[Doc], draws: int) -> None:
    hits = bench_locate_draws(docs, draws)
    sizes = np.array([len(doc.en) for doc in docs])
    n = int(sizes.sum()) * draws
    for kind in KINDS:
        per_draw = hits["ours"][kind].sum(axis=1)
        low, high = document_interval(hits["ours"][kind], sizes)
        print(
            f"locate p@1 {kind:5} over {draws} draws ({n} quotes): OURS {per_draw.sum() / n:.4f} "
            f"({per_draw.sum()}; per draw {' '.join(str(h) for h in per_draw)} of {sizes.sum()}; 95% "
            f"interval, documents resampled: {low:.4f}-{high:.4f})  baseline "
            f"{hits['baseline'][kind].sum() / n:.4f}"
        )


def bench_index_cost(docs: list[Doc]) -> dict:
    """Cost of a `SourceIndex` over the documents (as paragraphs): seconds to add them all and
    answer a first search (the index encodes on first use), and the Python-allocated memory it
    holds afterwards (tracemalloc, in a second build: tracing slows the first), per document;
    then seconds per quote for half quotes searched against it."""
    import tracemalloc

    from pipeline.link.locate import SourceIndex

    cases = locate_cases(docs)
    encoder.encode(["warm up the encoder"])

    def build() -> SourceIndex:
        index = SourceIndex(min_score=0.0)
        for doc, text, _, _ in cases:
            index.add(doc.doc_id, text, "ru")
        index.search("The parade took place on Sunday", "en", k=1)
        return index

    start = time.perf_counter()
    index = build()
    build_s = time.perf_counter() - start
    quotes = [q for _, _, _, quotes in cases[:10] for q in quotes["half"]]
    start = time.perf_counter()
    index.search_many(quotes, "en", k=1)
    search_s = time.perf_counter() - start
    del index
    tracemalloc.start()
    index = build()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "documents": len(index.docs),
        "build_s_per_doc": build_s / len(cases),
        "bytes_per_doc": held / len(cases),
        "search_s_per_quote": search_s / len(quotes),
    }


def report_locate(docs: list[Doc]) -> None:
    result = bench_locate(docs)
    for kind in KINDS:
        print(
            f"locate p@1 {kind:5} ({result['count'][kind]} quotes): OURS {result['ours'][kind]:.4f} "
            f"({result['hits'][kind]}; same words {result['same_words'][kind]:.4f})  "
            f"baseline {result['baseline'][kind]:.4f}  |  score >= {result['min_score']}: "
            f"{result['kept'][kind]:.3f} located, {result['kept_precision'][kind]:.4f} of them right  |  "
            f"among all {result['documents']} documents (SourceIndex): {result['index'][kind]:.4f}"
        )
    print(
        f"locate p@1 two-sentence quotes ({result['pair_count']}; right = `covers`): OURS "
        f"{result['pairs']['ours']:.4f}  baseline {result['pairs']['baseline']:.4f}"
    )
    print(
        f"locate: {result['absent']} quotes whose source is absent, given offsets anyway: "
        f"{result['absent_found']:.4f}; speed {result['quotes_per_s']:.1f} quotes/s (one document "
        f"each), {result['index_quotes_per_s']:.1f} quotes/s (index over all documents, built before)"
    )
    cost = bench_index_cost(docs)
    print(
        f"SourceIndex over {cost['documents']} documents: build {cost['build_s_per_doc']:.3f} s/document, "
        f"{cost['bytes_per_doc'] / 1e6:.3f} MB/document held; search {cost['search_s_per_quote']:.3f} "
        "s/quote (half quotes)"
    )


# ---------------------------------------------------------------- fitting the reranker and calibration


@dataclass
class QuoteRows:
    """One quote's shortlisted sentences: rerank features, labels (its best span is right)."""

    doc: int
    kind: str
    words: int
    features: np.ndarray
    labels: np.ndarray
    ranks: np.ndarray
    wrong_document: bool = False


def training_rows(docs: list[Doc], params=None) -> list[QuoteRows]:
    """Every quote of `docs` (whole, half and third sentences, and two sentences: `pair_quotes`)
    searched in its own document, and each document's half quotes searched in the next document (all
    labels 0: for the calibration). Labels: `within` for whole sentences, `covers` for two, `hit` for
    fragments."""
    from pipeline.link.locate import SourceIndex
    from pipeline.link.locate_model import PARAMS
    from pipeline.link.sentences import WORD

    cases = locate_cases(docs)
    rows = []
    pairs = zip(cases, cases[1:] + cases[:1], strict=True)
    for number, ((doc, text, spans, quotes), (_, other, _, _)) in enumerate(pairs):
        two, two_gold = pair_quotes(doc, spans)
        for source, wrong in ((text, False), (other, True)):
            index = SourceIndex(params=params or PARAMS, min_score=0.0)
            index.add("d", source, "ru")
            asked = {"half": (quotes["half"], spans, hit)} if wrong else {
                "full": (quotes["full"], spans, within),
                **{kind: (quotes[kind], spans, hit) for kind in ("half", "third")},
                "pair": (two, two_gold, covers),
            }
            for kind, (texts, golds, right) in asked.items():
                for (query, found), gold in zip(index.candidates_of(texts, "en"), golds, strict=True):
                    labels = [not wrong and right(_location(index, c.span), gold) for c in found]
                    rows.append(
                        QuoteRows(
                            number,
                            kind,
                            max(1, len(WORD.findall(query.text))),
                            np.array([c.features for c in found]),
                            np.array(labels, dtype=float),
                            np.array([c.rank for c in found]),
                            wrong,
                        )
                    )
    return rows


def _location(index, span):
    from pipeline.link.locate import Location

    start, end = index._char_span(span)
    return Location(start, end, None, 0.0, span.method)


def fit_rerank(rows: list[QuoteRows], l2: float = 1e-2, steps: int = 3000, weight: dict | None = None) -> dict:
    """Conditional logit: maximise sum over quotes of log(sum of the softmax over its candidates of
    the right ones), quotes with no right candidate left out; plain gradient ascent (Adam) on
    standardised features, seeded by nothing (deterministic)."""
    usable = [r for r in rows if not r.wrong_document and r.labels.any()]
    stacked = np.concatenate([r.features for r in usable])
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
    groups = np.concatenate([[g] * len(r.labels) for g, r in enumerate(usable)])
    x = (stacked - mean) / scale
    y = np.concatenate([r.labels for r in usable])
    quote_weight = np.array([(weight or {}).get(r.kind, 1.0) for r in usable])
    quote_weight = quote_weight / quote_weight.mean()
    w = np.zeros(x.shape[1])
    w[0] = 1.0
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, steps + 1):
        u = x @ w
        u_max = np.zeros(len(usable))
        np.maximum.at(u_max, groups, u)
        e = np.exp(u - u_max[groups])
        z_all = np.bincount(groups, e)
        z_pos = np.bincount(groups, e * y)
        grad_rows = ((e * y / z_pos[groups] - e / z_all[groups]) * quote_weight[groups])[:, None] * x
        grad = grad_rows.sum(axis=0) / len(usable) - l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w += 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return {"mean": mean, "scale": scale, "weights": w}


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 25) -> np.ndarray:
    """Logistic regression by Newton's method; the last column of x is the bias (1s)."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (y - p) - l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w += np.linalg.solve(hessian, grad)
    return w


def calibration_table(rows: list[QuoteRows], utility) -> tuple[np.ndarray, np.ndarray]:
    """Per quote: [top utility, margin over the next sentence, log words, 1] and whether it is right."""
    x, y = [], []
    for r in rows:
        u = utility(r.features)
        order = np.argsort(-u, kind="stable")
        margin = u[order[0]] - u[order[1]] if len(u) > 1 else 1.0
        x.append([u[order[0]], margin, np.log(r.words), 1.0])
        y.append(r.labels[order[0]])
    return np.array(x), np.array(y)


def fit_gates(docs: list[Doc], keep: float = 0.995) -> tuple[float, float]:
    """`LocateParams.cosine_gate` and `shortlist_gate`: each the score that KEEP of the third-of-sentence
    quotes of DOCS reach in their own document (the hardest true quotes; a gate is a quantile of them)."""
    from pipeline.link.locate import SourceIndex

    cosines, shortlist = [], []
    for _doc, text, _spans, quotes in locate_cases(docs):
        index = SourceIndex(min_score=0.0)
        index.add("d", text, "ru")
        index._encode_pending()
        every = np.arange(len(index.sentences))
        for batch in index._queries(quotes["third"], "en"):
            for query, cos in zip(batch, index._all_cosines(batch), strict=True):
                columns = index._read_closely(cos, every)
                recall = index._recall(query, columns)
                cosines.append(float(cos.max()))
                shortlist.append(float(index._shortlist_scores(recall, cos, columns).max()))
    quantile = 100 * (1 - keep)
    return float(np.percentile(cosines, quantile)), float(np.percentile(shortlist, quantile))


def report_fit(docs: list[Doc], which: str) -> int:
    """Fit the sentence reranker, then the calibration on its utilities; print both as the
    literals of `pipeline.link.locate_model` (RERANK, CALIBRATION) and the in-sample p@1."""
    rows = training_rows(docs)
    model = fit_rerank(rows)

    def utility(features: np.ndarray) -> np.ndarray:
        return ((features - model["mean"]) / model["scale"]) @ model["weights"]

    x, y = calibration_table(rows, utility)
    calibration = fit_logistic(x, y)
    wrong = sum(r.wrong_document for r in rows)
    fitted = f"{which} stories ({len(docs)}): {len(rows) - wrong} quotes + {wrong} in a wrong one"
    print("RERANK = {")
    for name in ("mean", "scale", "weights"):
        values = [f"{v:.4f}" for v in model[name]]
        lines = [", ".join(values[i : i + 9]) for i in range(0, len(values), 9)]
        print(f'    "{name}": (\n        ' + ",\n        ".join(lines) + ",\n    ),")
    print(f'    "fitted": "{fitted}, conditional logit",\n}}')
    print("CALIBRATION = {")
    print(f'    "weights": ({", ".join(f"{v:.4f}" for v in calibration[:3])}),')
    print(f'    "bias": {calibration[3]:.4f},\n    "fitted": "{fitted}, logistic regression",\n}}')
    for kind in (*KINDS, "pair"):
        chosen = [r.labels[np.argmax(utility(r.features))] for r in rows if r.kind == kind and not r.wrong_document]
        shortlisted = [r.labels.any() for r in rows if r.kind == kind and not r.wrong_document]
        print(f"in-sample p@1 {kind}: {np.mean(chosen):.4f} (right sentence shortlisted {np.mean(shortlisted):.4f})")
    cosine_gate, shortlist_gate = fit_gates(docs)
    print(f"gates that would keep 99.5% of third-of-sentence quotes: cosine_gate {cosine_gate:.3f}, "
          f"shortlist_gate {shortlist_gate:.3f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--docs", choices=("odd", "even", "all", "fit", "fit-rest", "report"), default="report",
                        help="fit-rest: the fit stories outside the reranker's sample (`--docs fit --stride 3`)")
    parser.add_argument("--parts", default="align,locate,draws,speed")
    parser.add_argument("--draws", type=int, default=5, help="draws of cut quotes for the `draws` part")
    parser.add_argument("--fit", action="store_true", help="fit the locate reranker and calibration on --docs")
    parser.add_argument("--stride", type=int, default=1, help="use every n-th document of --docs (a smaller sample)")
    args = parser.parse_args(argv)
    docs = load_docs(Path(args.data))
    chosen = chosen_docs(docs, args.docs, Path(args.data), args.stride)
    if args.fit:
        return report_fit(chosen, args.docs)
    parts = args.parts.split(",")
    print(f"{len(chosen)} documents ({args.docs}); shared 2-core machine")
    if "align" in parts:
        result = bench_align(chosen)
        print(
            f"align strict F1 ({result['beads']} gold beads): OURS {result['ours_f1']:.4f}  "
            f"baseline {result['baseline_f1']:.4f}  |  one long document "
            f"({result['long_sentences']} sentences): OURS {result['long_f1']:.4f}"
        )
    if "locate" in parts:
        report_locate(chosen)
    if "draws" in parts:
        report_locate_draws(chosen, args.draws)
    if "speed" in parts:
        speed = bench_align_speed(docs)
        print(
            f"align speed 2000x2000: encode both sides {speed['encode_s']:.2f}s, the rest of align "
            f"{speed['rest_s']:.2f}s, align = {speed['ratio']:.2f}x encode; {speed['sentences_per_s']:.0f} "
            f"sentences/s; strict F1 {speed['f1']:.4f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
