"""Readability of Danish text: LIX (læsbarhedsindeks).

LIX = words / sentences + 100 * long words / words, where a long word has more than six
letters. Under 25 is very easy, 25-34 easy, 35-44 medium, 45-54 hard, 55 and above very hard;
texts for everyone should aim under 35.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A word is a run of letters (any alphabet, so æ, ø and å count) possibly joined by
# hyphens or apostrophes; numbers are not words.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A sentence ends at . ! ? or : followed by white space or the end, or at a blank line.
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n\s*\n")

TARGET_FOR_EVERYONE = 35

_BANDS: tuple[tuple[int, Promise], ...] = (
    (25, _("very easy")),
    (35, _("easy")),
    (45, _("medium")),
    (55, _("hard")),
)


@dataclass(frozen=True)
class Lix:
    score: float
    words: int
    sentences: int
    long_words: int

    @property
    def band(self) -> str:
        for limit, label in _BANDS:
            if self.score < limit:
                return str(label)
        return str(_("very hard"))

    @property
    def is_plain(self) -> bool:
        return self.score < TARGET_FOR_EVERYONE


def lix(text: str) -> Lix | None:
    """The LIX of ``text``, or None when it has no words."""
    words = _WORD.findall(text)
    if not words:
        return None
    stripped = text.strip()
    sentences = len(_SENTENCE_END.findall(stripped))
    if not stripped.endswith((".", "!", "?", ":")):
        # The last sentence need not end with punctuation.
        sentences += 1
    long_words = sum(1 for w in words if sum(ch.isalpha() for ch in w) > 6)
    score = len(words) / sentences + 100 * long_words / len(words)
    return Lix(round(score, 1), len(words), sentences, long_words)
