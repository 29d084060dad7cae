"""Russian attribution sets labelled by hand: quotes of WMT19's Russian news and NTREX-128's Russian
translations of English news (`labels/README.md`).

A story is a document: its sentences joined by blank lines (`linkdata.wmt19` cuts the 2,000 WMT19
sentences into 152 stories; NTREX-128 gives each line's document). Each label gives the quote's span,
the class of its source and the source's words as the story writes them: `named` (the quote's sentence
names the speaker), `pronoun` (a pronoun or role noun there stands for a speaker the story named
earlier: the name is given), `other` (a speaker described, never named: "медиков") or `none` (nobody
is said to have said it).

- `wmt19_ru` (held out): 40 of WMT19's stories 30-129, labelled before attribute 2.3 was tuned.
- `wmt19_ru_dev` (development): stories 0-29 and 130-151; their errors are read.
- `ntrex_ru_dev` (development) and `ntrex_ru` (held out): NTREX's 123 documents, alternately: the
  1st, 3rd, 5th … for development, the 2nd, 4th … held out.

Only speech was labelled, on the spans the extractor listed: every other span between quotation marks
(a name or title, a nickname, the author's own scare quote, a word discussed as a word) was left out
on purpose. So each short span (at most `UNLABELLED_WORDS` words) the extractor finds in a labelled
document that overlaps no label is `unlabelled`: nobody said it, and a speaker given to it is a false
attribution ("Спартак" said by the club's coach). Longer ones are left out: in straight quotation
marks the extractor of the labelling day paired some sentences differently, so a long unlabelled
span may be speech it listed another way. A few short ones are speech left out on purpose (a quote
nested in another, one whose speaker the text leaves open): the share is a lower bound on precision.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import polnear
from linkdata import ntrex, wmt19

from pipeline.core.records import Document, DocumentMeta
from pipeline.quotes.dialogue import extract_dialogue
from pipeline.quotes.extract import extract_quotes

LABELS = Path(__file__).resolve().parent / "labels"
WMT19_LABELS = LABELS / "wmt19_ru_quotes.jsonl"
WMT19_DEV_LABELS = LABELS / "wmt19_ru_dev_quotes.jsonl"
NTREX_LABELS = LABELS / "ntrex_ru_quotes.jsonl"
HELD_OUT = ("wmt19_ru", "ntrex_ru")
UNLABELLED_WORDS = 6


def labelled_sets(data: Path, held_out: bool = True) -> dict[str, list[tuple[Document, list[polnear.LabelledQuote]]]]:
    """Every Russian set by name; without `held_out`, the development sets only."""
    stories = {story.story_id: "\n\n".join(story.ru) for story in wmt19(data)}
    sets = {"wmt19_ru_dev": labelled_documents(stories, WMT19_DEV_LABELS)}
    if (data / "ntrex128").is_dir():
        articles = {story.story_id.removeprefix("ntrex:"): "\n\n".join(story.ru) for story in ntrex(data)}
        documents = labelled_documents(articles, NTREX_LABELS)
        order = list(dict.fromkeys(json.loads(line)["doc"] for line in NTREX_LABELS.read_text().splitlines()))
        sets["ntrex_ru_dev"] = [d for d in documents if order.index(d[0].id) % 2 == 0]
        if held_out:
            sets["ntrex_ru"] = [d for d in documents if order.index(d[0].id) % 2 == 1]
    if held_out:
        sets["wmt19_ru"] = labelled_documents(stories, WMT19_LABELS)
    return sets


def labels_digest() -> str:
    """The SHA-1 of the development label files, for what a model was fitted on."""
    digest = hashlib.sha1()
    for path in (WMT19_DEV_LABELS, NTREX_LABELS):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def labelled_documents(texts: dict[str, str], labels: Path) -> list[tuple[Document, list[polnear.LabelledQuote]]]:
    golds: dict[str, list[polnear.LabelledQuote]] = {}
    for line in labels.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        check_span(labels, label, texts[label["doc"]])
        words = frozenset(polnear.fold(word) for word in (label["source"] or "").split())
        quote = polnear.LabelledQuote(label["start"], label["end"], label["source_class"], words, None)
        golds.setdefault(label["doc"], []).append(quote)
    documents = [Document(doc, doc, texts[doc], "text", "utf-8", DocumentMeta(lang="ru")) for doc in sorted(golds)]
    return [(document, golds[document.id] + unlabelled(document, golds[document.id])) for document in documents]


def unlabelled(document: Document, golds: list[polnear.LabelledQuote]) -> list[polnear.LabelledQuote]:
    """The spans the extractor finds in the document that no label covers: not speech (the module's
    docstring), as class `unlabelled`, right when no speaker is given."""
    quotes = extract_quotes(document)
    quotes += extract_dialogue(document, quotes)
    spans = sorted({(q.char_start, q.char_end) for q in quotes})
    return [
        polnear.LabelledQuote(start, end, "unlabelled", frozenset(), None)
        for start, end in spans
        if len(document.text[start:end].split()) <= UNLABELLED_WORDS
        and not any(polnear.lenient(start, end, g.start, g.end) for g in golds)
    ]


def check_span(labels: Path, label: dict, text: str) -> None:
    """Exit, naming the label, when its span of `text` is not the text the label was made on."""
    span = text[label["start"] : label["end"]]
    if hashlib.sha1(span.encode()).hexdigest()[:12] != label["sha1"]:
        sys.exit(f"{labels}: label {label['doc']} {label['start']}-{label['end']} does not match the data")
