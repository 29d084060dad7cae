"""Document pairing: which document of the batch (or which named article) each document translates.

From what the text states: a credit line ("Original article by X. Translated by Y."), a footnote or
source line whose URL or title matches a document of the batch. From the content: the nearest
documents in another language (document vectors) are aligned sentence by sentence as a whole, and a
logistic model over the alignment (`PAIRING`: how much of each side pairs with a confident bead, the
mean bead cosine, the document cosine, the length ratio) gives the probability that one translates
the other. A shortened rewrite covers only part of its original, and an article that quotes a few
sentences covers little of itself: neither reads as a translation. An article that quotes a document's
outlet as its speaker ("“…,” Kommersant reported") reports on that document, however closely it
retells it, unless it credits a translator; so does an English article that gives quoted words to a
publication it does not name ("“…,” the newspaper reported") and would otherwise be taken for a
translation. An English article that no pair takes but that retells enough of a Russian one
(`RETOLD` of itself in confident beads) reports on it too: its quotes are found through the
alignment as a quoting report's are.

Which side is the translation: the one whose text says so (a credit line, a source it names), else
the later-dated one, else the one an outlet that publishes translations carried (InoSMI: the outlet
registry's `translates`), else, for a Russian-English pair, the Russian one when the direction model
(`direction`: translationese, function words and punctuation) is confident the English is the
original, else the English one (the batches this tool reads are English articles and their
sources); with none of these, neither is claimed. The pair's evidence says which of these decided,
so that a direction the texts state is not mistaken for one that was assumed. Stated pairs are taken
first, then content pairs likeliest first, and a document that another one translates is not itself
taken as a translation (two outlets' reports of one event can align well; their real translations
align better).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from pipeline.core.records import AlignedSentences, Citation, TranslationOf
from pipeline.link import direction, encoder
from pipeline.link.align import PARAMS as ALIGN_PARAMS
from pipeline.link.align import Bead, align_vectors
from pipeline.link.corpus import Corpus, CorpusDocument, normalize_url
from pipeline.quotes.citations import extract_citations
from pipeline.quotes.outlets import credits_a_publication, load_registry, registry_digest

VERSION = "9"
ENGLISH = "en"
RUSSIAN = "ru"


@dataclass(frozen=True)
class PairingParams:
    candidates: int = 3  # nearest documents in another language aligned with each document
    min_cosine: float = 0.45  # document cosine below which two documents are not aligned
    bead_cosine: float = 0.5  # a bead at least this similar counts as a confident sentence pair
    threshold: float = 0.5  # probability at which a content pair is claimed


PARAMS = PairingParams()
FEATURES = ("covered_translation", "covered_source", "bead_cosine", "document_cosine", "length_ratio")
_COVERED_TRANSLATION = FEATURES.index("covered_translation")
# Logistic model over FEATURES, fitted by `benchmarks/bench_link.py --fit` (see docs/link.md).
PAIRING = {
    "weights": (13.0074, 13.0074, 4.8506, -9.3631, -12.4801),
    "bias": -10.7084,
    "fitted": "fit set (WMT19 + even NTREX stories), 1426 candidate pairs, logistic regression",
}


# An English article that translates nothing but has this share of itself in confident beads with a
# Russian article of the batch retells it: a report on it, as one that quotes the article's outlet is.
# Just above every English article of the fit batches that reports on nothing (`bench_link.py --fit`:
# the fit batch's quoting and standalone articles, fit-unrelated's US news).
RETOLD = 0.32


@dataclass(frozen=True)
class Statement:
    """What a document's text says about the article it renders."""

    source: Citation | None
    evidence: str
    translated: bool  # a translator is named (credit line or metadata)


def settings() -> dict:
    return {"version": VERSION, **asdict(PARAMS), "features": FEATURES, "model": PAIRING, "retold": RETOLD,
            "align": asdict(ALIGN_PARAMS), "encoder": encoder.encoder_version(),
            "direction": direction.model_version(), "outlets": registry_digest()}


def pair_all(corpus: Corpus) -> dict[str, TranslationOf]:
    """Every document's `TranslationOf` (documents that translate nothing are absent); computed once
    per corpus, since which side of a pair is the translation is decided for both at once."""
    if "pairs" not in corpus.memo:
        corpus.memo["pairs"] = _pair_all(corpus)
    return corpus.memo["pairs"]


def reported_source(corpus: Corpus, doc_id: str) -> TranslationOf | None:
    """For a document that translates nothing and reports on one of its nearest documents in another
    language, the two aligned (method "reported"; a `TranslationOf` in form only, never recorded as
    one); else None. A report quotes the article's outlet ("“…,” Kommersant reported"), or, in English,
    retells a Russian article without naming it (`RETOLD`). Its quotes can be projected where its
    sentences render the source's."""
    reports = corpus.memo.setdefault("reports", {})
    if doc_id not in reports:
        found = corpus.memo["reported"].get(doc_id) if doc_id not in pair_all(corpus) else None
        reports[doc_id] = None if found is None else _paired(
            doc_id, found.source, corpus, "reported", _evidence(found.aligned, found.why), found.probability, None,
            aligned=found.aligned)
    return reports[doc_id]


def retells(corpus: Corpus, doc_id: str) -> bool:
    """Whether the document reports on an article it retells without quoting its outlet (`RETOLD`)."""
    if reported_source(corpus, doc_id) is None:
        return False
    return not corpus.memo["reported"][doc_id].quoted


@dataclass(frozen=True)
class _Report:
    source: str
    probability: float  # as a translation of SOURCE, by the pairing model (however unlikely)
    aligned: _Scored
    why: str
    quoted: bool  # the report quotes the source's outlet (else it retells the source)


def _reports(corpus: Corpus, scored: dict) -> dict[str, _Report]:
    """Each document that quotes the outlet of one of its aligned candidates, with the likeliest such
    candidate by the pairing model, however unlikely a translation; and each English document that
    credits quoted words to a publication it does not name, with the likeliest Russian candidate that
    would otherwise be taken for its original."""
    found: dict[str, _Report] = {}
    for report, sources in scored.items():
        quoted = corpus.documents[report].quoted_outlets
        for source, result in sources.items():
            p = probability(result.features)
            if (report not in found or p > found[report].probability) and quoted & corpus.documents[source].own_outlet:
                found[report] = _Report(source, p, result, "it quotes the source's outlet: a report on it", True)
        if report not in found and (unnamed := _unnamed_outlet_report(corpus, report, sources)) is not None:
            found[report] = unnamed
    return found


def _unnamed_outlet_report(corpus: Corpus, report: str, sources: dict[str, _Scored]) -> _Report | None:
    """A translation renders its source's words as its own; an English article that gives words to "the
    newspaper" it never names ("“…,” the newspaper reported") is quoting an article, however closely
    it renders it: a report on the Russian candidate it would otherwise be taken to translate."""
    document = corpus.documents[report]
    if document.lang != ENGLISH or not document.unnamed_outlet_quotes:
        return None
    likeliest = max(((probability(result.features), source, result) for source, result in sources.items()
                     if corpus.documents[source].lang == RUSSIAN), default=None, key=lambda item: (item[0], item[1]))
    if likeliest is None or likeliest[0] < PARAMS.threshold:
        return None
    p, source, result = likeliest
    if all(_source_credits_a_publication(corpus, report, source, result, span)
           for span in document.unnamed_outlet_quotes):
        return None  # a translation of «…», — сообщает издание
    return _Report(source, p, result, "it credits quoted words to a publication it does not name: a report on "
                   "the article it renders", False)


def _source_credits_a_publication(corpus: Corpus, report: str, source: str, aligned: _Scored,
                                  span: tuple[int, int]) -> bool:
    """Whether the source sentences that ALIGNED pairs with the report's sentence holding the quote at
    SPAN give words to a publication themselves (then the report's credit renders the source's)."""
    document = corpus.documents[report]
    held = document.sentence_at(span[0])
    if not document.sentences or not document.sentences[held].start <= span[0] < document.sentences[held].end:
        return False  # in no sentence: no sentence of the source renders it
    source_texts = corpus.documents[source].sentence_texts()
    rendered = [source_texts[i] for bead in aligned.beads if held in bead.tgt for i in bead.src]
    return credits_a_publication(" ".join(rendered))


def _retellings(corpus: Corpus, scored: dict, pairs: dict[str, TranslationOf], reports: dict) -> dict[str, _Report]:
    """Each English document that is no translation, no translation's source and no report by its
    quotes, but renders at least `RETOLD` of itself from a Russian candidate that is no translation:
    a report on the likeliest such candidate."""
    sources = {pair.document for pair in pairs.values()}
    found: dict[str, _Report] = {}
    for report, candidates in scored.items():
        if corpus.documents[report].lang != ENGLISH or report in pairs or report in sources or report in reports:
            continue
        for source, result in candidates.items():
            retold = float(result.features[_COVERED_TRANSLATION])
            if corpus.documents[source].lang != RUSSIAN or source in pairs or retold < RETOLD:
                continue
            p = probability(result.features)
            if report not in found or p > found[report].probability:
                found[report] = _Report(source, p, result, f"it retells {retold:.0%} of itself from the source: a "
                                        "report on it", False)
    return found


def _pair_all(corpus: Corpus) -> dict[str, TranslationOf]:
    statements = {doc_id: statement(document) for doc_id, document in corpus.documents.items()}
    scored = _content_scores(corpus)
    pairs: dict[str, TranslationOf] = {}
    for doc_id, document in corpus.documents.items():
        found = _stated_pair(document, statements[doc_id], corpus, scored)
        if found is not None:
            pairs[doc_id] = found
    sources = {pair.document for pair in pairs.values()}
    reports = corpus.memo["reported"] = _reports(corpus, scored)  # the only alignments kept past pairing
    for probability, translation, source, ground in _content_candidates(corpus, statements, scored, set(pairs),
                                                                         reports):
        # the likeliest pairs first; a document another one translates is not itself a translation
        if translation in pairs or translation in sources:
            continue
        pairs[translation] = _paired(translation, source, corpus, "content",
                                     _evidence(scored[translation][source], ground), probability, None,
                                     first=scored[translation][source])
        sources.add(source)
    for doc_id, said in statements.items():
        if doc_id not in pairs and said.translated:  # a translation of an article that is not in the batch
            source = said.source or Citation()
            pairs[doc_id] = TranslationOf(None, source.url, source.original_title or source.title, source.outlet,
                                          None, "stated", said.evidence)
    reports.update(_retellings(corpus, scored, pairs, reports))
    return pairs


def _names_a_source(said: Statement) -> bool:
    return said.source is not None and bool(said.source.url or said.source.title or said.source.original_title)


def statement(document: CorpusDocument) -> Statement:
    found = extract_citations(document.document)
    return Statement(found.source, found.source_evidence or found.translator_evidence, bool(found.translator))


# --- what the text states ---------------------------------------------------------------------------


def stated_documents(source: Citation | None, corpus: Corpus, exclude: str) -> list[str]:
    """Documents of the batch that a stated source points to: by URL, else by title."""
    if source is None:
        return []
    if source.url and normalize_url(source.url) in corpus.by_url:
        found = corpus.by_url[normalize_url(source.url)]
        return [found] if found != exclude else []
    for title in (source.original_title, source.title):
        found = [doc for doc in corpus.titled(title) if doc != exclude]
        if found:
            return found
    return []


def _stated_pair(document: CorpusDocument, said: Statement, corpus: Corpus, scored: dict) -> TranslationOf | None:
    """The batch document the text names as its source: taken when a translator is credited, or when
    the two also align as a translation (a footnoted source alone may be a report on it)."""
    candidates = [c for c in stated_documents(said.source, corpus, document.id)
                  if corpus.documents[c].lang != document.lang]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: _probability(scored, document.id, c, corpus))
    p = _probability(scored, document.id, best, corpus)
    if said.translated or (p >= PARAMS.threshold and not reports_on(corpus, document.id, best)):
        return _paired(document.id, best, corpus, "stated", said.evidence, p, said.source,
                       first=scored.get(document.id, {}).get(best))
    return None


def reports_on(corpus: Corpus, one: str, other: str) -> bool:
    """Whether either document quotes the other's outlet as its speaker ("“…,” Kommersant reported"): a
    report on that outlet's article, however closely it retells it. A translation renders its source
    outlet's words as its own and quotes the people and outlets the source quotes."""
    a, b = corpus.documents[one], corpus.documents[other]
    return bool(a.quoted_outlets & b.own_outlet or b.quoted_outlets & a.own_outlet)


# --- what the content shows --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Scored:
    """A candidate pair's alignment, its beads packed in arrays that both orientations share: a batch
    holds every candidate alignment, each both ways round, until pairing ends (1,000 documents: 38,358
    beads, 8.4 MB as Bead objects, 3.0 MB packed). `beads` and `cosines` unpack them."""

    features: np.ndarray  # oriented: the first document as the translation
    sizes: np.ndarray  # int32, a row per bead: how many source and translation sentences it holds
    indices: np.ndarray  # int32: each bead's source sentences, then its translation sentences, bead after bead
    scores: np.ndarray  # float64, a row per bead: its score and its cosine
    # the beads are align_vectors' first pass with the source as its `src` (not one turned round)
    first_pass: bool = True

    @classmethod
    def of(cls, features: np.ndarray, beads, cosines) -> _Scored:
        beads = tuple(beads)
        sizes = np.array([(len(b.src), len(b.tgt)) for b in beads], dtype=np.int32).reshape(-1, 2)
        indices = np.array([i for b in beads for i in (*b.src, *b.tgt)], dtype=np.int32)
        scores = np.array([(b.score, c) for b, c in zip(beads, cosines, strict=True)], dtype=np.float64)
        return cls(features, sizes, indices, scores.reshape(-1, 2))

    @property
    def beads(self) -> tuple[Bead, ...]:
        """The beads, with the source as `src` (turned round where `first_pass` is False)."""
        indices, at, beads = self.indices.tolist(), 0, []
        for (n_src, n_tgt), score in zip(self.sizes.tolist(), self.scores[:, 0].tolist(), strict=True):
            src, tgt = tuple(indices[at : at + n_src]), tuple(indices[at + n_src : at + n_src + n_tgt])
            beads.append(Bead(src, tgt, score) if self.first_pass else Bead(tgt, src, score))
            at += n_src + n_tgt
        return tuple(beads)

    @property
    def cosines(self) -> tuple[float, ...]:
        return tuple(self.scores[:, 1].tolist())


def _content_scores(corpus: Corpus) -> dict[str, dict[str, _Scored]]:
    """For each document and its nearest documents in other languages: the alignment, scored both
    ways round (`scored[translation][source]`)."""
    scored: dict[str, dict[str, _Scored]] = {}
    for first, second, cosine in nearest_pairs(corpus):
        _remember(scored, first, second, _align_pair(corpus, first, second, cosine))
    return scored


def _remember(scored: dict, translation: str, source: str, forward: _Scored) -> None:
    scored.setdefault(translation, {})[source] = forward
    scored.setdefault(source, {})[translation] = _reversed(forward)


def nearest_pairs(corpus: Corpus) -> list[tuple[str, str, float]]:
    """Unordered pairs (a, b, cosine) of documents in different languages that are among each
    other's `candidates` nearest, with a document cosine of at least `min_cosine`."""
    order, vectors = corpus.order, corpus.doc_vectors
    langs = np.array([corpus.documents[d].lang for d in order])
    found: dict[tuple[int, int], float] = {}
    block = 1024
    for first in range(0, len(order), block):
        sims = vectors[first : first + block] @ vectors.T
        for row, cosines in enumerate(sims):
            i = first + row
            cosines = np.where(langs == langs[i], -1.0, cosines)
            for j in np.argsort(-cosines)[: PARAMS.candidates]:
                if cosines[j] >= PARAMS.min_cosine:
                    found[min(i, j), max(i, j)] = float(cosines[j])
    return [(order[i], order[j], cosine) for (i, j), cosine in sorted(found.items())]


def _align_pair(corpus: Corpus, translation: str, source: str, cosine: float) -> _Scored:
    t_doc, s_doc = corpus.documents[translation], corpus.documents[source]
    t_vectors, s_vectors = corpus.vectors_of(translation), corpus.vectors_of(source)
    beads = align_vectors(s_doc.sentence_texts(), t_doc.sentence_texts(), s_vectors, t_vectors, s_doc.lang,
                          t_doc.lang)
    cosines = tuple(_bead_cosine(bead, s_vectors, t_vectors) for bead in beads)
    return _Scored.of(pair_features(beads, cosines, s_doc, t_doc, cosine), beads, cosines)


def pair_features(beads, cosines, source: CorpusDocument, translation: CorpusDocument, cosine: float) -> np.ndarray:
    """FEATURES of TRANSLATION as a translation of SOURCE, from their alignment."""
    s_chars = np.array([s.end - s.start for s in source.sentences], dtype=float)
    t_chars = np.array([s.end - s.start for s in translation.sentences], dtype=float)
    s_covered = t_covered = weighted = weight = 0.0
    for bead, bead_cosine in zip(beads, cosines, strict=True):
        if not bead.src or not bead.tgt:
            continue
        chars = s_chars[list(bead.src)].sum() + t_chars[list(bead.tgt)].sum()
        weighted += bead_cosine * chars
        weight += chars
        if bead_cosine >= PARAMS.bead_cosine:
            s_covered += s_chars[list(bead.src)].sum()
            t_covered += t_chars[list(bead.tgt)].sum()
    return np.array([
        t_covered / max(t_chars.sum(), 1.0),
        s_covered / max(s_chars.sum(), 1.0),
        weighted / weight if weight else 0.0,
        cosine,
        abs(math.log(max(t_chars.sum(), 1.0) / max(s_chars.sum(), 1.0))),
    ])


def _reversed(scored: _Scored) -> _Scored:
    covered_t, covered_s, bead_cosine, cosine, ratio = scored.features
    features = np.array([covered_s, covered_t, bead_cosine, cosine, ratio])
    return _Scored(features, scored.sizes, scored.indices, scored.scores, first_pass=False)  # the same arrays


def _bead_cosine(bead: Bead, s_vectors: np.ndarray, t_vectors: np.ndarray) -> float:
    if not bead.src or not bead.tgt:
        return 0.0
    s = s_vectors[list(bead.src)].sum(axis=0)
    t = t_vectors[list(bead.tgt)].sum(axis=0)
    return float(s @ t / max(float(np.linalg.norm(s) * np.linalg.norm(t)), 1e-12))


def probability(features: np.ndarray) -> float:
    z = float(np.dot(PAIRING["weights"], features)) + PAIRING["bias"]
    return 1.0 / (1.0 + math.exp(-z))


def _probability(scored: dict, translation: str, source: str, corpus: Corpus) -> float:
    if source not in scored.get(translation, {}):
        cosine = float(corpus.doc_vector(translation) @ corpus.doc_vector(source))
        _remember(scored, translation, source, _align_pair(corpus, translation, source, cosine))
    return probability(scored[translation][source].features)


def _content_candidates(corpus: Corpus, statements: dict, scored: dict, stated: set[str], reports: dict):
    """(probability, translation, source, why the direction model chose this side or "") of every
    content pair worth claiming, likeliest first. A document whose text names a source that is not in
    the batch keeps that statement; one that reports on a document of the batch translates no other."""
    found = []
    for translation, sources in scored.items():
        if translation in stated or translation in reports or _names_a_source(statements[translation]):
            continue
        for source, result in sources.items():
            p = probability(result.features)
            if p < PARAMS.threshold or reports_on(corpus, translation, source):
                continue
            translated, ground = direction_of(corpus, statements, translation, source, result)
            if translated:
                found.append((p, translation, source, ground))
    return sorted(found, key=lambda item: (-item[0], item[1], item[2]))


def direction_of(corpus: Corpus, statements: dict, translation: str, source: str,
                 aligned: _Scored | None = None) -> tuple[bool, str]:
    """Whether TRANSLATION (not SOURCE) is the translated side of the pair, and why: what decided
    the direction, in words for the record's evidence (a reader must be able to tell a direction the
    texts state from one that was only assumed). ALIGNED: the two as aligned, when they were."""
    said_t, said_s = statements[translation], statements[source]
    if source in stated_documents(said_t.source, corpus, translation):
        return True, "its text names the other article as its source"
    if translation in stated_documents(said_s.source, corpus, source):
        return False, "the other article's text names this one as its source"
    if said_t.translated != said_s.translated:
        return said_t.translated, ("its text credits a translator" if said_t.translated
                                   else "the other article's text credits a translator")
    t_date, s_date = corpus.documents[translation].meta.date, corpus.documents[source].meta.date
    if t_date and s_date and t_date != s_date:
        return t_date > s_date, f"the translation is dated {max(t_date, s_date)}, its original {min(t_date, s_date)}"
    t_outlet = translated_by_outlet(corpus.documents[translation])
    s_outlet = translated_by_outlet(corpus.documents[source])
    if bool(t_outlet) != bool(s_outlet):
        return bool(t_outlet), f"{t_outlet or s_outlet} (outlet registry)"
    t_lang, s_lang = corpus.documents[translation].lang, corpus.documents[source].lang
    model = direction.available_model()
    assumed = ("nothing in the two texts or their dates says which came first: the English one is taken as the "
               "translation")
    if model is None or {t_lang, s_lang} != {ENGLISH, RUSSIAN}:
        return t_lang == ENGLISH and s_lang != ENGLISH, assumed
    russian_original = _russian_original(model, corpus, translation, source, aligned)
    read = f"direction model: probability {russian_original:.3f} that the Russian is the original"
    if russian_original < model.english_original_below:
        return t_lang == RUSSIAN, f"the Russian reads as the translation ({read})"
    return t_lang == ENGLISH, (f"{assumed} ({read}; the Russian is read as the translation only below "
                               f"{model.english_original_below:.3f})")


def published_as_translation(document: CorpusDocument) -> bool:
    """Whether the registry reads a document in another language than English as a translation
    (`translated_by_outlet`): its words render someone else's, never an English quote's original."""
    return document.lang not in (None, ENGLISH) and translated_by_outlet(document) is not None


def translated_by_outlet(document: CorpusDocument) -> str | None:
    """Why the outlet registry reads the document as a translation, in words for the record's evidence:
    its outlet publishes translations (InoSMI), or it is not in English and every outlet that published
    it writes its own articles in English only (a Russian article of CNN's; not one of Deutsche Welle's,
    which has a Russian service, nor of RT's Russian site); else None."""
    registry = load_registry()
    outlets = sorted((outlet for key in document.own_outlet if (outlet := registry.by_key(key)) is not None),
                     key=lambda outlet: outlet.key)
    translating = next((outlet for outlet in outlets if outlet.translates), None)
    if translating is not None:
        return f"{translating.name} publishes translations"
    if outlets and document.lang not in (None, ENGLISH) and all(
            outlet.lang == ENGLISH and not outlet.writes_in(document.lang) for outlet in outlets):
        return f"{outlets[0].name} writes its own articles in English only"
    return None


def _russian_original(model: direction.DirectionModel, corpus: Corpus, translation: str, source: str,
                      aligned: _Scored | None) -> float:
    """The direction model's probability that the Russian one of the two is the original, read from
    the sentences that pair with a confident bead (a page's menus and asides pair with nothing and
    would skew the lengths), or from the whole texts when the two were not aligned."""
    memo = corpus.memo.setdefault("russian_original", {})
    key = frozenset((translation, source))
    if key not in memo:
        t_texts, s_texts = corpus.documents[translation].sentence_texts(), corpus.documents[source].sentence_texts()
        if aligned is not None:
            confident = [b for b, c in zip(aligned.beads, aligned.cosines, strict=True)
                         if b.src and b.tgt and c >= PARAMS.bead_cosine]
            if confident:
                t_texts = [t_texts[i] for b in confident for i in b.tgt]
                s_texts = [s_texts[i] for b in confident for i in b.src]
        russian_first = corpus.documents[translation].lang == RUSSIAN
        memo[key] = model.russian_original(*((t_texts, s_texts) if russian_first else (s_texts, t_texts)))
    return memo[key]


def _evidence(scored: _Scored, ground: str = "") -> str:
    covered_t, covered_s, _, _, _ = scored.features
    aligned = (f"the two articles align as a whole ({covered_t:.0%} of this article and {covered_s:.0%} of the "
               "source pair sentence by sentence)")
    return f"{aligned}; {ground}" if ground else aligned


# --- the record --------------------------------------------------------------------------------------


def _paired(translation: str, source: str, corpus: Corpus, method: str, evidence: str, p: float,
            stated: Citation | None, aligned: _Scored | None = None, first: _Scored | None = None) -> TranslationOf:
    """The pair as recorded, aligned again with its uncertain stretches re-scored (from FIRST, its
    candidate alignment, where there is one), or, for a report (ALIGNED: its first alignment), as
    first aligned: a report renders a few of the source's sentences, so nearly every stretch is
    uncertain and re-scoring it would encode both documents again in runs of two and three
    sentences, to place sentences that render nothing."""
    s_doc, t_doc = corpus.documents[source], corpus.documents[translation]
    if aligned is None:
        beads = _final_alignment(corpus, translation, source, first.beads if first and first.first_pass else None)
    else:
        beads = [(bead, round(cosine, 4)) for bead, cosine in zip(aligned.beads, aligned.cosines, strict=True)]
    meta = s_doc.meta
    return TranslationOf(
        document=source,
        url=meta.url or (stated.url if stated else None),
        title=meta.title or (stated.original_title if stated else None),
        outlet=meta.outlet or (stated.outlet if stated else None),
        score=round(p, 4),
        method=method,
        evidence=evidence,
        alignment=tuple(_aligned(bead, cosine, s_doc, t_doc) for bead, cosine in beads),
    )


def _final_alignment(corpus: Corpus, translation: str, source: str,
                     first_pass: tuple[Bead, ...] | None) -> list[tuple[Bead, float]]:
    """The pair aligned again with the uncertain stretches re-scored on encoded concatenations."""
    t_doc, s_doc = corpus.documents[translation], corpus.documents[source]
    t_vectors, s_vectors = corpus.vectors_of(translation), corpus.vectors_of(source)
    beads = align_vectors(s_doc.sentence_texts(), t_doc.sentence_texts(), s_vectors, t_vectors, s_doc.lang,
                          t_doc.lang, encode=encoder.encode, first_pass=first_pass)
    return [(bead, round(_bead_cosine(bead, s_vectors, t_vectors), 4)) for bead in beads]


def _aligned(bead: Bead, cosine: float, source: CorpusDocument, translation: CorpusDocument) -> AlignedSentences:
    s = [source.sentences[i] for i in bead.src]
    t = [translation.sentences[j] for j in bead.tgt]
    return AlignedSentences(
        s[0].start if s else None, s[-1].end if s else None, t[0].start if t else None, t[-1].end if t else None,
        cosine,
    )
