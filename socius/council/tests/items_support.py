"""Makers for the council item tests: Aarhus taking part, its council with party groups and a
committee, meetings, staff with the council's roles, and a citizen proposal that reached its
threshold through the proposals module's real services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from socius.core.models import Municipality, MunicipalSpace, Party
from socius.core.roles import Role
from socius.council.models import Council, Meeting
from socius.council.services_composition import committee_save, council_group_set, council_save
from socius.council.services_items import meeting_create
from socius.tests_support.factories import UserFactory

GROUPS = [("Socialdemokratiet", 10), ("Venstre", 8), ("Radikale Venstre", 3),
          ("Enhedslisten – De Rød-Grønne", 4)]  # fmt: skip


def aarhus_space() -> MunicipalSpace:
    space, _created = MunicipalSpace.objects.get_or_create(
        slug="aarhus",
        defaults={"municipality": Municipality.objects.get(code="751"),
                  "authority": "Aarhus Kommune", "contact_email": "kontakt@aarhus.example"},
    )  # fmt: skip
    return space


def admin_make() -> Any:
    return UserFactory(roles=[Role.ADMINISTRATOR], totp=True)


def secretary_make() -> Any:
    return UserFactory(roles=[Role.CASE_HANDLER], totp=True)


def party(name: str) -> Party:
    return Party.objects.get(name=name)


def council_make(admin: Any = None, *, seats: int = 31) -> Council:
    """Aarhus Byråd with four party groups (25 of 31 seats) and Socialudvalget (made once)."""
    existing = Council.objects.first()
    if existing is not None:
        return existing
    admin = admin or admin_make()
    space = aarhus_space()
    council = council_save(actor=admin, municipality=space.municipality, name="Aarhus Byråd",
                           seats=seats)  # fmt: skip
    for name, n in GROUPS:
        council_group_set(actor=admin, council=council, party=party(name), seats=n)
    committee_save(actor=admin, council=council, name="Socialudvalget")
    return council


def meeting_make(council: Council, actor: Any, *, days: int = -7, committee: Any = None) -> Meeting:
    """A meeting ``days`` from today (the one already there, if any)."""
    date = timezone.localdate() + datetime.timedelta(days=days)
    found = Meeting.objects.filter(council=council, committee=committee, date=date).first()
    return found or meeting_create(actor=actor, council=council, committee=committee, date=date)


def proposal_at_threshold(proposer: Any = None, **fields: Any) -> Any:
    """A citizen proposal in Aarhus that reached its threshold (4 signatures)."""
    from socius.proposals.models import MunicipalitySettings
    from socius.proposals.services.signing import signature_add
    from socius.proposals.tests.conftest import adult, make_published

    aarhus = Municipality.objects.get(code="751")
    rules, _created = MunicipalitySettings.objects.get_or_create(municipality=aarhus)
    rules.threshold, rules.coproposers_required = 4, 3
    rules.secretariat_email = "byraad@aarhus.example.dk"
    rules.save()
    proposer = proposer or UserFactory(roles=[Role.CITIZEN])
    reviewer = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    proposal = make_published(proposer, reviewer, aarhus, **fields)
    for i in range(4):
        signature_add(proposal=proposal, identity=adult(f"s{i}-{proposal.pk}"))
    proposal.refresh_from_db()
    assert proposal.state == "threshold"
    return proposal
