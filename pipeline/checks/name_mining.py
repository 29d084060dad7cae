"""Learning names from parallel news: the transliteration model and the mined gazetteer.

    .venv/bin/python -m pipeline.checks.name_mining [--data ../shared/data] [--out pipeline/checks/data]

Reads only the fitting sets of `pipeline.checks.corpora` (NTREX-128, the tuning half of WMT21,
refs A and B, and News Commentary's dev part), never the sets the benchmark reports on. Writes three
files:

- `translit_model.json`: a letter-to-letters model (`translit_model`) fitted by EM on name pairs
  found in the same line pair: first those the spelling rules of `translit` already join
  (Дегтярева/Degtyarev), then, twice more, the pairs the model itself scores as the best partner of
  each other in their line (Техас/Texas, Гарвард/Harvard are found this way, not written).
- `names_mined.tsv`: those pairs with their counts (what the model was fitted on), for review.
- `gazetteer_mined.tsv`: names whose English form is not a transliteration (Китай/China,
  Уэльс/Welsh, министр/Minister): a Russian word and an English name that no word of its line
  transliterates, found in the same documents far more often than apart (Dice coefficient over
  documents), each the other's best partner.

Deterministic: same data, same files. No sentence is stored, only names and counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.checks import corpora, translit_model
from pipeline.checks.names import english_names, russian_names
from pipeline.checks.text import tokens
from pipeline.text import morph
from pipeline.text.translit import RU_TO_LATIN, same_name

DATA_DIR = Path(__file__).resolve().parent / "data"
PAIR_MIN_SCORE = 1.0  # log-likelihood ratio per letter for a pair the model accepts while mining
ROUNDS = 2  # model-found pairs: refit this many times after the rule-found seed pairs
GAZETTEER_MIN_COUNT = 2  # documents a non-transliterated name pair must share
GAZETTEER_MIN_DICE = 0.5
MIN_WORD = 3
CYRILLIC_RE = re.compile(r"[а-яёА-ЯЁ]+")


def _parts(word: str) -> list[str]:
    return [part for part in re.split(r"[-'’]", word) if len(part) >= 2]


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def name_words(pair: corpora.Pair) -> tuple[list[str], list[str]]:
    """Russian name words (Cyrillic, not acronyms) and English name words of one line pair, split at hyphens."""
    russian = [
        p for t in russian_names(pair.ru) if not _is_acronym(t.text) for p in _parts(t.text) if CYRILLIC_RE.fullmatch(p)
    ]
    english = [
        p for t in english_names(pair.en) if not _is_acronym(t.text) and t.text.isascii() for p in _parts(t.text)
    ]
    return russian, english


def _mutual_best(russian: list[str], english: list[str], score) -> list[tuple[str, str]]:
    """Pairs that are each other's best partner in their line and score at least PAIR_MIN_SCORE."""
    if not russian or not english:
        return []
    scores = {(r, e): score(r, e) for r in set(russian) for e in set(english)}
    best_en = {r: max(set(english), key=lambda e, r=r: (scores[r, e], e)) for r in set(russian)}
    best_ru = {e: max(set(russian), key=lambda r, e=e: (scores[r, e], r)) for e in set(english)}
    return sorted((r, e) for r, e in best_en.items() if best_ru[e] == r and scores[r, e] >= PAIR_MIN_SCORE)


def _rule_pairs(russian: list[str], english: list[str]) -> list[tuple[str, str]]:
    return sorted({(r, e) for r in russian for e in english if same_name(r, e)})


def _training_pairs(pairs: Counter[tuple[str, str]]) -> list[tuple[str, str]]:
    """(stem, English) pairs for EM, each once: stems, since an English name has no case ending."""
    return sorted({(translit_model.stems(r)[-1], e) for r, e in pairs})


def mine_pairs(lines: list[tuple[list[str], list[str]]]) -> tuple[translit_model.Model, Counter]:
    background = translit_model.letter_frequencies(e for _, english in lines for e in english)
    found: Counter[tuple[str, str]] = Counter()
    for russian, english in lines:
        found.update(_rule_pairs(russian, english))
    model = translit_model.fit(_training_pairs(found), RU_TO_LATIN, background)
    for _ in range(ROUNDS):

        def score(r: str, e: str, model=model) -> float:
            return max(
                translit_model.log_ratio(model, stem, translit_model._english_form(e))
                for stem in translit_model.stems(r)
            )

        found = Counter()
        for russian, english in lines:
            found.update(_mutual_best(russian, english, score))
        model = translit_model.fit(_training_pairs(found), RU_TO_LATIN, background)
    return model, found


def _russian_key(word: str) -> str:
    """A lemma's stem, so every case form of a word counts as one (Германии, Германию -> германи)."""
    lemma = morph.lemma(word.lower()).replace("ё", "е")
    stem = re.sub(r"(?:ый|ий|ой|ая|ое|ые|ие|ь|й|[аяоеиыу])$", "", lemma)
    return stem if len(stem) >= MIN_WORD else lemma


def mine_gazetteer(
    corpus_pairs: Iterable[corpora.Pair], model: translit_model.Model
) -> list[tuple[str, str, int, float]]:
    """(Russian stem, English name, documents together, Dice) for English names that no word of their
    line transliterates: counted over documents (a name repeated in one article, or in its two
    translations, counts once), kept when the two are each other's best partner, found together in
    at least GAZETTEER_MIN_COUNT documents and with a Dice coefficient of at least GAZETTEER_MIN_DICE."""
    together: dict[tuple[str, str], set[str]] = {}
    ru_docs: dict[str, set[str]] = {}
    en_docs: dict[str, set[str]] = {}
    for pair in corpus_pairs:
        words = [t.text for t in tokens(pair.ru) if CYRILLIC_RE.fullmatch(t.text) and len(t.text) >= MIN_WORD]
        names = {t.text for t in english_names(pair.en) if len(t.text) >= 2 and t.text.isascii()}
        spelled = {(w, n) for w in words for n in names if _transliterates(model, w, n)}
        names -= {n for _, n in spelled}
        keys = {_russian_key(w) for w in words if not any(w == sw for sw, _ in spelled)}
        for key in keys:
            ru_docs.setdefault(key, set()).add(pair.doc)
        for name in names:
            en_docs.setdefault(name, set()).add(pair.doc)
            for key in keys:
                together.setdefault((key, name), set()).add(pair.doc)
    dice = {
        (key, name): 2 * len(docs) / (len(ru_docs[key]) + len(en_docs[name]))
        for (key, name), docs in together.items()
        if len(docs) >= GAZETTEER_MIN_COUNT
    }
    best_of_name: dict[str, tuple[float, str]] = {}
    best_of_key: dict[str, tuple[float, str]] = {}
    for (key, name), value in dice.items():
        best_of_name[name] = max(best_of_name.get(name, (0.0, "")), (value, key))
        best_of_key[key] = max(best_of_key.get(key, (0.0, "")), (value, name))
    found = [
        (key, name, len(together[key, name]), round(value, 3))
        for (key, name), value in dice.items()
        if value >= GAZETTEER_MIN_DICE and best_of_name[name][1] == key and best_of_key[key][1] == name
    ]
    return sorted(found)


def _transliterates(model: translit_model.Model, russian: str, english: str) -> bool:
    en = translit_model._english_form(english)
    return any(translit_model.log_ratio(model, stem, en) >= PAIR_MIN_SCORE for stem in translit_model.stems(russian))


def data_version(data: Path) -> str:
    """sha256 (12 hex digits) of the files the fitting sets are read from."""
    digest = hashlib.sha256()
    for relative in corpora.FILES_OF_FIT_SETS:
        digest.update((data / relative).read_bytes())
    return digest.hexdigest()[:12]


def write(out: Path, data: Path, model, pairs: Counter, gazetteer: list) -> None:
    version = data_version(data)
    source = (
        f"fitting sets {', '.join(corpora.FIT_SETS)} (data sha256 {version}); python -m pipeline.checks.name_mining"
    )
    meta = {"fitted_on": list(corpora.FIT_SETS), "data_sha256": version, "pairs": sum(pairs.values())}
    (out / "translit_model.json").write_text(
        json.dumps({"meta": meta, **model.to_data()}, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    with open(out / "names_mined.tsv", "w", encoding="utf-8") as handle:
        handle.write(
            f"# Name pairs found in the same line pair; the transliteration model was fitted on them.\n# {source}\n"
        )
        handle.write("# russian\tenglish\tlines\n")
        for (ru, en), count in sorted(pairs.items(), key=lambda x: (-x[1], x[0])):
            handle.write(f"{ru}\t{en}\t{count}\n")
    with open(out / "gazetteer_mined.tsv", "w", encoding="utf-8") as handle:
        handle.write(
            "# Names whose English form is not a transliteration, mined by co-occurrence (Dice >= "
            f"{GAZETTEER_MIN_DICE}, >= {GAZETTEER_MIN_COUNT} documents).\n# {source}\n"
            "# ru stem\tEnglish form\tkind\tdocuments together, Dice\n"
        )
        for key, name, count, dice in gazetteer:
            handle.write(f"{key}\t{name}\tmined\t{count} {dice}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.checks.name_mining", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    pairs = [p for name in corpora.FIT_SETS for p in corpora.load(args.data, name).pairs]
    lines = [name_words(p) for p in pairs]
    model, found = mine_pairs(lines)
    gazetteer = mine_gazetteer(pairs, model)
    write(args.out, args.data, model, found, gazetteer)
    print(f"{sum(found.values())} name pairs ({len(found)} distinct), {len(gazetteer)} gazetteer entries -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
