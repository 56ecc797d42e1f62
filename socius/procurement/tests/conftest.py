import pytest

from socius.core.models import Municipality, MunicipalSpace
from socius.core.roles import Role
from socius.procurement import services
from socius.tests_support.factories import UserFactory


@pytest.fixture
def space(db):
    space, _ = MunicipalSpace.objects.get_or_create(
        slug="aarhus",
        defaults={
            "municipality": Municipality.objects.get(code="751"),
            "contact_email": "kontakt@aarhus.example",
        },
    )
    return space


@pytest.fixture
def buyer(db):
    return UserFactory(roles=[Role.BUYER], totp=True)


@pytest.fixture
def department(space, buyer):
    return services.department_create(actor=buyer, space=space, name="Teknik og Miljø")
