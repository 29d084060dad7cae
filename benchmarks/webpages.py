"""A link batch as saved web pages: every article of a `linkbatch` folder rewritten as the HTML page a
news site serves, with what surrounds an article on such a site (a menu, a cookie notice, links to
the batch's other articles in the same language, a newsletter form, a footer), so that the link
stage is measured on what ingest makes of pages, not on clean text.

The front matter becomes the page's metadata (`<title>` with the site's name, Open Graph title, site
name and address, `article:published_time`); the headline an `<h1>`; each paragraph a `<p>`; the
credit lines and footnote stay at the end of the article, as the seed 004 has them. The answers
(`*.gold.json`) are rewritten with the new file names.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import replace
from pathlib import Path

from linkbatch import GoldDocument, _save_gold

_CHROME = {
    "en": {
        "menu": ("World", "Politics", "Business", "Culture", "Opinion", "Subscribe"),
        "cookies": "We use cookies to improve your experience. By continuing to browse you agree to our use "
                   "of cookies.",
        "related": "Read more",
        "newsletter": "Get our morning briefing in your inbox. Sign up",
        "rights": "All rights reserved.",
    },
    "ru": {
        "menu": ("Главное", "Политика", "Экономика", "Общество", "Культура", "Подписка"),
        "cookies": "Мы используем файлы cookie. Продолжая пользоваться сайтом, вы соглашаетесь с этим.",
        "related": "Читайте также",
        "newsletter": "Подпишитесь на нашу рассылку. Подписаться",
        "rights": "Все права защищены.",
    },
}


def as_web_pages(folder: Path, gold: list[GoldDocument], seed: int) -> list[GoldDocument]:
    """Rewrite every .txt article in FOLDER as an .html page; the answers with the new names."""
    rng = random.Random(seed)
    renamed = {g.name: str(Path(g.name).with_suffix(".html")) for g in gold}
    headlines = {lang: [g.lines[0] for g in gold if g.lang == lang] for lang in ("en", "ru")}
    for g in gold:
        source = folder / g.name
        front, paragraphs = _read_text_article(source)
        others = [line for line in headlines[g.lang] if line != g.lines[0]]
        page = _page(g.lang, front, paragraphs, rng.sample(others, min(3, len(others))))
        (folder / renamed[g.name]).write_text(page, encoding="utf-8")
        source.unlink()
    pages = [replace(g, name=renamed[g.name], translation_of=renamed.get(g.translation_of)) for g in gold]
    _save_gold(folder, pages)
    return pages


def _read_text_article(path: Path) -> tuple[dict, list[str]]:
    """The front matter (`key: json value` lines between `---`; none in the unrelated set's news) and
    the paragraphs of a batch article."""
    text = path.read_text(encoding="utf-8")
    front = {}
    if text.startswith("---\n"):
        _, header, text = text.split("---\n", 2)
        for line in header.splitlines():
            key, _, value = line.partition(": ")
            front[key] = json.loads(value)
    return front, [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _page(lang: str, front: dict, paragraphs: list[str], related: list[str]) -> str:
    chrome, e = _CHROME[lang], html.escape
    headline, body = paragraphs[0], paragraphs[1:]
    outlet = front.get("outlet", "")
    meta = [f'<meta property="og:title" content="{e(front.get("title", headline))}">',
            f'<meta property="og:site_name" content="{e(outlet)}">']
    if "url" in front:
        meta += [f'<meta property="og:url" content="{e(front["url"])}">',
                 f'<link rel="canonical" href="{e(front["url"])}">']
    if "date" in front:
        meta.append(f'<meta property="article:published_time" content="{e(front["date"])}T09:00:00+00:00">')
    menu = "".join(f'<li><a href="/{i}">{e(item)}</a></li>' for i, item in enumerate(chrome["menu"]))
    links = "".join(f'<li><a href="/related/{i}">{e(text)}</a></li>' for i, text in enumerate(related))
    dateline = f'<time datetime="{e(front["date"])}">{e(front["date"])}</time>' if "date" in front else ""
    article = "".join(f"<p>{e(p)}</p>" for p in body)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{e(' | '.join(filter(None, (front.get('title', headline), outlet))))}</title>{''.join(meta)}</head>\n"
        f'<body><header><a class="logo" href="/">{e(outlet)}</a><nav><ul>{menu}</ul></nav></header>\n'
        f'<div class="cookie-banner"><p>{e(chrome["cookies"])}</p><button>OK</button></div>\n'
        f'<main><article><h1>{e(headline)}</h1><div class="meta">{dateline}</div>\n'
        f'<div class="article-body">{article}</div></article>\n'
        f'<aside class="related"><h2>{e(chrome["related"])}</h2><ul>{links}</ul></aside></main>\n'
        f'<div class="newsletter"><p>{e(chrome["newsletter"])}</p><form><input type="email"></form></div>\n'
        f"<footer><p>© 2021 {e(outlet)}. {e(chrome['rights'])}</p></footer></body></html>\n"
    )
