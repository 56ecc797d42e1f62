"""Communities that welcome new members ("Find et fællesskab"), and the community-advice
service ("Fællesskabsrådgivning") where organisations ask advisors for help."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socius.advice.workflows import OPEN_STATES, RequestState

# An entry nobody has confirmed for this long is flagged to visitors and its contacts are told;
# after the grace period it is hidden until someone confirms it again.
STALE_AFTER = datetime.timedelta(days=183)
HIDDEN_AFTER = STALE_AFTER + datetime.timedelta(days=30)


class CommunityQuerySet(models.QuerySet["Community"]):
    def visible(self) -> CommunityQuerySet:
        """What the public sees: active entries confirmed within the grace period."""
        return self.filter(is_active=True, confirmed_at__gte=timezone.now() - HIDDEN_AFTER)


class Community(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="communities",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("what"), max_length=160)
    description = models.TextField(_("description"), max_length=3000)
    audience = models.CharField(_("for whom"), max_length=200)
    when = models.CharField(
        _("when"), max_length=200, help_text=_("For example: every Thursday 17-19.")
    )
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, verbose_name=_("municipality")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, verbose_name=_("themes"))
    is_active = models.BooleanField(_("active"), default=True)
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    stale_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("advice:community-detail", args=[self.public_id])

    @property
    def is_stale(self) -> bool:
        return self.confirmed_at < timezone.now() - STALE_AFTER


class Want(models.TextChoices):
    """What an organisation wants help with (several may apply)."""

    START = "start", _("Start a community")
    STRENGTHEN = "strengthen", _("Strengthen an existing community")
    INCLUDE = "include", _("Include citizens who need social contact")
    VOLUNTEERS = "volunteers", _("Find volunteers")
    PREMISES = "premises", _("Find premises")
    FUNDING = "funding", _("Find funding")
    MUNICIPALITY = "municipality", _("Cooperate with the municipality")


class Size(models.TextChoices):
    SMALL = "small", _("Fewer than 10 people")
    MEDIUM = "medium", _("10 to 30 people")
    LARGE = "large", _("31 to 100 people")
    VERY_LARGE = "very_large", _("More than 100 people")


class Outcome(models.TextChoices):
    CREATED = "created", _("A community was created")
    STRENGTHENED = "strengthened", _("A community was strengthened")
    NEITHER = "neither", _("Neither")


class AdviceRequest(models.Model):
    """An organisation's request for help, worked by an advisor until it is closed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="advice_requests",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("short heading"), max_length=160)
    wants = models.JSONField(_("what you want help with"), default=list)
    themes = models.ManyToManyField("core.Theme", blank=True, verbose_name=_("themes"))
    target_group = models.CharField(_("target group"), max_length=200)
    size = models.CharField(_("size"), max_length=16, choices=Size.choices)
    description = models.TextField(_("description"), max_length=5000)
    state = models.CharField(
        _("status"), max_length=32, choices=RequestState.choices, default=RequestState.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice_assignments",
        verbose_name=_("advisor"),
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    response_due = models.DateField(_("first answer due"))
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    what_helped = models.TextField(_("what helped"), max_length=3000, blank=True)
    follow_up_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["response_due", "submitted_at", "id"]
        indexes = [models.Index(fields=["state", "response_due"], name="advice_req_state_due")]
        verbose_name = _("advice request")
        verbose_name_plural = _("advice requests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("advice:request-detail", args=[self.public_id])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def want_labels(self) -> list[str]:
        labels = dict(Want.choices)
        return [str(labels[w]) for w in self.wants if w in labels]


class AdviceMessage(models.Model):
    """A message between the advisors and the organisation; both sides see it."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_advisor = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=5000)
    guide_reference = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.created_at:%Y-%m-%d}"


class AdviceNote(models.Model):
    """An advisors' internal note. Never shown to the organisation."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.created_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """The short survey sent three months after closing, and the organisation's answer."""

    class Status(models.TextChoices):
        RUNNING = "running", _("The community is running")
        STARTING = "starting", _("The community is about to start")
        STOPPED = "stopped", _("The community has stopped")
        NONE = "none", _("There is no community")

    request = models.OneToOneField(
        AdviceRequest, on_delete=models.CASCADE, related_name="follow_up"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    community_status = models.CharField(
        _("how is the community doing?"), max_length=16, choices=Status.choices, blank=True
    )
    people_reached = models.PositiveIntegerField(
        _("how many people take part?"), null=True, blank=True
    )
    advice_helped = models.BooleanField(_("did the advice help?"), null=True, blank=True)
    comment = models.TextField(_("anything else?"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"follow-up {self.request_id}"
