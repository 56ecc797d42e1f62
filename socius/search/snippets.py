"""Highlighted snippets, built in Python from the original text.

Words are matched by stem, so "fællesskaberne" is marked for a search for "fællesskab".
Every piece of the original text is HTML-escaped before ``<mark>`` is added around a hit:
content written by anyone can never inject markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from socius.search.text import Word, words

SNIPPET_WORDS = 30


def _is_hit(word: Word, stems: Collection[str], prefix_stem: str) -> bool:
    if not word.stem:
        return False
    return word.stem in stems or bool(prefix_stem and word.stem.startswith(prefix_stem))


def _render(text: str, spans: list[Word], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for word in spans:
        out.append(escape(text[pos : word.start]))
        out.append("<mark>" + escape(text[word.start : word.end]) + "</mark>")
        pos = word.end
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(
    text: str, stems: Collection[str], *, prefix_stem: str = "", max_words: int | None = None
) -> SafeString:
    """``text`` escaped, with every word whose stem is in ``stems`` wrapped in ``<mark>``.

    With ``max_words``, only the window of that many words with the most hits is kept, with
    an ellipsis where text was cut."""
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    all_words = list(words(text))
    hits = [i for i, w in enumerate(all_words) if _is_hit(w, stems, prefix_stem)]
    first, last = 0, len(all_words)
    if max_words is not None and len(all_words) > max_words:
        best, first = -1, 0
        for i in hits or [0]:
            start = max(0, min(i - 3, len(all_words) - max_words))
            count = sum(1 for h in hits if start <= h < start + max_words)
            if count > best:
                best, first = count, start
        last = first + max_words
    if not all_words:
        return mark_safe(escape(text))  # noqa: S308 (escaped above)
    start_char = all_words[first].start if first > 0 else 0
    end_char = all_words[last - 1].end if last < len(all_words) else len(text)
    marked = [all_words[i] for i in hits if first <= i < last]
    html = _render(text, marked, start_char, end_char)
    if first > 0:
        html = "… " + html
    if last < len(all_words):
        html += " …"
    return mark_safe(html)  # noqa: S308 (every piece of text is escaped in _render)
