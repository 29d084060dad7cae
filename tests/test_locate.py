"""Quote location: hand-made Russian source, English quotes (whole, fragment, absent), index, CLI."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pipeline.link.locate import Location, SourceIndex, locate
from pipeline.link.locate_model import PARAMS, calibrated
from pipeline.link.quote_text import clock_keys
from pipeline.link.sentences import WordSpans, sentences

SOURCE = (
    "Путин прибыл в Петербург на Главный военно-морской парад\n\n"
    "Президент России Владимир Путин прибыл в Санкт-Петербург, чтобы принять участие в Главном "
    "военно-морском параде. В параде приняли участие 46 кораблей и подводных лодок, а над Невой "
    "пролетели 41 самолет и вертолет морской авиации.\n\n"
    "Врио губернатора Хабаровского края Михаил Дегтярев призвал не демонизировать жителей региона. "
    "«Я хочу обратиться ко всем политологам и участникам ток-шоу», — сказал он. По его словам, "
    "протесты в поддержку Сергея Фургала, т.е. бывшего главы края, постепенно стихают.\n\n"
    "Погода в Москве в воскресенье будет прохладной: днем от +22 до +24 градусов."
)

CASES = [
    # (quote, words the located Russian span must contain, words it must not contain)
    ("46 ships and submarines took part in the parade", ["46 кораблей"], ["41"]),
    ("41 naval aviation planes and helicopters flew over the Neva", ["41 самолет"], ["46"]),
    (
        "Acting governor Mikhail Degtyarev called for an end to the demonization of the region's residents.",
        ["Дегтярев", "демонизировать"],
        ["ток-шоу"],
    ),
    ("I want to appeal to all political analysts", ["обратиться"], ["Дегтярев"]),
    ("protests in support of Sergei Furgal", ["Фургала"], ["Дегтярев"]),
    ("The weather in Moscow will be cool on Sunday", ["Погода"], ["Путин"]),
]


@pytest.fixture(scope="module")
def located() -> list[Location]:
    return locate([quote for quote, _, _ in CASES], SOURCE, "en", "ru")


@pytest.mark.parametrize("case", range(len(CASES)))
def test_locates_the_rendered_words(located: list[Location], case: int) -> None:
    _, must, must_not = CASES[case]
    location = located[case]
    assert location.char_start is not None
    assert SOURCE[location.char_start : location.char_end] == location.text
    assert all(word in location.text for word in must), location.text
    assert not any(word in location.text for word in must_not), location.text
    assert 0.5 <= location.score <= 1.0


def test_fragment_gives_a_span_smaller_than_its_sentence(located: list[Location]) -> None:
    fragment = located[3]
    assert len(fragment.text) < len(
        "«Я хочу обратиться ко всем политологам и участникам ток-шоу», — сказал он."
    )


def test_absent_quote_is_not_located() -> None:
    [location] = locate(["The central bank raised its key interest rate to 7.5 percent."], SOURCE, "en", "ru")
    assert (location.char_start, location.char_end, location.text) == (None, None, None)
    assert location.score < 0.5


def test_a_known_source_is_read_past_the_gates() -> None:
    # The gates spare a batch-wide search the close reading of a quote with no plausible original; in
    # the document a quote is known to come from they would only turn true quotes away.
    closed = replace(PARAMS, cosine_gate=1.5)  # no cosine reaches it
    quote = ["41 naval aviation planes and helicopters flew over the Neva"]
    batch = SourceIndex(params=closed)
    batch.add("parade", SOURCE, "ru")
    assert batch.search_many(quote, "en", k=1) == [[]]
    known = SourceIndex(params=closed, source_known=True)
    known.add("parade", SOURCE, "ru")
    [[(_, location)]] = known.search_many(quote, "en", k=1)
    assert location.text is not None and "41 самолет" in location.text


def test_translation_is_extra_evidence() -> None:
    def translate(quotes: list[str]) -> list[str]:
        return ["сорок один самолет и вертолет пролетели над Невой" for _ in quotes]

    [location] = locate(["Forty-one aircraft flew over the river"], SOURCE, "en", "ru", translate=translate)
    assert location.text is not None and "41 самолет" in location.text


def test_index_finds_the_right_document() -> None:
    index = SourceIndex()
    index.add("parade", SOURCE.split("\n\n")[1], "ru")
    index.add("weather", "Синоптики обещают дожди в Петербурге. В Сочи будет жарко, до +35 градусов.", "ru")
    index.add("hockey", "Овечкин рассказал о подготовке к плей-офф. Команда улетает в Торонто.", "ru")
    hits = index.search("Ovechkin spoke about preparing for the playoffs", "en", k=2)
    assert hits[0][0] == "hockey"
    assert "Овечкин" in (hits[0][1].text or "")
    assert len(hits) == 2 and hits[0][1].score >= hits[1][1].score


def test_an_excluded_document_is_never_looked_in() -> None:
    index = SourceIndex()
    index.add("hockey", "Овечкин рассказал о подготовке к плей-офф. Команда улетает в Торонто.", "ru")
    index.add("weather", "Синоптики обещают дожди в Петербурге. В Сочи будет жарко, до +35 градусов.", "ru")
    quote = ["Ovechkin spoke about preparing for the playoffs"]
    assert index.search_many(quote, "en", k=1)[0][0][0] == "hockey"
    assert all(doc != "hockey" for doc, _ in index.search_many(quote, "en", k=2, excluding=frozenset({"hockey"}))[0])
    assert index.search_many(quote, "en", k=1, excluding=frozenset({"hockey", "weather"})) == [[]]


def test_index_refuses_a_second_language() -> None:
    index = SourceIndex()
    index.add("a", "Текст на русском языке.", "ru")
    with pytest.raises(ValueError, match="index holds 'ru' documents; b is 'en'"):
        index.add("b", "Text in English.", "en")


def test_calibration_is_monotone() -> None:
    assert calibrated(0.2, 0.0, 8) < calibrated(0.5, 0.0, 8) < calibrated(0.5, 0.2, 8)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("At 5:47 PM, it was reported", {"d:17"}),
        ("at 5 p.m. and 10:30 a.m.", {"d:17", "d:10"}),
        ("12 a.m.", {"d:0"}),
        ("12 p.m.", {"d:12"}),
        ("at 9am", {"d:9"}),
        ("13:30 pm", set()),  # not a 12-hour time
        ("I am here at 5", set()),
        ("10 amid the fire", set()),
    ],
)
def test_clock_keys(text: str, keys: set[str]) -> None:
    assert clock_keys(text) == keys


def test_pm_time_matches_the_24_hour_clock() -> None:
    # Without the 24-hour key both sentences share only "47" with the quote, and the first wins.
    source = "О пожаре сообщили в 15 часов 47 минут. О ликвидации пожара сообщили в 17 часов 47 минут."
    [location] = locate(["At 5:47 PM the fire was reported"], source, "en", "ru")
    assert "17 часов" in location.text


# ---------------------------------------------------------------- CLI


@pytest.fixture
def files(tmp_path):
    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_cli_locates(cli, files) -> None:
    quotes = files(
        "q.txt", "46 ships and submarines took part in the parade\n\nThe central bank raised rates to 7.5%\n"
    )
    code, out, _ = cli("locate", quotes, files("src.txt", SOURCE), "--from", "en", "--to", "ru")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["quote"] for r in rows] == [0, 1, 2]
    assert "46 кораблей" in rows[0]["text"]
    assert SOURCE[rows[0]["char_start"] : rows[0]["char_end"]] == rows[0]["text"]
    assert rows[1] == {"quote": 1, "char_start": None, "char_end": None, "text": None, "score": 0.0}
    assert rows[2]["char_start"] is None
    assert set(rows[2]) == {"quote", "char_start", "char_end", "text", "score"}


def test_cli_wrong_source_language(cli, files) -> None:
    source = files("src.txt", "The president arrived in St. Petersburg for the naval parade on Sunday.")
    code, out, err = cli("locate", files("q.txt", "the naval parade\n"), source, "--from", "en", "--to", "ru")
    assert (code, out) == (2, "")
    assert err == (
        f"provenance locate: error: {source}: does not look like 'ru': "
        "100% of its letters are Latin; check --to\n"
    )


def test_cli_empty_source(cli, files) -> None:
    source = files("src.txt", "  \n")
    code, _, err = cli("locate", files("q.txt", "a quote\n"), source, "--from", "en", "--to", "ru")
    assert code == 2
    assert err == f"provenance locate: error: {source}: the source document is empty\n"


def test_cli_no_quotes(cli, files) -> None:
    quotes = files("q.txt", "\n\n")
    code, _, err = cli("locate", quotes, files("src.txt", SOURCE), "--from", "en", "--to", "ru")
    assert code == 2
    assert err == f"provenance locate: error: {quotes}: no quotes (the file is empty)\n"


# ---------------------------------------------------------------- the index: lazy, batched, incremental


def test_index_encodes_spans_only_in_shortlisted_sentences(monkeypatch) -> None:
    from pipeline.link import encoder
    from pipeline.link.locate_model import PARAMS

    encoded: list[str] = []
    real = encoder.encode

    def recording(texts, batch_size=256):
        encoded.extend(texts)
        return real(texts, batch_size)

    monkeypatch.setattr(encoder, "encode", recording)
    index = SourceIndex()
    index.add("source", SOURCE, "ru")
    assert encoded == []  # adding a document encodes nothing until the first search
    index.search("protests in support of Sergei Furgal", "en", k=1)
    sentences = index.sentences
    owners = set()
    for text in encoded:
        start = SOURCE.find(text)
        if " " in text and start >= 0 and all(text != SOURCE[s.start : s.end] for s in sentences):
            owners |= {n for n, s in enumerate(sentences) if s.start <= start < s.end}
    assert 1 <= len(owners) <= PARAMS.shortlist < len(sentences)


def test_batches_give_the_same_answers_as_single_searches() -> None:
    quotes = [quote for quote, _, _ in CASES] * 6  # 36 quotes: more than one batch
    index = SourceIndex()
    index.add("source", SOURCE, "ru")
    batched = index.search_many(quotes, "en", k=1)
    single = SourceIndex()
    single.add("source", SOURCE, "ru")
    assert batched[:6] == [single.search(quote, "en", k=1) for quote, _, _ in CASES]
    assert batched[30:] == batched[:6]


def test_documents_added_after_a_search_are_found() -> None:
    index = SourceIndex()
    index.add("weather", "Синоптики обещают дожди в Петербурге. В Сочи будет жарко, до +35 градусов.", "ru")
    assert index.search("Ovechkin spoke about preparing for the playoffs", "en", k=1) == []  # nothing plausible
    index.add("hockey", "Овечкин рассказал о подготовке к плей-офф. Команда улетает в Торонто.", "ru")
    [(doc_id, location)] = index.search("Ovechkin spoke about preparing for the playoffs", "en", k=1)
    assert doc_id == "hockey" and "Овечкин" in (location.text or "")


def test_a_runaway_quote_is_located_by_its_first_words(monkeypatch) -> None:
    """A quote of 200,000 words costs what its first MAX_QUOTE_WORDS cost (issue 21: a 5 MB line
    took 14 GB and ten minutes), and is located where its beginning is."""
    monkeypatch.setattr("pipeline.link.quote_text.MAX_QUOTE_WORDS", 9)
    filler = " and then the weather" * 50_000
    seen: list[list[str]] = []
    real = __import__("pipeline.link.encoder", fromlist=["encode"]).encode
    monkeypatch.setattr("pipeline.link.encoder.encode", lambda texts, *a, **k: seen.append(list(texts)) or real(texts))
    [location] = locate(["46 ships and submarines took part in the parade" + filler], SOURCE, "en", "ru")
    assert "46 кораблей" in location.text
    assert max(len(text) for texts in seen for text in texts) < 1000


def test_indexes_sharing_a_memo_encode_a_document_s_windows_once(monkeypatch) -> None:
    """A reported article is read in its own index and again in its language's batch-wide one: the
    second reading encodes none of the word windows the first did, and finds the same place."""
    from pipeline.link.locate import span_vectors, word_vectors

    words, spans = word_vectors(), span_vectors()
    own, everything = SourceIndex(words=words, spans=spans), SourceIndex(words=words, spans=spans)
    own.add("parade", SOURCE, "ru")
    everything.add("weather", "Синоптики обещают дожди в Петербурге. В Сочи будет жарко.", "ru")
    everything.add("parade", SOURCE, "ru")
    quote = "41 naval aviation planes and helicopters flew over the Neva"
    [(_, first)] = own.search(quote, "en", k=1)
    everything.nearest([quote], "en")  # its sentences encoded (given by the batch's corpus in a run)
    encoded: list[str] = []
    real = __import__("pipeline.link.encoder", fromlist=["encode"]).encode
    monkeypatch.setattr("pipeline.link.encoder.encode", lambda texts, *a, **k: encoded.extend(texts) or real(texts))
    [(doc_id, again), *_] = everything.search(quote, "en", k=1)
    assert doc_id == "parade" and (again.char_start, again.char_end) == (first.char_start, first.char_end)
    assert not [text for text in encoded if text in SOURCE and len(text.split()) > 1]


# ---------------------------------------------------------------- one sentence or two

ACCIDENT = (
    "Грузовик и автобус столкнулись на трассе под Самарой\n\n"
    "Утром в четверг на трассе М-5 под Самарой грузовик врезался в рейсовый автобус. "
    "Причины аварии выясняются. На месте аварии весь день работали спасатели, полиция и медики скорой помощи.\n\n"
    "Движение по трассе было перекрыто на три часа."
)
SHORT = "Причины аварии выясняются."
NEXT = "На месте аварии весь день работали спасатели, полиция и медики скорой помощи."
ONE = "The causes of the accident are being investigated."
TWO = f"{ONE} Rescuers, police and paramedics worked at the scene all day."


def test_a_one_sentence_quote_with_a_short_rendering_gets_that_sentence_alone() -> None:
    """The Russian sentence is much shorter than the quote and its neighbour is about the same
    accident: still the sentence alone, not the sentence with its neighbour."""
    [location] = locate([ONE], ACCIDENT, "en", "ru")
    assert location.text == SHORT and location.method == "sentence"


def test_a_two_sentence_quote_gets_both_sentences() -> None:
    [location] = locate([TWO], ACCIDENT, "en", "ru")
    assert location.text == f"{SHORT} {NEXT}" and location.method == "sentences"


def test_a_sentence_and_the_next_one_compete_with_the_sentence_alone() -> None:
    """Both are candidates of the reranker; the two-sentence one says what the second sentence adds,
    under the features for a quote of one sentence or of several."""
    from pipeline.link.locate_model import RERANK_FEATURES

    index = SourceIndex()
    index.add("d", ACCIDENT, "ru")
    for (query, found), quote_sentences in zip(index.candidates_of([ONE, TWO], "en"), (1, 2), strict=True):
        assert query.sentences == quote_sentences
        short = next(n for n, s in enumerate(index.sentences) if ACCIDENT[s.start : s.end] == SHORT)
        single = next(c for c in found if c.sentence == short and c.span.end != -1)
        pair = next(c for c in found if c.sentence == short and c.span.end == -1)
        features = dict(zip(RERANK_FEATURES, pair.features, strict=True))
        assert list(pair.features[:12]) == list(single.features[:12])
        suffix = "one" if quote_sentences == 1 else "many"
        other = "many" if quote_sentences == 1 else "one"
        assert features[f"pair_{suffix}"] == 1.0 and features[f"pair_{other}"] == 0.0
        assert features[f"pair_recall_{suffix}"] > 0 and features[f"pair_gain_{other}"] == 0.0
        assert not single.features[12:].any()


def test_word_spans_keep_offsets_past_four_byte_ints() -> None:
    far = 2**31 + 7  # a text over 2 GB: its spans are held in eight-byte ints
    spans = [(3, 9), (far, far + 5)]
    held = WordSpans(spans)
    assert list(held) == spans and held[-1] == (far, far + 5) and len(held) == 2
    assert held == WordSpans(spans) and hash(held) == hash(WordSpans(spans))


def test_a_sentence_marks_the_words_that_begin_its_clauses() -> None:
    found = sentences("Он сказал: «Мы придём», и ушёл.", "ru")
    assert [found[0].clause_starts] == [(0, 2, 4)]
