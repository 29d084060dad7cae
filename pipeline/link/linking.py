"""Each quote linked to the words it renders in its original, by the first path that applies:

1. a title given with its original in brackets: those words (`bracketed-original`); a phrase quoted
   inside the translated title, the words of the bracketed original that render it
   (`bracketed-original:words`, `...:words:transliteration` for a name spelt in Latin letters); a
   phrase quoted inside the bracketed original, its own words; each moved to the source's headline
   when the source is in the batch and opens with that title (`...:source-headline`);
2. a quote in a language other than English, in a document that translates nothing: its own words
   (`original-language-quote`);
3. a quote in a document that translates a document of the batch: projected through the two
   articles' alignment onto the source sentences its sentences render, then narrowed to the words
   that render it (`alignment-projection`; `alignment-projection:transliteration` for a quote that
   spells them in Latin letters, 'udovolstvie' for «удовольствие»); so is a quote of a report on a
   batch document (one that quotes the outlet of one of its nearest documents:
   `pairing.reported_source`), when it lies in a sentence that renders the source's: in a confident
   bead of their alignment or, within one sentence, in a sentence that retells one of the source out
   of order (the two each other's nearest) (`alignment-projection:reported-source`), unless the
   whole article holds a closer rendering that SEARCH_ACCEPT accepts
   (`usem3-locate:paired-document:reported-source`: a report retells out of order);
4. a quote whose citation points to a document of the batch: searched in that document
   (`usem3-locate:cited-document`); so is, first, a quote of a report that the reported article's
   outlet carried ("…,” Kommersant reported" of a Kommersant article) where no sentence of the report
   renders the article's around it (a quote set before what it follows in the source), and where no
   credible find is there, as in 5; and a quote that no outlet carried, of a report that retells the
   article without naming it (`pairing.RETOLD`); a quote that a report credits to a publication it
   does not name ("“…,” the newspaper reported") is that article's outlet's, carried as a foreign
   outlet's words are (an unsure find is kept with its score, and path 7 never applies);
5. any other quote: searched among all the batch's documents in other languages, where a quote that
   comes near no sentence costs one vector product (`usem3-locate:index-<lang>`); a quote that no
   outlet of another language carried (by the registry, or by a document of the batch that the
   outlet published in another language) is looked for only in the documents of the quoting
   article's story (`STORY_FLOOR`), the few nearest it (`STORY_DOCUMENTS`); never in a rendering of
   English (a translation the batch pairs with its English original, or an article that a translating
   or English-language outlet published: `_published_translations`);
6. a quote still without an original that repeats the words of a quote of the same article linked
   by one of the paths above (a phrase of the headline or the lead quoted again in the body): that
   quote's original (`repeated-quote:<its method>`);
7. an English quote still without an original, in an English article that translates nothing and
   whose speaker spoke through no foreign-language outlet: words published in the language they were
   spoken in are their own original (`published-in-original-language`).
The record's `alignment.method` says which path it took.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from pipeline.checks import translit_model
from pipeline.core.records import (
    CONFIDENT,
    Alignment,
    LanguageLabel,
    Original,
    ProvenanceRecord,
    Quote,
    QuoteKind,
    Relation,
    TranslationOf,
)
from pipeline.link import encoder, locate
from pipeline.link.corpus import Corpus, CorpusDocument, fold, normalize_url
from pipeline.link.locate import Location
from pipeline.link.pairing import PARAMS as PAIRING_PARAMS
from pipeline.link.pairing import pair_all, published_as_translation, reported_source, retells
from pipeline.link.quote_text import bounded, spelled_words
from pipeline.link.sentences import WORD
from pipeline.quotes.citations import bracketed_title_start
from pipeline.quotes.outlets import identities, load_registry

VERSION = "30"
ENGLISH = "en"
BRACKETED = Alignment(1.0, "bracketed-original")
SAME_TEXT = Alignment(1.0, "original-language-quote")
PUBLISHED_ORIGINAL = "published-in-original-language"
REPEATED = "repeated-quote"
_WORD = re.compile(r"\w+")
Retold = dict[tuple[int, int], tuple[int, float]]  # a report's sentence span -> (article sentence, cosine)
PROJECTED = "alignment-projection"
# A projected quote of at most this many words may take the words a pair of the source's quotation
# marks holds (`_in_quotation_marks`), among at most this many such spans of its sentences.
MAX_MARKED_WORDS = 6
MAX_MARKED_SPANS = 8
_MARKED = re.compile(r'[«"“„]([^«»"“”„\n]{1,80}?)[»"”“]')
REPORTED = "reported-source"  # projected through a report's alignment with the article it reports on
TRANSLITERATED = "transliteration"  # a quote that spells the source's words in Latin letters
# Probability that a projected span lies in the right source sentence: logistic over (the bead's
# cosine, the pair's probability, the narrowing search's probability); fitted by bench_link --fit.
PROJECTION = {
    "weights": (1.7459, 2.9570, 2.1942),
    "bias": -0.9838,
    "fitted": "fit set (WMT19 + even NTREX stories), 644 projected quotes, logistic regression",
}
# A batch-wide search's find is a quote's original only when the two read alike as wholes (the encoder's
# cosine of the quote and the words found): the locate score says how sure the span is if the original
# is there, not whether it is. The largest floor that keeps every right find of the fit set's batch
# (`bench_link.py --fit`: 56 right and 229 wrong finds before any other gate, of which it drops 115; at link 7,
# where it was fitted, 205 and 105).
RENDERING_FLOOR = 0.53
# ... and only when it is more likely right than wrong for a quote of its length, even with its source in
# the batch: a short phrase's rendering reads alike in many articles ("actions" ~ «действия»). Logistic
# over (log quote words, that cosine, the locate score); fitted by bench_link --fit on quotes cut from
# fit stories, where a one-word quote's find was right 149 times in 962 and an eight-word one's 949 in 1,113.
# For a find in the article a quote's credit or its report's alignment points to (the source is there).
SEARCH_ACCEPT = {
    "weights": (2.3383, 3.6553, 3.8357),
    "bias": -8.3654,
    "fitted": "every third fit story, 9113 finds of quotes cut from their English sentences (1-8 words and "
              "whole), one index over their Russian sides, logistic regression",
}
# The same for a find of the batch-wide search, where most quotes have no original in the batch (since
# link 30): fitted on those finds and as many of quotes cut alike from stories whose Russian side the index
# does not hold, every find of theirs wrong.
BATCH_ACCEPT = {
    "weights": (1.9513, 4.4992, 4.9524),
    "bias": -10.4652,
    "fitted": "9113 finds of quotes cut from the English sentences (1-8 words and whole) of every third fit story, "
              "one index over their Russian sides, and 7320 of quotes cut alike from the next third, whose sources "
              "it does not hold, logistic regression",
}
# A quote of at least N words (each band's start) whose nearest sentence in the batch's index reads less
# alike than GATE has no original there, and is not read closely: on the fit set (`bench_link.py
# --fit`, quotes of 10 to 25 words cut from every third fit story and their whole sentences) no right
# find that BATCH_ACCEPT accepts came from farther. Shorter quotes keep locate's own gate.
SEARCH_GATES: tuple[tuple[int, float], ...] = ((10, 0.23), (15, 0.29), (20, 0.31), (25, 0.39))
# A quote of N to M words (one band to the next) whose best shortlist score in the batch's index (its
# nearest sentences' cosine plus word recall) is under the band's gate has no original there that
# BATCH_ACCEPT would take, and its spans are not encoded: on the fit set (`bench_link.py --fit`, quotes
# of 2 to 25 words cut from every third fit story and their whole sentences) no right find it takes came
# from lower. Most searches of a batch's English news with no original in it stop here.
SHORTLIST_GATES: tuple[tuple[int, float], ...] = ((2, 1.12), (3, 0.96), (4, 0.88), (5, 0.91), (6, 0.91), (8, 0.94),
                                                  (10, 0.95), (15, 1.0), (20, 1.02), (25, 1.14))
# A batch-wide find for a quote that no outlet of another language carried counts only in a document of the
# quoting article's story: their document cosine at least this, the lowest of an English translation and
# another outlet's Russian rewrite of its story on the fit set's batch (`bench_link.py --fit`). English
# news quotes English speakers; a phrase of theirs that reads like a sentence of an unrelated Russian
# article is not its translation.
STORY_FLOOR = 0.44
# ... and only in the nearest few of those: an English report on a Russian story that quotes it without
# naming the outlet reads closer to that story's article than to all but at most this many of the
# batch's Russian documents (the largest rank on the fit set's `fit-reporting-unnamed` batch,
# `bench_link.py --fit`). A US political article has a median of 9 Russian documents above the floor
# in a batch of mixed news; searching each of them cost most of the link stage and found nothing right.
STORY_DOCUMENTS = 4
# A quote covering this much of its one sentence (of its several sentences) takes their whole
# rendering; a shorter one is narrowed to the words that render it.
_WHOLE_SENTENCE = 0.97
_WHOLE_BEADS = 0.85


def settings() -> dict:
    return {"version": VERSION, "projection": PROJECTION, "whole": [_WHOLE_SENTENCE, _WHOLE_BEADS],
            "rendering_floor": RENDERING_FLOOR, "search_accept": SEARCH_ACCEPT, "batch_accept": BATCH_ACCEPT,
            "search_gates": SEARCH_GATES, "shortlist_gates": SHORTLIST_GATES,
            "story_floor": STORY_FLOOR, "story_documents": STORY_DOCUMENTS,
            "locate": locate.VERSION, "transliteration": translit_model.version()}


def link_records(
    records: tuple[ProvenanceRecord, ...], translation_of: TranslationOf | None, corpus: Corpus
) -> tuple[ProvenanceRecord, ...]:
    linked = list(records)
    paired = translation_of if translation_of and translation_of.document in corpus.documents else None
    reported = reported_source(corpus, records[0].quote.document) if records and translation_of is None else None
    moved = _retold_out_of_order(reported, records[0].quote.document, corpus) if reported is not None else {}
    projected: list[int] = []
    credited = _credited_to_reported_outlet(records, reported, corpus)
    # (cited document or None: any; the reported article, searched before the rest; carried by an outlet
    # of another language by the registry; by the registry or by an outlet that published a document of
    # the batch in another language) -> records
    searches: dict[tuple[str | None, str | None, bool, bool], list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        if record.original is not None:
            linked[index] = _bracketed(record, paired, corpus)
        elif paired is not None:  # every quote of a translation, a name whose words name no language too
            projected.append(index)
        elif reported is not None and _retold(record, reported, corpus, moved):
            projected.append(index)
        elif (own_language := _own_language(record, corpus)) is not None:
            linked[index] = _own_original(record, SAME_TEXT, own_language)
        elif _searchable(record):
            foreign = _via_foreign_outlet(record) or index in credited
            abroad = foreign or _published_abroad(record, corpus)
            cited = _cited_document(record, corpus)
            first = None if cited else _reported_article(record, reported, corpus)
            searches[cited, first, foreign, abroad].append(index)
    if projected:
        through = paired or reported
        found_all = project([records[i] for i in projected], through, corpus, moved)
        for index, found in zip(projected, found_all, strict=True):
            linked[index] = found
    never = _never_sources(records[0].quote.document, corpus) if searches else frozenset()
    for (cited, first, foreign, abroad), indexes in searches.items():
        quotes = [records[i].quote.text for i in indexes]
        own_story = cited is None and not abroad
        excluded = never | (_other_stories(records[0].quote.document, corpus, never) if own_story else frozenset())
        found = _search(quotes, cited, corpus, excluded) if first is None else _reported_first(quotes, first, corpus,
                                                                                               excluded)
        for index, (doc_id, location, method) in zip(indexes, found, strict=True):
            if location is None or (location.score < CONFIDENT and translation_of is None and not foreign):
                continue  # an unsure match does not displace words published as spoken (path 7)
            linked[index] = _with_original(records[index], corpus, doc_id, location, method, location.score)
    linked = _repeats_linked(linked, corpus)
    if translation_of is None:
        linked = [record if index in credited else _published_original(record) for index, record in enumerate(linked)]
    return tuple(linked)


def _credited_to_reported_outlet(records: tuple[ProvenanceRecord, ...], reported: TranslationOf | None,
                                 corpus: Corpus) -> frozenset[int]:
    """The quotes that a report on an article in another language credits to a publication it does not
    name ("“…,” the newspaper reported"): that article's outlet's words, carried as a foreign outlet's
    are (an unsure find in the article is kept), never words published as spoken (path 7)."""
    if reported is None or not records:
        return frozenset()
    spans = set(corpus.documents[records[0].quote.document].unnamed_outlet_quotes)
    return frozenset(i for i, r in enumerate(records) if (r.quote.char_start, r.quote.char_end) in spans)


# --- which path ---------------------------------------------------------------------------------------


def _own_language(record: ProvenanceRecord, corpus: Corpus) -> LanguageLabel | None:
    """The language of a quote's own words when it is not English: its own label, or, for a quote whose
    words name no language (a name: «Оникс»), its document's, when that is not English either."""
    if record.language is not None and record.language.lang is not None:
        return record.language if record.language.lang != ENGLISH else None
    document = corpus.documents.get(record.quote.document)
    if document is None or document.lang in (None, ENGLISH):
        return None
    return document.document.language or LanguageLabel(document.lang, 1.0)


def _searchable(record: ProvenanceRecord) -> bool:
    return record.quote.kind is not QuoteKind.TITLE and record.language is not None and record.language.lang == ENGLISH


def _cited_document(record: ProvenanceRecord, corpus: Corpus) -> str | None:
    citation = record.citation
    if citation is None:
        return None
    if citation.url and normalize_url(citation.url) in corpus.by_url:
        return corpus.by_url[normalize_url(citation.url)]
    for title in (citation.original_title, citation.title):
        found = corpus.titled(title)
        if found:
            return found[0]
    return None


def _reported_article(record: ProvenanceRecord, reported: TranslationOf | None, corpus: Corpus) -> str | None:
    """The article a report reports on, when the quote was carried by that article's outlet, or, in a
    report that retells the article without naming it, by no outlet at all."""
    if reported is None:
        return None
    carriers = _carriers(record)
    if not carriers and retells(corpus, record.quote.document):
        return reported.document
    own = corpus.documents[reported.document].own_outlet
    return reported.document if any(identities(name=name) & own for name in carriers) else None


# --- 1, 2, 6: a quote's own words ---------------------------------------------------------------------


def _bracketed(record: ProvenanceRecord, paired: TranslationOf | None, corpus: Corpus) -> ProvenanceRecord:
    """A bracketed original title; for a quote inside the translated title, the words of the original
    title that render it (`bracketed-original:words`); for a quote inside the bracketed original itself,
    its own words. When the source article is in the batch and opens with that title, the original is
    moved to its headline there (`:source-headline`)."""
    original, alignment, offset = _within_title(record, corpus)
    if paired is not None:
        moved = _in_source_headline(original, offset, record.citation.original_title,
                                    corpus.documents[paired.document])
        if moved is not None:
            return replace(record, original=moved, alignment=Alignment(alignment.score,
                                                                       f"{alignment.method}:source-headline"))
    return replace(record, original=original, alignment=alignment)


def _within_title(record: ProvenanceRecord, corpus: Corpus) -> tuple[Original, Alignment, int | None]:
    """The record's original within the bracketed title, its alignment, and where it starts in the title
    (None where the title is not found around it). A quote inside the translated title ("primitive and
    ineffective" in a footnote's English headline) renders a few of its words, not all of it: they are
    located in the title as any quote is in its source."""
    original, title = record.original, record.citation.original_title
    if original.text != title:  # the quote's own words, inside the bracketed original (the detect stage)
        document = corpus.documents.get(record.quote.document)
        start = None if document is None else bracketed_title_start(document.text, title, record.quote.char_start,
                                                                    record.quote.char_end)
        return original, BRACKETED, None if start is None else record.quote.char_start - start
    if fold(record.quote.text) == fold(record.citation.title):
        return original, BRACKETED, 0
    found = _spelled_in_title(record.quote.text, title) or _located_in_title(record, title, original.lang)
    if found.char_start is None:
        return original, BRACKETED, 0
    start = None if original.char_start is None else original.char_start + found.char_start
    words = replace(original, text=found.text, char_start=start,
                    char_end=None if start is None else start + len(found.text))
    method = f"{BRACKETED.method}:words" + (f":{TRANSLITERATED}" if found.method == TRANSLITERATED else "")
    return words, Alignment(round(found.score, 4), method), found.char_start


def _spelled_in_title(quote: str, title: str) -> Location | None:
    """The title's words that the quote spells in Latin letters ("Proton" for «Протон»), as a projection
    takes them: their letters say more than the locator can of one name."""
    found = spelled_words(quote, title, 0, len(title))
    return None if found is None else Location(*found, title[found[0] : found[1]], 1.0, TRANSLITERATED)


def _located_in_title(record: ProvenanceRecord, title: str, title_lang: str | None) -> Location:
    quote_lang = record.language.lang if record.language and record.language.lang else ENGLISH
    return locate.locate([record.quote.text], title, quote_lang, title_lang or "")[0]


def _in_source_headline(original: Original, offset: int | None, title: str, source: CorpusDocument) -> Original | None:
    """ORIGINAL (OFFSET characters into the bracketed TITLE, where known) in the headline of SOURCE, the
    article that opens with that title; None where it does not."""
    headline = source.sentences[0] if source.sentences else None
    said = source.text[headline.start : headline.end] if headline is not None else ""
    if headline is None or fold(said) != fold(title):
        return None
    if original.text == title:  # the whole title: the whole headline, however spaced or cased
        start, end = headline.start, headline.end
    else:
        at = offset if offset is not None and said[offset : offset + len(original.text)] == original.text else None
        at = said.find(original.text) if at is None else at
        if at < 0:
            return None
        start, end = headline.start + at, headline.start + at + len(original.text)
    label = source.document.language or LanguageLabel(source.lang, 1.0)
    return Original(source.text[start:end], source.lang, label.confidence, source.id, start, end, label.evidence)


def _repeats_linked(records: list[ProvenanceRecord], corpus: Corpus) -> list[ProvenanceRecord]:
    """Each quote still without an original takes the words of a quote of the same article with the
    same words that has one in another document, the surest where several do: one phrase quoted twice
    is one phrase, though only one of its sentences rendered the source well enough to place it (a
    headline's words quoted again under it, a lead's scare quote repeated in the body). Where the
    source says those words more than once, the occurrence taken is the one in the sentence that reads
    most like the quote's own."""
    linked: dict[str, ProvenanceRecord] = {}
    for record in records:
        original = record.original
        if original is not None and original.document != record.quote.document and record.alignment is not None:
            key = fold(record.quote.text)
            if key not in linked or record.alignment.score > linked[key].alignment.score:
                linked[key] = record
    if not linked:
        return records
    out = []
    for record in records:
        other = linked.get(fold(record.quote.text)) if record.original is None else None
        if other is None:
            out.append(record)
            continue
        original = _said_nearest(record.quote, other.original, corpus) or other.original
        out.append(replace(record, original=original,
                           alignment=Alignment(other.alignment.score, f"{REPEATED}:{other.alignment.method}")))
    return out


def _said_nearest(quote: Quote, words: Original, corpus: Corpus) -> Original | None:
    """WORDS as said in the sentence of their document that reads most like the sentence around QUOTE
    (any inflection: `_inflected`); None where either document is not in the batch."""
    source, own = corpus.documents.get(words.document), corpus.documents.get(quote.document)
    if source is None or own is None or not own.sentences or not source.sentences:
        return None
    forms = [_inflected(word) for word in _WORD.findall(words.text)]
    if not forms:
        return None
    pattern = re.compile(r"\b" + r"\W+".join(forms) + r"\b", re.IGNORECASE)
    found = [(m, source.sentence_at(m.start())) for m in pattern.finditer(source.text)]
    if not found:
        return None
    around = corpus.vectors_of(own.id)[own.sentence_at(quote.char_start)]
    reads = corpus.vectors_of(source.id) @ around
    match, _ = max(found, key=lambda item: reads[item[1]])
    return replace(words, text=match.group(), char_start=match.start(), char_end=match.end())


def _inflected(word: str) -> str:
    """A pattern for WORD in any inflection: its stem (all but its last three letters, at least three)
    and an ending up to two letters longer than the one left out ("парашют" ~ «парашютом»)."""
    stem = word[: max(len(word) - 3, min(len(word), 3))]
    return re.escape(stem) + rf"\w{{0,{len(word) - len(stem) + 2}}}"


def _own_original(record: ProvenanceRecord, alignment: Alignment, language: LanguageLabel) -> ProvenanceRecord:
    quote = record.quote
    original = Original(quote.text, language.lang, language.confidence, quote.document, quote.char_start,
                        quote.char_end, language.evidence)
    return replace(record, original=original, alignment=alignment)


def _published_original(record: ProvenanceRecord) -> ProvenanceRecord:
    """An English quote with no foreign original, carried by no foreign-language outlet: the words
    were published in the language they were spoken in."""
    if record.original is not None or not _searchable(record) or _via_foreign_outlet(record):
        return record
    confidence = record.language.confidence if record.language else 0.0
    return _own_original(record, Alignment(round(confidence, 4), PUBLISHED_ORIGINAL), record.language)


def _carriers(record: ProvenanceRecord) -> list[str]:
    """The outlets that carried the quote: its own, and those it was reported by."""
    return [name for name in [record.outlet] + [hop.agent for hop in record.chain
                                                 if hop.relation is Relation.REPORTED_BY] if name]


def _via_foreign_outlet(record: ProvenanceRecord) -> bool:
    """Whether the registry says an outlet that carried the quote publishes in another language."""
    registry = load_registry()
    return any((outlet := registry.lookup(name)) is not None and outlet.lang not in (None, ENGLISH)
               for name in _carriers(record))


def _published_abroad(record: ProvenanceRecord, corpus: Corpus) -> bool:
    """Whether an outlet that carried the quote published a document of the batch in another language
    ("RT reported" of a story RT published in Russian, though the registry's "RT" is its English
    channel). This widens where a quote is looked for, not what is claimed: an unsure find does not
    displace, and finding nothing still leaves, words published as spoken (RT's English channel is the
    likelier source of words found nowhere)."""
    publishers = _foreign_publishers(corpus)
    return any(identities(name=name) & publishers for name in _carriers(record))


def _foreign_publishers(corpus: Corpus) -> frozenset[str]:
    """The outlets (`outlets.identities`) that published a document of the batch in a language other
    than English, other than a translation of English (`_published_translations`: CNN's Russian
    rendering of its own article does not make CNN a channel for Russian words)."""
    if "foreign_publishers" not in corpus.memo:
        translations = _published_translations(corpus)
        corpus.memo["foreign_publishers"] = frozenset(
            key for document in corpus.documents.values()
            if document.lang not in (None, ENGLISH) and document.id not in translations
            for key in document.own_outlet)
    return corpus.memo["foreign_publishers"]


# --- 3: projection through a document alignment -------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Where a quote of a paired document lands in the source, and the evidence for it."""

    location: Location | None
    method: str
    bead_cosine: float | None  # the cosine of the beads it went through (None: the source was read whole)
    search: float  # the narrowing search's probability (1.0 when the beads' whole rendering is taken)


def project(records: list[ProvenanceRecord], paired: TranslationOf, corpus: Corpus,
            moved: Retold | None = None) -> list[ProvenanceRecord]:
    """Each record's quote mapped through the alignment of its document with the source (for a report,
    MOVED: the sentences it retells out of order)."""
    found_all = projections(records, paired, corpus, moved)
    if paired.method == "reported":
        found_all = _closer_in_article(records, found_all, corpus.documents[paired.document], corpus)
    out = []
    for record, found in zip(records, found_all, strict=True):
        if found.location is None:
            out.append(record)
            continue
        score = found.search if found.bead_cosine is None else projection_probability(
            found.bead_cosine, paired.score or 1.0, found.search)
        method = f"{found.method}:{REPORTED}" if paired.method == "reported" else found.method
        out.append(_with_original(record, corpus, paired.document, found.location, method, score))
    return out


def projections(records: list[ProvenanceRecord], paired: TranslationOf, corpus: Corpus,
                moved: Retold | None = None) -> list[Projection]:
    source = corpus.documents[paired.document]
    index = corpus.single(source.id)
    plans = [_plan(record, paired, source, moved) for record in records]
    spanning = {i: found for i, plan in enumerate(plans) if _narrowed(plan)
                and (found := _over_beads(records[i], paired, source, index, corpus)) is not None}
    searched: dict[int, list] = {}
    for lang in {_lang(record) for record in records}:
        mine = [i for i, record in enumerate(records) if _lang(record) == lang]
        bounded = [i for i in mine if _narrowed(plans[i]) and i not in spanning]
        whole = [i for i in mine if plans[i] is None]
        found = index.search_many([records[i].quote.text for i in bounded], lang, k=1,
                                  within=[plans[i][0] for i in bounded])
        searched |= dict(zip(bounded, found, strict=True))
        found = index.search_many([records[i].quote.text for i in whole], lang, k=1)
        searched |= dict(zip(whole, found, strict=True))
    out = []
    for position, plan in enumerate(plans):
        if position in spanning:
            location, search = spanning[position]
            out.append(Projection(location, PROJECTED, plan[1], search))
            continue
        hits = searched.get(position)
        location = hits[0][1] if hits else None
        spelled = _spelled(records[position].quote.text, source, plan) if plan is None or plan[2] is None else None
        if spelled is not None and location is not None and location.char_start == spelled.char_start:
            spelled = None  # the locator found the same words ("Kirovsky": «Кировский»)
        if plan is None and spelled is not None:
            out.append(Projection(spelled, f"usem3-locate:paired-document:{TRANSLITERATED}", None, 1.0))
        elif plan is None:  # nothing of the source renders its sentences: the source was read whole
            out.append(Projection(location, "usem3-locate:paired-document", None, location.score if location else 0.0))
        elif plan[2] is not None:
            out.append(Projection(plan[2], PROJECTED, plan[1], 1.0))
        elif spelled is not None:
            out.append(Projection(spelled, f"{PROJECTED}:{TRANSLITERATED}", plan[1], 1.0))
        else:
            out.append(Projection(location, PROJECTED, plan[1], location.score if location else 0.0))
    return _in_quotation_marks(records, out, plans, source)


def _in_quotation_marks(records: list[ProvenanceRecord], found: list[Projection], plans: list,
                        source: CorpusDocument) -> list[Projection]:
    """A few words quoted (a title, a name, a phrase: "The Favourite", "Al Qaeda", "nation of
    blockheads") are most often in quotation marks in the source too: where the narrowing found other
    words of their sentences («а в», «в Афганистане», «соотечественников "нацией»), the words that a
    pair of the source's marks holds there are taken when the encoder reads them closer to the quote,
    or when the words found run across one of those marks."""
    asked = [i for i, (record, projection) in enumerate(zip(records, found, strict=True))
             if _narrowed(plans[i]) and projection.method == PROJECTED
             and projection.location is not None and projection.location.char_start is not None
             and len(WORD.findall(record.quote.text)) <= MAX_MARKED_WORDS]
    choices = {i: _marked_spans(source, plans[i][0], found[i].location) for i in asked}
    choices = {i: spans for i, spans in choices.items() if spans}
    if not choices:
        return found
    quotes = [records[i].quote.text for i, spans in choices.items() for _ in range(len(spans) + 1)]
    cosines = iter(rendering_cosines(quotes, [s for i, spans in choices.items() for s in (found[i].location, *spans)]))
    out = list(found)
    for i, spans in choices.items():
        located, *marked = [next(cosines) for _ in range(len(spans) + 1)]
        across = [k for k, span in enumerate(spans) if _across_a_mark(found[i].location, span)]
        best = max(across or range(len(spans)), key=lambda k: marked[k])
        if across or marked[best] > located:
            out[i] = replace(found[i], location=replace(spans[best], score=found[i].location.score))
    return out


def _across_a_mark(located: Location, marked: Location) -> bool:
    """Whether LOCATED runs across one of MARKED's quotation marks («соотечественников "нацией» against
    «нацией болванов»): part of a quotation and part of what stands outside it is no rendering."""
    overlap = min(located.char_end, marked.char_end) > max(located.char_start, marked.char_start)
    inside = marked.char_start <= located.char_start and located.char_end <= marked.char_end
    holds = located.char_start <= marked.char_start and marked.char_end <= located.char_end
    return overlap and not inside and not holds


def _marked_spans(source: CorpusDocument, numbers: list[int], located: Location) -> list[Location]:
    """The words between a pair of quotation marks in the source sentences NUMBERS; none where LOCATED
    is already such words."""
    if not numbers:
        return []
    start, end = source.sentences[numbers[0]].start, source.sentences[numbers[-1]].end
    spans = [Location(m.start(1), m.end(1), m.group(1), 1.0, "sentence")
             for m in _MARKED.finditer(source.text, start, end)]
    if any((s.char_start, s.char_end) == (located.char_start, located.char_end) for s in spans):
        return []
    return spans[:MAX_MARKED_SPANS]


def _over_beads(record: ProvenanceRecord, paired: TranslationOf, source: CorpusDocument, index,
                corpus: Corpus) -> tuple[Location, float] | None:
    """A quote over several confident beads ("…\n\n…" over two paragraphs, its first sentence run
    together with the words that introduce it): its rendering runs from the words that render its first
    part in the first bead's source to those that render its last part in the last bead's, the beads
    between taken whole, with the less sure of the two narrowings' probabilities. One search over all
    its sentences finds the one span it renders best, which stops short of a long quote's ends. None
    for a quote within one bead, or over a bead with no source side or an unsure one."""
    quote = record.quote
    beads = _beads_over(quote, paired)
    if len(beads) < 2 or any(b.source_start is None or b.score < PAIRING_PARAMS.bead_cosine for b in beads):
        return None
    text = corpus.documents[quote.document].text
    first = _edge(text, quote, beads[0], source, index, _lang(record))
    last = _edge(text, quote, beads[-1], source, index, _lang(record))
    if first is None or last is None or last[0].char_end <= first[0].char_start:
        return None
    start, end = first[0].char_start, last[0].char_end
    return Location(start, end, source.text[start:end], 1.0, "sentences"), min(first[1], last[1])


def _edge(text: str, quote, bead, source: CorpusDocument, index, lang: str) -> tuple[Location, float] | None:
    """The words of BEAD's source that render the part of QUOTE within the bead's translation side (the
    whole source side where the quote covers nearly all of it), with the narrowing's probability."""
    lo, hi = max(bead.translation_start, quote.char_start), min(bead.translation_end, quote.char_end)
    whole = Location(bead.source_start, bead.source_end, source.text[bead.source_start : bead.source_end], 1.0,
                     "sentence")
    if (hi - lo) >= _WHOLE_SENTENCE * (bead.translation_end - bead.translation_start):
        return whole, 1.0
    numbers = _sentences_within(source, bead.source_start, bead.source_end)
    hits = index.search_many([text[lo:hi]], lang, k=1, within=[numbers])[0] if numbers else []
    if not hits or hits[0][1].char_start is None:
        return None
    return hits[0][1], hits[0][1].score


def _closer_in_article(records: list[ProvenanceRecord], found: list[Projection], source: CorpusDocument,
                       corpus: Corpus) -> list[Projection]:
    """A report retells its source out of order, and its alignment with the article, being monotone,
    can set a retold sentence against the wrong one: each quote projected through it is also searched
    in the whole article, and that find replaces the projection when it renders the quote more closely
    and SEARCH_ACCEPT reads it likelier right than wrong."""
    movable = _nearest_elsewhere(records, found, source, corpus)
    index = corpus.single(source.id)
    free: dict[int, Location] = {}
    for lang in {_lang(record) for record in records}:
        mine = [i for i, record in enumerate(records) if _lang(record) == lang and i in movable]
        for i, hits in zip(mine, index.search_many([records[i].quote.text for i in mine], lang, k=1), strict=True):
            location = hits[0][1] if hits else None
            projected = found[i].location
            if location is not None and location.char_start is not None and (
                    projected is None or location.char_start != projected.char_start):
                free[i] = location
    if not free:
        return found
    asked = [records[i].quote.text for i in free]
    cosines = rendering_cosines(asked * 2, [found[i].location for i in free] + list(free.values()))
    out = list(found)
    for n, (i, location) in enumerate(free.items()):
        cosine = cosines[len(asked) + n]
        if cosine > cosines[n] and _acceptance_odds(_words(asked[n]), cosine, location.score, SEARCH_ACCEPT) >= 0.0:
            out[i] = Projection(location, "usem3-locate:paired-document", None, location.score)
    return out


def _nearest_elsewhere(records: list[ProvenanceRecord], found: list[Projection], source: CorpusDocument,
                       corpus: Corpus) -> set[int]:
    """The quotes worth searching the whole article for: those a find could move (`_may_move`) whose
    nearest sentence there (one product with the sentence vectors the batch holds) is not the one
    they were projected into (the search, which costs word windows, would mostly land there again)."""
    movable = [i for i, record in enumerate(records) if _may_move(record, found[i])]
    if not movable:
        return set()
    quotes = encoder.encode([bounded(records[i].quote.text) for i in movable])
    nearest = (quotes @ corpus.vectors_of(source.id).T).argmax(axis=1)
    return {i for i, k in zip(movable, nearest, strict=True) if found[i].location is None
            or not source.sentences[k].start <= found[i].location.char_start < source.sentences[k].end}


def _may_move(record: ProvenanceRecord, projection: Projection) -> bool:
    """Whether a find elsewhere in the article could take a report's projected quote: not where the
    quote's letters spelled the words, nor when SEARCH_ACCEPT turns down any find of a quote that short."""
    return TRANSLITERATED not in projection.method and _may_be_accepted(record.quote.text, 0.0, SEARCH_ACCEPT)


def _spelled(quote: str, source: CorpusDocument, plan) -> Location | None:
    """The words of the plan's source sentences (the whole source without a plan) that the quote
    spells in Latin letters, if any. Their letters say more than the locator can: 'udovolstvie' is no
    word the encoder knows, and it finds nothing or a guess."""
    if plan is None:
        start, end = 0, len(source.text)
    elif plan[0]:
        start, end = source.sentences[plan[0][0]].start, source.sentences[plan[0][-1]].end
    else:
        return None
    found = spelled_words(quote, source.text, start, end)
    if found is None:
        return None
    return Location(found[0], found[1], source.text[found[0] : found[1]], 1.0, TRANSLITERATED)


def _plan(record: ProvenanceRecord, paired: TranslationOf, source: CorpusDocument, moved: Retold | None = None):
    """(source sentence numbers, the beads' cosine, the whole rendering when the quote covers its
    sentences) or None when no bead with a source side covers the quote. A quote within one sentence
    that MOVED retells out of order, and that no confident bead holds, goes through that pair."""
    quote = record.quote
    beads = _beads_over(quote, paired)
    sourced = [b for b in beads if b.source_start is not None]
    bead_cosine = sum(b.score for b in sourced) / len(sourced) if sourced else 0.0
    if bead_cosine < PAIRING_PARAMS.bead_cosine:
        for (start, end), (number, cosine) in (moved or {}).items():
            if start <= quote.char_start and quote.char_end <= end:
                said = source.sentences[number]
                share = (quote.char_end - quote.char_start) / (end - start)
                whole = Location(said.start, said.end, source.text[said.start : said.end], 1.0, "sentence")
                return [number], cosine, whole if share >= _WHOLE_SENTENCE else None
    if not sourced:
        return None
    start, end = min(b.source_start for b in sourced), max(b.source_end for b in sourced)
    numbers = _sentences_within(source, start, end)
    covered = sum(b.translation_end - b.translation_start for b in beads)
    whole = None
    share = (quote.char_end - quote.char_start) / covered if covered else 0.0
    if len(sourced) == len(beads) and (share >= _WHOLE_SENTENCE or (len(beads) > 1 and share >= _WHOLE_BEADS)):
        whole = Location(start, end, source.text[start:end], 1.0, "sentence")
    return numbers, bead_cosine, whole


def _narrowed(plan) -> bool:
    """Whether a quote's plan (`_plan`) asks for the words it renders within its sentences: it has beads
    with a source side and does not cover its sentences whole."""
    return plan is not None and plan[2] is None


def _beads_over(quote, paired: TranslationOf) -> list:
    """The beads of the pair's alignment whose translation side overlaps the quote."""
    return [b for b in paired.alignment if b.translation_start is not None
            and _overlaps(b.translation_start, b.translation_end, quote.char_start, quote.char_end)]


def _sentences_within(source: CorpusDocument, start: int, end: int) -> list[int]:
    """The numbers of the source's sentences that lie within START-END."""
    return [n for n, s in enumerate(source.sentences) if s.start >= start and s.end <= end]


def _retold_out_of_order(reported: TranslationOf, doc_id: str, corpus: Corpus) -> Retold:
    """The sentences of a report that no confident bead of its alignment with the article it reports
    on holds, and that retell a sentence of the article out of order: the two are each other's nearest
    (one product with the sentence vectors the batch holds) and read as alike as a confident bead. A
    monotone alignment cannot set a report's lead against the article's fifth sentence once it has
    set its second sentence against the first. (report sentence span) -> (article sentence, cosine)."""
    report, source = corpus.documents[doc_id], corpus.documents[reported.document]
    if not report.sentences or not source.sentences:
        return {}
    floor = PAIRING_PARAMS.bead_cosine
    held = [b for b in reported.alignment if b.source_start is not None and b.translation_start is not None
            and b.score >= floor]
    cosines = corpus.vectors_of(doc_id) @ corpus.vectors_of(source.id).T
    nearest_report = cosines.argmax(axis=0)
    moved: Retold = {}
    for i, sentence in enumerate(report.sentences):
        j = int(cosines[i].argmax())
        if cosines[i, j] >= floor and nearest_report[j] == i and not any(
                _overlaps(b.translation_start, b.translation_end, sentence.start, sentence.end) for b in held):
            moved[sentence.start, sentence.end] = (j, round(float(cosines[i, j]), 4))
    return moved


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return min(end, other_end) > max(start, other_start)


def _retold(record: ProvenanceRecord, reported: TranslationOf, corpus: Corpus, moved: Retold) -> bool:
    """Whether a quote of a report lies in a sentence that renders sentences of the article it reports
    on (a confident bead, or one it retells out of order): a quote the reporter added from elsewhere
    does not."""
    plan = _plan(record, reported, corpus.documents[reported.document], moved)
    return plan is not None and plan[1] >= PAIRING_PARAMS.bead_cosine


def projection_probability(bead_cosine: float, pair: float, search: float) -> float:
    w_bead, w_pair, w_search = PROJECTION["weights"]
    z = w_bead * bead_cosine + w_pair * pair + w_search * search + PROJECTION["bias"]
    return 1.0 / (1.0 + math.exp(-z))


def _lang(record: ProvenanceRecord) -> str:
    return record.language.lang if record.language and record.language.lang else ENGLISH


# --- 4, 5: search ---------------------------------------------------------------------------------------


def _never_sources(doc_id: str, corpus: Corpus) -> frozenset[str]:
    """The batch's documents an English quote of DOC_ID is never searched in: its own translations
    (its quotes are rendered there word for word) and any translation of an English document (it
    renders English words, never their original), whether the batch pairs it with its original or its
    outlet says so (`_published_translations`)."""
    renders_english, translations = _translations(corpus)
    return renders_english | _published_translations(corpus) | translations.get(doc_id, frozenset())


def _published_translations(corpus: Corpus) -> frozenset[str]:
    """The batch's documents in another language than English that their outlet says are translations
    (`pairing.published_as_translation`): a Russian article of CNN's renders English, with or without
    its original in the batch, and an English quote found in it is found in a rendering of English
    words; an InoSMI article renders a foreign one."""
    if "published_translations" not in corpus.memo:
        corpus.memo["published_translations"] = frozenset(
            document.id for document in corpus.documents.values() if published_as_translation(document))
    return corpus.memo["published_translations"]


def _translations(corpus: Corpus) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The batch's translations of English documents, and each source's translations: read once per
    corpus from its pairs, not once per document that searches."""
    if "translations" not in corpus.memo:
        by_source: dict[str, set[str]] = defaultdict(set)
        for translation, of in pair_all(corpus).items():
            by_source[of.document].add(translation)
        english = frozenset(t for source, found in by_source.items()
                            if source in corpus.documents and corpus.documents[source].lang == ENGLISH for t in found)
        corpus.memo["translations"] = (english, {source: frozenset(found) for source, found in by_source.items()})
    return corpus.memo["translations"]


def _other_stories(quoting: str, corpus: Corpus, never: frozenset[str]) -> frozenset[str]:
    """The batch's documents that do not read as the quoting article's story: a quote no outlet of another
    language carried is looked for only in the STORY_DOCUMENTS documents in another language nearest
    the article (document cosine), each at least STORY_FLOOR, leaving out those it is NEVER searched in."""
    if quoting not in corpus.documents:
        return frozenset()
    cosines = corpus.doc_vectors @ corpus.doc_vector(quoting)
    story = sorted(
        (-float(cosine), position) for position, (doc_id, cosine) in enumerate(zip(corpus.order, cosines, strict=True))
        if cosine >= STORY_FLOOR and doc_id not in never and corpus.documents[doc_id].lang != ENGLISH
    )
    nearest = {corpus.order[position] for _, position in story[:STORY_DOCUMENTS]}
    return frozenset(doc_id for doc_id in corpus.order if doc_id not in nearest)


def _search(quotes: list[str], cited: str | None, corpus: Corpus, excluded: frozenset[str],
            gated: bool = True) -> list[tuple[str | None, Location | None, str]]:
    """Per quote, (document, location, method) of its original, or Nones. GATED False: every find of the
    batch-wide search, credible or not (what bench_link --fit learns from)."""
    if cited is not None and cited not in excluded and corpus.documents[cited].lang != ENGLISH:
        return [(cited, hits[0][1] if hits else None, "usem3-locate:cited-document")
                for hits in corpus.single(cited).search_many(quotes, ENGLISH, k=1)]
    best: list[tuple[str | None, Location | None, str]] = [(None, None, "")] * len(quotes)
    # a quote too short for any find to be credible costs nothing (BATCH_ACCEPT: a one-word find never is)
    searched = [i for i, quote in enumerate(quotes) if not gated or _may_be_credible(quote)]
    if not searched:
        return best
    asked = [quotes[i] for i in searched]
    gates = [_gate(SEARCH_GATES, quote) for quote in asked] if gated else None
    shortlist_gates = [_gate(SHORTLIST_GATES, quote) for quote in asked] if gated else None
    for lang in sorted({d.lang for d in corpus.documents.values() if d.id not in excluded} - {ENGLISH}):
        found = [hits[0] if hits and hits[0][1].char_start is not None else None
                 for hits in corpus.index(lang).search_many(asked, ENGLISH, k=1, excluding=excluded,
                                                            cosine_gates=gates, shortlist_gates=shortlist_gates)]
        cosines = rendering_cosines(asked, [hit[1] if hit else None for hit in found])
        for position, hit, cosine in zip(searched, found, cosines, strict=True):
            if not hit or (gated and not _credible(quotes[position], cosine, hit[1].score)):
                continue
            if best[position][1] is None or hit[1].score > best[position][1].score:
                best[position] = (hit[0], hit[1], f"usem3-locate:index-{lang}")
    return best


def _reported_first(quotes: list[str], reported: str, corpus: Corpus, excluded: frozenset[str]) -> list:
    """Per quote, its find in the reported article when SEARCH_ACCEPT reads it likelier right than wrong
    (no RENDERING_FLOOR: the outlet that carried the quote and the article's alignment with the report
    say the original is likely there) and the batch's search finds none that renders the quote more
    closely elsewhere (the report may quote the outlet's other article); else the batch's find."""
    there = _search(quotes, reported, corpus, excluded)
    anywhere = _search(quotes, None, corpus, excluded)
    cosines = rendering_cosines(quotes * 2, [location for _, location, _ in there + anywhere])
    found = []
    for i, quote in enumerate(quotes):
        location, cosine, cosine_elsewhere = there[i][1], cosines[i], cosines[len(quotes) + i]
        credible = (location is not None and location.char_start is not None
                    and _acceptance_odds(_words(quote), cosine, location.score, SEARCH_ACCEPT) >= 0.0)
        closer = anywhere[i][1] is not None and anywhere[i][0] != reported and cosine_elsewhere > cosine
        found.append(there[i] if credible and not closer else anywhere[i])
    return found


def _credible(quote: str, cosine: float, score: float) -> bool:
    return _credible_find(_words(quote), cosine, score)


def _credible_find(words: int, cosine: float, score: float) -> bool:
    """A batch-wide find whose rendering COSINE clears RENDERING_FLOOR and that has, for a quote of WORDS
    words, even odds by BATCH_ACCEPT (SCORE: its locate score)."""
    return cosine >= RENDERING_FLOOR and _acceptance_odds(words, cosine, score, BATCH_ACCEPT) >= 0.0


def _acceptance_odds(words: int, cosine: float, score: float, model: dict) -> float:
    """MODEL's log-odds that a find is right (SEARCH_ACCEPT: in the article its source is said to be;
    BATCH_ACCEPT: anywhere in the batch)."""
    w_words, w_cosine, w_score = model["weights"]
    return w_words * math.log(words) + w_cosine * cosine + w_score * score + model["bias"]


def _may_be_credible(quote: str) -> bool:
    """Could any batch-wide find of this quote be credible (a rendering cosine of RENDERING_FLOOR to 1)?"""
    return _may_be_accepted(quote, RENDERING_FLOOR, BATCH_ACCEPT)


def _may_be_accepted(quote: str, lowest_cosine: float, model: dict) -> bool:
    """Do MODEL's odds for this quote reach even anywhere in rendering cosines from LOWEST_COSINE to 1
    and locate scores from 0 to 1 (at a corner: the odds are linear in both)?"""
    words = _words(quote)
    return any(_acceptance_odds(words, c, s, model) >= 0.0 for c in (lowest_cosine, 1.0) for s in (0.0, 1.0))


def _gate(bands: tuple[tuple[int, float], ...], quote: str) -> float:
    """The gate of the band of BANDS (SEARCH_GATES, SHORTLIST_GATES: each band's first length, its gate)
    that a quote this long falls in; 0.0 for a quote shorter than every band."""
    words = _words(quote)
    return next((gate for start, gate in reversed(bands) if words >= start), 0.0)


def _words(quote: str) -> int:
    return max(1, len(quote.split()))


def rendering_cosines(quotes: list[str], locations: list[Location | None]) -> list[float]:
    """The encoder's cosine of each quote with the words found for it (0.0 where none were). A quote
    asked about several finds (its projection and a find elsewhere) is encoded once."""
    found = [i for i, location in enumerate(locations) if location is not None and location.text]
    cosines = [0.0] * len(quotes)
    if found:
        texts = [bounded(quotes[i]) for i in found]
        row = {text: k for k, text in enumerate(dict.fromkeys(texts))}
        a = encoder.encode(list(row))[[row[text] for text in texts]]
        b = encoder.encode([bounded(locations[i].text) for i in found])
        for i, cosine in zip(found, (a * b).sum(axis=1), strict=True):
            cosines[i] = float(cosine)
    return cosines


def _with_original(record: ProvenanceRecord, corpus: Corpus, doc_id: str, location: Location, method: str,
                   score: float) -> ProvenanceRecord:
    if location.char_start is None:
        return record
    document = corpus.documents[doc_id]
    label = document.document.language or LanguageLabel(document.lang, 1.0)
    original = Original(location.text, document.lang, label.confidence, doc_id, location.char_start,
                        location.char_end, label.evidence)
    return replace(record, original=original, alignment=Alignment(round(score, 4), method))
