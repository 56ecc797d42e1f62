"""Danish text to search tokens: the one place where words are cut out and stemmed.

Index and query go through the same functions, so SQLite and PostgreSQL only ever see the
same stemmed tokens, separated by single spaces. A word is a run of letters and digits after
NFC normalisation and lower-casing; everything else (punctuation, operators, quotes, emoji,
NUL bytes) separates words. Letters keep their diacritics: "æ", "ø" and "å" are not "ae",
"o" and "a", so "Århus" and "arhus" are different words.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import Stemmer

from socius.search.danish_stopwords import DANISH_STOPWORDS

# Longer "words" are noise (hashes, base64, a hostile query); PostgreSQL would drop lexemes
# above 2,047 bytes anyway, so both engines drop them here alike.
MAX_WORD_LENGTH = 60
_WORD = re.compile(r"[^\W_]+")
_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    # PyStemmer objects are not safe to share between threads: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("danish")
    return stemmer


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball Danish stem of one lower-case word."""
    return str(_stemmer().stemWord(word))


class Word(NamedTuple):
    """A word of the original text, where it stands, and its stem ("" for a stop word).
    A named tuple: snippets make one per word of every hit's text, and a tuple is made
    several times faster than a frozen dataclass."""

    start: int
    end: int
    stem: str


def _is_wordchar(ch: str) -> bool:
    return ch.isalpha() or ch in "0123456789"


def _word(start: int, end: int, raw: str) -> Word | None:
    lowered = raw.lower()
    if not lowered.isascii():
        lowered = unicodedata.normalize("NFC", lowered)
        # Lower-casing can add combining marks ("İ" -> "i" + dot): keep letters only.
        lowered = "".join(c for c in lowered if _is_wordchar(c))
        if not lowered:
            return None
    return Word(start, end, "" if lowered in DANISH_STOPWORDS else stem(lowered))


def words(text: str) -> Iterator[Word]:
    """Every word of ``text`` with its position in ``text``. Positions index ``text`` itself,
    so callers can cut the original for snippets."""
    for match in _WORD.finditer(text):
        raw = match.group()
        if len(raw) > MAX_WORD_LENGTH:
            continue
        if raw.isascii():  # the commonest case, with nothing to normalise
            lowered = raw.lower()
            yield Word(
                match.start(),
                match.end(),
                "" if lowered in DANISH_STOPWORDS else stem(lowered),
            )
            continue
        if raw.isalpha():  # the common case: letters and ASCII digits only
            word = _word(match.start(), match.end(), raw)
            if word is not None:
                yield word
            continue
        # Split further on characters the engines would not treat as letters or digits
        # (e.g. superscripts, other scripts' digits).
        start = match.start()
        for part in re.finditer(r"\w+", "".join(c if _is_wordchar(c) else " " for c in raw)):
            word = _word(start + part.start(), start + part.end(), part.group())
            if word is not None:
                yield word


def tokens(text: str) -> list[str]:
    """The stems of ``text`` in order, stop words left out."""
    normalised = unicodedata.normalize("NFC", text.replace("\x00", " "))
    return [w.stem for w in words(normalised) if w.stem]


def stemmed_text(text: str) -> str:
    """What the engines index: the stems of ``text`` joined by single spaces."""
    return " ".join(tokens(text))
