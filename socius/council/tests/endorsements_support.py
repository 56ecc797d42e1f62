"""Makers for the cross-party support tests: parties in blocs, verified politicians, a
published recommendation and a public citizen proposal."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from socius.core.models import Municipality, Party, PoliticianProfile
from socius.core.roles import Role
from socius.council.models import Council, CouncilGroup, PartyBloc
from socius.tests_support.factories import UserFactory

RED, CENTRE, BLUE = "red", "centre", "blue"
BLOCS = {
    "Socialdemokratiet": RED,
    "SF – Socialistisk Folkeparti": RED,
    "Enhedslisten – De Rød-Grønne": RED,
    "Radikale Venstre": CENTRE,
    "Moderaterne": CENTRE,
    "Venstre": BLUE,
    "Det Konservative Folkeparti": BLUE,
    "Liberal Alliance": BLUE,
}


def party(name: str) -> Party:
    return Party.objects.get(name=name)


def blocs_seed() -> None:
    """The national blocs (until the council's seed migration gives them)."""
    for name, bloc in BLOCS.items():
        PartyBloc.objects.update_or_create(party=party(name), defaults={"bloc": bloc})


def politician_make(
    party_name: str = "Socialdemokratiet", *, verified: bool = True, **kw: Any
) -> Any:
    user = UserFactory(roles=[Role.POLITICIAN], **kw)
    PoliticianProfile.objects.create(
        user=user,
        party=party(party_name),
        verified_at=timezone.now() if verified else None,
    )
    return user


def recommendation_make(title: str = "Faste mødesteder for unge", *, live: bool = True) -> Any:
    from socius.knowledge.services import recommendation_draft_create
    from socius.knowledge.tests.helpers import publish

    page = recommendation_draft_create(
        title=title,
        summary="Kommunen skal sikre faste mødesteder for unge.",
        body="Unge mangler steder at være.",
        themes=[],
        created_by=UserFactory(),
        evidence=[],
    )
    return publish(page) if live else page


def proposal_make(state: str = "published", municipality: str = "751") -> Any:
    from socius.proposals.models import Proposal

    return Proposal.objects.create(
        municipality=Municipality.objects.get(code=municipality),
        proposer=UserFactory(),
        title="Gratis klubber for alle unge",
        text="Klubberne i Aarhus skal være gratis.",
        state=state,
        published_at=timezone.now(),
    )


def council_make(
    municipality: str = "751", seats: int = 31, groups: dict[str, tuple[int, str]] | None = None
) -> Council:
    council = Council.objects.create(
        municipality=Municipality.objects.get(code=municipality), name="Aarhus Byråd", seats=seats
    )
    for name, (n, bloc) in (groups or {}).items():
        CouncilGroup.objects.create(council=council, party=party(name), seats=n, bloc=bloc)
    return council
