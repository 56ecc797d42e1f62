"""The elective's personal data in the account's export and erasure (core.personal_data).

A pupil's section holds the pseudonym, the class, the school and the dates; what a pupil
wrote is added by the parts that keep it, under their own sections. A teacher's section holds
the school and the verification. Erasing deletes the pupil row (the account itself is then
anonymised by accounts) and the teacher profile; a teacher with classes keeps them until the
classes are archived or handed on, so the erasure refuses nothing but leaves the classes to
the school (verify: the municipality as data controller decides who takes them over)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.core.personal_data import personal_data_register

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any] | None:
    from socius.school.models import Pupil, SchoolClass, TeacherProfile

    data: dict[str, Any] = {}
    pupil = (
        Pupil.objects.select_related("school_class__school__municipality").filter(user=user).first()
    )
    if pupil is not None:
        school_class = pupil.school_class
        data["pupil"] = {
            "pseudonym": pupil.pseudonym,
            "class": school_class.name,
            "school": school_class.school.name,
            "municipality": school_class.school.municipality.name,
            "school_year": school_class.school_year,
            "under_15": pupil.under_15,
            "joined_at": pupil.created_at.isoformat(),
            "guardian_consent_at": (
                pupil.guardian_consent_at.isoformat() if pupil.guardian_consent_at else None
            ),
        }
    profile = (
        TeacherProfile.objects.select_related("school__municipality").filter(user=user).first()
    )
    if profile is not None:
        data["teacher"] = {
            "school": profile.school.name,
            "municipality": profile.school.municipality.name,
            "declared_at": profile.created_at.isoformat(),
            "verified_at": profile.verified_at.isoformat() if profile.verified_at else None,
            "classes": [
                {
                    "name": c.name,
                    "school_year": c.school_year,
                    "created_at": c.created_at.isoformat(),
                }
                for c in SchoolClass.objects.filter(teacher=user).order_by("created_at")
            ],
        }
    return data or None


def _erase(user: User) -> None:
    from socius.school.models import Pupil, TeacherProfile

    Pupil.objects.filter(user=user).delete()
    TeacherProfile.objects.filter(user=user).delete()


personal_data_register("school", export=_export, erase=_erase)
