import pytest

from socius.core.models import Municipality
from socius.core.roles import Role
from socius.tests_support.factories import UserFactory


@pytest.fixture
def aarhus(db):
    return Municipality.objects.get(code="751")


@pytest.fixture
def admin(db):
    return UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
