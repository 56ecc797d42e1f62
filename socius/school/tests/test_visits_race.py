"""Two teachers book the same slot of one offer at the same moment, on PostgreSQL: the offer's
row lock and the partial unique index let exactly one in; the other gets the translated
"already booked" error, and nothing else is written."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext

from socius.school import services_visits as services
from socius.school.models import VisitBooking
from socius.school.tests.visits_support import class_with_pupils, future_day, offer_make

pytestmark = [
    pytest.mark.postgresql(reason="the slot lock is select_for_update on the offer's row"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_teachers_at_once_one_wins():
    offer = offer_make()
    classes = [class_with_pupils(), class_with_pupils()]
    barrier = threading.Barrier(len(classes))
    results: list[str] = []

    def book(school_class) -> None:
        try:
            barrier.wait(timeout=30)
            services.booking_create(
                actor=school_class.teacher,
                offer=offer,
                school_class=school_class,
                day=future_day(),
                starts_at=datetime.time(10, 0),
                pupils=3,
            )
            results.append("booked")
        except ValidationError as exc:
            results.append("refused: " + " ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(c,)) for c in classes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The threads speak the site's default language, as the test's own thread does.
    refused = "refused: " + gettext("This time is already booked. Choose another.")
    assert sorted(results) == sorted(["booked", refused])
    assert VisitBooking.objects.count() == 1
