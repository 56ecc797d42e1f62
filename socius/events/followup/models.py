"""After the event: materials, minutes with their plain-language summary, the follow-up survey.

Minutes move through ``workflows.MINUTES_WORKFLOW`` (draft, approved, published); a second
organiser approves them, and approval publishes them to the knowledge hub. Survey answers are
stored apart from the invitations, with no link to a registration or a person: an invitation
only records that its one answer has been given.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
MINUTES_MAX = 20000
SUMMARY_MAX = 3000
ANSWER_TEXT_MAX = 2000


def _material_path(instance: Material, filename: str) -> str:
    # The name people gave the file never reaches the disk: a random name, always .pdf.
    return f"events/materials/{instance.event.public_id}/{uuid.uuid4().hex}.pdf"


class Material(models.Model):
    """Slides (a PDF kept here) or a recording (a link elsewhere), each with a title."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        RECORDING = "recording", _("Recording")

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="followup_materials"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    file = models.FileField(upload_to=_material_path, max_length=300, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "created_at", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="slides") & ~Q(file="") & Q(url=""))
                | (Q(kind="recording") & Q(file="") & ~Q(url="")),
                name="followup_material_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Minutes(models.Model):
    """The minutes of one event and their plain-language summary."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="followup_minutes"
    )
    state = models.CharField(
        _("status"), max_length=12, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    text = models.TextField(_("minutes"), max_length=MINUTES_MAX)
    summary = models.TextField(_("summary in plain language"), max_length=SUMMARY_MAX)
    # Whoever wrote the first draft and whoever saved it last: neither may approve it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The knowledge hub's page (a Wagtail page id; the hub owns the page).
    publication_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"minutes of {self.event_id}"


class SurveyInvite(models.Model):
    """One registration's invitation to the follow-up survey: the hash of the link's secret,
    and whether its one answer has been given. Not when: a time (even a day) beside the answers'
    order would let someone with the database pair an invitation with its answer."""

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="followup_survey"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField()
    answered = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"survey invite {self.registration_id}"


class SurveyAnswer(models.Model):
    """One answer to the three questions; deliberately without registration, person or time."""

    class Again(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="followup_answers"
    )
    usefulness = models.PositiveSmallIntegerField(_("how useful was the event"))
    come_again = models.CharField(_("would you come again"), max_length=8, choices=Again.choices)
    differently = models.TextField(
        _("what should we do differently"), max_length=ANSWER_TEXT_MAX, blank=True
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__gte=1) & Q(usefulness__lte=5),
                name="followup_usefulness_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"answer {self.pk}"
