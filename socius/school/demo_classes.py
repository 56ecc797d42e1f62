"""Demo content of the classes part (idempotent): a verified teacher at a school in Aarhus
with one class and six pupils. The other parts' demo content hangs on ``demo_class()``."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core import services as core_services
from socius.core.demo import DEMO_PASSWORD
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

TEACHER = "laerer@socius.example"
SCHOOL = "Frederiksbjerg Skole (demo)"
CLASS_CODE = "DEMO8B26"
# Every demo pupil's personal code (published like the demo password).
PUPIL_CODE = "sol-ravn-2026"  # noqa: S105 - published demo credential
PUPILS = ("Ravn", "Ugle", "Odder", "Falk", "Hare", "Los")


def demo_teacher() -> Any:
    """The demo teacher, verified by the demo administrator."""
    user_model = get_user_model()
    user = user_model.objects.filter(email=TEACHER).first()
    if user is None:
        user = user_model.objects.create_user(
            email=TEACHER, password=DEMO_PASSWORD, name="Hanne Lærer"
        )
        EmailAddress.objects.create(user=user, email=TEACHER, verified=True, primary=True)
    if not user.role_assignments.filter(role=Role.TEACHER).exists():
        core_services.role_grant(actor=user, user=user, role=Role.TEACHER)
    school, _new = School.objects.get_or_create(
        municipality=Municipality.objects.get(code="751"), name=SCHOOL
    )
    admin = user_model.objects.get(email="admin@socius.example")
    TeacherProfile.objects.get_or_create(
        user=user, defaults={"school": school, "verified_at": timezone.now(), "verified_by": admin}
    )
    return user


def demo_class() -> SchoolClass:
    """The demo class 8.B, its code working for a year from the latest seeding."""
    teacher = demo_teacher()
    school_class, _new = SchoolClass.objects.update_or_create(
        code=CLASS_CODE,
        defaults={
            "teacher": teacher,
            "school": teacher.teacher_profile.school,
            "name": "8.B",
            "grade": 8,
            "school_year": 2026,
            "consent_basis": ConsentBasis.PUBLIC_TASK,
            "code_expires_at": timezone.now() + datetime.timedelta(days=365),
            "joining_open": True,
        },
    )
    return school_class


def demo_seed() -> list[str]:
    school_class = demo_class()
    user_model = get_user_model()
    for index, pseudonym in enumerate(PUPILS):
        if Pupil.objects.filter(school_class=school_class, pseudonym=pseudonym).exists():
            continue
        user = user_model.objects.create_user(
            email=f"demo-{index}@{PUPIL_EMAIL_DOMAIN}", password=None, name=pseudonym
        )
        Pupil.objects.create(
            school_class=school_class,
            user=user,
            pseudonym=pseudonym,
            access_code=pupil_code_digest(PUPIL_CODE),
            under_15=True,
        )
    return [
        f"Medborgerskab: teacher {TEACHER} (class 8.B, class code {CLASS_CODE}); "
        f"pupils sign in with the class code, a pseudonym ({', '.join(PUPILS)}) "
        f"and the code {PUPIL_CODE}"
    ]
