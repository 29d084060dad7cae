"""Ingest: encodings, front matter, HTML metadata and main text, boilerplate, bad input."""

from __future__ import annotations

import codecs

import pytest

from pipeline.core.errors import InputError
from pipeline.ingest.documents import IngestSettings, discover, ingest, strip_boilerplate
from tests.conftest import SOURCES

RUSSIAN = "Министр заявил, что переговоры будут продолжены. Мы готовы, сказал он журналистам."


def ingest_bytes(data: bytes, name: str = "doc.txt", **settings):
    return ingest(name, data, IngestSettings(**settings))


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (RUSSIAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), "utf-8-sig"),
        (RUSSIAN.encode("utf-16"), "utf-16"),
        (RUSSIAN.encode("utf-16-le"), "utf-16-le"),
        (RUSSIAN.encode("utf-16-be"), "utf-16-be"),
        (RUSSIAN.encode("cp1251"), "cp1251"),
        (RUSSIAN.encode("koi8-r"), "koi8-r"),
        ("Café crème à la façon de Paris".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected_and_decoded(encoded, encoding):
    document = ingest_bytes(encoded)
    assert document.encoding == encoding
    assert document.text in (RUSSIAN, "Café crème à la façon de Paris")


def test_forced_encoding_overrides_detection():
    assert ingest_bytes(RUSSIAN.encode("koi8-r"), encoding="koi8-r").text == RUSSIAN


def test_front_matter_fields_and_iso_dates():
    source = (
        "---\ntitle: Заголовок\nurl: https://www.kommersant.ru/doc/5514964\noutlet: Kommersant\n"
        "date: 2022-08-18\nlang: ru\nauthor: Victoria Kolganova\ntranslator: Anthony V. Rinna\nextra: ignored\n---\n"
        "Текст статьи «с цитатой».\n"
    )
    document = ingest_bytes(source.encode(), "a.md")
    assert document.format == "markdown"
    assert document.text == "Текст статьи «с цитатой»."
    meta = document.meta
    assert (meta.title, meta.url, meta.outlet, meta.date, meta.lang, meta.author, meta.translator) == (
        "Заголовок", "https://www.kommersant.ru/doc/5514964", "Kommersant", "2022-08-18", "ru",
        "Victoria Kolganova", "Anthony V. Rinna",
    )


def test_invalid_front_matter_is_a_clear_error():
    with pytest.raises(InputError) as error:
        ingest_bytes(b"---\ntitle: [unclosed\n---\nBody\n", "bad.md")
    assert str(error.value).startswith("bad.md: invalid YAML front matter at line 3")


def test_plain_text_title_is_the_headline_line():
    assert ingest_bytes(b"A Headline\n\nBody text here.").meta.title == "A Headline"
    assert ingest_bytes(b"This opens with a sentence.\n\nBody.").meta.title is None


def test_seed_boilerplate_is_not_article_text():
    for path in discover([str(SOURCES)]):
        with open(path, "rb") as handle:
            document = ingest(path, handle.read(), IngestSettings())
        assert "Akismet" not in document.text and "Leave a Reply" not in document.text
        assert document.text.strip() == document.text


def test_boilerplate_only_cut_in_the_second_half():
    article = "Related\n\n" + "A real paragraph of the article. " * 10 + "\n\nLeave a Reply\n\nName Email"
    assert strip_boilerplate(article).startswith("Related\n\nA real paragraph")
    assert "Leave a Reply" not in strip_boilerplate(article)


PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Moscow says DPRK ties are fine | The Example Times</title>
  <meta property="og:title" content="Moscow says DPRK ties are fine">
  <meta property="og:site_name" content="The Example Times">
  <meta property="og:url" content="https://example.org/2022/08/19/dprk">
  <meta property="article:published_time" content="2022-08-19T10:15:00+00:00">
  <meta name="author" content="Jane Doe">
  <meta name="translator" content="Anthony V. Rinna">
  <script>var tracking = "“not a quote”";</script>
  <style>.x { content: "“no”"; }</style>
</head>
<body>
  <header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
  <div class="cookie-banner">We use cookies to improve your experience.</div>
  <article>
    <h1>Moscow says DPRK ties are fine</h1>
    <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet “this”</a></div>
    <p>The diplomat told RIA Novosti that “details should only be sought from Donetsk and Pyongyang.”</p>
    <figure><img src="a.jpg" alt=""><figcaption>Sin Hong Chul (DPR Official Telegram)</figcaption></figure>
    <p>He added that Moscow is not a &ldquo;Cerberus&rdquo; &amp; will not act as one.<br>New line here.</p>
    <aside class="related-posts"><h3>Related</h3><ul><li>“Other story” headline</li></ul></aside>
  </article>
  <section id="comments" class="comments-area">
    <h3>Leave a Reply</h3>
    <form><textarea>“comment”</textarea><button>Post Comment</button></form>
    <p>This site uses Akismet to reduce spam.</p>
  </section>
  <footer><p>© 2022 The Example Times. “All rights reserved.”</p></footer>
</body>
</html>"""


def test_html_metadata_from_meta_and_open_graph():
    meta = ingest_bytes(PAGE.encode(), "page.html").meta
    assert meta.title == "Moscow says DPRK ties are fine"
    assert meta.outlet == "The Example Times"
    assert meta.url == "https://example.org/2022/08/19/dprk"
    assert meta.date == "2022-08-19T10:15:00+00:00"
    assert meta.lang == "en"
    assert meta.author == "Jane Doe"
    assert meta.translator == "Anthony V. Rinna"


def test_html_main_text_drops_boilerplate():
    document = ingest_bytes(PAGE.encode(), "page.html")
    assert document.text == (
        "Moscow says DPRK ties are fine\n\n"
        "The diplomat told RIA Novosti that “details should only be sought from Donetsk and Pyongyang.”\n\n"
        "He added that Moscow is not a “Cerberus” & will not act as one.\nNew line here."
    )


def test_html_without_article_uses_the_densest_block():
    page = (
        "<html><body><div class='menu'><p>Home</p></div><div id='content'>"
        + "<p>Paragraph one is long enough to count as text.</p>" * 3
        + "</div><div><p>short</p></div></body></html>"
    )
    assert ingest_bytes(page.encode(), "x.htm").text.count("Paragraph one") == 3


def test_html_declared_legacy_charset():
    page = f"<html><head><meta charset='windows-1251'></head><body><p>{RUSSIAN}</p></body></html>"
    document = ingest_bytes(page.encode("cp1251"), "ru.html")
    assert document.text == RUSSIAN and document.encoding == "cp1251"


def test_html_entities_are_not_expanded_from_a_doctype():
    page = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>Text &xxe; here.</p></body></html>"
    )
    assert "root:" not in ingest_bytes(page.encode(), "x.html").text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty.txt: empty file"),
        (b"  \n\n ", "blank.txt", "blank.txt: empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "image.txt: binary file (NUL byte at offset 8)"),
        (b"just words, no markup at all", "plain.html", "plain.html: not HTML (no HTML tags found)"),
        (bytes(range(128, 256)) * 4, "noise.txt",
         "noise.txt: not valid UTF-8 (byte 0) and not recognisable as cp1251, koi8-r or cp1252; "
         "re-save it as UTF-8 or pass --encoding"),
        (b"<html><body><nav>Menu</nav></body></html>", "nav.html",
         "nav.html: HTML page has no article text: the page holds 1 word in all "
         "(built by scripts, a redirect or an error page?)"),
        (b"text", "notes.rtf", "notes.rtf: unsupported file type .rtf (expected .txt, .md, .html or .htm)"),
        (b"---\ntitle: x\n---\n\n", "fm.md", "fm.md: no article text (empty after front matter and boilerplate)"),
    ],
)
def test_bad_input_gives_one_clear_line(data, name, message):
    with pytest.raises(InputError) as error:
        ingest_bytes(data, name)
    assert str(error.value) == message


def test_discover_recurses_sorted_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ["b/2.md", "b/1.html", "a.txt", "skip.toml", ".hidden/x.txt", "c.HTM"]:
        (tmp_path / name).write_text("x")
    found = [p.removeprefix(str(tmp_path) + "/") for p in discover([str(tmp_path)])]
    assert found == ["a.txt", "c.HTM", "b/1.html", "b/2.md"]


def test_discover_skips_links_to_files_outside_the_folder_but_reads_a_named_one(tmp_path, caplog):
    folder, private = tmp_path / "batch", tmp_path / "private.txt"
    folder.mkdir()
    private.write_text("a private note")
    (folder / "article.txt").write_text("x")
    (folder / "inside.txt").symlink_to(folder / "article.txt")
    (folder / "outside.txt").symlink_to(private)
    found = [p.removeprefix(str(folder) + "/") for p in discover([str(folder)])]
    assert found == ["article.txt", "inside.txt"]
    assert "outside.txt: a link to a file outside" in caplog.text
    assert list(discover([str(folder / "outside.txt")])) == [str(folder / "outside.txt")]
