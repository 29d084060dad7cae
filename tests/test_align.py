"""Sentence alignment: beads on a hand-made Russian/English document, invariants, anchors, CLI."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from pipeline.link import encoder
from pipeline.link.align import (
    BEAD_TYPES,
    PARAMS,
    Bead,
    _band,
    _BeadScorer,
    _hubness,
    _whole_matrix_hubness,
    align,
    align_lines,
    align_vectors,
    anchor_keys,
    name_key,
    number_keys,
)

RU = [
    "Президент России Владимир Путин прибыл в Санкт-Петербург на Главный военно-морской парад.",
    "В параде приняли участие 46 кораблей и подводных лодок.",
    "Над Невой пролетели 41 самолет и вертолет морской авиации.",
    "Погода в Москве в воскресенье будет прохладной.",
    "Температура воздуха днем составит от +22 до +24 градусов.",
    "Врио губернатора Хабаровского края Михаил Дегтярев дал интервью.",
    "Он призвал не демонизировать жителей региона.",
    "Матч завершился со счетом 3:1 в пользу хозяев.",
]
EN = [
    "Russian President Vladimir Putin arrived in St. Petersburg for the Main Naval Parade.",
    "46 ships and submarines took part in the parade.",
    "41 naval aviation planes and helicopters flew over the Neva.",
    "The weather in Moscow will be cool on Sunday.",
    "Daytime temperatures will range from +22 to +24 degrees.",
    "The acting governor of Khabarovsk Krai, Mikhail Degtyarev, gave an interview.",
    "He called for an end to the demonization of the region's residents.",
    "The match ended 3:1 to the hosts.",
]


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def assert_partition(beads: list[Bead], n: int, m: int) -> None:
    assert sorted(i for b in beads for i in b.src) == list(range(n))
    assert sorted(j for b in beads for j in b.tgt) == list(range(m))
    src_order = [i for b in beads for i in b.src]
    tgt_order = [j for b in beads for j in b.tgt]
    assert src_order == sorted(src_order) and tgt_order == sorted(tgt_order)


def test_one_to_one() -> None:
    beads = align(RU, EN, "ru", "en")
    assert pairs(beads) == [((i,), (i,)) for i in range(len(RU))]
    assert all(0.3 < b.score <= 1 for b in beads)


def test_merge_split_and_deletions() -> None:
    # English 1+2 merged into one sentence (2-1), English 5 missing (1-0), Russian 3 missing (0-1).
    en = [EN[0], EN[1] + " " + EN[2], EN[3], EN[4], EN[6], EN[7]]
    ru = RU[:3] + RU[4:]
    beads = align(ru, en, "ru", "en")
    assert pairs(beads) == [
        ((0,), (0,)),
        ((1, 2), (1,)),
        ((), (2,)),
        ((3,), (3,)),
        ((4,), ()),
        ((5,), (4,)),
        ((6,), (5,)),
    ]


def test_rescoring_starts_from_a_first_pass_the_caller_kept() -> None:
    """Pairing keeps each candidate pair's first pass: re-scoring from it is re-scoring from the first
    pass computed again, and a kept first pass is read, not computed again."""
    en = [EN[0], EN[1] + " " + EN[2], EN[3], EN[4], EN[6], EN[7]]
    ru = RU[:3] + RU[4:]
    ru_vectors, en_vectors = encoder.encode(ru), encoder.encode(en)
    first = align_vectors(ru, en, ru_vectors, en_vectors, "ru", "en")
    again = align_vectors(ru, en, ru_vectors, en_vectors, "ru", "en", encode=encoder.encode)
    assert align_vectors(ru, en, ru_vectors, en_vectors, "ru", "en", encode=encoder.encode, first_pass=first) == again
    assert any(len(b.src) != 1 or len(b.tgt) != 1 for b in first)  # so the re-scoring had stretches to read
    one_to_one = [Bead((i,), (i,), 0.5) for i in range(len(en))]
    encoded = []
    kept = align_vectors(ru[:-1], en, ru_vectors[:-1], en_vectors, "ru", "en",
                         encode=lambda texts: encoded.append(texts), first_pass=one_to_one)
    assert kept == one_to_one and not encoded  # nothing uncertain in it: nothing re-scored


def test_split_target_sentence() -> None:
    en = (
        EN[:5] + ["The acting governor of Khabarovsk Krai, Mikhail Degtyarev,", "gave an interview."] + EN[6:]
    )
    beads = align(RU, en, "ru", "en")
    assert ((5,), (5, 6)) in pairs(beads)
    assert_partition(beads, len(RU), len(en))


def test_banded_path_matches_full_matrix() -> None:
    """The long-document path (first pass + band) gives the same beads on a small document."""
    banded = dataclasses.replace(PARAMS, full_limit=2, band=3)
    assert pairs(align(RU, EN, "ru", "en", banded)) == pairs(align(RU, EN, "ru", "en"))


@pytest.mark.parametrize(("src", "tgt"), [([], []), (RU[:2], []), ([], EN[:3])])
def test_empty_sides(src: list[str], tgt: list[str]) -> None:
    beads = align(src, tgt, "ru", "en")
    assert_partition(beads, len(src), len(tgt))
    assert all(not b.src or not b.tgt for b in beads)


def test_lines_that_are_not_sentences_get_their_own_bead() -> None:
    ru = [RU[0], "", RU[1], "| --- | --- |", RU[2]]
    en = [EN[0], EN[1], "", EN[2]]
    beads = align_lines(ru, en, "ru", "en")
    assert pairs(beads) == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,)), ((3,), ()), ((4,), (3,))]


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Марочко", "Marochko"),
        ("Дегтярева", "Degtyarev"),
        ("Сергей", "Sergei"),
        ("Хабаровск", "Khabarovsk"),
        ("Евгений", "Yevgeny"),
        ("Циркон", "Tsirkon"),
        ("Щукин", "Shchukin"),
    ],
)
def test_transliterated_names_share_a_key(russian: str, english: str) -> None:
    assert name_key(russian) == name_key(english) is not None


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("1,5 млн", {"d:1.5"}),
        ("1.5 million", {"d:1.5"}),
        ("5 765 человек", {"d:5765"}),
        ("5,765 people", {"d:5765"}),
        ("в 2019 году", {"d:2019"}),
        ("no digits", set()),
        ("0 am", {"d:0"}),
        ("счёт 0:0", {"d:0"}),
    ],
)
def test_number_keys(text: str, keys: set[str]) -> None:
    assert number_keys(text) == keys


def test_anchor_keys_cross_scripts() -> None:
    ru = anchor_keys("Михаил Дегтярев заявил, что 46 кораблей прибыли")
    en = anchor_keys("Mikhail Degtyarev said that 46 ships arrived")
    assert {"n:mihai", "n:degta", "d:46"} <= ru & en


def test_remembered_anchor_keys_stay_bounded() -> None:
    # a batch's every sentence and span passes through anchor_keys; an unbounded memo held them all
    from pipeline.link import align

    before = align._anchor_keys_cached.cache_info()
    assert before.maxsize == align.ANCHOR_MEMO <= 100_000
    text = "Lavrov met Blinken on day 31 of the talks"
    assert anchor_keys(text) == anchor_keys(text) == {"n:lavro", "n:blink", "d:31"}
    assert align._anchor_keys_cached.cache_info().hits >= before.hits + 1


# ---------------------------------------------------------------- CLI


@pytest.fixture
def files(tmp_path):
    def write(name: str, lines: list[str]) -> str:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    return write


def test_cli_writes_beads(cli, files) -> None:
    import json

    code, out, _ = cli(
        "align", files("ru.txt", RU[:3]), files("en.txt", EN[:3]), "--from", "ru", "--to", "en"
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["src"], r["tgt"]) for r in rows] == [([0], [0]), ([1], [1]), ([2], [2])]
    assert all(isinstance(r["score"], float) for r in rows)


def test_cli_empty_file(cli, files) -> None:
    empty = files("empty.txt", [""])
    code, out, err = cli("align", empty, files("en.txt", EN[:3]), "--from", "ru", "--to", "en")
    assert (code, out) == (2, "")
    assert err == f"provenance align: error: {empty}: no sentences (the file is empty)\n"


def test_cli_wrong_language(cli, files) -> None:
    english = files("en.txt", EN[:3])
    code, _, err = cli("align", english, files("en2.txt", EN[:3]), "--from", "ru", "--to", "en")
    assert code == 2
    assert err == (
        f"provenance align: error: {english}: does not look like 'ru': "
        "100% of its letters are Latin; check --from\n"
    )


def test_cli_missing_file(cli, tmp_path) -> None:
    missing = str(tmp_path / "nope.txt")
    code, _, err = cli("align", missing, missing, "--from", "ru", "--to", "en")
    assert code == 2
    assert err.startswith(f"provenance align: error: {missing}: cannot read")


def test_a_whole_matrix_reads_its_gains_from_a_table_equal_to_each_gain() -> None:
    # The table is the first pass's fast path; every bead the DP may ask for must be the same number.
    rng = np.random.default_rng(7)
    src_vectors, tgt_vectors = (rng.normal(size=(count, 8)) for count in (len(RU), len(EN) + 1))
    src_vectors /= np.linalg.norm(src_vectors, axis=1, keepdims=True)
    tgt_vectors /= np.linalg.norm(tgt_vectors, axis=1, keepdims=True)
    tgt = [*EN, "An extra line."]
    band = _band(src_vectors, tgt_vectors, PARAMS)
    scorer = _BeadScorer(RU, tgt, src_vectors, tgt_vectors, "ru", "en", band, PARAMS)
    for a, b in (bead for bead in BEAD_TYPES if bead[0] and bead[1]):
        for i in range(a, len(RU) + 1):
            j = np.arange(b, len(tgt) + 1)
            assert np.array_equal(scorer.gains(i, j, a, b), scorer.gain(i, j, a, b))
    assert scorer._tables  # the table was used, not the per-row computation
    # A second pass re-scores multi-sentence beads with encoded runs; a 1-1 bead's gain stays the table's.
    scorer.src_runs = {k: (np.ones((len(RU) + 4, 8)) / 8, np.ones(len(RU) + 4, dtype=bool)) for k in (2, 3)}
    scorer.tgt_runs = {k: (np.ones((len(tgt) + 4, 8)) / 8, np.ones(len(tgt) + 4, dtype=bool)) for k in (2, 3)}
    for a, b in (bead for bead in BEAD_TYPES if bead[0] and bead[1]):
        j = np.arange(b, len(tgt) + 1)
        assert np.array_equal(scorer.gains(len(RU), j, a, b), scorer.gain(len(RU), j, a, b))


@pytest.mark.parametrize("extra", [0, 3])
def test_the_path_through_the_gain_tables_is_the_path_through_each_gain(monkeypatch, extra: int) -> None:
    # The DP's whole-matrix rows add a table's slice where other rows add each gain: the same totals.
    rng = np.random.default_rng(11 + extra)
    tgt = [*EN, *(f"An extra line {k}." for k in range(extra))]
    src_vectors, tgt_vectors = (rng.normal(size=(count, 8)) for count in (len(RU), len(tgt)))
    src_vectors /= np.linalg.norm(src_vectors, axis=1, keepdims=True)
    tgt_vectors /= np.linalg.norm(tgt_vectors, axis=1, keepdims=True)
    tabled = align_vectors(RU, tgt, src_vectors, tgt_vectors, "ru", "en")
    monkeypatch.setattr(_BeadScorer, "tabled", lambda self, a, b: False)
    assert align_vectors(RU, tgt, src_vectors, tgt_vectors, "ru", "en") == tabled


@pytest.mark.parametrize(("rows", "columns"), [(2, 9), (9, 2), (12, 12)])
def test_whole_matrix_hubness_is_the_banded_one(rows: int, columns: int) -> None:
    sims = list(np.random.default_rng(rows).uniform(-0.4, 1.0, size=(rows, columns)))
    band = _band(np.eye(rows, 4), np.eye(columns, 4), PARAMS)
    for found, expected in zip(_whole_matrix_hubness(sims, 3), _hubness(sims, band, columns, 3), strict=True):
        assert np.array_equal(found, expected)
