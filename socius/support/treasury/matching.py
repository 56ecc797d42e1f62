"""Finding one of our payment references in a bank transfer's text.

People type references as they like: "soc 4821 7305", "SOC-4821-7305", "Soc48217305". Both
the text and the references are compared upper-cased without spaces and hyphens."""

from __future__ import annotations

import re
from collections.abc import Mapping

_IGNORED = re.compile(r"[\s\-\u2010-\u2015_.]+")


def reference_normalise(text: str) -> str:
    """Upper case without spaces, hyphens, dashes, dots or underscores."""
    return _IGNORED.sub("", text).upper()


def reference_find[T](text: str, references: Mapping[str, T]) -> T | None:
    """The value of the first normalised reference (a key of ``references``) found in
    ``text``. Slides one window per reference length over the text: linear in the text."""
    norm = reference_normalise(text)
    for length in sorted({len(k) for k in references}, reverse=True):
        for start in range(len(norm) - length + 1):
            found = references.get(norm[start : start + length])
            if found is not None:
                return found
    return None
