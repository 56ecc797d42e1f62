from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from socius.core.models import Municipality
from socius.core.roles import Role
from socius.proposals import services
from socius.proposals.identity import identity_from_claims
from socius.proposals.models import MunicipalitySettings, Proposal
from socius.proposals.tests.oidc_provider import OidcProvider
from socius.tests_support.factories import UserFactory

CALLBACK = "http://testserver/borgerforslag/oidc/callback/"


@pytest.fixture(scope="session")
def oidc_server() -> Iterator[OidcProvider]:
    provider = OidcProvider([CALLBACK])
    yield provider
    provider.stop()


@pytest.fixture
def oidc(oidc_server: OidcProvider, settings: Any) -> OidcProvider:
    oidc_server.configure(settings)
    return oidc_server


@pytest.fixture
def aarhus(db: None) -> Municipality:
    return Municipality.objects.get(code="751")


@pytest.fixture
def rules(aarhus: Municipality) -> MunicipalitySettings:
    rules, _created = MunicipalitySettings.objects.get_or_create(municipality=aarhus)
    rules.threshold = 4
    rules.coproposers_required = 3
    rules.secretariat_email = "byraad@aarhus.example.dk"
    rules.save()
    return rules


@pytest.fixture
def case_handler(db: None) -> Any:
    return UserFactory(roles=[Role.CASE_HANDLER], totp=True)


@pytest.fixture
def proposer(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN], email="forslag@example.dk")


def make_published(
    proposer: Any, case_handler: Any, aarhus: Municipality, **fields: Any
) -> Proposal:
    """A proposal through the real services: draft, co-proposers, review, published."""
    proposal = services.proposal_create(
        actor=proposer,
        municipality=aarhus,
        title=fields.get("title", "Flere bænke i Riis Skov"),
        text=fields.get("text", "Byrådet skal sætte 20 nye bænke op i Riis Skov i 2027."),
    )
    invited = services.coproposers_invite(
        actor=proposer,
        proposal=proposal,
        emails=[f"med{i}-{proposal.pk}@example.dk" for i in range(3)],
    )
    for coproposer in invited:
        services.coproposer_confirm(actor=UserFactory(), coproposer=coproposer)
    services.proposal_submit(actor=proposer, proposal=proposal)
    services.proposal_publish(actor=case_handler, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def published(proposer: Any, case_handler: Any, aarhus: Municipality, rules: Any) -> Proposal:
    return make_published(proposer, case_handler, aarhus)


def adult(
    sub: str, *, municipality: str = "751", birthdate: str = "1980-05-01", **extra: str
) -> Any:
    claims = {"sub": sub, "birthdate": birthdate, "municipality_code": municipality, **extra}
    return identity_from_claims(claims, issuer="http://issuer.test")


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)
