"""Support on the front page: campaigns collecting money now, with their progress (one query:
public content only, as the front page is served from the anonymous page cache)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register
from socius.support.selectors import campaign_list_public

HOME_ITEMS = 2


def home_campaigns() -> list[Any]:
    return list(campaign_list_public()[:HOME_ITEMS])


section_register(
    Section(
        key="support",
        page="home",
        heading=_("Support our work"),
        template="support/sections/campaigns.html",
        items=home_campaigns,
        empty=_("Become a member or give a gift: it keeps our work independent."),
        order=90,
        more_url="support:home",
        more_label=_("Support our work"),
    )
)
