import pytest

from socius.events.checkin.tests.support import event_make, organiser_make, registration_make
from socius.tests_support.factories import UserFactory


@pytest.fixture
def organiser(db):
    return organiser_make()


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def event(organiser):
    return event_make(organiser=organiser)


@pytest.fixture
def registration(event):
    return registration_make(event, name="Anna Jensen", party_size=2)
