"""Fit the link stage's small models and its search floor on the fit set (WMT19 and the even NTREX
stories, built into a batch by `linkbatch`), and print them as the literals of
`pipeline.link.pairing.PAIRING`, `pipeline.link.linking.PROJECTION`, `RENDERING_FLOOR`, `STORY_FLOOR`,
`STORY_DOCUMENTS`, `pairing.RETOLD`, `SEARCH_ACCEPT`, `BATCH_ACCEPT`, `SEARCH_GATES` and `SHORTLIST_GATES`.

- PAIRING: logistic regression over the alignment features of every pair of documents the stage
  would align (each document and its nearest documents in another language), labelled 1 when one of
  the two translates the other (either way round: which side is the translation is decided by what
  the texts state, their dates and their languages, not by this model).
- PROJECTION: logistic regression over (bead cosine, pair probability, narrowing search
  probability) of every quote of the batch's translations projected onto its source, labelled 1 when
  the projected span lies in a source sentence that the quote's sentence renders.
- RENDERING_FLOOR (`pipeline.link.linking`): the largest encoder cosine of a quote with the words the
  batch-wide search found for it that keeps every right find of the batch's English articles that
  translate nothing.
- SEARCH_ACCEPT (`pipeline.link.linking`): logistic regression over (log quote words, rendering
  cosine, locate score) of the batch-wide search's finds for quotes cut from English sentences (1 to
  8 words, not starting or ending with a function word, and whole sentences) of every third fit
  story, with every story's Russian side in one index; labelled 1 when the find lies in the quote's
  own source sentence. The batch's quoting articles quote whole sentences only, so they cannot say
  how far a short find is to be trusted; these cuts can: with its source present, a one-word quote's
  find was right 149 times in 962. For a find in the article a quote's credit points to.
- BATCH_ACCEPT (`pipeline.link.linking`, since link 30): the same over those finds and the finds of
  quotes cut alike from the next third of the fit stories, whose Russian sides the index does not hold
  (all wrong): for the batch-wide search, where most quotes have no original in the batch.
- STORY_DOCUMENTS (`pipeline.link.linking`): how many of the batch's Russian documents nearest an
  English article (document cosine) its quotes that name no foreign outlet are searched in: the
  largest rank of a story's Russian article among them, for the English reports on it of the fit
  set's `fit-reporting-unnamed` batch (their quotes credited to no outlet).
- RETOLD (`pipeline.link.pairing`): the share of an English article in confident beads with a Russian
  one at which it is a report on it: the smallest hundredth above that of every English article of
  the fit and fit-unrelated batches that reports on nothing.
- SEARCH_GATES (`pipeline.link.linking`): for quotes of at least 10, 15, 20 and 25 words (cuts of
  those lengths from the same stories, drawn apart, and the whole sentences), the nearest-sentence
  cosine under which no right find that BATCH_ACCEPT takes was seen.
- SHORTLIST_GATES (`pipeline.link.linking`): per band of quote length (2, 3, 4, 5, 6, 8, 10, 15, 20
  and 25 words up to the next band; the cuts above and the whole sentences), the best shortlist score
  (a sentence's cosine plus its word recall, over the quote's nearest documents) under which no right
  find that BATCH_ACCEPT takes was seen.
"""

from __future__ import annotations

import math
import random
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from bench_align import fit_logistic, hit, load_docs, locate_cases, select
from bench_link import make_batch
from linkbatch import GoldDocument
from linkscore import line_spans, overlaps

from pipeline.core.records import LanguageLabel, ProvenanceRecord, QuoteKind, Status
from pipeline.ingest.documents import IngestSettings, discover, ingest, read_input
from pipeline.link import linking, pairing
from pipeline.link.corpus import Corpus, build_corpus
from pipeline.link.locate import SourceIndex
from pipeline.link.quote_text import FUNCTION_WORDS
from pipeline.quotes.extract import extract_quotes
from pipeline.stages.languages import document_language


def fit(data: Path, keep: Path | None) -> int:
    scratch = keep or Path(tempfile.mkdtemp(prefix="link_fit_"))
    folder = scratch / "fit_batch"
    gold = make_batch(data, "fit", folder)
    corpus, names = _corpus(folder)
    x, y, recall = _pair_rows(corpus, names, gold)
    weights = fit_logistic(np.column_stack([x, np.ones(len(x))]), y)
    pairing.PAIRING = {"weights": tuple(round(float(w), 4) for w in weights[:-1]), "bias": round(float(weights[-1]), 4)}
    predicted = np.array([pairing.probability(row) >= pairing.PARAMS.threshold for row in x])
    print(f"pair rows: {len(y)} ({int(y.sum())} translations); gold pairs among the aligned candidates: {recall:.4f}; "
          f"in-sample accuracy {np.mean(predicted == y):.4f}")
    _print_literal("PAIRING", pairing.PAIRING, f"fit set (WMT19 + even NTREX stories), {len(y)} candidate pairs")
    px, py = _projection_rows(corpus, names, gold)
    weights = fit_logistic(np.column_stack([px, np.ones(len(px))]), py)
    literal = {"weights": tuple(round(float(w), 4) for w in weights[:-1]), "bias": round(float(weights[-1]), 4)}
    print(f"projection rows: {len(py)} quotes, {py.mean():.4f} in the right source sentence")
    _print_literal("PROJECTION", literal, f"fit set (WMT19 + even NTREX stories), {len(py)} projected quotes")
    cosines, right = _search_rows(corpus, names, gold)
    floor = math.floor(100 * min(c for c, r in zip(cosines, right, strict=True) if r)) / 100
    dropped = sum(c < floor for c, r in zip(cosines, right, strict=True) if not r)
    print(f"batch-wide search finds: {sum(right)} right, {len(right) - sum(right)} wrong; RENDERING_FLOOR = {floor} "
          f"(keeps every right one, drops {dropped} wrong ones)")
    story = _story_cosines(corpus, names, gold)
    print(f"STORY_FLOOR = {math.floor(100 * min(story)) / 100}  # the lowest document cosine of {len(story)} English "
          "translations with another outlet's Russian rewrite of their story")
    unnamed = _built(data, "fit-reporting-unnamed", scratch)
    ranks = _story_ranks(*unnamed)
    print(f"STORY_DOCUMENTS = {max(ranks)}  # the largest rank of a story's Russian article by document cosine with "
          f"an English report on it that names no outlet, of {len(ranks)} "
          f"(ranks: {dict(sorted(Counter(ranks).items()))})")
    others = _retold_shares(corpus, names, gold) + _retold_shares(*_built(data, "fit-unrelated", scratch))
    retold = round(math.floor(100 * max(others)) / 100 + 0.01, 2)
    reports = _retold_shares(*unnamed, story_only=True)
    print(f"RETOLD = {retold}  # just above the largest share an English article that reports on nothing retells of a "
          f"Russian one ({len(others)}, fit and fit-unrelated batches); {sum(r >= retold for r in reports)} of the "
          f"{len(reports)} reports of fit-reporting-unnamed that no pair takes reach it")
    stories = select(load_docs(data), "fit", data)
    cases, index = _cut_index(stories)
    finds = _cut_finds(cases, index, CUT_WORDS, with_whole=True, seed=15)
    # quotes cut alike from the stories after each third: the index holds none of their sources, as it
    # holds none for most quotes a batch-wide search reads in a real batch
    orphans = _cut_finds(locate_cases(stories[1::3]), index, CUT_WORDS, with_whole=True, seed=17)
    literal = _acceptance(finds)
    print(f"cut-quote finds: {len(finds)}, {sum(f.right for f in finds)} right; per quote words (right / found): "
          + ", ".join(f"{n}: {sum(f.right for f in finds if f.words == n)}/{sum(f.words == n for f in finds)}"
                      for n in CUT_WORDS))
    _print_literal("SEARCH_ACCEPT", literal, f"every third fit story, {len(finds)} finds of quotes cut from their "
                   "English sentences (1-8 words and whole), one index over their Russian sides")
    literal = _acceptance(finds + orphans)
    _print_literal("BATCH_ACCEPT", literal, f"{len(finds)} finds of quotes cut from the English sentences (1-8 words "
                   f"and whole) of every third fit story, one index over their Russian sides, and {len(orphans)} "
                   "of quotes cut alike from the next third, whose sources it does not hold")
    linking.BATCH_ACCEPT = literal  # the gates keep the finds that this fit, not the shipped one, takes
    long_finds = [f for f in finds if f.whole] + _cut_finds(cases, index, LONG_CUT_WORDS, with_whole=False, seed=16)
    gates = _search_gates(long_finds)
    print(f"SEARCH_GATES = {gates}  # from {len(long_finds)} finds of quotes of 10+ words (cuts and whole sentences)")
    every = finds + [f for f in long_finds if not f.whole]
    print(f"SHORTLIST_GATES = {_shortlist_gates(every)}  # from {len(every)} finds of quotes of 2+ words (cuts and "
          "whole sentences)")
    return 0


CUT_WORDS = (1, 2, 3, 4, 5, 6, 8)
LONG_CUT_WORDS = (10, 15, 20, 25)  # also where the bands of SEARCH_GATES start


@dataclass(frozen=True)
class CutFind:
    """A batch-wide find for a quote cut from a fit story's English sentence (or the whole sentence)."""

    words: int
    whole: bool
    nearest: float  # the quote's cosine with the index's nearest sentence (what the first gate reads)
    cosine: float  # rendering cosine of the quote and the words found
    score: float  # locate score
    right: bool  # the find lies in the quote's own source sentence
    shortlist: float  # the quote's best shortlist score (what the second gate reads)


def _cut_index(stories: list) -> tuple[list, SourceIndex]:
    """Every third of the fit STORIES, and one index over their Russian sides."""
    cases = locate_cases(stories[::3])
    index = SourceIndex()
    for doc, text, _, _ in cases:
        index.add(doc.doc_id, text, "ru")
    return cases, index


def _acceptance(finds: list[CutFind]) -> dict:
    """A logistic regression of a find's rightness over (log quote words, rendering cosine, locate score)."""
    x = np.array([(math.log(f.words), f.cosine, f.score) for f in finds])
    weights = fit_logistic(np.column_stack([x, np.ones(len(x))]), np.array([f.right for f in finds], dtype=float))
    return {"weights": tuple(round(float(w), 4) for w in weights[:-1]), "bias": round(float(weights[-1]), 4)}


def _cut_finds(cases: list, index: SourceIndex, lengths: tuple[int, ...], with_whole: bool, seed: int) -> list[CutFind]:
    """Each batch-wide find (the link stage's gates, no floor) of quotes of LENGTHS words cut from the
    stories' English sentences (and the whole sentences)."""
    rng = random.Random(seed)
    out = []
    for doc, _, spans, _ in cases:
        quotes, golds, whole = [], [], []
        for sentence, gold in zip(doc.en, spans, strict=True):
            asked = [(cut, False) for n in lengths if (cut := _cut(sentence, n, rng))]
            asked += [(sentence, True)] if with_whole else []
            quotes += [text for text, _ in asked]
            whole += [is_whole for _, is_whole in asked]
            golds += [gold] * len(asked)
        found = [hits[0] if hits and hits[0][1].char_start is not None else None
                 for hits in index.search_many(quotes, "en", k=1)]
        cosines = linking.rendering_cosines(quotes, [f[1] if f else None for f in found])
        nearest, shortlist = index.nearest(quotes, "en"), index.shortlist_best(quotes, "en")
        for i, (quote, find, gold) in enumerate(zip(quotes, found, golds, strict=True)):
            if find is not None:
                out.append(CutFind(max(1, len(quote.split())), whole[i], float(nearest[i]), cosines[i],
                                   find[1].score, find[0] == doc.doc_id and hit(find[1], gold), float(shortlist[i])))
    return out


def _right_and_taken(finds: list[CutFind]) -> list[CutFind]:
    """The right finds that BATCH_ACCEPT accepts: what every gate must keep."""
    return [f for f in finds if f.right and linking._credible_find(f.words, f.cosine, f.score)]


def _search_gates(finds: list[CutFind]) -> tuple[tuple[int, float], ...]:
    """Per band of quote length (from each of LONG_CUT_WORDS words up), the nearest-sentence cosine
    under which no right find that BATCH_ACCEPT accepts was seen, rounded down: a longer quote with
    a real original in the batch has a sentence that reads alike, so one farther from every sentence
    costs one vector product, not a close reading."""
    kept = _right_and_taken(finds)
    return tuple((n, math.floor(100 * min(f.nearest for f in kept if f.words >= n)) / 100) for n in LONG_CUT_WORDS)


SHORTLIST_BANDS = (2, 3, 4, 5, 6, 8, 10, 15, 20, 25)  # where the bands of SHORTLIST_GATES start


def _shortlist_gates(finds: list[CutFind]) -> tuple[tuple[int, float], ...]:
    """Per band of quote length (from each of SHORTLIST_BANDS words to the next), the best shortlist
    score under which no right find that BATCH_ACCEPT accepts was seen, rounded down: a quote with a
    real original in the batch has a sentence whose words and whole read alike, so one with none costs
    one reading of its nearest sentences' words, not their spans' encoding."""
    kept = _right_and_taken(finds)
    ends = (*SHORTLIST_BANDS[1:], math.inf)
    return tuple((start, math.floor(100 * min(f.shortlist for f in kept if start <= f.words < end)) / 100)
                 for start, end in zip(SHORTLIST_BANDS, ends, strict=True))


def _cut(sentence: str, n: int, rng: random.Random) -> str | None:
    """N words of SENTENCE in a row, neither the first nor the last a function word (how short quotes
    look: "serious consequences", not "of the"); None when it has no such run."""
    words = [w for w in (w.strip('.,;:!?"“”«»()') for w in sentence.split()) if w]
    if len(words) <= n + 1:  # a cut, not (nearly) the whole sentence
        return None
    starts = [i for i in range(len(words) - n + 1)
              if words[i].lower() not in FUNCTION_WORDS and words[i + n - 1].lower() not in FUNCTION_WORDS]
    if not starts:
        return None
    start = rng.choice(starts)
    return " ".join(words[start : start + n])


def _corpus(folder: Path) -> tuple[Corpus, dict[str, str]]:
    """The batch's documents, ingested and with their languages, as the link stage sees them."""
    settings = IngestSettings()
    documents = []
    for path in discover([str(folder)]):
        document = ingest(path, read_input(path, settings), settings)
        documents.append(_with_language(document))
    return build_corpus(documents), {d.id: Path(d.path).name for d in documents}


def _with_language(document):
    return replace(document, language=document_language(document))


def _pair_rows(corpus: Corpus, names: dict[str, str], gold: list[GoldDocument]):
    pairs = {frozenset((g.name, g.translation_of)) for g in gold if g.translation_of}
    rows, labels, found = [], [], set()
    for first, second, cosine in pairing.nearest_pairs(corpus):
        scored = pairing._align_pair(corpus, first, second, cosine)
        label = frozenset((names[first], names[second])) in pairs
        found |= {frozenset((names[first], names[second]))} if label else set()
        rows += [scored.features, pairing._reversed(scored).features]
        labels += [label, label]
    return np.array(rows), np.array(labels, dtype=float), len(found) / len(pairs)


def _story_cosines(corpus: Corpus, names: dict[str, str], gold: list[GoldDocument]) -> list[float]:
    """How alike two articles of one story by different outlets read as wholes: each English translation
    with the other outlet's Russian rewrite of its story."""
    by_name = {name: doc_id for doc_id, name in names.items()}
    rewrites = {g.story: by_name[g.name] for g in gold if g.role == "rewrite"}
    return [float(corpus.doc_vector(by_name[g.name]) @ corpus.doc_vector(rewrites[g.story]))
            for g in gold if g.role == "translation" and g.lang == "en" and g.story in rewrites]


def _built(data: Path, which: str, scratch: Path) -> tuple[Corpus, dict[str, str], list[GoldDocument]]:
    """Another fit-side batch, built and read as the link stage sees it."""
    gold = make_batch(data, which, scratch / f"{which}_batch")
    return (*_corpus(scratch / f"{which}_batch"), gold)


def _story_ranks(corpus: Corpus, names: dict[str, str], gold: list[GoldDocument]) -> list[int]:
    """Where each report of the `fit-reporting-unnamed` batch finds its story's Russian article among
    the batch's Russian documents, ordered by document cosine with the report (1: the nearest)."""
    by_name = {name: doc_id for doc_id, name in names.items()}
    articles = {g.story: by_name[g.name] for g in gold if g.role == "original"}
    russian = [doc_id for doc_id in corpus.order if corpus.documents[doc_id].lang == "ru"]
    ranks = []
    for report in (g for g in gold if g.role == "quoting"):
        vector = corpus.doc_vector(by_name[report.name])
        article = float(corpus.doc_vector(articles[report.story]) @ vector)
        ranks.append(1 + sum(float(corpus.doc_vector(doc_id) @ vector) > article for doc_id in russian))
    return ranks


def _retold_shares(corpus: Corpus, names: dict[str, str], gold: list[GoldDocument], story_only: bool = False
                   ) -> list[float]:
    """For each English article that pairing takes as no translation, no source and no report by its
    quotes: the largest share of itself in confident beads with a Russian candidate that is no
    translation (what `pairing.RETOLD` reads); with STORY_ONLY, with an article of its own story."""
    pairs = pairing.pair_all(corpus)
    sources = {pair.document for pair in pairs.values()}
    by_quotes = {doc_id for doc_id, report in corpus.memo["reported"].items() if report.quoted}
    stories = {g.name: g.story for g in gold}
    story = {doc_id: stories[name] for doc_id, name in names.items()}
    shares = []
    for doc_id, candidates in pairing._content_scores(corpus).items():
        if corpus.documents[doc_id].lang != "en" or doc_id in pairs or doc_id in sources or doc_id in by_quotes:
            continue
        found = [float(result.features[pairing._COVERED_TRANSLATION]) for source, result in candidates.items()
                 if corpus.documents[source].lang == "ru" and source not in pairs
                 and (not story_only or story[source] == story[doc_id])]
        shares += [max(found)] if found else []
    return shares


def _projection_rows(corpus: Corpus, names: dict[str, str], gold: list[GoldDocument]):
    by_name = {name: doc_id for doc_id, name in names.items()}
    pairs = pairing.pair_all(corpus)
    rows, labels = [], []
    for g in gold:
        doc_id = by_name.get(g.name)
        paired = pairs.get(doc_id)
        if g.role != "translation" or paired is None or names.get(paired.document) != g.translation_of:
            continue
        document = corpus.documents[doc_id]
        label = document.document.language
        records = [_record(quote, label) for quote in extract_quotes(document.document)]
        source_gold = next(x for x in gold if x.name == g.translation_of)
        source_lines = line_spans(corpus.documents[paired.document].text, source_gold.lines)
        target_lines = line_spans(document.text, g.lines)
        for record, found in zip(records, linking.projections(records, paired, corpus), strict=True):
            if found.location is None or found.location.char_start is None or found.bead_cosine is None:
                continue
            wanted = {g.source_lines[i] for i, span in enumerate(target_lines)
                      if overlaps(span, record.quote.char_start, record.quote.char_end)}
            right = any(overlaps(span, found.location.char_start, found.location.char_end)
                        for j, span in enumerate(source_lines) if j in wanted)
            rows.append((found.bead_cosine, paired.score or 1.0, found.search))
            labels.append(right)
    return np.array(rows), np.array(labels, dtype=float)


def _search_rows(corpus: Corpus, names: dict[str, str], gold: list[GoldDocument]) -> tuple[list[float], list[bool]]:
    """(rendering cosine, right) of every find of the batch-wide search, with no floor, for the quotes
    (titles aside) of the English articles that translate nothing: right when it lies in the Russian
    line of the story that the article quotes."""
    by_name = {name: doc_id for doc_id, name in names.items()}
    golds = {g.name: g for g in gold}
    cosines, right = [], []
    for g in gold:
        if g.lang != "en" or g.role == "translation" or g.name not in by_name:
            continue
        document = corpus.documents[by_name[g.name]]
        quotes = [q for q in extract_quotes(document.document) if q.kind is not QuoteKind.TITLE]
        texts = [q.text for q in quotes]
        found = linking._search(texts, None, corpus, linking._never_sources(document.id, corpus), gated=False)
        locations = [location for _, location, _ in found]
        for text, (doc_id, location, _), cosine in zip(texts, found, linking.rendering_cosines(texts, locations),
                                                       strict=True):
            if location is None:
                continue
            source = golds[names[doc_id]]
            lines = {q["line"] for q in g.quoted
                     if q["story"] == source.story and (q["text"] in text or text in q["text"])}
            spans = line_spans(corpus.documents[doc_id].text, source.lines)
            cosines.append(cosine)
            right.append(any(overlaps(spans[j], location.char_start, location.char_end)
                             for j, k in enumerate(source.source_lines) if k in lines))
    return cosines, right


def _record(quote, label: LanguageLabel) -> ProvenanceRecord:
    return ProvenanceRecord(id="", quote=quote, status=Status.ORIGINAL_UNAVAILABLE, signature="", language=label)


def _print_literal(name: str, model: dict, fitted: str) -> None:
    print(f"{name} = {{")
    print(f'    "weights": ({", ".join(f"{w:.4f}" for w in model["weights"])}),')
    print(f'    "bias": {model["bias"]:.4f},')
    print(f'    "fitted": "{fitted}, logistic regression",\n}}')
