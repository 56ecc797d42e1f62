"""Reads about the knowledge hub's recommendation a proposal is started from.

The hub is another module, so the recommendation is read through the golden thread's registry
(the ``recommendation`` kind the hub registers): what a visitor may see of it, or nothing.

Threat model: the page id arrives in a link (``?anbefaling=``) and in a hidden form field, so
anyone can put any text there. Only a short run of digits is looked up; anything else, and any
id that is not a published, public recommendation (a draft, another kind of page, a page
behind a view restriction), is refused without saying which, and the value is never echoed.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from socius.core.threads import StepInfo, step_kind

_PAGE_ID = re.compile(r"[0-9]{1,10}")


def recommendation_key(value: object) -> str | None:
    """``value`` as a page id key, or None when it cannot be one."""
    text = str(value if value is not None else "").strip()
    return text if _PAGE_ID.fullmatch(text) and int(text) > 0 else None


def recommendation_attachable(key: str) -> StepInfo | None:
    """The published recommendation ``key`` as a visitor sees it (title, address), or None."""
    kind = step_kind("recommendation")
    if kind is None:  # the knowledge hub is not installed
        return None
    return kind.resolve([key], None).get(key)


def recommendation_refused() -> str:
    """Why a posted recommendation is not attached (the form keeps everything typed)."""
    return _(
        "The recommendation could not be attached: it does not exist or is not published. "
        "Your text is kept. Save again to save the draft without it."
    )


def recommendation_link_problem(value: object) -> str:
    """What is wrong with ``?anbefaling=`` in a link, or "" when it names a published
    recommendation. The value itself is never repeated."""
    key = recommendation_key(value)
    if key is None:
        return _(
            "The link to the recommendation is not valid, so nothing is attached. "
            "You can still write your proposal."
        )
    if recommendation_attachable(key) is None:
        return _(
            "The recommendation in the link does not exist or is not published, so nothing "
            "is attached. You can still write your proposal."
        )
    return ""
