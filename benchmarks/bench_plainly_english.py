"""What the "plainly English" shortcut of the detect stage costs: short Latin-script strings in many
languages, read with and without it.

    .venv/bin/python benchmarks/bench_plainly_english.py [--locale /usr/share/locale] [--per-language 200]

The strings are the translated gettext messages installed on the machine
(`LOCALE/*/LC_MESSAGES/*.mo`): every message of 2 to 8 words in Latin letters whose translation
differs from its English message id, up to PER_LANGUAGE of each language (seeded), and 3,000 of the
English ids. For each string: whether lingua's two reads (`detect._other_latin_language` without the
shortcut) put it in a language outside the core, and whether every word is in wordfreq's English
list (the shortcut, which skips those reads). The lines that matter are the translations the reads
place in their own language that the shortcut would call English: what the shortcut loses.
"""

from __future__ import annotations

import argparse
import gettext
import random
import re
from collections import defaultdict
from pathlib import Path

from pipeline.langid import detect
from pipeline.langid.evidence import text_evidence
from pipeline.langid.frequency import listed_in

SEED = 5
ENGLISH_SAMPLE = 3000
WORD = re.compile(r"[^\W\d_]+")
LATIN_END = 0x250  # Latin letters, with their extensions A and B


def short_messages(locale: Path, per_language: int) -> dict[str, list[str]]:
    """{language: messages}, 'en' holding the English message ids."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(locale.glob("*/LC_MESSAGES/*.mo")):
        lang = path.parts[-3].split("_")[0].split("@")[0]
        try:
            with path.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog
        except (OSError, ValueError, IndexError, UnicodeDecodeError):  # a catalog gettext cannot parse
            continue
        for message_id, translation in catalog.items():
            message_id = message_id[0] if isinstance(message_id, tuple) else message_id
            if translation == message_id or lang == "en":
                continue
            for text, language in ((translation, lang), (message_id, "en")):
                if _short_latin(text):
                    found[language].add(text.strip())
    rng = random.Random(SEED)
    return {lang: rng.sample(sorted(texts), min(ENGLISH_SAMPLE if lang == "en" else per_language, len(texts)))
            for lang, texts in sorted(found.items())}


def _short_latin(text: object) -> bool:
    if not isinstance(text, str) or any(mark in text for mark in "%\n<"):
        return False
    words = WORD.findall(text)
    return 2 <= len(words) <= 8 and all(ord(char) < LATIN_END for char in "".join(words))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", type=Path, default=Path("/usr/share/locale"))
    parser.add_argument("--per-language", type=int, default=200)
    args = parser.parse_args()
    detect._plainly_english = lambda words: False  # lingua's reads for every string, as before the shortcut
    counts = {"en": [0, 0, 0, 0], "other": [0, 0, 0, 0]}
    lost = []
    for lang, texts in short_messages(args.locale, args.per_language).items():
        for text in texts:
            evidence = text_evidence(text)
            if evidence.script != "LATIN" or len(evidence.words) < 2:
                continue
            read_other = detect._other_latin_language(evidence) is not None
            all_english = all(listed_in(word, "en") for word in evidence.words)
            row = counts["en" if lang == "en" else "other"]
            for column, value in enumerate((True, read_other, all_english, read_other and all_english)):
                row[column] += value
            if lang != "en" and read_other and all_english:
                lost.append(f"{lang}: {text}")
    for name, (total, read_other, all_english, both) in counts.items():
        print(f"{name:>5}: {total} strings; lingua's two reads: another language {read_other}; every word "
              f"English-listed {all_english}; both {both}")
    print("translations the shortcut calls English that the reads placed in their language:", lost or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
