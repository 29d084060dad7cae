"""Find the words of a source document that a (translated) quote renders, with a calibrated score.

A quote is usually a fragment: half a sentence, a clause, a phrase. Whole-sentence similarity finds
the right sentence for whole-sentence quotes but not for fragments, so the search runs in steps:
1. Index (built once per source document): every sentence is encoded, and every distinct word of
   the documents once (a shared vocabulary; single words encoded by the multilingual encoder act as
   a soft bilingual dictionary). Stored as float16. No sub-sentence span is encoded up front.
2. Shortlist: per sentence, the quote's cosine plus its word recall (mean over the quote's words of
   the best word cosine in the sentence, from the vocabulary matrix) plus shared numbers and names.
   The best few sentences per document go on.
3. Spans in them, encoded lazily (memoised, bounded): word windows of lengths around the quote's
   expected length in the source language, clause ranges, the sentence, and apart from these the
   sentence with the next one. A linear span score (cosine, its sentence's cosine, lexical evidence,
   length, word match) gives each sentence its best span.
4. Rerank the candidates (each shortlisted sentence, and the sentence with the next one) with a
   logistic model over sentence-level evidence (`RERANK`): the best span score, sentence cosine,
   plain / strong / discriminative word recall, word precision, anchors, missing numbers, length
   ratio, neighbour sentences, and for two sentences what the second adds, apart for quotes of one
   sentence and of several. The best span of the best candidate is refined (every start and end
   near it) and returned.
Its score is a probability from a logistic model over (rerank utility, margin over the best other
sentence, quote length), fitted as described in `CALIBRATION`; below `MIN_SCORE` the location is
reported as not found (null offsets).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

from pipeline.link import encoder
from pipeline.link.align import VERSION as ALIGN_VERSION
from pipeline.link.align import anchor_keys, name_key, number_keys
from pipeline.link.locate_model import (
    CALIBRATION,
    MIN_SCORE,
    PARAMS,
    RERANK,
    RERANK_FEATURES,
    SENTENCE_FEATURES,
    LocateParams,
    calibrated,
    rerank_utility,
)
from pipeline.link.quote_text import FUNCTION_WORDS, bounded, clock_keys, with_lemmas
from pipeline.link.sentences import WORD, Sentence, sentences
from pipeline.text import morph
from pipeline.text.segment import split_sentences

VERSION = "7"

Translate = Callable[[list[str]], list[str]]
_BEST_SPAN = RERANK_FEATURES.index("best_span")  # what a two-sentence candidate's gains are measured from
_RECALL = RERANK_FEATURES.index("recall")
_HIDDEN = -2.0  # the cosine given to the sentences of documents a search excludes: below any real one
WORD_MEMO = 20_000  # word vectors kept (float32, 2 KiB each); the oldest half is dropped

@dataclass(frozen=True)
class Location:
    char_start: int | None
    char_end: int | None
    text: str | None
    score: float
    method: str


NOT_FOUND = Location(None, None, None, 0.0, "none")


def _raised(own: float, asked: Sequence[float] | None, n: int) -> float:
    """A gate of the index, raised to what the caller asks for its N-th quote."""
    return own if asked is None else max(own, asked[n])


def settings() -> dict:
    params = asdict(PARAMS)
    params["words_ratio"] = {f"{a}-{b}": r for (a, b), r in PARAMS.words_ratio.items()}
    return {
        "encoder": encoder.encoder_version(),
        "align": ALIGN_VERSION,  # the anchor and number keys come from there
        "russian_lemmas": "pymorphy3" if morph.russian() is not None else None,
        **params,
        "rerank": {"features": RERANK_FEATURES, **RERANK},
        "calibration": CALIBRATION,
        "min_score": MIN_SCORE,
    }


def locate(
    quotes: Sequence[str],
    source: str,
    quote_lang: str,
    source_lang: str,
    translate: Translate | None = None,
    min_score: float | None = None,
) -> list[Location]:
    """For each quote, the smallest span of `source` it renders; null offsets (and the
    probability it had) when its calibrated score is below `min_score` (default MIN_SCORE)."""
    index = SourceIndex(translate=translate, min_score=min_score, source_known=True)
    index.add("source", source, source_lang)
    results = index.search_many(quotes, quote_lang, k=1)
    return [hits[0][1] if hits else NOT_FOUND for hits in results]


@dataclass
class _Doc:
    doc_id: str
    text: str
    lang: str
    sentences: range  # global sentence numbers


@dataclass(frozen=True)
class _Span:
    sentence: int  # global index of the (first) sentence
    start: int
    end: int  # -1: the sentence and the next one
    method: str

    @property
    def with_next(self) -> bool:
        return self.end == -1


@dataclass
class _Query:
    """One quote and what every step needs of it."""

    text: str
    vector: np.ndarray
    mt_text: str | None
    mt_vector: np.ndarray | None
    words: list[str]  # lowercased words of 3+ letters (the whole quote when none)
    word_vectors: np.ndarray
    expected: float  # expected length of its rendering in source-language words
    keys: frozenset[str]  # numbers and names (of the MT output too)
    numbers: set[str]
    sentences: int  # sentences of the quote itself (1 for a fragment)


@dataclass
class Candidate:
    """A shortlisted sentence with its best span and its rerank features (exposed for fitting)."""

    sentence: int
    span: _Span
    span_score: float
    features: np.ndarray
    rank: int  # position in the shortlist
    utility: float = 0.0


# ---------------------------------------------------------------- the index


class EncodedTexts:
    """Texts' unit vectors by text, each encoded once, kept up to LIMIT (the oldest half dropped), as
    DTYPE: one memo shared by the indexes of a batch, since the batch-wide index of a language and a
    paired, cited or reported source's own index read the same words and the same windows of it, and
    the quotes' words and the Russian words' dictionary forms are often words of the documents too."""

    def __init__(self, limit: int, dtype: type = np.float32):
        self._limit = limit
        self._dtype = dtype
        self._memo: dict[str, np.ndarray] = {}

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), DIMENSIONS) float32 unit vectors."""
        distinct = dict.fromkeys(texts)
        found = {text: self._memo[text] for text in distinct if text in self._memo}
        missing = [text for text in distinct if text not in found]
        if missing:
            fresh = dict(zip(missing, encoder.encode(missing).astype(self._dtype), strict=True))
            if len(self._memo) + len(fresh) > self._limit:  # drop the oldest half
                for text in list(self._memo)[: len(self._memo) // 2 + len(fresh)]:
                    del self._memo[text]
            self._memo.update(fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, encoder.DIMENSIONS), dtype=np.float32)
        return np.stack([found[text] for text in texts]).astype(np.float32, copy=False)


def word_vectors() -> EncodedTexts:
    """Single words' vectors."""
    return EncodedTexts(WORD_MEMO)


def span_vectors(params: LocateParams = PARAMS) -> EncodedTexts:
    """Word windows' vectors, as float16 (1 KiB each)."""
    return EncodedTexts(params.memo_limit, np.float16)


class SourceIndex:
    """All source documents of a run in one language; `search` is a lookup, not a pairwise loop.

    A quote first meets every sentence in one vector product: when no sentence comes near it
    (`params.gate`), it has no plausible original here and costs nothing more. Otherwise only the
    documents of its nearest sentences are read closely (word recall, spans, reranking), and the
    vector of a document word is computed the first time a quote reads that document."""

    def __init__(
        self,
        translate: Translate | None = None,
        params: LocateParams = PARAMS,
        min_score: float | None = None,
        source_known: bool = False,
        words: EncodedTexts | None = None,
        spans: EncodedTexts | None = None,
    ):
        self.params = params
        # A known source (the document `locate` is given): its best place is the answer and the score
        # says how sure; the gates, which spare a batch-wide search, would turn true quotes away.
        self.gated = not source_known
        self.min_score = MIN_SCORE if min_score is None else min_score
        self.translate = translate
        self.docs: list[_Doc] = []
        self.sentences: list[Sentence] = []
        self._lang: str | None = None
        self._vocabulary: dict[str, int] = {}
        self._id_words: list[str] = []  # the vocabulary in id order
        self._sentence_word_ids: list[np.ndarray] = []
        self._pending: list[list[str] | np.ndarray] = []  # sentence texts to encode, or vectors given
        self._sentence_vectors = np.zeros((0, encoder.DIMENSIONS), dtype=np.float16)
        self._word_vectors = np.zeros((0, encoder.DIMENSIONS), dtype=np.float16)
        self._word_encoded = np.zeros(0, dtype=bool)
        self._flat_ids = np.zeros(0, dtype=np.int32)  # every sentence's word ids, in order
        self._offsets = np.zeros(0, dtype=np.int64)  # where each sentence starts in _flat_ids
        self._words = words if words is not None else word_vectors()
        self._span_memo = spans if spans is not None else span_vectors(params)

    def add(self, doc_id: str, text: str, lang: str, encoded: tuple[list[Sentence], np.ndarray] | None = None) -> int:
        """Add a document; ENCODED gives its sentences (`sentences.sentences`) and their vectors when
        they are known already. Returns the document's number in the index."""
        if self._lang not in (None, lang):
            raise ValueError(f"index holds {self._lang!r} documents; {doc_id} is {lang!r}")
        self._lang = lang
        doc_index = len(self.docs)
        found = sentences(text, lang) if encoded is None else encoded[0]
        first = len(self.sentences)
        self.docs.append(_Doc(doc_id, text, lang, range(first, first + len(found))))
        for sentence in found:
            self.sentences.append(replace(sentence, doc=doc_index))
            ids = []
            for a, b in sentence.words:
                word = text[a:b].lower()
                if word not in self._vocabulary:
                    self._vocabulary[word] = len(self._vocabulary)
                    self._id_words.append(word)
                ids.append(self._vocabulary[word])
            self._sentence_word_ids.append(np.asarray(ids, dtype=np.int32))
        self._pending.append([text[s.start : s.end] for s in found] if encoded is None else encoded[1])
        return doc_index

    def _encode_pending(self) -> None:
        if not self._pending:
            return
        parts = [encoder.encode(part) if isinstance(part, list) else part for part in self._pending]
        self._sentence_vectors = np.concatenate([self._sentence_vectors, *(p.astype(np.float16) for p in parts)])
        self._pending = []
        self._flat_ids = np.concatenate(self._sentence_word_ids) if self._sentence_word_ids else self._flat_ids
        lengths = [len(ids) for ids in self._sentence_word_ids]
        self._offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)

    def _ensure_words(self, ids: np.ndarray) -> None:
        """Encode the vocabulary words among IDS that have no vector yet."""
        size = len(self._vocabulary)
        if len(self._word_encoded) < size:
            grown = np.zeros((size, encoder.DIMENSIONS), dtype=np.float16)
            grown[: len(self._word_vectors)] = self._word_vectors
            self._word_vectors = grown
            self._word_encoded = np.concatenate([self._word_encoded, np.zeros(size - len(self._word_encoded), bool)])
        missing = np.unique(ids[~self._word_encoded[ids]])
        if not len(missing):
            return
        words = [self._id_words[i] for i in missing]
        vectors = self._words.vectors(words)
        if self._lang == "ru":
            vectors = with_lemmas(words, vectors, self._words.vectors)
        self._word_vectors[missing] = vectors.astype(np.float16)
        self._word_encoded[missing] = True

    def search(self, quote: str, quote_lang: str, k: int = 5) -> list[tuple[str, Location]]:
        """Best location in each of the k best documents, best first."""
        return self.search_many([quote], quote_lang, k)[0]

    def search_many(
        self, quotes: Sequence[str], quote_lang: str, k: int = 5, within: Sequence[Sequence[int]] | None = None,
        excluding: frozenset[str] = frozenset(), cosine_gates: Sequence[float] | None = None,
        shortlist_gates: Sequence[float] | None = None,
    ) -> list[list[tuple[str, Location]]]:
        """Per quote, the best location in each of its k best documents, best first; an empty list when
        nothing here is plausible. WITHIN gives, per quote, the only sentences to look in (a quote
        projected through a document alignment); their documents are read whole for the evidence.
        The documents EXCLUDING names are not looked in. COSINE_GATES and SHORTLIST_GATES raise, per
        quote, the nearest sentence's cosine and the best shortlist score below which it is not read
        further (a caller that knows what it will accept)."""
        if not self.sentences or not quotes:
            return [[] for _ in quotes]
        self._encode_pending()
        hidden = [n for d in self.docs if d.doc_id in excluding for n in d.sentences]
        results: list[list[tuple[str, Location]]] = []
        for batch in self._queries(quotes, quote_lang):
            for query, cosines in zip(batch, self._all_cosines(batch), strict=True):
                cosines[hidden] = _HIDDEN
                n = len(results)
                gates = (_raised(self.params.cosine_gate, cosine_gates, n),
                         _raised(self.params.shortlist_gate, shortlist_gates, n))
                results.append(self._search_one(query, cosines, k, None if within is None else within[n], *gates))
        return results

    def nearest(self, quotes: Sequence[str], quote_lang: str) -> np.ndarray:
        """Each quote's cosine with its nearest sentence here: what the first gate reads."""
        if not self.sentences or not quotes:
            return np.zeros(len(quotes), dtype=np.float32)
        self._encode_pending()
        return np.concatenate([self._all_cosines(batch).max(axis=1) for batch in self._queries(quotes, quote_lang)])

    def shortlist_best(self, quotes: Sequence[str], quote_lang: str, k: int = 1) -> np.ndarray:
        """Each quote's best shortlist score (cosine plus word recall) over the sentences of its nearest
        documents, the first gate aside: what the second gate reads (`bench_link.py --fit` fits the
        link stage's `SHORTLIST_GATES` on it)."""
        if not self.sentences or not quotes:
            return np.zeros(len(quotes), dtype=np.float32)
        self._encode_pending()
        best = []
        for batch in self._queries(quotes, quote_lang):
            for query, cosines in zip(batch, self._all_cosines(batch), strict=True):
                columns = self._read_closely(cosines, self._nearby(cosines, k))
                best.append(self._shortlist_scores(self._recall(query, columns), cosines, columns).max())
        return np.asarray(best, dtype=np.float32)

    def _search_one(
        self, query: _Query, cosines: np.ndarray, k: int, within: Sequence[int] | None, cosine_gate: float,
        shortlist_gate: float,
    ) -> list[tuple[str, Location]]:
        gated = within is None and self.gated
        if within is not None:
            allowed = np.asarray(sorted(set(within)), dtype=np.int64)
        elif gated and cosines.max() < cosine_gate:
            return []
        else:
            allowed = self._nearby(cosines, k)
        if not len(allowed):
            return []
        columns = self._read_closely(cosines, allowed)
        recall = self._recall(query, columns)
        if gated and self._shortlist_scores(recall, cosines, columns).max() < shortlist_gate:
            return []
        return self._best_per_doc(query, self.candidates(query, recall, k, cosines, columns), k)

    def _nearby(self, cosines: np.ndarray, k: int) -> np.ndarray:
        """The sentences of the documents nearest the quote (by their nearest sentence to it)."""
        docs = self._nearest_docs(cosines, max(k, self.params.documents) + self.params.extra_documents)
        return np.concatenate([np.asarray(self.docs[d].sentences) for d in docs]) if docs else np.zeros(0, np.int64)

    def _read_closely(self, cosines: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """The allowed sentences nearest the quote, at most `params.recall_sentences` of them: the ones
        whose words are compared with the quote's."""
        if len(allowed) <= self.params.recall_sentences:
            return allowed
        nearest = np.argsort(-cosines[allowed], kind="stable")[: self.params.recall_sentences]
        return np.sort(allowed[nearest])

    def _shortlist_scores(self, recall: np.ndarray, cosines: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        return cosines[allowed] + self.params.shortlist_recall * recall[:, allowed].mean(axis=0)

    def _all_cosines(self, queries: list[_Query]) -> np.ndarray:
        """(quotes, sentences) cosines, the float16 sentence vectors converted a block at a time."""
        vectors = np.stack([query.vector for query in queries])
        mt = [query.mt_vector for query in queries]
        out = np.empty((len(queries), len(self.sentences)), dtype=np.float32)
        block = 16384
        for first in range(0, len(self.sentences), block):
            rows = self._sentence_vectors[first : first + block].astype(np.float32)
            cos = vectors @ rows.T
            if all(v is not None for v in mt):
                cos = (cos + self.params.mt_weight * (np.stack(mt) @ rows.T)) / (1 + self.params.mt_weight)
            out[:, first : first + block] = cos
        return out

    def candidates_of(self, quotes: Sequence[str], quote_lang: str, k: int = 1) -> list[tuple[_Query, list[Candidate]]]:
        """Each quote with its reranked candidate sentences over every document of the index, the
        gate aside (what `benchmarks/bench_align.py --fit` learns from)."""
        self._encode_pending()
        out = []
        everything = np.arange(len(self.sentences))
        for batch in self._queries(quotes, quote_lang):
            for query, cosines in zip(batch, self._all_cosines(batch), strict=True):
                columns = self._read_closely(cosines, everything)
                recall = self._recall(query, columns)
                out.append((query, self.candidates(query, recall, k, cosines, columns)))
        return out

    def _nearest_docs(self, cosines: np.ndarray, count: int) -> list[int]:
        """The documents of the sentences nearest the quote, nearest first."""
        docs: list[int] = []
        for number in np.argsort(-cosines, kind="stable")[: int(np.count_nonzero(cosines > _HIDDEN))]:
            doc = self.sentences[number].doc
            if doc not in docs:
                docs.append(doc)
                if len(docs) == count:
                    break
        return docs

    def _recall(self, query: _Query, numbers: np.ndarray) -> np.ndarray:
        """(quote words, sentences): each quote word's best cosine with a word of the sentence, for the
        sentences NUMBERS (zero elsewhere); their words are encoded here the first time they are read."""
        recall = np.zeros((len(query.words), len(self.sentences)), dtype=np.float32)
        if not len(numbers):
            return recall
        ids = [self._sentence_word_ids[n] for n in numbers]
        flat = np.concatenate(ids)
        self._ensure_words(flat)
        sims = query.word_vectors @ self._word_vectors[flat].astype(np.float32).T
        offsets = np.concatenate([[0], np.cumsum([len(i) for i in ids])[:-1]]).astype(np.int64)
        recall[:, numbers] = np.maximum.reduceat(sims, offsets, axis=1)
        return recall

    # ------------------------------------------------------------ queries and the shortlist

    def _queries(self, quotes: Sequence[str], quote_lang: str):
        """Yield the quotes as `_Query` objects, a batch at a time."""
        ratio = self.params.words_ratio.get((quote_lang, self._lang or ""), 1.0)
        batch = 32
        for first in range(0, len(quotes), batch):
            texts = [bounded(quote) for quote in quotes[first : first + batch]]
            vectors = encoder.encode(texts)
            translations = self.translate(texts) if self.translate else None
            mt_vectors = encoder.encode(translations) if translations else None
            words_of = [[w.lower() for w in WORD.findall(t) if len(w) >= 3] or [t.lower()] for t in texts]
            distinct = list(dict.fromkeys(w for words in words_of for w in words))
            word_vectors = dict(zip(distinct, self._words.vectors(distinct), strict=True))
            yield [self._query(text, vectors[i], translations, mt_vectors, words_of[i], word_vectors, ratio, i,
                               quote_lang)
                   for i, text in enumerate(texts)]

    def _query(self, text, vector, translations, mt_vectors, words, word_vectors, ratio, position, lang) -> _Query:
        mt_text = translations[position] if translations else None
        keys = anchor_keys(text) | clock_keys(text) | (anchor_keys(mt_text) if mt_text else frozenset())
        return _Query(
            text,
            vector,
            mt_text,
            None if mt_vectors is None else mt_vectors[position],
            words,
            np.stack([word_vectors[w] for w in words]),
            max(1, len(WORD.findall(text))) * ratio,
            keys,
            number_keys(text),
            max(1, len(split_sentences(text, lang))),
        )

    def _sentence_cosines(self, query: _Query, numbers) -> np.ndarray:
        vectors = self._sentence_vectors[numbers].astype(np.float32)
        return self._blend(vectors, query)

    def _blend(self, vectors: np.ndarray, query: _Query) -> np.ndarray:
        cos = vectors @ query.vector
        if query.mt_vector is not None:
            cos = (cos + self.params.mt_weight * (vectors @ query.mt_vector)) / (1 + self.params.mt_weight)
        return cos

    def shortlist(
        self, query: _Query, recall: np.ndarray, k: int, cosines: np.ndarray, allowed: np.ndarray
    ) -> list[int]:
        """The best `params.shortlist` sentences of each of the best documents (k, at least
        `params.documents`: the reranker, not the shortlist, decides between them), among ALLOWED."""
        k = max(k, self.params.documents)
        best = self._shortlist_scores(recall, cosines, allowed)
        if query.keys:
            for position in np.argsort(-best)[: 4 * (k + self.params.shortlist)]:
                text = self._sentence_text(int(allowed[position]))
                best[position] += self.params.lexical * min(3, len(query.keys & anchor_keys(text)))
        chosen: list[int] = []
        per_doc: dict[int, int] = {}
        for number in allowed[np.argsort(-best, kind="stable")]:
            doc = self.sentences[number].doc
            if doc not in per_doc and len(per_doc) >= k:
                continue
            if per_doc.get(doc, 0) >= self.params.shortlist:
                continue
            per_doc[doc] = per_doc.get(doc, 0) + 1
            chosen.append(int(number))
            if len(per_doc) >= k and all(
                c >= min(self.params.shortlist, len(self.docs[d].sentences)) for d, c in per_doc.items()
            ):
                break
        return chosen

    def _sentence_text(self, number: int) -> str:
        sentence = self.sentences[number]
        return self.docs[sentence.doc].text[sentence.start : sentence.end]

    # ------------------------------------------------------------ candidates and reranking

    def candidates(
        self, query: _Query, recall: np.ndarray, k: int, cosines: np.ndarray, allowed: np.ndarray
    ) -> list[Candidate]:
        """The shortlisted sentences, each with its best span, and each sentence with the next one (when
        the quote may be longer than the sentence), with their rerank features, best first: the reranker,
        not the span score, decides whether a quote renders one sentence or two."""
        numbers = self.shortlist(query, recall, k, cosines, allowed)
        spans = self._spans(numbers, query.expected)
        scores = self._score(spans, query)
        best: dict[tuple[int, bool], tuple[float, _Span]] = {}
        for span, score in zip(spans, scores, strict=True):
            key = (span.sentence, span.with_next)
            if key not in best or score > best[key][0]:
                best[key] = (float(score), span)
        entries = [(rank, *best[(n, False)]) for rank, n in enumerate(numbers)]
        entries += [(rank, *best[(n, True)]) for rank, n in enumerate(numbers) if (n, True) in best]
        recall = self._with_next_sentences(query, recall, [span for _, _, span in entries])
        features = self._rerank_features(entries, numbers, query, recall, allowed)
        out = [
            Candidate(span.sentence, span, score, row, rank)
            for (rank, score, span), row in zip(entries, features, strict=True)
        ]
        for candidate, utility in zip(out, rerank_utility(features), strict=True):
            candidate.utility = float(utility)
        return sorted(out, key=lambda c: -c.utility)

    def _with_next_sentences(self, query: _Query, recall: np.ndarray, spans: list[_Span]) -> np.ndarray:
        """RECALL with the columns of the second sentences of two-sentence spans filled in (the
        sentences read closely may not include them)."""
        extra = sorted({s.sentence + 1 for s in spans if s.with_next and not recall[:, s.sentence + 1].any()})
        if extra:
            recall[:, extra] = self._recall(query, np.asarray(extra, dtype=np.int64))[:, extra]
        return recall

    def _rerank_features(self, entries, numbers, query: _Query, recall: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Per (shortlist rank, span score, span): RERANK_FEATURES. Single sentences come first; a
        two-sentence candidate shares its first sentence's features and adds what the second sentence
        gains, apart for quotes of one sentence and of several (a one-sentence quote renders two
        sentences only where the translator split it)."""
        singles = [entry for entry in entries if not entry[2].with_next]
        out = np.zeros((len(entries), len(RERANK_FEATURES)))
        out[: len(singles), :SENTENCE_FEATURES] = self._sentence_features(singles, numbers, query, recall, columns)
        row_of = {span.sentence: row for row, (_, _, span) in enumerate(singles)}
        several = int(query.sentences > 1)
        for row, (_, score, span) in enumerate(entries[len(singles) :], start=len(singles)):
            single = row_of[span.sentence]
            out[row, :SENTENCE_FEATURES] = out[single, :SENTENCE_FEATURES]
            both = recall[:, [span.sentence, span.sentence + 1]].max(axis=1).mean()
            gains = (1.0, score - out[single, _BEST_SPAN], both - out[single, _RECALL])
            for offset, gain in enumerate(gains):
                out[row, SENTENCE_FEATURES + 2 * offset + several] = gain
        return out

    def _sentence_features(self, singles, numbers, query: _Query, recall, columns: np.ndarray) -> np.ndarray:
        p = self.params
        best_spans = [span for _, _, span in singles]
        span_cos = self._cosines(best_spans, query)
        sentence_cos = self._sentence_cosines(query, [span.sentence for span in best_spans])
        weights = self._discrimination(numbers, recall, columns)
        content = np.array([w not in FUNCTION_WORDS for w in query.words], dtype=float)
        weights = weights * content if content.any() else weights
        out = np.zeros((len(singles), SENTENCE_FEATURES))
        for row, (_, score, span) in enumerate(singles):
            number = span.sentence
            word_best = recall[:, number]
            keys = anchor_keys(self._sentence_text(number))
            sentence_words = len(self.sentences[number].words)
            neighbours = [n for n in (number - 1, number + 1) if self._same_doc(number, n)]
            out[row] = (
                score,
                span_cos[row],
                sentence_cos[row],
                word_best.mean(),
                (word_best >= p.strong_match).mean(),
                float(weights @ word_best / weights.sum()) if weights.sum() > 0 else word_best.mean(),
                self._precision(number, query),
                min(3, len(query.keys & keys)),
                len(query.numbers - keys),
                abs(math.log(sentence_words / query.expected)),
                self._sentence_cosines(query, neighbours).max() if neighbours else 0.0,
                min(3, len({k for k in query.keys if k.startswith("n:")} & self._loose_names(number))),
            )
        return out

    def _discrimination(self, numbers: list[int], recall: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Per quote word: its best cosine in the shortlisted sentences minus its median over the
        sentences read closely (a word that matches everywhere says nothing)."""
        spread = recall[:, numbers].max(axis=1) - np.median(recall[:, columns], axis=1)
        return np.maximum(spread, 0.0) + 1e-3

    def _loose_names(self, number: int) -> set[str]:
        sentence = self.sentences[number]
        text = self.docs[sentence.doc].text
        return {key for a, b in sentence.words if (key := name_key(text[a:b]))}

    def _precision(self, number: int, query: _Query) -> float:
        words = self._word_vectors[self._sentence_word_ids[number]].astype(np.float32)
        return float((query.word_vectors @ words.T).max(axis=0).mean())

    def _same_doc(self, number: int, other: int) -> bool:
        return 0 <= other < len(self.sentences) and self.sentences[other].doc == self.sentences[number].doc

    def _best_per_doc(self, query: _Query, candidates: list[Candidate], k: int) -> list[tuple[str, Location]]:
        results = []
        seen_docs: set[int] = set()
        for candidate in candidates:
            doc = self.sentences[candidate.sentence].doc
            if doc in seen_docs:
                continue
            seen_docs.add(doc)
            rival = next((c.utility for c in candidates if c.sentence != candidate.sentence), None)
            margin = candidate.utility - rival if rival is not None else 1.0
            probability = calibrated(candidate.utility, margin, max(1, len(WORD.findall(query.text))))
            span = self._refined(candidate.span, query)
            doc_id = self.docs[doc].doc_id
            if probability < self.min_score:
                results.append((doc_id, Location(None, None, None, round(probability, 4), span.method)))
            else:
                start, end = self._char_span(span)
                text = self.docs[doc].text[start:end]
                results.append((doc_id, Location(start, end, text, round(probability, 4), span.method)))
            if len(results) >= k:
                break
        return results

    # ------------------------------------------------------------ spans and their linear score

    def _score(self, spans: list[_Span], query: _Query) -> np.ndarray:
        """Each span's linear score. Encoding a span is the costly step, so spans are first ranked by
        the rest of the score (word match, length, anchors, their sentence's cosine) and only the best
        `params.encoded_spans` of each sentence, and each whole sentence, are encoded and scored in
        full; the others score -inf."""
        rest = self._features_but_cosine(spans, query) @ self._weights()[1:]
        keep = self._worth_encoding(spans, rest)
        scores = np.full(len(spans), -np.inf)
        scores[keep] = rest[keep] + self._cosines([spans[i] for i in keep], query)
        return scores

    def _worth_encoding(self, spans: list[_Span], rest: np.ndarray) -> np.ndarray:
        by_sentence: dict[int, list[int]] = {}
        for position, span in enumerate(spans):
            by_sentence.setdefault(span.sentence, []).append(position)
        keep = [i for i, span in enumerate(spans) if span.method in ("sentence", "sentences")]
        for positions in by_sentence.values():
            ranked = sorted(positions, key=lambda i: -rest[i])
            keep += ranked[: self.params.encoded_spans]
        return np.asarray(sorted(set(keep)), dtype=np.int64)

    def _weights(self) -> np.ndarray:
        p = self.params
        return np.array(
            [1.0, p.context, p.lexical, -p.missing_number, -p.length, p.clause_bonus, p.word_recall, p.word_precision]
        )

    def _features_but_cosine(self, spans: list[_Span], query: _Query) -> np.ndarray:
        """Per span, all but its own cosine: the cosine of its whole sentence, shared anchors (up to
        3), numbers of the quote missing from it, squared log length deviation, on clause boundaries
        (0/1), and how well the quote's words find a counterpart among the span's words."""
        context = self._sentence_cosines(query, [s.sentence for s in spans])
        evidence = self._evidence(spans, query)
        return np.column_stack([context, evidence, self._word_match(spans, query)])

    def _word_match(self, spans: list[_Span], query: _Query) -> np.ndarray:
        """Recall: mean over the quote's words of the best cosine with a word of the span;
        precision: mean over the span's words of the best cosine with a quote word."""
        by_sentence: dict[int, np.ndarray] = {}
        out = np.zeros((len(spans), 2))
        for position, span in enumerate(spans):
            numbers = [span.sentence, span.sentence + 1] if span.with_next else [span.sentence]
            for n in numbers:
                if n not in by_sentence:
                    words = self._word_vectors[self._sentence_word_ids[n]].astype(np.float32)
                    by_sentence[n] = query.word_vectors @ words.T
            if span.with_next:
                sims = np.concatenate([by_sentence[n] for n in numbers], axis=1)
            else:
                sims = by_sentence[span.sentence][:, span.start : span.end]
            out[position] = sims.max(axis=1).mean(), sims.max(axis=0).mean()
        return out

    def _cosines(self, spans: list[_Span], query: _Query) -> np.ndarray:
        return self._blend(self._span_vectors(spans), query)

    def _refined(self, best: _Span, query: _Query) -> _Span:
        """The best of every start and end within a stride of the best window's (the first pass
        skipped them)."""
        if best.method != "window":
            return best
        count = len(self.sentences[best.sentence].words)
        reach = max(1, (best.end - best.start) // self.params.window_steps)
        spans = [best]
        for start in range(max(0, best.start - reach), min(count, best.start + reach + 1)):
            for end in range(max(start + 1, best.end - reach), min(count, best.end + reach) + 1):
                span = _Span(best.sentence, start, end, "window")
                if span != best and (start, end) != (0, count):
                    spans.append(span)
        scores = self._score(spans, query)
        return spans[int(np.argmax(scores))]

    def _spans(self, numbers: list[int], expected: float) -> list[_Span]:
        sizes = sorted({max(1, round(expected * f)) for f in self.params.size_factors})
        spans: list[_Span] = []
        for number in numbers:
            sentence = self.sentences[number]
            count = len(sentence.words)
            spans.append(_Span(number, 0, count, "sentence"))
            for size in sizes:
                if size < count:
                    step = max(1, size // self.params.window_steps)
                    starts = list(range(0, count - size + 1, step))
                    if starts[-1] != count - size:
                        starts.append(count - size)
                    spans += [_Span(number, s, s + size, "window") for s in starts]
            starts = [*sentence.clause_starts, count]
            for a in range(len(starts) - 1):
                for b in range(a + 1, len(starts)):
                    if (starts[a], starts[b]) != (0, count):
                        spans.append(_Span(number, starts[a], starts[b], "clause"))
            if expected > 1.2 * count and self._same_doc(number, number + 1):
                spans.append(_Span(number, 0, -1, "sentences"))
        return spans

    def _char_span(self, span: _Span) -> tuple[int, int]:
        sentence = self.sentences[span.sentence]
        if span.with_next:
            return sentence.start, self.sentences[span.sentence + 1].end
        if span.method == "sentence":
            return sentence.start, sentence.end
        return sentence.words[span.start][0], sentence.words[span.end - 1][1]

    def _span_vectors(self, spans: list[_Span]) -> np.ndarray:
        """A whole sentence's vector is the index's; other spans are encoded once (memoised)."""
        out = self._sentence_vectors[[s.sentence for s in spans]].astype(np.float32)
        parts = [position for position, s in enumerate(spans) if s.method != "sentence"]
        if parts:
            out[parts] = self._encoded_spans([spans[position] for position in parts])
        return out

    def _encoded_spans(self, spans: list[_Span]) -> np.ndarray:
        texts = []
        for span in spans:
            start, end = self._char_span(span)
            texts.append(self.docs[self.sentences[span.sentence].doc].text[start:end])
        return self._span_memo.vectors(texts)

    def _evidence(self, spans: list[_Span], query: _Query) -> np.ndarray:
        out = np.zeros((len(spans), 4))
        for position, span in enumerate(spans):
            sentence = self.sentences[span.sentence]
            start, end = self._char_span(span)
            text = self.docs[sentence.doc].text[start:end]
            words = len(WORD.findall(text))
            out[position, 2] = math.log(words / query.expected) ** 2
            if query.keys:
                span_keys = anchor_keys(text)
                out[position, 0] = min(3, len(query.keys & span_keys))
                out[position, 1] = len(query.numbers - span_keys)
            bounded = span.start in sentence.clause_starts and (
                span.end in sentence.clause_starts or span.end in (-1, len(sentence.words))
            )
            out[position, 3] = float(bounded)
        return out
