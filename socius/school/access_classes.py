"""The classes part's lookups beyond ``school.access``: a pupil of a class for its teacher,
a teacher's profile for the administrator, and the class page for a pupil still waiting for
a guardian's consent."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from socius.school.access import class_for_member, class_for_teacher, pupil_of
from socius.school.models import Pupil, SchoolClass, TeacherProfile


def pupil_for_teacher(user: Any, class_id: UUID | str, pupil_id: UUID | str) -> Pupil:
    """The pupil ``pupil_id`` of the class ``class_id`` when ``user`` is its verified teacher;
    404 otherwise (also for a pupil of another class)."""
    school_class = class_for_teacher(user, class_id)
    pupil = Pupil.objects.filter(school_class=school_class, public_id=pupil_id).first()
    if pupil is None:
        raise Http404
    pupil.school_class = school_class
    return pupil


def teacher_profile_for_verify(user_public_id: UUID | str) -> TeacherProfile:
    """The teacher profile of the person ``user_public_id`` (the view has checked the
    capability); 404 when there is none."""
    profile = (
        TeacherProfile.objects.select_related("user", "school__municipality")
        .filter(user__public_id=user_public_id)
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def class_page_for(user: Any, public_id: UUID | str) -> tuple[SchoolClass, Pupil | None, bool]:
    """The class for its teacher or a pupil; the last value says the pupil is still waiting
    for a guardian's consent (they see only that). 404 for everyone else."""
    pupil = pupil_of(user)
    if (
        pupil is not None
        and str(pupil.school_class.public_id) == str(public_id)
        and pupil.school_class.archived_at is None
        and not pupil.may_take_part
    ):
        return pupil.school_class, pupil, True
    school_class, member = class_for_member(user, public_id)
    return school_class, member, False
