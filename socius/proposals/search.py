"""Citizen proposals in search: only proposals the public can see (never drafts)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from socius.core.search_registry import Document, search_register
from socius.proposals.models import Proposal
from socius.proposals.workflows import PUBLIC_STATES


def proposal_document(proposal: Proposal) -> Document | None:
    if proposal.state not in PUBLIC_STATES:
        return None
    return Document(
        title=proposal.title,
        body="\n".join(p for p in (proposal.text, proposal.remarks) if p),
        url=proposal.get_absolute_url(),
        kind="proposal",
        module="proposals",
        themes=(proposal.theme.slug,) if proposal.theme else (),
        published=proposal.published_at,
    )


def proposal_queryset() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("theme")


search_register(
    kind="proposal",
    module="proposals",
    model=Proposal,
    label=_("Citizen proposal"),
    document=proposal_document,
    queryset=proposal_queryset,
)
