import datetime

import pytest

from socius.core.models import Municipality, MunicipalSpace
from socius.programme.models import Commitment, Programme


@pytest.fixture
def aarhus_space(db):
    municipality = Municipality.objects.get(code="751")
    space, _ = MunicipalSpace.objects.get_or_create(
        municipality=municipality,
        defaults={"slug": "aarhus", "participates": True, "contact_email": "a@example.org"},
    )
    return space


@pytest.fixture
def programme(aarhus_space):
    return Programme.objects.create(
        municipality=aarhus_space.municipality,
        slug="program",
        title="Program for social bæredygtighed",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2029, 12, 31),
        published=True,
    )


@pytest.fixture
def commitment(programme):
    return Commitment.objects.create(
        programme=programme,
        number=1,
        slug="klausuler",
        title="Sociale klausuler",
        description="Alle udbud får sociale klausuler.",
        owner_department="Borgmesterens Afdeling",
    )


@pytest.fixture
def admin(db):
    from socius.core.roles import Role
    from socius.tests_support.factories import UserFactory

    return UserFactory(roles=[Role.ADMINISTRATOR], totp=True, name="Anne Administrator")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def atlas(db):
    """The atlas's shipped figures (Aarhus' are what the measures follow)."""
    from socius.atlas.sources.embedded import embedded_load

    embedded_load()
