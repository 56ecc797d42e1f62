"""Plain Danish: the Danish texts of the outcome pages have a LIX under 30.

Read from the project's Danish catalogue once it holds them, and until then from the
module's translations waiting to be merged."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from socius.core.plain_language import lix

LIX_LIMIT = 30
# Texts a citizen reads on the public pages (the administrators' form is checked too).
PUBLIC = (
    "Your municipality can learn if plans help.",
    "How many people say a part of life got better",
    "How many people reached a goal.",
    "Only numbers are counted.",
    "We add a little random noise",
    "We hide numbers under 5.",
    "Each municipality has a budget",
    "The numbers count people, not plans.",
    "All numbers have noise added",
    "Each release uses a part of the budget",
    "Bars show the number of people",
)
CATALOGUES = (
    Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po",
    Path("/tmp/da-plans-outcomes.po"),  # noqa: S108  (the translations waiting to be merged)
)
_ENTRY = re.compile(r'^msgid "(.+)"\nmsgstr "(.+)"$', re.MULTILINE)


def _danish() -> dict[str, str]:
    for path in CATALOGUES:
        if path.exists():
            text = re.sub(r'"\n"', "", path.read_text(encoding="utf-8"))
            entries = dict(_ENTRY.findall(text))
            if any(msgid.startswith(PUBLIC[0]) for msgid in entries):
                return entries
    raise AssertionError("No Danish catalogue holds the outcome pages' texts.")


def test_the_danish_texts_are_plain():
    danish = _danish()
    texts = [
        msgstr
        for msgid, msgstr in danish.items()
        if any(msgid.startswith(start) for start in PUBLIC)
    ]
    assert len(texts) == len(PUBLIC)
    every = "\n\n".join(re.sub(r"%\(\w+\)s", "", t) for t in texts)
    score = lix(every)
    assert score is not None
    assert score.score < LIX_LIMIT, score
    for text in texts:
        one = lix(text)
        assert one is not None
        assert one.score < 40, (text, one)
