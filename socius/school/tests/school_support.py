"""Test data for the elective's parts: a verified teacher with a class, pupils, as each part's
tests need them. Built directly on the models (the services that create them are tested in
their own part's tests)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.utils import timezone

from socius.core.models import Municipality
from socius.core.roles import Role
from socius.school.models import (
    PUPIL_EMAIL_DOMAIN,
    ConsentBasis,
    Pupil,
    School,
    SchoolClass,
    TeacherProfile,
)
from socius.school.services_pupils import pupil_code_digest
from socius.tests_support.factories import UserFactory

PUPIL_CODE = "ravn-sol-42"  # every test pupil's personal code


def school_make(*, municipality_code: str = "751", name: str = "") -> School:
    municipality = Municipality.objects.get(code=municipality_code)
    return School.objects.create(
        municipality=municipality, name=name or f"Skolen nr. {secrets.token_hex(3)}"
    )


def teacher_make(*, school: School | None = None, verified: bool = True, **fields: Any) -> Any:
    """A person with the teacher role and a profile at ``school``; verified unless told."""
    user = UserFactory(roles=[Role.TEACHER], **fields)
    TeacherProfile.objects.create(
        user=user,
        school=school or school_make(),
        verified_at=timezone.now() if verified else None,
    )
    return user


def class_make(
    *,
    teacher: Any = None,
    name: str = "8.B",
    consent_basis: str = ConsentBasis.PUBLIC_TASK,
    **fields: Any,
) -> SchoolClass:
    teacher = teacher or teacher_make()
    fields.setdefault("school", teacher.teacher_profile.school)
    fields.setdefault("grade", 8)
    fields.setdefault("school_year", 2026)
    fields.setdefault("code", secrets.token_hex(4).upper())
    fields.setdefault("code_expires_at", timezone.now() + datetime.timedelta(days=14))
    return SchoolClass.objects.create(
        teacher=teacher, name=name, consent_basis=consent_basis, **fields
    )


def pupil_make(
    school_class: SchoolClass, pseudonym: str = "", *, under_15: bool = True, **fields: Any
) -> Pupil:
    pseudonym = pseudonym or f"Elev {secrets.token_hex(2)}"
    user = UserFactory(
        email=f"{secrets.token_hex(8)}@{PUPIL_EMAIL_DOMAIN}", name=pseudonym, verified=False
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return Pupil.objects.create(
        school_class=school_class,
        user=user,
        pseudonym=pseudonym,
        access_code=pupil_code_digest(PUPIL_CODE),
        under_15=under_15,
        **fields,
    )
