"""Class projects: what a class thinks is wrong in the municipality and what the city council
should do about it. The pupils add contributions, which only the class and its teacher see;
the teacher may publish the project under the class's name (never a pupil's pseudonym) and
raise it as a youth proposal through the proposals module's youth track."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ClassProject", "ProjectContribution", "ProjectStatus"]

CONTRIBUTION_MAX = 1000


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (only the class sees it)")
    PUBLISHED = "published", _("Published under the class's name")
    PROPOSED = "proposed", _("Raised as a youth proposal")


class ClassProject(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(
        "school.SchoolClass",
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("class"),
    )
    title = models.CharField(_("title"), max_length=140)
    problem = models.TextField(_("what is wrong"), max_length=2000)
    idea = models.TextField(_("what the city council should do"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("youth proposal"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("teacher"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="school_project_pub")]
        verbose_name = _("class project")
        verbose_name_plural = _("class projects")

    def __str__(self) -> str:
        return self.title


class ProjectContribution(models.Model):
    """A pupil's idea or argument for the project: seen by the class and its teacher only."""

    project = models.ForeignKey(
        ClassProject,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("project"),
    )
    pupil = models.ForeignKey(
        "school.Pupil",
        on_delete=models.CASCADE,
        related_name="project_contributions",
        verbose_name=_("pupil"),
    )
    text = models.TextField(_("contribution"), max_length=CONTRIBUTION_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("contribution to a project")
        verbose_name_plural = _("contributions to projects")

    def __str__(self) -> str:
        return f"{self.project_id}:{self.pk}"
