"""Personal data taken out of an advisor's answer before it becomes a public guide.

Threat model: an answer is written to one organisation and may name it, its people, their
e-mail addresses and phone numbers, and (rarely, by mistake) a CPR number. A guide is public
for anyone. We replace what we can recognise: e-mail addresses, Danish phone numbers, CPR
numbers, and the names we know belong to the case (the organisation, its members, the
advisors who wrote). A pattern cannot find every name, so the advisor always sees and edits
the redacted text before it is sent to the editors, and an editor reviews it before it is
published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from socius.core.text import CPR_IN_TEXT, EMAIL_IN_TEXT, PHONE_IN_TEXT

MIN_NAME_LENGTH = 3


def _name_pattern(names: Iterable[str], *, split: bool) -> re.Pattern[str] | None:
    parts: set[str] = set()
    for name in names:
        name = " ".join((name or "").split())
        if len(name) < MIN_NAME_LENGTH:
            continue
        parts.add(name)
        # People are also called by first or last name alone.
        if split:
            parts.update(w for w in name.split() if len(w) >= MIN_NAME_LENGTH and w[0].isupper())
    if not parts:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact(text: str, *, organisation_names: Iterable[str] = (), people: Iterable[str] = ()) -> str:
    """``text`` with e-mail addresses, CPR numbers, phone numbers and known names replaced."""
    text = EMAIL_IN_TEXT.sub("[" + _("e-mail") + "]", text)
    text = CPR_IN_TEXT.sub("[" + _("CPR number") + "]", text)
    text = PHONE_IN_TEXT.sub("[" + _("phone") + "]", text)
    org = _name_pattern(organisation_names, split=False)
    if org is not None:
        text = org.sub("[" + _("the organisation") + "]", text)
    names = _name_pattern(people, split=True)
    if names is not None:
        text = names.sub("[" + _("name") + "]", text)
    return text
