"""report.html without a browser: structure, escaping, CSP, summary from the store, diffs and flags.

The browser tests (rendering, screenshots, hostile input executed for real) are in
test_report_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json

import lxml.html
import pytest

from pipeline.core.records import Flag, Span
from pipeline.outputs.audit import load_run
from pipeline.outputs.markup import el, esc
from pipeline.outputs.report import CSS, SCRIPT, _diff, _highlighted, report_parts, write_report
from pipeline.outputs.summary import run_summary
from tests.conftest import SOURCES, read_jsonl
from tests.test_report_data import NASTY, PAYLOADS, nasty_run, write_run


def parse(path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


@pytest.fixture
def report(tmp_path):
    return write_report(write_run(tmp_path / "run"))


def test_the_page_comes_a_quote_at_a_time(tmp_path):
    # a batch's page is never held whole: a part for each quote's row and each quote's panel
    run_dir = write_run(tmp_path / "run")
    run = load_run(run_dir)
    parts = list(report_parts(run, run_summary(run_dir, run)))
    assert "".join(parts) == write_report(run_dir).read_text(encoding="utf-8")
    for record in run.records:
        assert sum(part.startswith(f'<tr data-target="q-{record.id}"') for part in parts) == 1
        assert sum(part.startswith("<article") and f'id="q-{record.id}"' in part for part in parts) == 1


def test_the_report_has_a_summary_a_quote_table_and_one_detail_per_quote(report):
    page = parse(report)
    assert report.name == "report.html"
    rows = page.cssselect("#quote-table tbody tr")
    details = page.cssselect("article.detail")
    assert len(rows) == len(details) == 4
    assert [row.get("data-target") for row in rows] == [d.get("id") for d in details]
    assert [a.get("href") for a in page.cssselect("#quote-table a")] == [f"#{d.get('id')}" for d in details]
    cards = {c.cssselect(".label")[0].text: c.cssselect(".value")[0].text for c in page.cssselect(".card")}
    assert cards == {
        "documents": "2",
        "quotes": "4",
        "verified": "1",
        "divergent": "1",
        "original-unavailable": "1",
        "unattributed": "1",
    }


def test_the_side_by_side_view_shows_original_published_and_machine_translation(report):
    detail = parse(report).get_element_by_id("q-1111111111111111")
    original, published, machine = detail.cssselect(".sbs .col .text")
    assert original.text_content() == "Мы никогда не отправим 500 рабочих в Донбасс"
    assert original.get("lang") == "ru"
    assert [m.text for m in original.cssselect("mark.flag")] == ["500", "Донбасс"]
    assert [m.text for m in published.cssselect("mark.flag")] == ["300", "Donbas"]
    assert published.cssselect("mark.flag-number")[0].get("title") == "number: 500 became 300"
    assert machine.text_content() == "We will never send 500 workers to Donbass"
    assert [li.text_content() for li in detail.cssselect("ol.chain li")] == [
        "said by Alexander Matsegora The diplomat told",
        "reported by RIA Novosti told RIA Novosti",
        "cited by Kommersant Source: ..., Kommersant, August 18, 2022",
        "translated by Anthony V. Rinna Translated by Anthony V. Rinna.",
    ]
    assert [d.text for d in detail.cssselect("pre.diff del")] == ["500", "Donbass"]
    assert [(d.text, d.get("title")) for d in detail.cssselect("pre.diff .flagged")] == [
        ("500", "number: 500 became 300"),
        ("300", "number: 500 became 300"),
        ("Donbas", "entity: spelling"),  # "Donbass", the MT's word, is no side of a flag
    ]
    assert [i.text for i in detail.cssselect("pre.diff ins")] == ["300", "Donbas"]
    assert detail.cssselect(".context mark.quote")[0].text == "we will never send 300 workers to Donbas"


def test_the_attribution_shows_role_verb_and_every_candidate_speaker(report):
    detail = parse(report).get_element_by_id("q-1111111111111111")
    facts = {dt.text: dt.getnext().text for dt in detail.cssselect("dl dt")}
    assert facts["role"] == "Russian Ambassador to North Korea" and facts["speech verb"] == "explained"
    assert facts["quote language"] == "–"
    assert "The text points to more than one speaker:" in detail.text_content()
    candidates = [li.cssselect("strong")[0].text for li in detail.cssselect("ul.chain li")]
    assert candidates == ["Alexander Matsegora", "Petr Ilichev"]


def test_missing_fields_are_said_not_shown_as_empty(report):
    detail = parse(report).get_element_by_id("q-2222222222222222")
    assert [p.text for p in detail.cssselect(".missing")] == [
        "Original not found.",
        "No machine translation.",
        "No diff.",
        "No chain: nobody is named as the source of these words.",
    ]


def test_the_page_loads_nothing_and_allows_only_its_own_style_and_script(report):
    page = parse(report)
    policy = page.cssselect('meta[http-equiv="Content-Security-Policy"]')[0].get("content")
    assert policy == (
        f"default-src 'none'; style-src '{sha256(CSS)}'; script-src '{sha256(SCRIPT)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    assert [s.text for s in page.cssselect("script")] == [SCRIPT]
    assert [s.text for s in page.cssselect("style")] == [CSS]
    assert not page.cssselect("link, img, iframe, object, embed, [src]")
    outside = [e.get("href") for e in page.iter() if e.get("href") and not e.get("href").startswith("#")]
    assert outside == ["https://www.kommersant.ru/doc/1"]  # the citation, a link the reader may follow


def test_the_citation_url_is_a_link_only_when_it_is_http(tmp_path):
    page = parse(write_report(write_run(tmp_path / "run")))
    links = [a.get("href") for a in page.cssselect(".citation a")]
    assert links == ["https://www.kommersant.ru/doc/1"]
    assert page.cssselect(".citation a")[0].get("rel") == "noopener noreferrer"


def test_markup_in_every_field_stays_text(tmp_path):
    records, documents = nasty_run()
    report = write_report(write_run(tmp_path / "run", records=records, documents=documents))
    page = parse(report)
    assert len(page.cssselect("script")) == 1  # only the page's own
    assert not page.cssselect(
        "img, svg, b, textarea, [onerror], [onload], [onmouseover], a[href^=javascript]"
    )
    assert len(page.cssselect("#quote-table tbody tr")) == 2
    detail = page.cssselect("article.detail")[0]
    assert detail.cssselect("h3 q")[0].text == NASTY
    assert detail.cssselect(".col.machine .text")[0].text == NASTY
    assert detail.cssselect(".col.published .text")[0].text_content() == NASTY
    texts = [e.text_content() for e in detail.iter()]
    assert all(any(payload in text for text in texts) for payload in PAYLOADS)
    odd = page.cssselect("article.detail")[1]
    assert odd.get("id") == "q-n1"  # an id that is not an id gets a safe anchor


def test_esc_and_el_escape_text_and_attributes():
    assert esc('<a href="x">\'&') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"
    assert (
        el("p", "<b>", el("i", "x"), None, title='"><script>', data_x=1)
        == '<p title="&quot;&gt;&lt;script&gt;" data-x="1">&lt;b&gt;<i>x</i></p>'
    )


@pytest.mark.parametrize(
    ("diff", "expected"),
    [
        ("a [-b-]{+c+} d", '<pre class="diff">a <del>b</del><ins>c</ins> d</pre>'),
        ("[-<x>-]", '<pre class="diff"><del>&lt;x&gt;</del></pre>'),
        ("-old\n+new\n same", '<pre class="diff"><del>-old\n</del><ins>+new\n</ins> same</pre>'),
        ("", '<p class="missing">No diff.</p>'),
    ],
)
def test_diffs(diff, expected):
    assert _diff(diff) == expected


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([Span(4, 7, "500")], 'send <mark class="flag flag-number" title="number">500</mark> men'),
        (
            [Span(0, 3, "500")],
            'send <mark class="flag flag-number" title="number">500</mark> men',
        ),  # found by text
        ([Span(4, 7, "999")], "send 500 men"),  # not in this text: not marked
        (
            [Span(4, 7, "500"), Span(5, 11, "00 men")],
            'send <mark class="flag flag-number" title="number">500</mark> men',
        ),  # overlapping: first wins
        ([None], "send 500 men"),
    ],
)
def test_flag_spans_are_marked_where_they_are_found(spans, expected):
    text = "send 500 men"
    assert _highlighted(text, [(span, Flag("number", span, None)) for span in spans]) == expected


def test_the_summary_comes_from_the_store_after_a_real_run(cli, tmp_path):
    code, _, err = cli("run", SOURCES, "--out", tmp_path, "--quiet", "--jobs", "1")
    assert code == 0, err
    code, out, err = cli("report", tmp_path)
    assert code == 0, err
    assert json.loads(out)["report"] == str(tmp_path / "report.html")
    page = parse(tmp_path / "report.html")
    records = read_jsonl(tmp_path / "records.jsonl")
    assert len(page.cssselect("#quote-table tbody tr")) == len(records)
    stages = [row.cssselect("td")[0].text for row in page.cssselect("table.stages tbody tr")]
    assert stages[0] == "ingest" and "record" in stages
    assert "run 1 (ok)" in page.cssselect("header .sub")[0].text


def test_report_cli_errors(cli, tmp_path):
    assert cli("report", tmp_path / "missing") == (
        2,
        "",
        f"provenance report: error: {tmp_path / 'missing'}: no such run folder\n",
    )
    run_dir = write_run(tmp_path / "run")
    assert cli("report", run_dir, "--out", tmp_path / "no" / "r.html")[0::2] == (
        2,
        f"provenance report: error: --out {tmp_path / 'no' / 'r.html'}: "
        f"folder {tmp_path / 'no'} does not exist\n",
    )
    code, out, _ = cli("report", run_dir, "--out", tmp_path / "r.html")
    assert code == 0 and (tmp_path / "r.html").is_file()


def test_the_report_is_deterministic(tmp_path):
    run_dir = write_run(tmp_path / "run")
    first = write_report(run_dir).read_bytes()
    assert write_report(run_dir).read_bytes() == first
