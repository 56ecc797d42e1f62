"""Writes of the classes part: teachers and their verification, classes and their codes.

Pupils' writes (joining, signing in, personal codes, consent, removal) are in
``services_pupils``. Every service runs in one transaction and records an audit entry that
names objects by id only: never a pseudonym or a code.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core import services as core_services
from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.mail import notify
from socius.core.models import Municipality
from socius.core.roles import Capability, Role
from socius.school.access import teacher_is_verified
from socius.school.audit_classes import (
    AUDIT_CLASS_ARCHIVED,
    AUDIT_CLASS_CODE_RENEWED,
    AUDIT_CLASS_CREATED,
    AUDIT_CLASS_JOINING,
    AUDIT_CLASS_UPDATED,
    AUDIT_SCHOOL_CREATED,
    AUDIT_TEACHER_DECLARED,
    AUDIT_TEACHER_UNVERIFIED,
    AUDIT_TEACHER_VERIFIED,
)
from socius.school.mail_classes import MAIL_TEACHER_VERIFIED
from socius.school.models import Course, School, SchoolClass, TeacherProfile

if TYPE_CHECKING:
    from socius.accounts.models import User

# Eight characters without look-alikes (no 0/O, 1/I/L): read aloud or off a board in class.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_VALID_FOR = datetime.timedelta(days=14)
CLASS_MAX_PUPILS = 40
GRADES = (7, 8, 9, 10)


def class_code_new() -> str:
    """A random class code: 32^8 (about 10^12) codes, drawn with ``secrets``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _unique_code() -> str:
    # A collision among a few thousand live codes is all but impossible; retry anyway.
    for _attempt in range(10):
        code = class_code_new()
        if not SchoolClass.objects.filter(code=code).exists():
            return code
    raise RuntimeError("No free class code after 10 attempts")  # pragma: no cover


@transaction.atomic
def teacher_declare(*, actor: User, municipality: Municipality, school_name: str) -> TeacherProfile:
    """The person says they teach at ``school_name`` in ``municipality``: they get the teacher
    role at once (a public role, like politician) and an unverified profile the municipality's
    administrator verifies. Naming another school later withdraws the verification."""
    name = " ".join((school_name or "").split())
    if not name:
        raise ValidationError({"school_name": _("Write the name of your school.")})
    if len(name) > 150:
        raise ValidationError({"school_name": _("The name of the school is too long.")})
    if "<" in name or ">" in name:
        raise ValidationError({"school_name": _("The name cannot contain < or >.")})
    school = School.objects.filter(municipality=municipality, name__iexact=name).first()
    if school is None:
        school = School.objects.create(municipality=municipality, name=name)
        audit_record(actor=actor, action=AUDIT_SCHOOL_CREATED, target=school)
    core_services.role_grant(actor=actor, user=actor, role=Role.TEACHER)
    profile = TeacherProfile.objects.filter(user=actor).first()
    if profile is None:
        profile = TeacherProfile.objects.create(user=actor, school=school)
    elif profile.school_id != school.pk:
        profile.school = school
        profile.verified_at = None
        profile.verified_by = None
        profile.save(update_fields=["school", "verified_at", "verified_by", "updated_at"])
    audit_record(
        actor=actor, action=AUDIT_TEACHER_DECLARED, target=profile, data={"school": school.pk}
    )
    return profile


@transaction.atomic
def teacher_verify(
    *,
    actor: User,
    profile: TeacherProfile,
    verified: bool = True,
    now: datetime.datetime | None = None,
) -> TeacherProfile:
    """The administrator confirms that the person teaches at the school (or withdraws that).
    A newly verified teacher is told by mail."""
    require(actor, Capability.SCHOOL_TEACHERS_VERIFY)
    if verified == profile.is_verified:
        return profile
    profile.verified_at = (now or timezone.now()) if verified else None
    profile.verified_by = actor if verified else None
    profile.save(update_fields=["verified_at", "verified_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_TEACHER_VERIFIED if verified else AUDIT_TEACHER_UNVERIFIED,
        target=profile,
    )
    if verified:
        notify(
            recipients=[profile.user],
            kind=MAIL_TEACHER_VERIFIED,
            template="school/mail/teacher_verified",
            context={"school": profile.school.name},
            link=reverse("school:class-list"),
        )
    return profile


def _require_teacher(actor: User) -> TeacherProfile:
    if not teacher_is_verified(actor):
        raise PermissionDenied
    return TeacherProfile.objects.select_related("school").get(user=actor)


def _require_own(actor: User, school_class: SchoolClass) -> None:
    if not teacher_is_verified(actor) or school_class.teacher_id != actor.pk:
        raise PermissionDenied


def _check_class_fields(
    profile: TeacherProfile, *, name: str, grade: int, school_year: int, course: Course | None
) -> str:
    name = " ".join((name or "").split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the class a name, for example 8.B.")
    elif len(name) > 60 or "<" in name or ">" in name:
        errors["name"] = _("Use at most 60 characters and no < or >.")
    if grade not in GRADES:
        errors["grade"] = _("Choose a grade from 7 to 10.")
    this_year = timezone.localdate().year
    if not this_year - 1 <= school_year <= this_year + 1:
        errors["school_year"] = _("Choose this school year, the last one or the next one.")
    if course is not None and (
        course.municipality_id != profile.school.municipality_id
        or course.status != Course.Status.PUBLISHED
    ):
        errors["course"] = _("Choose one of your municipality's published courses.")
    if errors:
        raise ValidationError(errors)
    return name


@transaction.atomic
def class_create(
    *,
    actor: User,
    name: str,
    grade: int,
    school_year: int,
    consent_basis: str,
    course: Course | None = None,
    now: datetime.datetime | None = None,
) -> SchoolClass:
    """A verified teacher creates a class at their school, with a fresh class code valid for
    14 days and joining open."""
    profile = _require_teacher(actor)
    name = _check_class_fields(
        profile, name=name, grade=grade, school_year=school_year, course=course
    )
    now = now or timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                school_class = SchoolClass(
                    school=profile.school,
                    teacher=actor,
                    name=name,
                    grade=grade,
                    school_year=school_year,
                    course=course,
                    consent_basis=consent_basis,
                    code=_unique_code(),
                    code_expires_at=now + CODE_VALID_FOR,
                )
                school_class.full_clean()
                school_class.save()
            break
        except IntegrityError:  # pragma: no cover - two classes drew the same code at once
            continue
    audit_record(actor=actor, action=AUDIT_CLASS_CREATED, target=school_class)
    return school_class


@transaction.atomic
def class_update(
    *,
    actor: User,
    school_class: SchoolClass,
    name: str,
    grade: int,
    school_year: int,
    consent_basis: str,
    course: Course | None = None,
) -> SchoolClass:
    """The teacher changes the class's name, grade, year, course or legal basis."""
    _require_own(actor, school_class)
    profile = _require_teacher(actor)
    school_class.name = _check_class_fields(
        profile, name=name, grade=grade, school_year=school_year, course=course
    )
    school_class.grade = grade
    school_class.school_year = school_year
    school_class.course = course
    school_class.consent_basis = consent_basis
    school_class.full_clean()
    fields = ["name", "grade", "school_year", "course", "consent_basis", "updated_at"]
    school_class.save(update_fields=fields)
    audit_record(actor=actor, action=AUDIT_CLASS_UPDATED, target=school_class)
    return school_class


@transaction.atomic
def class_code_renew(
    *, actor: User, school_class: SchoolClass, now: datetime.datetime | None = None
) -> SchoolClass:
    """A new class code, valid 14 days; the old code stops working at once."""
    _require_own(actor, school_class)
    school_class.code = _unique_code()
    school_class.code_expires_at = (now or timezone.now()) + CODE_VALID_FOR
    school_class.save(update_fields=["code", "code_expires_at", "updated_at"])
    audit_record(actor=actor, action=AUDIT_CLASS_CODE_RENEWED, target=school_class)
    return school_class


@transaction.atomic
def class_joining_set(*, actor: User, school_class: SchoolClass, open_: bool) -> SchoolClass:
    """Open or close the class for new pupils (pupils already in it stay)."""
    _require_own(actor, school_class)
    if school_class.joining_open != open_:
        school_class.joining_open = open_
        school_class.save(update_fields=["joining_open", "updated_at"])
        audit_record(
            actor=actor, action=AUDIT_CLASS_JOINING, target=school_class, data={"open": open_}
        )
    return school_class


@transaction.atomic
def class_archive(
    *, actor: User, school_class: SchoolClass, now: datetime.datetime | None = None
) -> SchoolClass:
    """End the class: no one joins or opens it any more. Its pupils' accounts are deleted
    (they exist for this class only); what the class made is the other parts' to keep or
    delete through the personal-data erasure."""
    from socius.school.services_pupils import pupil_account_delete

    _require_own(actor, school_class)
    for pupil in list(school_class.pupils.select_related("user")):
        pupil_account_delete(pupil)
    school_class.archived_at = now or timezone.now()
    school_class.joining_open = False
    school_class.save(update_fields=["archived_at", "joining_open", "updated_at"])
    audit_record(actor=actor, action=AUDIT_CLASS_ARCHIVED, target=school_class)
    return school_class


def class_fields(school_class: SchoolClass) -> dict[str, Any]:
    """The editable fields of a class, for the edit form's initial values."""
    return {
        "name": school_class.name,
        "grade": school_class.grade,
        "school_year": school_class.school_year,
        "course": school_class.course,
        "consent_basis": school_class.consent_basis,
    }
