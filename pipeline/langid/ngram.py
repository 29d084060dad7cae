"""Character language models (orders 1 to 5, hierarchical Dirichlet smoothing) with a word cache.

Each core language has a model that predicts every character of a space-padded word from up to
four preceding ones, backing off to shorter contexts in proportion to how little the longer context
was seen, and a word-frequency layer on top whose base distribution is that character model. Both are
read from one count table (`write_table` / `NgramModel.load`), so the shipped data is plain counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise

import numpy as np

from pipeline.langid.text import normalise, words

MAX_ORDER = 5
CHAR_PRIOR = 2.0  # Dirichlet strength pulling each order towards the next shorter context
WORD_PRIOR = 20.0  # how much the word layer trusts the character model for a word it has not seen
SYMBOLS = 100  # size of the uniform base distribution below the unigram model
CHUNK = 5000  # words scored per vectorised pass
N_GROUPS = MAX_ORDER + 1  # naive-Bayes groups: each n-gram order, and whole words
CACHE_SIZE = 500_000  # words kept; the cache is emptied when full
WORD_MARK = "w:"  # table rows for whole words
LOWER_MARK = "l:"  # table rows for words seen in lower case (they are not names)
PAIR_MARK = "b:"  # table rows for adjacent word pairs ("b:да ли"), with START and END as boundaries
START, END = "<s>", "</s>"  # the text's start; the end of a text that ends as a sentence does
PAIR_PRIOR = 3.0  # how much the word-pair layer trusts the word layer for a pair it has not seen
BOUNDARY_PROB = 0.1  # the constant stand-in for P(END) under the word layer
SENTENCE_END = ".!?…"


def char_ngrams(word: str) -> list[str]:
    """Every n-gram (n <= MAX_ORDER) of ' word ' that ends on a predicted character."""
    padded = f" {word} "
    return [
        padded[max(0, end - n) : end + 1]
        for end in range(1, len(padded))
        for n in range(1, MAX_ORDER + 1)
        if end + 1 - n >= 0
    ]


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple(SENTENCE_END))


def word_sequence(found: Sequence[str], is_sentence: bool) -> list[str]:
    """The words between the boundary marks the word-pair layer uses."""
    return [START, *found, *([END] if is_sentence else [])]


def count_table(texts_by_lang: dict[str, Iterable[str]]) -> dict[str, Counter[str]]:
    """Counts per language of character n-grams, contexts, words, adjacent word pairs and
    lower-case word forms."""
    table: dict[str, Counter[str]] = {}
    for lang, texts in texts_by_lang.items():
        for text in texts:
            cleaned = normalise(text)
            found = words(cleaned)
            sequence = word_sequence(found, ends_sentence(text))
            for first, second in pairwise(sequence):
                table.setdefault(f"{PAIR_MARK}{first} {second}", Counter())[lang] += 1
            for word in found:
                padded = f" {word} "
                for start in range(len(padded)):
                    for n in range(1, MAX_ORDER + 1):
                        if start + n <= len(padded):
                            table.setdefault(padded[start : start + n], Counter())[lang] += 1
                table.setdefault(WORD_MARK + word, Counter())[lang] += 1
            if " " in text.strip() and ends_sentence(text):  # a sentence, so case is the author's
                for raw in cleaned.split()[1:]:
                    raw = raw.strip(".,;:!?…\"'«»„“”()")
                    if raw.isalpha() and raw.islower():
                        table.setdefault(LOWER_MARK + raw, Counter())[lang] += 1
    return table


def write_table(path, langs: Sequence[str], table: dict[str, Counter[str]]) -> None:
    """The counts file (numpy's compressed .npz, at PATH exactly): the languages, the keys in order as
    UTF-8 lines, and their counts per language as unsigned integers. Its numbers read back in a
    quarter of the time a text table's parsed in (most of a run's start-up on a small batch)."""
    keys = sorted(table)
    if any("\n" in key for key in keys):
        raise ValueError("a key of the counts table holds a line break")
    counts = np.array([[table[key][lang] for lang in langs] for key in keys], dtype=np.int64).reshape(-1, len(langs))
    if counts.size and (counts.min() < 0 or counts.max() >= 2**32):
        raise ValueError("the counts table holds a count outside 0 .. 2**32 - 1")
    with open(path, "wb") as out:  # a file object: np.savez would add ".npz" to a name without it
        np.savez_compressed(out, langs=np.array(langs, dtype=str), counts=counts.astype(np.uint32),
                            keys=np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8))


FEATURES = ("nb1", "nb2", "nb3", "nb4", "nb5", "nb_word", "char_lm", "word_lm")


class NgramModel:
    """Scores words under every core language; per-word results are cached (they add up over a text)."""

    def __init__(self, langs: tuple[str, ...], rows: dict[str, int], counts: np.ndarray):
        self.langs = langs
        self.rows = rows
        self.counts = np.vstack([counts, np.zeros((1, len(langs)))])  # the last row stands for unseen keys
        # What kind of row each key is, read off its first two characters in one array operation (three
        # passes of str.startswith over 737,000 keys took half a second of every run's start-up).
        prefixes = np.array([key[:2] for key in rows] + [""])
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        marked = np.isin(prefixes, (WORD_MARK, LOWER_MARK, PAIR_MARK))
        order = np.where(marked[:-1], 0, lengths)
        order = np.append(order, -1)
        is_word = prefixes == WORD_MARK
        self.word_total = self.counts[is_word].sum(axis=0)
        # Characters predicted = letters + one final space per word.
        self.chars = self.counts[(order == 1)].sum(axis=0) - self.word_total
        self.nb_log_probs = self._naive_bayes_tables(order, is_word)
        self.pair_contexts = self._pair_contexts(np.flatnonzero(prefixes == PAIR_MARK))
        self._cache: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, path) -> NgramModel:
        """The counts file that `write_table` writes."""
        with np.load(path) as data:
            langs = tuple(str(lang) for lang in data["langs"])
            text = data["keys"].tobytes().decode("utf-8")
            numbers = data["counts"].astype(np.float64)
        keys = text.split("\n") if text else []
        if len(numbers) != len(keys):
            raise ValueError(f"{path}: {len(keys)} keys but {len(numbers)} rows of counts")
        return cls(langs, dict(zip(keys, range(len(keys)), strict=True)), numbers)

    def _naive_bayes_tables(self, order: np.ndarray, is_word: np.ndarray) -> np.ndarray:
        """Add-0.5 log P(key | lang) within the key's own group (n-gram order, or words), one row per
        key, then one 'unseen' row per group after the shared unseen row: (n_keys + 1 + N_GROUPS, K)."""
        table = np.zeros((len(self.counts) + N_GROUPS, len(self.langs)))
        for group, mask in enumerate([order == n for n in range(1, MAX_ORDER + 1)] + [is_word]):
            total = self.counts[mask].sum(axis=0) + 0.5 * (mask.sum() + 1)
            table[: len(mask)][mask] = np.log((self.counts[mask] + 0.5) / total)
            table[len(self.counts) + group] = np.log(0.5 / total)
        return table

    def _pair_contexts(self, pair_rows: np.ndarray) -> tuple[dict[str, int], np.ndarray]:
        """How often each word (or START) was followed by anything, the word-pair layer's denominators:
        an index by first word and a matrix (n_first_words, n_langs). PAIR_ROWS: the pair keys' rows."""
        keys = list(self.rows)
        index: dict[str, int] = {}
        firsts = [index.setdefault(keys[row][len(PAIR_MARK) :].split(" ", 1)[0], len(index)) for row in pair_rows]
        matrix = np.zeros((len(index), len(self.langs)))
        np.add.at(matrix, np.array(firsts, dtype=int), self.counts[pair_rows])
        return index, matrix

    def pair_scores(self, texts: Sequence[tuple[Sequence[str], bool]]) -> np.ndarray:
        """(n_texts, n_langs): for each text (its words, whether it ends as a sentence) the log-likelihood
        ratio of its word pairs under the word-pair layer against the word layer, the sum of
        log P(b | a) - log P(b) with P(b | a) = (c(a b) + PAIR_PRIOR P(b)) / (c(a) + PAIR_PRIOR).
        A pair whose first word was never seen adds nothing."""
        self.prepare(word for found, _ in texts for word in found)
        index, contexts = self.pair_contexts
        unseen = len(self.rows)
        owner, pair_rows, context_rows, seconds = [], [], [], []
        for position, (found, is_sentence) in enumerate(texts):
            sequence = word_sequence(found, is_sentence)
            for first, second in pairwise(sequence):
                if first in index:
                    owner.append(position)
                    pair_rows.append(self.rows.get(f"{PAIR_MARK}{first} {second}", unseen))
                    context_rows.append(index[first])
                    seconds.append(second)
        total = np.zeros((len(texts), len(self.langs)))
        if not owner:
            return total
        boundary = np.full(len(self.langs), np.log(BOUNDARY_PROB))
        base = np.exp([boundary if word == END else self._cache[word][-1] for word in seconds])
        gain = np.log((self.counts[pair_rows] + PAIR_PRIOR * base) / (contexts[context_rows] + PAIR_PRIOR))
        np.add.at(total, np.array(owner), gain - np.log(base))
        return total

    def _nb_rows(self, rows: np.ndarray, group: int) -> np.ndarray:
        unseen = len(self.rows)
        return np.where(rows == unseen, len(self.counts) + group, rows)

    def is_common_word(self, word: str) -> bool:
        return LOWER_MARK + word in self.rows

    def score(self, text: str) -> np.ndarray:
        """(len(FEATURES), n_langs) log-likelihoods of the text's words, summed over its words."""
        found = words(normalise(text))
        self.prepare(found)
        return sum((self._cache[word] for word in found), np.zeros((len(FEATURES), len(self.langs))))

    def word_scores(self, word: str) -> np.ndarray:
        """(len(FEATURES), n_langs) for one word (call `prepare` first to score many words at once)."""
        if word not in self._cache:
            self.prepare([word])
        return self._cache[word]

    def prepare(self, found: Iterable[str]) -> None:
        """Score every word not yet cached, in vectorised chunks."""
        distinct = list(dict.fromkeys(found))
        new = [word for word in distinct if word not in self._cache]
        if len(self._cache) + len(new) > CACHE_SIZE:
            self._cache.clear()
            new = distinct  # every word asked for is cached afterwards
        for start in range(0, len(new), CHUNK):
            chunk = new[start : start + CHUNK]
            self._cache.update(zip(chunk, self._score_words(chunk), strict=True))

    def _score_words(self, chunk: list[str]) -> np.ndarray:
        unseen = len(self.rows)
        get = self.rows.get
        # One row per predicted character of ' word ': the rows of the 1- to 5-grams ending there.
        grams, position, starts = [], [], []
        for word in chunk:
            padded = f" {word} "
            starts.append(len(grams))
            for end in range(1, len(padded)):
                grams.append(
                    [
                        get(padded[end + 1 - n : end + 1], unseen) if n <= end + 1 else unseen
                        for n in range(1, MAX_ORDER + 1)
                    ]
                )
                position.append(end - 1)
        grams_array = np.array(grams)
        available = np.arange(1, MAX_ORDER + 1)[None, :] <= np.array(position)[:, None] + 2
        char_lp = np.add.reduceat(self._char_log_probs(grams_array, available, np.array(position)), starts)
        word_rows = np.array([get(WORD_MARK + word, unseen) for word in chunk])
        word_lp = np.log(self.counts[word_rows] + WORD_PRIOR * np.exp(char_lp)) - np.log(
            self.word_total + WORD_PRIOR
        )
        nb = [
            np.add.reduceat(
                self.nb_log_probs[self._nb_rows(grams_array[:, n - 1], n - 1)] * available[:, n - 1, None],
                starts,
            )
            for n in range(1, MAX_ORDER + 1)
        ]
        return np.stack(
            [*nb, self.nb_log_probs[self._nb_rows(word_rows, MAX_ORDER)], char_lp, word_lp], axis=1
        )

    def _char_log_probs(self, grams: np.ndarray, available: np.ndarray, position: np.ndarray) -> np.ndarray:
        prob = (self.counts[grams[:, 0]] + CHAR_PRIOR / SYMBOLS) / (self.chars + CHAR_PRIOR)
        at_start = position == 0
        for n in range(2, MAX_ORDER + 1):
            # The context of the n-gram ending at a position is the (n-1)-gram ending one before;
            # the first position's context is the word start " ", which occurs once per word.
            context = np.empty_like(prob)
            context[1:] = self.counts[grams[:-1, n - 2]]
            context[at_start] = self.word_total
            higher = (self.counts[grams[:, n - 1]] + CHAR_PRIOR * prob) / (context + CHAR_PRIOR)
            prob = np.where(available[:, n - 1, None], higher, prob)
        return np.log(prob)
