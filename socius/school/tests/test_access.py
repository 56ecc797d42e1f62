"""The one door: a class is seen by its teacher and its pupils only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from socius.school import access
from socius.school.models import ConsentBasis
from socius.tests_support.factories import UserFactory

from .school_support import class_make, pupil_make, teacher_make

pytestmark = pytest.mark.django_db


def test_the_teacher_and_the_pupils_reach_their_class_and_nobody_else():
    school_class = class_make()
    pupil = pupil_make(school_class, "Ravn")
    other_class = class_make()
    assert access.class_for_member(school_class.teacher, school_class.public_id) == (
        school_class,
        None,
    )
    assert access.class_for_member(pupil.user, school_class.public_id) == (school_class, pupil)
    for user, public_id in [
        (pupil.user, other_class.public_id),
        (other_class.teacher, school_class.public_id),
        (UserFactory(), school_class.public_id),
    ]:
        with pytest.raises(Http404):
            access.class_for_member(user, public_id)


def test_an_unverified_teacher_is_told_and_reaches_no_class():
    teacher = teacher_make(verified=False)
    school_class = class_make(teacher=teacher)
    assert not access.teacher_is_verified(teacher)
    with pytest.raises(Http404):
        access.class_for_teacher(teacher, school_class.public_id)
    request = RequestFactory().get("/")
    request.user = teacher
    with pytest.raises(PermissionDenied):
        access.teacher_required(lambda request: None)(request)


def test_a_pupil_under_15_waits_for_consent_where_consent_is_the_basis():
    school_class = class_make(consent_basis=ConsentBasis.CONSENT)
    young = pupil_make(school_class, under_15=True)
    older = pupil_make(school_class, under_15=False)
    with pytest.raises(Http404):
        access.class_for_member(young.user, school_class.public_id)
    assert access.class_for_member(older.user, school_class.public_id)[1] == older
