"""A user's batch built from parallel news, with the answers kept aside: which document translates
which, and which source sentence every sentence renders.

For each story written in Russian: the Russian article and its professional English translation,
half of the translations ending with the credit line and footnote of the seed 004
(`Original article by X. Translated by Y.` and `[1] Source: <English title> [<Russian title>],
<Outlet>, <date>, <url>`), half citing nothing. Distractors: shortened rewrites of some stories by
another outlet (40-60% of the sentences, another headline), and English articles that quote a
sentence or two of a story (from a second translation where there is one) inside unrelated English
news, which are not translations. For stories written in English (NTREX): the English article and its
Russian translation (half with a translator's credit and a later date: the reverse direction; half
published by InoSMI, an outlet that publishes translations, half by an unknown site), and English
articles standing alone. Sources are laid out as users save them: the headline on its own
line, paragraphs of one to three sentences.

Names of authors, translators and the English-language outlets are made up here; outlet names and
domains of the Russian stories follow the WMT document ids.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from linkdata import Story

_OUTLETS = {
    "kp": ("Komsomolskaya Pravda", "www.kp.ru/daily"),
    "rg": ("Rossiyskaya Gazeta", "rg.ru/articles"),
    "izvestiya": ("Izvestia", "iz.ru/news"),
    "kommersant": ("Kommersant", "www.kommersant.ru/doc"),
    "interfax": ("Interfax", "www.interfax.ru/russia"),
    "rt-russian": ("RT", "russian.rt.com/russia/news"),
    "bbc-russian": ("BBC Russian", "www.bbc.com/russian/news"),
    "lenta": ("Lenta.ru", "lenta.ru/news"),
    "tass": ("TASS", "tass.ru/obschestvo"),
    "ria": ("RIA Novosti", "ria.ru/20210101"),
}
_REWRITERS = [("Gazeta.ru", "www.gazeta.ru/social/news"), ("Fontanka", "www.fontanka.ru/2021"),
              ("Vedomosti", "www.vedomosti.ru/politics/news")]
_ENGLISH_OUTLETS = [("Russia Monitor", "russiamonitor.example.org"), ("Eurasia Review Desk", "eurasiadesk.example.com"),
                    ("The Moscow Digest", "moscowdigest.example.net")]
_UNKNOWN_SITE = ("Обзор мировой прессы", "obzor.example.ru/world")  # a Russian site nothing is known about
_FIRST = ["Anna", "Victoria", "Pavel", "Irina", "Sergei", "Elena", "Dmitry", "Olga", "Mark", "Julia", "Thomas", "Clara"]
_LAST = ["Kolesnikova", "Marsh", "Orlov", "Bennett", "Sokolova", "Harding", "Volkov", "Fischer", "Lindqvist", "Rowe"]
_RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
              "ноября", "декабря"]
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]


@dataclass
class GoldDocument:
    name: str  # file name in the batch folder
    role: str  # original | translation | rewrite | quoting | standalone
    lang: str
    story: str
    lines: list[str]  # its sentences, as written
    source_lines: list[int | None]  # per sentence: the story's sentence it renders (None: not from the story)
    translation_of: str | None = None  # the file it translates
    cited: bool = False
    quoted: list[dict] = field(default_factory=list)  # quoting articles: {text, story, line}


def build_batch(folder: Path, russian: list[Story], english: list[Story], seed: int, rewrites: float = 0.25,
                quoting: float = 0.25) -> list[GoldDocument]:
    """Write the batch into FOLDER (one .txt per article, YAML front matter) and return its answers."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    gold: list[GoldDocument] = []
    reverse, standalone = english[::2], english[1::2]
    for number, story in enumerate(russian):
        gold += _russian_story(folder, story, number, rng, rng.random() < rewrites)
    for number, story in enumerate(reverse):
        gold += _english_story(folder, story, 1000 + number, rng)
    fillers = [_standalone(folder, story, 2000 + n, rng) for n, story in enumerate(standalone)]
    gold += fillers
    quoted_stories = rng.sample(russian, max(1, int(len(russian) * quoting)))
    for number, story in enumerate(quoted_stories):
        gold.append(_quoting(folder, story, rng.choice(standalone), 3000 + number, rng))
    _save_gold(folder, gold)
    return gold


def build_unrelated_batch(folder: Path, russian: list[Story], english: list[Path], seed: int,
                          translated: list[Story] | None = None) -> list[GoldDocument]:
    """Russian stories beside English news that quotes its own sources (PolNeAR's US political news):
    no English quote has an original in the batch, so every one linked into a Russian story is a false
    link. How most of a real batch looks: English pages that quote English speakers. TRANSLATED:
    English-original stories whose Russian translations join the batch without their originals, as a
    site nothing is known about published them (a Russian rendering of US news quotes the same people
    in other words: where most false links of a mixed batch go, docs/link.md)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    gold = []
    for number, story in enumerate(russian):
        gold.append(_russian_article(folder, story, number, rng)[0])
    for number, path in enumerate(english, start=len(russian)):
        name = f"{number:04d}_en_news_{path.stem}.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        gold.append(GoldDocument(name, "standalone", "en", f"polnear:{path.stem}", lines, [None] * len(lines)))
    for number, story in enumerate(translated or [], start=len(russian) + len(english)):
        name = f"{number:04d}_ru_translation_{_slug(story)}.txt"
        _write(folder / name, story.ru, rng, {"title": story.ru[0], "outlet": _UNKNOWN_SITE[0],
                                              "url": f"https://{_UNKNOWN_SITE[1]}/{rng.randrange(10**7, 10**8)}"})
        gold.append(GoldDocument(name, "translation", "ru", story.story_id, list(story.ru), [None] * len(story.ru)))
    _save_gold(folder, gold)
    return gold


def build_reporting_batch(folder: Path, russian: list[Story], seed: int, one_translation: bool = False,
                          credit: str | None = None) -> list[GoldDocument]:
    """Russian stories, and for each one with a second English translation an English report on the same
    story: three to five of that translation's sentences (what an English reporter retells) with one
    or two sentences of the first translation quoted from the Russian outlet. Not translations; every
    quote in them has its original in the story's Russian article. With `one_translation` (stories
    with one English translation: the fit set's), the report retells other sentences of the first.
    With `credit` the quotes name no outlet but CREDIT ("“…,” the newspaper reported."): nothing in the
    report says where its words appeared, only what it tells does."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    gold = []
    for number, story in enumerate(russian):
        article, outlet = _russian_article(folder, story, number, rng)
        gold.append(article)
        if (story.en_b or one_translation) and len(story.en) >= 6:
            gold.append(_report(folder, story, credit or outlet, 1000 + number, rng))
    _save_gold(folder, gold)
    return gold


def _report(folder: Path, story: Story, outlet: str, number: int, rng: random.Random) -> GoldDocument:
    picked = _pick_quoted(story.en, rng)
    retelling = story.en_b or story.en
    retold = sorted(rng.sample([i for i in range(1, len(retelling)) if i not in picked],
                               min(len(retelling) - 1 - len(picked), rng.randrange(3, 6))))
    lines, rendered = [retelling[0]], [0]
    for i in retold:
        lines.append(retelling[i])
        rendered.append(i)
    quoted = [{"text": line, "story": story.story_id, "line": i} for line, i in zip(lines, rendered, strict=True)]
    quoted += _insert_quotes(lines, story, story.en, picked, outlet, rng)
    name = f"{number:04d}_en_quoting_{_slug(story)}.txt"
    _write_english(folder / name, lines, rng)
    return GoldDocument(name, "quoting", "en", story.story_id, lines, [None] * len(lines), quoted=quoted)


def _save_gold(folder: Path, gold: list[GoldDocument]) -> None:
    (folder.parent / f"{folder.name}.gold.json").write_text(json.dumps([asdict(g) for g in gold], ensure_ascii=False))


def _russian_article(folder: Path, story: Story, number: int, rng: random.Random) -> tuple[GoldDocument, str]:
    """A Russian story as its outlet published it, on its own (no translation in the batch); and the outlet."""
    outlet, domain = _OUTLETS.get(story.outlet_key) or rng.choice(list(_OUTLETS.values()))
    name = f"{number:04d}_ru_{_slug(story)}.txt"
    _write(folder / name, story.ru, rng, {"title": story.ru[0], "outlet": outlet,
                                          "url": f"https://{domain}/{rng.randrange(10**6, 10**7)}"})
    return GoldDocument(name, "original", "ru", story.story_id, list(story.ru), list(range(len(story.ru)))), outlet


def load_gold(folder: Path) -> list[GoldDocument]:
    return [GoldDocument(**row) for row in json.loads((folder.parent / f"{folder.name}.gold.json").read_text())]


# --- the documents of one story ---------------------------------------------------------------------


def _russian_story(folder: Path, story: Story, number: int, rng: random.Random, rewrite: bool) -> list[GoldDocument]:
    outlet, domain = _OUTLETS.get(story.outlet_key) or rng.choice(list(_OUTLETS.values()))
    url = f"https://{domain}/{rng.randrange(10**6, 10**7)}"
    month, day = rng.randrange(12), rng.randrange(1, 28)
    ru_name = f"{number:04d}_ru_{_slug(story)}.txt"
    original = GoldDocument(ru_name, "original", "ru", story.story_id, list(story.ru), list(range(len(story.ru))))
    _write(folder / ru_name, story.ru, rng, {"title": story.ru[0], "url": url, "outlet": outlet,
                                              "date": f"2021-{month + 1:02d}-{day:02d}"})
    cited = rng.random() < 0.5
    english_outlet, english_domain = rng.choice(_ENGLISH_OUTLETS)
    en_name = f"{number:04d}_en_{_slug(story)}.txt"
    translation = GoldDocument(en_name, "translation", "en", story.story_id, list(story.en),
                               list(range(len(story.en))), translation_of=ru_name, cited=cited)
    tail = []
    if cited:
        tail = [
            f"Original article by {_person(rng)}. Translated by {_person(rng)}.",
            f"[1] Source: {story.en[0]} [{story.ru[0]}], {outlet}, {_EN_MONTHS[month]} {day}, 2021, {url}",
        ]
    _write(folder / en_name, story.en, rng,
           {"outlet": english_outlet, "url": f"https://{english_domain}/{rng.randrange(10**5, 10**6)}",
            "date": f"2021-{month + 1:02d}-{day + 1:02d}"}, tail=tail, headline_mark=cited)
    documents = [original, translation]
    if rewrite and len(story.ru) >= 6:
        documents.append(_rewrite(folder, story, number, rng))
    return documents


def _rewrite(folder: Path, story: Story, number: int, rng: random.Random) -> GoldDocument:
    """Another outlet's shortened rewrite: 40-60% of the body sentences, its own headline."""
    body = list(range(1, len(story.ru)))
    kept = sorted(rng.sample(body, max(2, round(len(body) * rng.uniform(0.4, 0.6)))))
    headline = " ".join(story.ru[kept[0]].split()[:8]).rstrip(".,;:")
    lines = [headline] + [story.ru[i] for i in kept]
    outlet, domain = rng.choice(_REWRITERS)
    name = f"{number:04d}_ru_rewrite_{_slug(story)}.txt"
    _write(folder / name, tuple(lines), rng, {"title": headline, "outlet": outlet,
                                               "url": f"https://{domain}/{rng.randrange(10**6, 10**7)}"})
    return GoldDocument(name, "rewrite", "ru", story.story_id, lines, [None, *kept])


def _english_story(folder: Path, story: Story, number: int, rng: random.Random) -> list[GoldDocument]:
    """An English-original story and its Russian translation (half of them credited and dated later)."""
    outlet, domain = rng.choice(_ENGLISH_OUTLETS)
    url = f"https://{domain}/{rng.randrange(10**5, 10**6)}"
    en_name = f"{number:04d}_en_original_{_slug(story)}.txt"
    ru_name = f"{number:04d}_ru_translation_{_slug(story)}.txt"
    month, day = rng.randrange(12), rng.randrange(1, 27)
    _write(folder / en_name, story.en, rng, {"title": story.en[0], "url": url, "outlet": outlet,
                                              "date": f"2019-{month + 1:02d}-{day:02d}"})
    credited = rng.random() < 0.5
    # InoSMI publishes translations (the outlet registry knows it); every other story's translation is
    # carried by a site nothing is known about, so the order of an uncredited pair rests on its text.
    site, domain = ("ИноСМИ", "inosmi.ru/politic") if number % 2 else _UNKNOWN_SITE
    front = {"outlet": site, "url": f"https://{domain}/{rng.randrange(10**7, 10**8)}"}
    tail = []
    if credited:
        front["date"] = f"2019-{month + 1:02d}-{day + 1:02d}"
        tail = [f"Перевод: {_person(rng)}.", f"Источник: {story.en[0]}, {outlet}, {url}"]
    _write(folder / ru_name, story.ru, rng, front, tail=tail)
    lines = list(range(len(story.en)))
    return [
        GoldDocument(en_name, "original", "en", story.story_id, list(story.en), lines),
        GoldDocument(ru_name, "translation", "ru", story.story_id, list(story.ru), lines, translation_of=en_name,
                     cited=credited),
    ]


def _standalone(folder: Path, story: Story, number: int, rng: random.Random) -> GoldDocument:
    name = f"{number:04d}_en_standalone_{_slug(story)}.txt"
    _write_english(folder / name, story.en, rng)
    return GoldDocument(name, "standalone", "en", story.story_id, list(story.en), [None] * len(story.en))


def _quoting(folder: Path, story: Story, filler: Story, number: int, rng: random.Random) -> GoldDocument:
    """Unrelated English news with one or two sentences of STORY quoted in it: not a translation."""
    translation = story.en_b or story.en
    picked = _pick_quoted(translation, rng)
    outlet = (_OUTLETS.get(story.outlet_key) or ("Russian media", ""))[0]
    lines = list(filler.en[: rng.randrange(5, 9)])
    quoted = _insert_quotes(lines, story, translation, picked, outlet, rng)
    name = f"{number:04d}_en_quoting_{_slug(story)}.txt"
    _write_english(folder / name, lines, rng)
    return GoldDocument(name, "quoting", "en", story.story_id, lines, [None] * len(lines), quoted=quoted)


def _pick_quoted(translation: tuple[str, ...], rng: random.Random) -> list[int]:
    """One or two sentences (not the headline) that a writer would quote whole: 8 to 40 words, no
    quotation marks of their own."""
    candidates = [i for i in range(1, len(translation)) if not any(m in translation[i] for m in "\"“”'‘’«»")
                  and 8 <= len(translation[i].split()) <= 40]
    return sorted(rng.sample(candidates, min(len(candidates), rng.choice((1, 2)))))


def _insert_quotes(lines: list[str], story: Story, translation: tuple[str, ...], picked: list[int], outlet: str,
                   rng: random.Random) -> list[dict]:
    """Each picked sentence quoted from OUTLET at a random place after the headline of LINES; the
    answers for them."""
    quoted = []
    for line in picked:
        sentence = translation[line].rstrip().rstrip(".")
        lines.insert(_outside_quotes(lines, rng.randrange(1, len(lines) + 1)), f"“{sentence},” {outlet} reported.")
        quoted.append({"text": sentence, "story": story.story_id, "line": line})
    return quoted


def _outside_quotes(lines: list[str], position: int) -> int:
    """POSITION, or the nearest place after it, else before it, where no quotation is open: a writer does
    not set a quote inside someone else's (a source sentence split inside a quotation, "… yelling, 'I got
    bit!", leaves one open across lines; an article cut short, one open to its end)."""
    def closed(place: int) -> bool:
        before = " ".join(lines[:place])
        return before.count("“") <= before.count("”") and before.count('"') % 2 == 0

    later = [place for place in range(position, len(lines) + 1) if closed(place)]
    earlier = [place for place in range(position - 1, 0, -1) if closed(place)]
    return (later or earlier or [position])[0]


def _write_english(path: Path, lines, rng: random.Random) -> None:
    """An English article by one of the made-up English-language outlets, titled by its first line."""
    outlet, domain = rng.choice(_ENGLISH_OUTLETS)
    _write(path, tuple(lines), rng, {"title": lines[0], "outlet": outlet,
                                     "url": f"https://{domain}/{rng.randrange(10**5, 10**6)}"})


# --- layout ------------------------------------------------------------------------------------------


def _write(path: Path, lines: tuple[str, ...], rng: random.Random, front: dict, tail: list[str] = (),
           headline_mark: bool = False) -> None:
    headline = lines[0] + ("[1]" if headline_mark else "")
    paragraphs, body = [], list(lines[1:])
    while body:
        size = rng.choice((1, 2, 2, 3))
        paragraphs.append(" ".join(body[:size]))
        body = body[size:]
    header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in front.items())
    text = "\n\n".join([headline, *paragraphs, *tail])
    path.write_text(f"---\n{header}---\n{text}\n", encoding="utf-8")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _slug(story: Story) -> str:
    return story.story_id.replace(":", "-").replace("/", "-")[:40]
