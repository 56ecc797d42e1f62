"""Two pupils taking the same made-up name at the same moment (threads, real transactions, on
PostgreSQL where both really run at once): one gets it, the other a clear error."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils.translation import gettext

from socius.school import services_pupils
from socius.school.models import Pupil
from socius.school.services_classes import CLASS_MAX_PUPILS
from socius.school.tests.school_support import class_make, pupil_make

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgresql(reason="two writers at once; SQLite takes turns"),
]


def _at_once(n, target):
    results, errors = [], []
    barrier = threading.Barrier(n)

    def worker(i):
        try:
            barrier.wait()
            results.append(target(i))
        except ValidationError as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_pupils_taking_the_same_name_at_once():
    school_class = class_make()
    results, errors = _at_once(
        2,
        lambda i: services_pupils.pupil_join(
            code=school_class.code, pseudonym="Ravn" if i else "ravn", under_15=True
        ),
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert errors[0].message_dict["pseudonym"] == [
        gettext("Someone in the class already has that name. Choose another one.")
    ]
    assert Pupil.objects.filter(school_class=school_class).count() == 1


def test_the_last_places_are_not_overfilled():
    school_class = class_make()
    for n in range(CLASS_MAX_PUPILS - 2):
        pupil_make(school_class, f"Elev {n}")
    results, errors = _at_once(
        6,
        lambda i: services_pupils.pupil_join(
            code=school_class.code, pseudonym=f"Ny {i}", under_15=True
        ),
    )
    assert len(results) == 2
    assert len(errors) == 4
    assert Pupil.objects.filter(school_class=school_class).count() == CLASS_MAX_PUPILS
