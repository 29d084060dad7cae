"""The batch as the link stage reads it: every document's sentences, encoded once, and one vector per
document; where a URL or a title points; and the search indexes, built when first needed.

Every sentence of every document is encoded exactly once here, in large batches; document pairing,
whole-document alignment, projection and the per-quote search all reuse those vectors.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

import numpy as np

from pipeline.core.records import Document, DocumentMeta
from pipeline.link import encoder
from pipeline.link.locate import EncodedTexts, SourceIndex, span_vectors, word_vectors
from pipeline.link.sentences import Sentence, sentences
from pipeline.quotes.outlets import identities

_ENCODE_BATCH = 4096  # sentences encoded at a time
_MARKER = re.compile(r"\[\d{1,3}\]")


@dataclass
class CorpusDocument:
    document: Document
    lang: str
    sentences: list[Sentence]
    rows: range  # its sentences' rows in `Corpus.vectors`
    # outlets (`outlets.identities`) whose own words it quotes: "“…,” Kommersant reported"
    quoted_outlets: frozenset[str] = frozenset()
    # its quotes (character spans) credited to a publication it does not name: "“…,” the newspaper reported"
    unnamed_outlet_quotes: tuple[tuple[int, int], ...] = ()

    @property
    def id(self) -> str:
        return self.document.id

    @cached_property
    def own_outlet(self) -> frozenset[str]:
        """The outlet that published it (`outlets.identities` of its metadata's outlet and URL): read once,
        however many candidate pairs pairing weighs it in."""
        return identities(name=self.meta.outlet, url=self.meta.url)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def meta(self) -> DocumentMeta:
        return self.document.meta

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence that holds OFFSET (the last one starting before it)."""
        starts = [sentence.start for sentence in self.sentences]
        return max(bisect.bisect_right(starts, offset) - 1, 0)


@dataclass
class Corpus:
    documents: dict[str, CorpusDocument] = field(default_factory=dict)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, encoder.DIMENSIONS), dtype=np.float16))
    order: list[str] = field(default_factory=list)  # document ids, the rows of `doc_vectors`
    doc_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, encoder.DIMENSIONS), dtype=np.float32))
    by_url: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, list[str]] = field(default_factory=dict)
    _indexes: dict[str, SourceIndex] = field(default_factory=dict)
    _single: dict[str, SourceIndex] = field(default_factory=dict)
    _position: dict[str, int] = field(default_factory=dict)
    # shared by every index of the batch: words, and word windows, encoded once
    _words: EncodedTexts = field(default_factory=word_vectors)
    _spans: EncodedTexts = field(default_factory=span_vectors)
    memo: dict = field(default_factory=dict)  # results computed once per corpus (document pairs)

    def vectors_of(self, doc_id: str) -> np.ndarray:
        rows = self.documents[doc_id].rows
        return self.vectors[rows.start : rows.stop].astype(np.float32)

    def doc_vector(self, doc_id: str) -> np.ndarray:
        return self.doc_vectors[self._position[doc_id]]

    def index(self, lang: str) -> SourceIndex | None:
        """One index over every document in LANG (None when there is none)."""
        if lang not in self._indexes:
            members = [d for d in self.documents.values() if d.lang == lang]
            if not members:
                return None
            index = SourceIndex(words=self._words, spans=self._spans)
            for document in members:
                index.add(document.id, document.text, lang, (document.sentences, self.vectors_of(document.id)))
            self._indexes[lang] = index
        return self._indexes[lang]

    def single(self, doc_id: str) -> SourceIndex:
        """An index over one document (a paired or cited source), built once however often it is read."""
        if doc_id not in self._single:
            document = self.documents[doc_id]
            # the quote's source is known: its best place is the answer
            index = SourceIndex(min_score=0.0, words=self._words, spans=self._spans)
            index.add(doc_id, document.text, document.lang, (document.sentences, self.vectors_of(doc_id)))
            self._single[doc_id] = index
        return self._single[doc_id]

    def titled(self, title: str | None) -> list[str]:
        return list(self.by_title.get(fold(title), [])) if title else []


def build_corpus(documents: Iterable[Document]) -> Corpus:
    """Read every document with a language: its sentences, their vectors, its document vector."""
    corpus = Corpus()
    row = 0
    for document in documents:
        lang = document.language.lang if document.language else None
        if lang is None:
            continue
        found = sentences(document.text, lang)
        corpus.documents[document.id] = CorpusDocument(document, lang, found, range(row, row + len(found)))
        corpus._position[document.id] = len(corpus.order)
        corpus.order.append(document.id)
        row += len(found)
        _register(corpus, document)
    corpus.vectors = _sentence_vectors(corpus, row)
    corpus.doc_vectors = _document_vectors(corpus)
    return corpus


def _sentence_vectors(corpus: Corpus, rows: int) -> np.ndarray:
    """Every sentence's vector, encoded whole documents at a time (at least `_ENCODE_BATCH` sentences)
    straight into one float16 array: joining the batches' arrays at the end held every vector of the
    batch twice (92.5 MB of them for 10,000 documents)."""
    vectors = np.empty((rows, encoder.DIMENSIONS), dtype=np.float16)
    done = 0
    for batch in _sentence_batches(corpus.documents.values()):
        vectors[done : done + len(batch)] = encoder.encode(batch)
        done += len(batch)
    return vectors


def _sentence_batches(documents: Iterable[CorpusDocument]) -> Iterator[list[str]]:
    """The documents' sentence texts, whole documents at a time, at least `_ENCODE_BATCH` a batch but
    the last."""
    pending: list[str] = []
    for document in documents:
        pending += document.sentence_texts()
        if len(pending) >= _ENCODE_BATCH:
            yield pending
            pending = []
    if pending:
        yield pending


def _register(corpus: Corpus, document: Document) -> None:
    meta = document.meta
    if meta.url:
        corpus.by_url.setdefault(normalize_url(meta.url), document.id)
    titles = {fold(meta.title)} if meta.title else set()
    first_line = document.text.strip().split("\n", 1)[0] if document.text.strip() else ""
    if first_line and len(first_line) < 300:
        titles.add(fold(first_line))
    for title in titles - {""}:
        corpus.by_title.setdefault(title, []).append(document.id)


def _document_vectors(corpus: Corpus) -> np.ndarray:
    """Each document's normalised mean sentence vector (zeros for a document with no sentence)."""
    out = np.zeros((len(corpus.order), encoder.DIMENSIONS), dtype=np.float32)
    for position, doc_id in enumerate(corpus.order):
        rows = corpus.documents[doc_id].rows
        if len(rows):
            mean = corpus.vectors[rows.start : rows.stop].astype(np.float32).mean(axis=0)
            out[position] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return out


def normalize_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}".lower()


def fold(text: str | None) -> str:
    """A title as compared: case, spacing and footnote markers ("[1]") ignored."""
    return " ".join(_MARKER.sub(" ", text or "").casefold().split()).strip(" .:;")
