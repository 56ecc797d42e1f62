"""Mit overblik: a person's own things across the modules, each read through the owning
module's selectors, so this page knows no other module's models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socius.advice import selectors as advice_selectors
from socius.core.access import user_roles
from socius.deliberation import selectors as deliberation_selectors
from socius.events import selectors as events_selectors
from socius.events import selectors_registration as registration_selectors
from socius.grants import selectors as grants_selectors
from socius.proposals import selectors as proposals_selectors

# Each list shows the newest this many; the module's own page has the rest.
SHOWN = 10


@dataclass(frozen=True)
class Overview:
    proposals: list[Any]
    conversations: list[Any]
    applications: list[Any]
    advice_requests: list[Any]
    communities: list[Any]
    registrations: list[Any]
    organised_events: list[Any]
    profile_incomplete: bool

    @property
    def is_empty(self) -> bool:
        return not (
            self.proposals
            or self.conversations
            or self.applications
            or self.advice_requests
            or self.communities
            or self.registrations
            or self.organised_events
        )


def overview_for(*, user: Any) -> Overview:
    """Everything Mit overblik lists for ``user``: one query per list, whatever it holds."""
    return Overview(
        proposals=list(proposals_selectors.proposal_list_for(user=user)[:SHOWN]),
        conversations=list(deliberation_selectors.conversation_list_for(user=user)[:SHOWN]),
        applications=list(grants_selectors.application_list_for(user=user)[:SHOWN]),
        advice_requests=list(advice_selectors.request_list_for_organisations(user=user)[:SHOWN]),
        communities=list(advice_selectors.community_list_for(user=user)[:SHOWN]),
        registrations=list(registration_selectors.registration_list_for(user=user)[:SHOWN]),
        organised_events=list(
            events_selectors.event_list_for_organiser(user=user).filter(organisation__isnull=False)[
                :SHOWN
            ]
        ),
        profile_incomplete=not user.name or not user_roles(user),
    )
