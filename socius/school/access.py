"""The one door to the elective's protected objects.

A class, its pupils and everything they write are seen by the class's teacher and its pupils
only; to anyone else a class "does not exist" (404), as STYLE.md asks for objects a person may
not know of. A teacher acts only once verified by the municipality's administrator; an
unverified teacher is told so (403 with the reason), since they know the page exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.school.models import Pupil, SchoolClass, TeacherProfile


def teacher_profile(user: Any) -> TeacherProfile | None:
    """The person's teacher profile, verified or not (None for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TeacherProfile.objects.select_related("school__municipality").filter(user=user).first()


def teacher_is_verified(user: Any) -> bool:
    """Holds the teacher role and a profile the municipality's administrator has verified."""
    if not user_can(user, Capability.SCHOOL_TEACH):
        return False
    profile = teacher_profile(user)
    return profile is not None and profile.is_verified


def teacher_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view for verified teachers: others are sent to log in (anonymous) or refused (403)."""
    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not teacher_is_verified(request.user):
            raise PermissionDenied(_("Only teachers the municipality has verified can do this."))
        return view(request, *args, **kwargs)

    return wrapped


def pupil_of(user: Any) -> Pupil | None:
    """The person's pupil record when they are a pupil (a pupil account is nothing else)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Pupil.objects.select_related("school_class__school__municipality").filter(user=user).first()
    )


def class_for_teacher(user: Any, public_id: UUID | str) -> SchoolClass:
    """The class with ``public_id`` when ``user`` is its verified teacher; 404 otherwise."""
    if not teacher_is_verified(user):
        raise Http404
    found = (
        SchoolClass.objects.select_related("school__municipality", "course")
        .filter(public_id=public_id, teacher=user, archived_at__isnull=True)
        .first()
    )
    if found is None:
        raise Http404
    return found


def class_for_member(user: Any, public_id: UUID | str) -> tuple[SchoolClass, Pupil | None]:
    """The class with ``public_id`` for its teacher (pupil None) or one of its pupils who may
    take part (consent recorded where needed); 404 for anyone else."""
    pupil = pupil_of(user)
    if pupil is not None:
        if str(pupil.school_class.public_id) != str(public_id) or not pupil.may_take_part:
            raise Http404
        if pupil.school_class.archived_at is not None:
            raise Http404
        return pupil.school_class, pupil
    return class_for_teacher(user, public_id), None
