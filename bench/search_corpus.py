"""The search benchmark's corpus: Danish sentences, their generated variants, documents built
from them, and the queries, all deterministic for a seed.

The sentences are the 564 of the Danish Dependency Treebank's development set
(``bench/data/da_ddt-ud-dev.conllu``, see ``bench/data/README.md`` for source and licence).
564 sentences repeated over a million documents would make every word occur in thousands of
them and no word rare, so ``VARIANTS`` more sentences are generated from them: each noun,
adjective, verb and name is kept or swapped for another word of the same part of speech and
the same inflection, drawn by how often the treebank uses it, and some nouns become
compounds of two treebank nouns ("by" + "rådet" = "byrådet"), as Danish makes them. Word
frequencies then fall off as in real text: a few words in a large share of the documents,
a long tail in a few hundred.

Documents are generated one batch at a time (``documents``), so building a million needs no
more memory than one batch.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

SEED = 2026
VARIANTS = 20_000
CONLLU = Path(__file__).parent / "data" / "da_ddt-ud-dev.conllu"
SWAPPED = {"NOUN", "ADJ", "VERB", "PROPN"}
SWAP_SHARE = 0.5  # of the swappable words in a variant
COMPOUND_SHARE = 0.15  # of the swapped nouns
# (module, kind, share of the documents): the filters of a real index, in rough proportions.
MODULES = (
    ("knowledge", "guide", 0.4),
    ("core", "organisation", 0.3),
    ("proposals", "proposal", 0.2),
    ("grants", "grant_round", 0.1),
)


@dataclass(frozen=True, slots=True)
class Token:
    form: str
    lemma: str
    upos: str
    feats: str
    space_after: bool


def treebank(path: Path = CONLLU) -> list[list[Token]]:
    """The sentences of a CoNLL-U file, as tokens (multi-word ranges and empty nodes left out)."""
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if not cols[0].isdigit():
            continue
        current.append(Token(cols[1], cols[2], cols[3], cols[5], "SpaceAfter=No" not in cols[9]))
    if current:
        sentences.append(current)
    return sentences


def _text(tokens: list[tuple[str, bool]]) -> str:
    return "".join(form + (" " if space else "") for form, space in tokens).strip()


class _Weighted:
    """Words with how often the treebank uses them, to draw from by frequency."""

    def __init__(self, counts: Counter[str]) -> None:
        self.words = sorted(counts)
        self.cumulative = list(accumulate(counts[w] for w in self.words))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.cumulative)[0]


class Corpus:
    """The treebank's sentences and ``variants`` generated ones (seeded)."""

    def __init__(self, path: Path = CONLLU, *, seed: int = SEED, variants: int = VARIANTS):
        self.seed = seed
        originals = treebank(path)
        pools: dict[tuple[str, str], Counter[str]] = {}
        nouns: Counter[str] = Counter()
        for sentence in originals:
            for t in sentence:
                if t.upos in SWAPPED:
                    form = t.form if t.upos == "PROPN" else t.form.lower()
                    pools.setdefault((t.upos, t.feats), Counter())[form] += 1
                if t.upos == "NOUN" and t.lemma.isalpha():
                    nouns[t.lemma.lower()] += 1
        self._pools = {key: _Weighted(counts) for key, counts in pools.items()}
        self._nouns = _Weighted(nouns)
        rng = random.Random(seed)
        self.sentences = [_text([(t.form, t.space_after) for t in s]) for s in originals]
        self.sentences += [self._variant(rng.choice(originals), rng) for _ in range(variants)]

    def _variant(self, sentence: list[Token], rng: random.Random) -> str:
        out = []
        for t in sentence:
            form = t.form
            if t.upos in SWAPPED and rng.random() < SWAP_SHARE:
                form = self._pools[(t.upos, t.feats)].draw(rng)
                if t.upos == "NOUN" and rng.random() < COMPOUND_SHARE:
                    form = self._nouns.draw(rng) + form
                if t.form[:1].isupper() and t.upos != "PROPN":
                    form = form[:1].upper() + form[1:]
            out.append((form, t.space_after))
        return _text(out)

    def documents(self, n: int, *, start: int = 0) -> Iterator[tuple[str, str, str, str]]:
        """Documents ``start`` .. ``n - 1`` as (title, body, module, kind): a title of 3-9
        words from one sentence and a body of 2-8 sentences. Document ``i`` is the same
        whatever ``start`` is, so batches can be generated one at a time."""
        sentences, cumulative = self.sentences, [share for *_name, share in MODULES]
        cumulative = list(accumulate(cumulative))
        for i in range(start, n):
            rng = random.Random(self.seed * 1_000_003 + i)
            words = rng.choice(sentences).split()
            first = rng.randrange(max(1, len(words) - 3))
            title = " ".join(words[first : first + rng.randint(3, 9)])
            body = " ".join(rng.choices(sentences, k=rng.randint(2, 8)))
            module, kind, _share = rng.choices(MODULES, cum_weights=cumulative)[0]
            yield title, body, module, kind

    def queries(self, count: int) -> list[tuple[str, bool, str]]:
        """``count`` (query, prefix, module filter) triples: one or two words, half drawn from
        the distinct words and half by how often words occur (frequent words make long result
        lists); every fifth query matches the last word as a prefix, every tenth is limited to
        one module."""
        from socius.search.danish_stopwords import DANISH_STOPWORDS

        rng = random.Random(self.seed)
        tokens = [
            w.lower()
            for s in self.sentences
            for w in re.findall(r"[^\W\d_]{3,}", s)
            if w.lower() not in DANISH_STOPWORDS
        ]
        vocabulary = sorted(set(tokens))
        queries = []
        for i in range(count):
            pool = vocabulary if i % 2 else tokens
            words = [rng.choice(pool) for _ in range(rng.choice((1, 1, 2)))]
            module = MODULES[rng.randrange(len(MODULES))][0] if i % 10 == 3 else ""
            queries.append((" ".join(words), i % 5 == 0, module))
        return queries
