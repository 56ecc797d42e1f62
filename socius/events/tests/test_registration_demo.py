"""The demo's full event: filled to capacity with three waiting, once."""

import pytest

from socius.events import services
from socius.events.demo_registrations import FULL_EVENT_SLUG, registrations_seed
from socius.events.models import Registration
from socius.events.tests.registration_support import event_make

pytestmark = pytest.mark.django_db


def test_the_full_event_is_filled_with_three_waiting_and_seeding_twice_adds_nothing():
    event = event_make(slug=FULL_EVENT_SLUG, capacity=7, seats_held=1)
    other = event_make(capacity=30)
    assert len(registrations_seed()) == 1
    event.refresh_from_db()
    assert event.seats_left == 0
    assert event.seats_taken == services.seats_taken_counted(event)
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITING)
    assert sorted(waiting.values_list("waiting_number", flat=True)) == [1, 2, 3]
    assert not Registration.objects.filter(event=other).exists()
    count = Registration.objects.count()
    assert registrations_seed() == []
    assert Registration.objects.count() == count
