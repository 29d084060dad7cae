"""A held-out Russian attribution set: quotes of WMT19 newstest's Russian source, labelled by hand.

`labels/wmt19_ru_quotes.jsonl` (see `labels/README.md`) labels the speech quotes of 40 of the
stories that `linkdata.wmt19` cuts the 2,000 WMT19 sentences into (stories 30-129, those without
"говорится в", whose sentences were read during attribute 2.3's work). A story is a document: its
sentences joined by blank lines. Each label gives the quote's span, the class of its source and the
source's words as the story writes them: `named` (the quote's sentence names the speaker), `pronoun`
(a pronoun or role noun there stands for a speaker the story named earlier: the name is given),
`other` (a speaker described, never named: "медиков") or `none` (nobody is said to have said it).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import polnear
from linkdata import wmt19

from pipeline.core.records import Document, DocumentMeta

LABELS = Path(__file__).resolve().parent / "labels" / "wmt19_ru_quotes.jsonl"


def labelled_documents(data: Path) -> list[tuple[Document, list[polnear.LabelledQuote]]]:
    texts = {story.story_id: "\n\n".join(story.ru) for story in wmt19(data)}
    golds: dict[str, list[polnear.LabelledQuote]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        text = texts[label["doc"]][label["start"] : label["end"]]
        if hashlib.sha1(text.encode()).hexdigest()[:12] != label["sha1"]:
            sys.exit(f"{LABELS}: label {label['doc']} {label['start']}-{label['end']} does not match the data")
        words = frozenset(polnear.fold(word) for word in (label["source"] or "").split())
        quote = polnear.LabelledQuote(label["start"], label["end"], label["source_class"], words, None)
        golds.setdefault(label["doc"], []).append(quote)
    return [
        (Document(doc, doc, texts[doc], "text", "utf-8", DocumentMeta(lang="ru")), quotes)
        for doc, quotes in sorted(golds.items())
    ]
