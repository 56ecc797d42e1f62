"""Schools, teachers, classes and pupils.

A pupil is an account without an e-mail address: the pupil joins with the class code and a
pseudonym, and signs in again with the class code, the pseudonym and a personal code the
teacher can renew. The pupil's ``User`` row carries an address under the reserved ``.invalid``
top-level domain (RFC 2606), which no mail ever reaches and core's mail never sends to
(``PUPIL_EMAIL_DOMAIN``). No pupil's name or photo is stored at all: the pseudonym is the only
name, and it is shown only to the class and its teacher.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# The domain of pupils' stand-in addresses: reserved, never delivered (RFC 2606, RFC 6761).
PUPIL_EMAIL_DOMAIN = "elev.socius.invalid"


class ConsentBasis(models.TextChoices):
    """The legal basis the school gives for the pupils' data (docs/school.md). Under
    ``consent`` a pupil under 15 takes part only once a guardian's consent is recorded
    (databeskyttelsesloven § 6: the digital age of consent is 15); under ``public_task``
    (the school's teaching, GDPR art. 6(1)(e)) no consent is asked."""

    PUBLIC_TASK = "public_task", _("The school's teaching (public task)")
    CONSENT = "consent", _("Consent")


class School(models.Model):
    """A school in a municipality that takes part."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name of the school"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="school_unique_name")
        ]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name


class TeacherProfile(models.Model):
    """A person who says they teach at a school. They hold the teacher role at once, but may
    create classes only once the municipality's administrator has verified them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teacher_profile",
        verbose_name=_("person"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="teachers", verbose_name=_("school")
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__name", "user__name"]
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class SchoolClass(models.Model):
    """A class taking the elective, run by one teacher. Pupils join with ``code`` while
    joining is open and the code has not expired; the teacher can make a new code, which
    ends the old one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="classes", verbose_name=_("school")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="school_classes",
        verbose_name=_("teacher"),
    )
    name = models.CharField(_("name of the class"), max_length=60, help_text=_("For example 8.B."))
    grade = models.PositiveSmallIntegerField(
        _("grade"), choices=[(7, "7."), (8, "8."), (9, "9."), (10, "10.")]
    )
    # The school year the class takes the elective, by the year it starts (2026 = 2026/27).
    school_year = models.PositiveSmallIntegerField(_("school year"))
    # The municipality's elective the class follows (school.models.courses), if any.
    course = models.ForeignKey(
        "school.Course",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classes",
        verbose_name=_("course"),
    )
    consent_basis = models.CharField(
        _("legal basis for the pupils' data"),
        max_length=16,
        choices=ConsentBasis.choices,
        default=ConsentBasis.PUBLIC_TASK,
    )
    # Eight characters from an alphabet without look-alikes (school.services); unique while
    # the class exists, so a code names one class.
    code = models.CharField(_("class code"), max_length=16, unique=True)
    code_expires_at = models.DateTimeField(_("the class code works until"))
    joining_open = models.BooleanField(_("pupils can join"), default=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-school_year", "school__name", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return f"{self.name}, {self.school}"


class Pupil(models.Model):
    """A pupil in a class, known by a pseudonym only. ``access_code`` is a password hash
    (Django's hashers) of the pupil's personal code; the teacher can set a new one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="pupils", verbose_name=_("class")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pupil",
        verbose_name=_("account"),
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=40)
    access_code = models.CharField(max_length=256)
    # Whether the pupil said they are under 15 when joining (nothing more about age is kept).
    under_15 = models.BooleanField(_("under 15"), default=True)
    guardian_consent_at = models.DateTimeField(
        _("a guardian's consent recorded at"), null=True, blank=True
    )
    guardian_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school_class", "pseudonym"]
        constraints = [
            # "Mads" and "mads" in one class would be two pupils no one can tell apart.
            models.UniqueConstraint(
                "school_class", Lower("pseudonym"), name="pupil_unique_pseudonym"
            )
        ]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def may_take_part(self) -> bool:
        """Under the consent basis a pupil under 15 waits for a guardian's recorded consent."""
        if self.school_class.consent_basis != ConsentBasis.CONSENT or not self.under_15:
            return True
        return self.guardian_consent_at is not None
