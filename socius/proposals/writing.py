"""Writing help for proposers: length, plain language, personal data, similar proposals."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from socius.core.plain_language import Lix, lix
from socius.core.text import CPR_IN_TEXT, EMAIL_IN_TEXT, PHONE_IN_TEXT
from socius.search.query import Filters
from socius.search.selectors import SearchHit, search_query


def personal_data_found(text: str) -> list[str]:
    """Warnings, in words, about what in ``text`` looks like personal data. Deliberately loose:
    a false warning costs a second look, a missed CPR number is published to everyone."""
    found = []
    if CPR_IN_TEXT.search(text):
        found.append(_("The text seems to contain a CPR number. Remove it."))
    elif PHONE_IN_TEXT.search(text):
        found.append(_("The text seems to contain a phone number. Remove it."))
    if EMAIL_IN_TEXT.search(text):
        found.append(_("The text seems to contain an e-mail address. Remove it."))
    return found


@dataclass
class WritingHelp:
    lengths: dict[str, tuple[int, int]] = field(default_factory=dict)
    lix: Lix | None = None
    warnings: list[str] = field(default_factory=list)
    similar: list[SearchHit] = field(default_factory=list)


def writing_help(
    *, title: str, text: str, remarks: str, limits: dict[str, int], exclude_url: str = ""
) -> WritingHelp:
    """Everything the draft form shows beside the fields, for the text as it is now."""
    help_ = WritingHelp(
        lengths={
            "title": (len(title), limits["title"]),
            "text": (len(text), limits["text"]),
            "remarks": (len(remarks), limits["remarks"]),
        },
        lix=lix(text),
        warnings=personal_data_found("\n".join((title, text, remarks))),
    )
    if title.strip():
        hits = search_query(q=title[:200], filters=Filters(kind="proposal"), limit=4).hits
        if not hits:
            hits = search_query(
                q=" ".join(title.split()[:3]),
                filters=Filters(kind="proposal"),
                limit=4,
                prefix=True,
            ).hits
        help_.similar = [h for h in hits if h.document.url != exclude_url][:3]
    return help_
