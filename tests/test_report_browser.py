"""report.html in headless Chromium: what a reader sees, and hostile source text that must not run.

Needs Debian's `chromium` and `chromium-driver` (installed by .ci/run); skipped, with the reason,
only when /usr/bin/chromium is absent. Set PROVENANCE_SCREENSHOT_DIR to keep the screenshots
(docs/report.png is made that way).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.outputs.report import write_report
from tests.conftest import SOURCES, read_jsonl
from tests.test_report_data import NASTY, PAYLOADS, nasty_run, write_run

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (apt-get install -y chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never try to download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_report(browser, report: Path):
    browser.get(report.resolve().as_uri())
    browser.get_log("browser")  # drop messages from earlier pages
    return browser


def css(browser, selector: str):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, selector)


def visible_rows(browser) -> list:
    return [row for row in css(browser, "#quote-table tbody tr") if row.is_displayed()]


def keep_screenshot(path: Path, name: str) -> None:
    folder = os.environ.get("PROVENANCE_SCREENSHOT_DIR")
    if folder:
        shutil.copyfile(path, Path(folder) / name)


def errors(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_the_sample_corpus_report_shows_the_table_and_a_side_by_side_view(cli, tmp_path, browser):
    code, _, err = cli("run", SOURCES, "--out", tmp_path / "run", "--quiet", "--jobs", "1")
    assert code == 0, err
    report = write_report(tmp_path / "run")
    records = read_jsonl(tmp_path / "run" / "records.jsonl")
    open_report(browser, report)
    assert css(browser, "#quote-table")[0].is_displayed()
    assert len(visible_rows(browser)) == len(records) > 0
    assert css(browser, "#placeholder")[0].is_displayed()
    visible_rows(browser)[0].click()
    shown = [d for d in css(browser, "article.detail") if d.is_displayed()]
    assert len(shown) == 1
    columns = [c for c in css(browser, "article.detail.shown .sbs .col") if c.is_displayed()]
    assert [c.find_element("css selector", "h5").text.split(" (")[0] for c in columns] == [
        "Original",
        "Published translation",
        "Machine translation",
    ]
    assert records[0]["quote"]["text"] in columns[1].text
    assert not css(browser, "#placeholder")[0].is_displayed()
    screenshot = tmp_path / "report.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000
    keep_screenshot(screenshot, "report.png")
    assert errors(browser) == []
    assert_panes_fit(browser, (1400, 1280, 1201, 1200, 1000))  # 1400: the width of issue 20's report


WIDE = 1400  # the window size in FLAGS, restored after a test resizes the window


def assert_panes_fit(browser, widths: tuple[int, ...]) -> None:
    """At each window width, neither the quote table nor any quote's panel is wider than its pane (a
    horizontal scroll bar inside a pane hides the table's last columns)."""
    measure = ("return ['.table-pane', '#details'].map(function (s) {"
               " var pane = document.querySelector(s); return pane.scrollWidth - pane.clientWidth; })")
    try:
        for width in widths:
            browser.set_window_size(width, 1000)
            assert browser.execute_script("return window.innerWidth") == width
            for row in css(browser, "#quote-table tbody tr"):
                row.click()
                table, panel = browser.execute_script(measure)
                assert (table, panel) == (0, 0), (width, row.get_attribute("data-target"))
    finally:
        browser.set_window_size(WIDE, 1000)


def test_the_quote_table_and_every_panel_fit_their_panes_at_any_width(tmp_path, browser):
    report = write_report(write_run(tmp_path / "run"))
    open_report(browser, report)
    assert_panes_fit(browser, (1600, 1400, 1280, 1201, 1200, 1000, 800))


def test_filters_sorting_and_selection_work(tmp_path, browser):
    report = write_report(write_run(tmp_path / "run"))
    open_report(browser, report)
    search, status, minimum = (css(browser, f"#{name}")[0] for name in ("f-text", "f-status", "f-min"))
    search.send_keys("cerberus")
    assert [r.get_attribute("data-target") for r in visible_rows(browser)] == ["q-2222222222222222"]
    assert css(browser, "#f-count")[0].text == "1 of 4 quotes"
    search.clear()
    search.send_keys("zakharova")
    assert len(visible_rows(browser)) == 1
    browser.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'))", search)
    minimum.send_keys("0.9")
    assert [r.get_attribute("data-status") for r in visible_rows(browser)] == ["verified"]
    browser.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'))", minimum)
    from selenium.webdriver.support.ui import Select

    Select(status).select_by_value("divergent")
    assert [r.get_attribute("data-status") for r in visible_rows(browser)] == ["divergent"]
    Select(status).select_by_value("")
    chrf_header = css(browser, "#quote-table th")[5]
    chrf_header.click()
    assert [r.get_attribute("data-status") for r in visible_rows(browser)][-2:] == ["divergent", "verified"]
    chrf_header.click()
    assert [r.get_attribute("data-status") for r in visible_rows(browser)][:2] == ["verified", "divergent"]
    visible_rows(browser)[0].click()
    assert css(browser, "#q-3333333333333333")[0].is_displayed()
    assert browser.execute_script("return location.hash") == "#q-3333333333333333"
    assert errors(browser) == []


def test_a_record_with_every_field_filled_shows_flags_diff_and_chain(tmp_path, browser):
    report = write_report(write_run(tmp_path / "run"))
    open_report(browser, report)
    css(browser, 'tr[data-target="q-1111111111111111"]')[0].click()
    detail = css(browser, "#q-1111111111111111")[0]
    assert detail.is_displayed()
    assert [m.text for m in css(browser, "#q-1111111111111111 .col mark.flag") if m.is_displayed()] == [
        "500",
        "Донбасс",
        "300",
        "Donbas",
    ]
    assert [d.text for d in css(browser, "#q-1111111111111111 pre.diff del")] == ["500", "Donbass"]
    assert len(css(browser, "#q-1111111111111111 ol.chain li")) == 4
    screenshot = tmp_path / "report-fields.png"
    assert browser.save_screenshot(str(screenshot))
    keep_screenshot(screenshot, "report-fields.png")
    assert errors(browser) == []


def test_a_deep_link_opens_its_quote(tmp_path, browser):
    report = write_report(write_run(tmp_path / "run"))
    browser.get(report.resolve().as_uri() + "#q-1111111111111111")
    assert css(browser, "#q-1111111111111111")[0].is_displayed()
    assert [r.get_attribute("aria-selected") for r in css(browser, "#quote-table tbody tr")][0] == "true"


def assert_nothing_ran(browser, title: str) -> None:
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.title == title
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.execute_script("return document.images.length") == 0
    assert not css(browser, "textarea, svg, b, [onerror], [onload], [onmouseover]")
    assert css(browser, "footer")[0].is_displayed()  # the page was not cut short


def test_markup_in_source_documents_is_shown_as_text_through_a_whole_run(cli, tmp_path, browser):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(
        "---\ntitle: '<script>window.__pwned = \"front matter\"</script>'\n"
        'outlet: \'"><img src=x onerror="window.__pwned = 0">\'\n---\n'
        "The envoy said “<script>window.__pwned = 'script'; document.title = 'pwned'</script>” on Monday.\n\n"
        "He added “<img src=x onerror=\"window.__pwned = 'img'; document.title = 'pwned'\"> "
        "and </textarea><b>not bold</b>” later.\n\n"
        "Then “</script><script>window.__pwned = 'script-close'</script>” and nothing else.\n",
        encoding="utf-8",
    )
    (corpus / "page.html").write_text(
        "<html lang=\"en\"><head><title>&lt;/title&gt;&lt;script&gt;window.__pwned = 'title'&lt;/script&gt;"
        "</title></head><body><article>"
        "<p>The minister said “&lt;img src=x onerror=&quot;window.__pwned = 'html-img'&quot;&gt; "
        "&lt;/textarea&gt;&lt;script&gt;window.__pwned = 'html-script'&lt;/script&gt;” to reporters.</p>"
        "<p>Officials spoke at length about the matter, and the press asked many questions afterwards.</p>"
        "<script>window.__pwned = 'raw script in the source page'</script>"
        "</article></body></html>",
        encoding="utf-8",
    )
    code, _, err = cli("run", corpus, "--out", tmp_path / "run", "--quiet", "--jobs", "1")
    assert code == 0, err
    records = read_jsonl(tmp_path / "run" / "records.jsonl")
    quotes = [r["quote"]["text"] for r in records]
    for markup in (
        "<script>window.__pwned = 'script'",
        "<img src=x onerror=",
        "</textarea><b>not bold</b>",
        "</script><script>",
        "</textarea><script>window.__pwned = 'html-script'",
    ):
        assert any(markup in quote for quote in quotes), markup
    report = write_report(tmp_path / "run")
    open_report(browser, report)
    assert_nothing_ran(browser, "Provenance report: run")
    rows = visible_rows(browser)
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        row.click()
        heading = css(browser, "article.detail.shown h3")[0].text
        assert heading == record["quote"]["text"]
        assert_nothing_ran(browser, "Provenance report: run")
    page_text = css(browser, "body")[0].text
    assert "</textarea><b>not bold</b>" in page_text and "<script>window.__pwned = 'script'" in page_text
    assert errors(browser) == []


def test_markup_in_every_record_field_is_shown_as_text(tmp_path, browser):
    records, documents = nasty_run()
    report = write_report(write_run(tmp_path / "run", records=records, documents=documents))
    open_report(browser, report)
    assert_nothing_ran(browser, "Provenance report: run")
    visible_rows(browser)[0].click()
    detail = css(browser, "article.detail.shown")[0]
    for payload in PAYLOADS:
        assert payload in detail.text
    assert NASTY in css(browser, "article.detail.shown .col.machine .text")[0].text
    for element in css(browser, "article.detail.shown *"):  # hovering anything must not run a handler
        browser.execute_script(
            "arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", element
        )
    visible_rows(browser)[1].click()
    assert_nothing_ran(browser, "Provenance report: run")
    assert errors(browser) == []
