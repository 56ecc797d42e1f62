"""Deliberation on core's shared pages: open conversations on the front page, a theme's
conversations on its page (see core/sections.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register
from socius.deliberation.selectors import conversation_list_with_votes

HOME_ITEMS = 4
THEME_ITEMS = 6


def home_conversations() -> list[Any]:
    return list(conversation_list_with_votes(open_only=True)[:HOME_ITEMS])


def theme_conversations(*, theme: Any) -> list[Any]:
    return list(conversation_list_with_votes(theme=theme)[:THEME_ITEMS])


section_register(
    Section(
        key="conversations",
        page="home",
        heading=_("Open conversations"),
        template="deliberation/sections/conversations.html",
        items=home_conversations,
        empty=_("No conversations are open right now."),
        order=10,
        more_url="deliberation:conversation-list",
        more_label=_("All conversations"),
    )
)
section_register(
    Section(
        key="conversations",
        page="theme",
        heading=_("Conversations"),
        template="deliberation/sections/conversations.html",
        items=theme_conversations,
        empty=_("There are no conversations on this theme yet."),
        order=20,
        more_url="deliberation:conversation-list",
        more_label=_("All conversations"),
    )
)
