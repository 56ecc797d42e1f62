"""The municipality's elective: the course and its modules (see models/__init__.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["Course", "CourseModule"]


class Course(models.Model):
    """A municipality's citizenship elective as its schools offer it: hours, goals and
    modules. Written by the municipality's editors or administrators; public once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="school_courses",
        verbose_name=_("municipality"),
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("short description"), max_length=500)
    goals = models.TextField(_("goals"), max_length=5000)
    # About 60 hours a year; a two-year elective over 7.-8. or 8.-9. class has twice that.
    hours = models.PositiveSmallIntegerField(_("hours in all"), default=60)
    first_grade = models.PositiveSmallIntegerField(_("from grade"), default=8)
    last_grade = models.PositiveSmallIntegerField(_("to grade"), default=9)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__name", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("school:course-detail", args=[self.slug])


class CourseModule(models.Model):
    """One part of a course, in order: its goals, its hours and, when there is one, the
    lesson plan in the knowledge hub that teachers follow."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=150)
    goals = models.TextField(_("goals"), max_length=3000, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=10)
    lesson_plan = models.ForeignKey(
        "knowledge.LessonPlanPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="school_modules",
        verbose_name=_("lesson plan"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "order", "id"]
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")

    def __str__(self) -> str:
        return self.title
