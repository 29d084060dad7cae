"""Web pages: main text through trafilatura, its layouts, the headline, dates, pages with little text,
and the hostile pages that must stay harmless (XXE, entity bombs, gzip, deep nesting, the network)."""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import InputError
from pipeline.ingest.documents import IngestSettings, ingest
from pipeline.ingest.htmlmeta import iso_date
from pipeline.quotes.extract import extract_quotes
from tests.conftest import read_jsonl

# Real-looking article paragraphs (written for these tests): long enough to read as an article.
PARAGRAPHS = [
    "The foreign ministry said on Tuesday that talks with its neighbours would resume next month, after a "
    "pause of almost a year that both sides blamed on the other.",
    "“We are ready to sit down at any table, in any city, as long as the agenda is agreed in advance,” the "
    "deputy minister told reporters in the capital, adding that a first round could open in Geneva.",
    "Officials on the other side were more cautious. A spokesperson said the proposal would be studied "
    "carefully and that no date had been fixed, calling the announcement premature.",
    "Analysts said the two governments had strong reasons to talk: trade between them fell by a third last "
    "year, and a dispute over river water has left farmers on both banks short of irrigation.",
]


def page(body: str, head: str = "<title>Talks to resume | The Daily Example</title>") -> bytes:
    html = f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return html.encode()


def paragraphs_html(items: list[str] = PARAGRAPHS) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in items)


def ingest_page(data: bytes, name: str = "page.html"):
    return ingest(name, data, IngestSettings())


def assert_article_text(text: str) -> None:
    for paragraph in PARAGRAPHS:
        assert paragraph in text


# --- layouts the previous extractor lost (seen on the scrapinghub benchmark) -------------------------


@pytest.mark.parametrize(
    "body",
    [
        # a wrapper whose class reads as boilerplate ("sidebar", "ad", "modal", "widget", "nav")
        f"<div class='l-sidebar-fixed Page-ad-margins modal-enabled'><div class='elementor-widget-wrap "
        f"has-section-nav'><h1>Talks to resume</h1>{paragraphs_html()}</div></div>",
        # the whole page inside an ASP.NET form
        f"<form id='aspnetForm' action='/article.aspx' method='post'><div id='content'><h1>Talks to resume</h1>"
        f"{paragraphs_html()}</div></form>",
        # a small teaser <article> beside the main text
        f"<main><h1>Talks to resume</h1>{paragraphs_html()}</main>"
        "<aside><article><h2>Elsewhere</h2><p>A teaser for another story.</p></article></aside>",
        # paragraphs split by <br> with no <p>
        "<div class='story'><h1>Talks to resume</h1>" + "<br><br>".join(PARAGRAPHS) + "</div>",
    ],
    ids=["boilerplate-looking-wrapper", "aspnet-form", "teaser-article", "br-only"],
)
def test_layouts_that_lost_the_article_now_keep_it(body):
    document = ingest_page(page(body))
    assert_article_text(document.text)
    assert document.warning is None


def test_paragraphs_survive_and_a_quote_continues_over_them():
    opening = "“The first round will be technical,” the minister said. “We will talk about water and trade."
    continued = "“Nothing else is on the table, and nothing else will be,” he added."
    document = ingest_page(page(f"<article><h1>Talks to resume</h1><p>{opening}</p><p>{continued}</p>"
                                f"{paragraphs_html()}</article>"))
    assert f"{opening}\n\n{continued}" in document.text
    quotes = extract_quotes(document)
    assert any(q.text.startswith("We will talk about water") and "Nothing else" in q.text for q in quotes)
    for quote in quotes:
        assert document.text[quote.char_start : quote.char_end] == quote.text


def test_the_headline_opens_the_text_and_its_quote_is_extracted():
    headline = "Minister: “We are ready to sit down at any table”"
    document = ingest_page(page(f"<article><h1>{headline}</h1>{paragraphs_html()}</article>",
                                head=f"<meta property='og:title' content='{headline}'>"))
    assert document.text.startswith(headline + "\n\n")
    assert document.text.count(headline) == 1
    assert document.meta.title == headline
    quote = next(q for q in extract_quotes(document) if q.char_start < len(headline))
    assert quote.text == "We are ready to sit down at any table"


def test_a_line_break_stays_a_line_break_inside_its_paragraph():
    document = ingest_page(page(f"<article><p>{PARAGRAPHS[0]}<br>Second line.</p>{paragraphs_html()}</article>"))
    assert f"{PARAGRAPHS[0]}\nSecond line." in document.text


def test_xhtml_with_an_encoding_declaration_is_read():
    data = b'<?xml version="1.0" encoding="utf-8"?>\n' + page(f"<article>{paragraphs_html()}</article>")
    assert_article_text(ingest_page(data).text)


# --- metadata --------------------------------------------------------------------------------------


def test_dates_are_iso_8601_and_a_date_the_page_does_not_state_is_null():
    def date_of(head: str) -> str | None:
        return ingest_page(page(f"<article>{paragraphs_html()}</article>", head=head)).meta.date

    assert date_of("<meta property='article:published_time' content='Tue, 20 Aug 2019 09:31:01 +0900'>") == (
        "2019-08-20T09:31:01+09:00")
    json_ld = {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "20180619T055000+0900"}
    assert date_of(f"<script type='application/ld+json'>{json.dumps(json_ld)}</script>") == "2018-06-19T05:50:00+09:00"
    assert date_of("<meta name='date' content='2022-08-18'>") == "2022-08-18"
    assert date_of("<title>No date anywhere</title>") is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [("2023-11-06T13:00:15.055Z", "2023-11-06T13:00:15.055000+00:00"), ("2022-08-18", "2022-08-18"),
     ("Mon, 30 Dec 2013 14:42:01 -0700", "2013-12-30T14:42:01-07:00"), ("jueves, 09 enero 2014 10:21", None),
     ("November 20, 2019 13:42", "2019-11-20T13:42:00"), ("0001-01-01", None), ("", None), (None, None)],
)
def test_iso_date_parses_only_unambiguous_forms(value, iso):
    assert iso_date(value) == iso


def test_author_and_site_name_and_canonical_url():
    head = ("<meta property='og:site_name' content='The Daily Example'>"
            "<link rel='canonical' href='https://example.org/2024/05/02/talks'>"
            "<meta name='author' content='https://www.facebook.com/dailyexample'>")
    document = ingest_page(page(f"<article><p class='byline'>By Jane Doe</p>{paragraphs_html()}</article>", head=head))
    assert document.meta.outlet == "The Daily Example"
    assert document.meta.url == "https://example.org/2024/05/02/talks"
    assert document.meta.author != "https://www.facebook.com/dailyexample"
    assert document.meta.lang == "en"


# --- pages with almost no article text --------------------------------------------------------------


def test_a_front_page_fails_with_a_line_that_says_why():
    links = "".join(f"<li><a href='/story/{i}'>Story number {i} about something else entirely</a></li>"
                    for i in range(60))
    with pytest.raises(InputError) as error:
        ingest_page(page(f"<h1>The Daily Example</h1><nav><ul>{links}</ul></nav>"), "front.html")
    assert str(error.value) == ("front.html: HTML page has no article text: the page holds 423 words but no "
                                "article (a front page, a list, a gallery or a paywall?)")


def test_a_redirect_page_is_kept_with_a_warning_naming_where_it_goes():
    data = page("<p>Moved.</p>", head="<meta http-equiv='refresh' content='0; url=https://example.org/new'>")
    document = ingest_page(data, "moved.html")
    assert document.warning == (
        "little article text (1 word): the page redirects to https://example.org/new (a meta refresh)")
    padding = "<!-- " + "padding " * 40 + "-->"  # two control characters in a page of ~160 would read as binary
    escapes = page("<p>Moved.</p>", head=f"<meta http-equiv='refresh' content='0; url=https://x.org/\x1b[2J\x07'>{padding}")
    assert "\x1b" not in ingest_page(escapes).warning and "\x07" not in ingest_page(escapes).warning


def test_a_thin_page_is_a_warning_line_and_a_status_in_the_store(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article.html").write_bytes(page(f"<article>{paragraphs_html()}</article>"))
    (corpus / "stub.html").write_bytes(page("<article><h1>Talks to resume</h1><p>Subscribe to read.</p></article>"))
    for _ in range(2):  # the second run reads the document from the cache and warns again
        code, out, err = cli("run", corpus, "--out", tmp_path / "out", "--jobs", "1")
        assert code == 0, err
        warning = (f"warning: {corpus / 'stub.html'}: little article text (6 words): the page holds 6 words in all "
                   "(built by scripts, a redirect or an error page?)")
        assert warning + "\n" in err
        assert json.loads(out)["warnings"] == [
            {"path": str(corpus / "stub.html"), "warning": warning.split(": ", 2)[2]}]
    db = sqlite3.connect(tmp_path / "out" / "provenance.sqlite")
    statuses = dict(db.execute("SELECT path, status FROM run_inputs WHERE run_id = 2"))
    assert statuses == {str(corpus / "article.html"): "ok", str(corpus / "stub.html"): "warning"}
    stub = next(d for d in read_jsonl(tmp_path / "out" / "documents.jsonl") if d["path"].endswith("stub.html"))
    assert stub["text"] == "Talks to resume\n\nSubscribe to read." and stub["warning"].startswith("little article")


# --- hostile pages -----------------------------------------------------------------------------------


def test_nesting_past_the_parsers_depth_limit_is_named():
    deep = "<div>" * 100_000 + "<p>Buried.</p>" + "</div>" * 100_000
    with pytest.raises(InputError) as error:
        ingest_page(page(deep), "deep.html")
    assert str(error.value) == (
        "deep.html: HTML nested deeper than 256 elements (the parser's depth limit): no article text before it")
    document = ingest_page(page(f"<article>{paragraphs_html()}</article>{deep}"))
    assert_article_text(document.text)
    assert document.warning == (
        "HTML nested deeper than 256 elements (the parser's depth limit): the text past it was not read")


def test_entity_definitions_are_never_expanded():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    data = f'<?xml version="1.0"?><!DOCTYPE html [{laughs}<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'.encode()
    document = ingest_page(data + page(f"<article><p>&l9; &xxe;</p>{paragraphs_html()}</article>"))
    assert "lollol" not in document.text and "root:" not in document.text
    assert len(document.text) < 2_000


def test_a_gzipped_page_is_not_decompressed():
    bomb = gzip.compress(page("<p>" + "a" * 5_000_000 + "</p>"))
    with pytest.raises(InputError) as error:
        ingest_page(bomb, "bomb.html")
    assert str(error.value).startswith("bomb.html: binary file")


def test_no_page_makes_a_network_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access during ingest")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    head = ("<link rel='canonical' href='http://example.invalid/a'><link rel='stylesheet' href='http://example.invalid/s.css'>"
            "<meta http-equiv='refresh' content='1800; url=http://example.invalid/'>")
    data = (b'<!DOCTYPE html SYSTEM "http://example.invalid/x.dtd">'
            + page(f"<article><img src='http://example.invalid/i.png'>{paragraphs_html()}</article>", head=head))
    assert_article_text(ingest_page(data).text)


_SOUP = st.sampled_from([
    "<p>", "</p>", "<div class='l-sidebar ad'>", "</div>", "<br>", "<h1>", "</h1>", "<article>", "</article>",
    "<form>", "<table><tr><td>", "</td><td>", "&amp;", "&#0;", "&bogus;", "<!--", "-->", "<![CDATA[", "<script>",
    "</script>", "“", "”", "<meta http-equiv='refresh' content='0;url=x'>", "<time datetime='2022-13-45'>",
    "<script type='application/ld+json'>{\"datePublished\": [[[", PARAGRAPHS[0],
])


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(st.one_of(_SOUP, st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)), max_size=40))
def test_any_tag_soup_gives_a_document_or_one_clear_error(pieces):
    data = ("<html><body>" + "".join(pieces)).encode()
    try:
        document = ingest_page(data, "soup.html")
    except InputError as error:
        assert "\n" not in str(error) and str(error).startswith("soup.html: ")
        return
    assert document.text.strip() and (document.meta.date is None or document.meta.date[:4].isdigit())
