"""The link benchmark's quoting articles: a quoted sentence is never set inside a quotation that the
article around it opened across lines. Made-up lines; no data folder."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import linkbatch  # noqa: E402  (the benchmarks import one another by module name)

LINES = [
    "Headline",
    "The fan said he was \"shocked.\"",
    "Then he started \"yelling, 'I got bit!",
    "I got bit!'\"",
    "Officials closed the beach.",
]


def test_a_quote_goes_where_no_quotation_is_open():
    assert linkbatch._outside_quotes(LINES, 2) == 2  # before the quotation opens
    assert linkbatch._outside_quotes(LINES, 3) == 4  # inside it: after it closes
    assert linkbatch._outside_quotes(LINES, 5) == 5


def test_a_quotation_open_to_the_end_sends_the_quote_before_it():
    cut_short = [*LINES[:3], "He kept going."]
    assert linkbatch._outside_quotes(cut_short, 3) == 2
    assert linkbatch._outside_quotes(["Headline", "“One long quote", "goes on"], 2) == 1
