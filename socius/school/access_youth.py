"""Who sees a class project. The class (its teacher and pupils who may take part) sees its
projects in any state, with the contributions; everyone else sees a project only once it is
published under the class's name, and never the contributions. A project someone may not see
"does not exist" (404)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from socius.school.access import pupil_of, teacher_is_verified
from socius.school.models import ClassProject, Pupil
from socius.school.selectors_youth import PUBLIC_STATUSES


def _project(public_id: UUID | str) -> ClassProject:
    project = (
        ClassProject.objects.select_related("school_class__school__municipality", "proposal")
        .filter(public_id=public_id)
        .first()
    )
    if project is None:
        raise Http404
    return project


def project_membership(user: Any, project: ClassProject) -> tuple[bool, Pupil | None]:
    """(whether ``user`` is a member of the project's class, their pupil record if a pupil)."""
    school_class = project.school_class
    if school_class.archived_at is not None:
        return False, None
    pupil = pupil_of(user)
    if pupil is not None:
        member = pupil.school_class_id == school_class.pk and pupil.may_take_part
        return member, pupil if member else None
    if getattr(user, "pk", None) == school_class.teacher_id and teacher_is_verified(user):
        return True, None
    return False, None


def project_for_view(user: Any, public_id: UUID | str) -> tuple[ClassProject, bool, Pupil | None]:
    """The project with (is member, pupil): members see any, others the published only."""
    project = _project(public_id)
    member, pupil = project_membership(user, project)
    if not member and project.status not in PUBLIC_STATUSES:
        raise Http404
    return project, member, pupil


def project_for_teacher(user: Any, public_id: UUID | str) -> ClassProject:
    """The project when ``user`` is its class's verified teacher. A pupil of the class knows
    the project and is refused (403); anyone else gets 404."""
    project = _project(public_id)
    member, pupil = project_membership(user, project)
    if not member:
        raise Http404
    if pupil is not None:
        raise PermissionDenied(_("Only the class's teacher can do this."))
    return project


def project_for_pupil(user: Any, public_id: UUID | str) -> tuple[ClassProject, Pupil]:
    """The project when ``user`` is a pupil of its class who may take part; 404 otherwise."""
    project = _project(public_id)
    member, pupil = project_membership(user, project)
    if not member or pupil is None:
        raise Http404
    return project, pupil
