"""Published and ended campaigns in search, and the support page itself ("støt", "medlem")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socius.core.search_registry import Document, search_register, search_register_pages
from socius.support.models import Campaign


def campaign_document(campaign: Campaign) -> Document | None:
    if campaign.status == Campaign.Status.DRAFT:
        return None
    return Document(
        title=campaign.title,
        body="\n".join(p for p in (campaign.summary, campaign.description) if p),
        url=campaign.get_absolute_url(),
        kind="support_campaign",
        module="support",
        themes=(campaign.theme.slug,) if campaign.theme_id and campaign.theme else (),
    )


def support_pages() -> dict[str, Document]:
    return {
        "stoet": Document(
            title="Støt vores arbejde",
            body="Bliv medlem, giv en gave eller en fast månedlig gave, indsamlinger, "
            "nyhedsbrev. Medlemskab, donation, fradrag. Support, membership, donate.",
            url=reverse("support:home"),
            kind="support_page",
            module="support",
        )
    }


search_register(
    kind="support_campaign",
    module="support",
    model=Campaign,
    label=_("Fundraising campaign"),
    document=campaign_document,
    queryset=lambda: Campaign.objects.select_related("theme"),
)
search_register_pages(
    kind="support_page", module="support", label=_("Support"), pages=support_pages
)
