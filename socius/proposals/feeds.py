"""An Atom feed of new proposals and decisions."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from socius.proposals.models import TimelineEvent


class ProposalFeed(Feed[TimelineEvent, Any]):
    feed_type = Atom1Feed
    title = _("Citizen proposals")
    link = "/borgerforslag/"
    subtitle = _("New citizen proposals and the city council's decisions.")

    def items(self) -> Any:
        return (
            TimelineEvent.objects.filter(kind__in=["publish", "decide"])
            .select_related("proposal")
            .order_by("-created_at")[:50]
        )

    def item_title(self, item: TimelineEvent) -> str:
        if item.kind == "decide":
            return str(_("Decision: %(title)s")) % {"title": item.proposal.title}
        return str(_("New proposal: %(title)s")) % {"title": item.proposal.title}

    def item_description(self, item: TimelineEvent) -> str:
        if item.kind == "decide":
            return item.proposal.decision_reasons
        return item.proposal.text

    def item_link(self, item: TimelineEvent) -> str:
        return item.proposal.get_absolute_url()

    def item_guid(self, item: TimelineEvent) -> str:
        return f"{item.proposal.public_id}:{item.kind}:{item.pk}"

    def item_pubdate(self, item: TimelineEvent) -> datetime.datetime:
        return item.created_at
