import pytest

from socius.advice import services
from socius.core.models import Theme
from socius.core.roles import Role
from socius.tests_support.factories import OrganisationFactory, UserFactory


@pytest.fixture
def association(citizen):
    return OrganisationFactory(name="Spisefællesskabet Gellerup", contact=citizen)


@pytest.fixture
def other_contact(db):
    return UserFactory()


@pytest.fixture
def other_association(other_contact):
    return OrganisationFactory(name="Løbeklubben Hasle", contact=other_contact)


@pytest.fixture
def advisor(db):
    return UserFactory(
        roles=[Role.ADVISOR], totp=True, email="raadgiver@example.dk", name="Sara Rådgiver"
    )


@pytest.fixture
def colleague(db):
    return UserFactory(
        roles=[Role.ADVISOR], totp=True, email="kollega@example.dk", name="Bo Kollega"
    )


def request_form(association, **overrides):
    data = {
        "organisation": association.pk,
        "title": "Vi vil starte en gå-gruppe for ensomme ældre",
        "wants": ["start", "volunteers"],
        "themes": [Theme.objects.get(slug="aeldre").pk],
        "target_group": "Ældre, der bor alene i Gellerup",
        "size": "medium",
        "description": "Vi er en lille forening. Vi vil gerne have flere ældre med, men vi mangler frivillige.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def advice_request(citizen, association):
    return services.request_submit(
        actor=citizen,
        organisation=association,
        title="Vi vil starte en gå-gruppe for ensomme ældre",
        wants=["start", "volunteers"],
        themes=[Theme.objects.get(slug="aeldre")],
        target_group="Ældre, der bor alene i Gellerup",
        size="medium",
        description="Vi mangler frivillige. Ring til Jens på 22 33 44 55.",
    )
