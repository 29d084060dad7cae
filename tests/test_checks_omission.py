"""Omission/addition check: chunking, and the encoder-based decision on sentences written for these tests."""

import numpy as np
import pytest

from pipeline.checks import omission

SOURCE = (
    "Губернатор заявил, что новая больница откроется в следующем году, "
    "а строительство дороги к ней начнётся уже этой осенью."
)
FAITHFUL = (
    "The governor said that the new hospital will open next year, "
    "and construction of the road to it will begin this autumn."
)
CUT = "The governor said that the new hospital will open next year."


def test_chunks_cover_clauses_in_order():
    parts = omission.chunks(SOURCE, "ru")
    texts = [SOURCE[c.start : c.end] for c in parts]
    assert texts[0].startswith("Губернатор заявил")
    assert all(a.end <= b.start for a, b in zip(parts, parts[1:], strict=False))
    assert all(c.words <= omission.MAX_CHUNK_WORDS for c in parts)
    assert 2 <= len(parts) <= omission.MAX_CHUNKS


def test_chunks_of_a_short_sentence():
    assert [(c.start, c.end) for c in omission.chunks("Он пришёл.", "ru")] == [(0, 9)]


def test_faithful_translation_raises_no_flag():
    assert omission.check(SOURCE, FAITHFUL) == ()


def test_cut_translation_flags_the_missing_clause():
    (candidate, _) = omission.candidates(SOURCE, CUT)
    (faithful, _) = omission.candidates(SOURCE, FAITHFUL)
    assert candidate.kind == "omission" and candidate.features["at_end"] == 1.0
    assert candidate.features["shorter_by"] > faithful.features["shorter_by"] + 0.3
    flags = omission.check(SOURCE, CUT)
    assert [f.kind for f in flags] == ["omission"]
    span = flags[0].source_span
    assert span.text == SOURCE[span.start : span.end]
    assert "дороги" in span.text and "больница" not in span.text
    assert flags[0].target_span is None


def test_added_clause_is_flagged_in_the_translation():
    source = "Губернатор заявил, что новая больница откроется в следующем году."
    target = (
        "The governor said that the new hospital will open next year, although the opposition "
        "accuses him of stealing the money and demands an immediate investigation by prosecutors."
    )
    flags = omission.check(source, target)
    assert [f.kind for f in flags] == ["addition"]
    assert "opposition" in flags[0].target_span.text


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_side_gives_nothing(text):
    assert omission.candidates(SOURCE, text) == []
    assert omission.check(SOURCE, text) == ()


def test_the_run_left_out_spans_every_adjacent_chunk_below_coverage():
    """Chunks 3 and 4 are both unmatched: the run takes both, not only the least covered one."""
    coverage = np.array([0.72, 0.77, 0.73, 0.20, 0.44])
    weights = np.array([2.0, 4.0, 3.0, 5.0, 4.0])
    runs = [(a, b) for a in range(5) for b in range(a, 5) if b - a < 4]
    assert omission._least_covered_run(runs, coverage, weights) == (3, 4)
    covered = np.array([0.72, 0.77, 0.73, 0.82, 0.65])
    assert omission._least_covered_run(runs, covered, weights) == (4, 4)  # nothing below: the least covered
