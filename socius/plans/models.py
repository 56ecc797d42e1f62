"""Min plan: a citizen's own plan, in their own words, shared only where they decide.

Every word the citizen or a professional writes is sealed at rest to the plan's own key
(socius/plans/crypto.py): the columns named ``sealed`` hold libsodium secretboxes of small JSON
objects, never text. What stays in clear is what the platform needs to decide who may see
what and when: who owns a plan, the shares (with whom, which parts, until when), the access
log, the order of goals and steps, and the dates. The threat model is in docs/plans.md.

Statistics never read these tables: a rating also updates one de-identified outcome record
(``plans_outcomes``), which is all the municipality's aggregate releases count.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    """The life domains a citizen may choose to rate (a municipality may map them to VUM's
    themes in its own reporting; the citizen sees these plain words)."""

    WORK = "work", _("Work and education")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    RELATIONS = "relations", _("Family and friends")
    EVERYDAY = "everyday", _("Everyday life")
    LEISURE = "leisure", _("Leisure and communities")


# Goal attainment scaling: -2 much less than expected ... 0 the expected outcome ... +2 much
# more. A goal starts at -1 unless the citizen says otherwise (the usual GAS baseline).
GAS_SCORES = (-2, -1, 0, 1, 2)
# A life domain is rated on a ladder from 1 (very bad) to 10 (very good).
DOMAIN_SCORES = tuple(range(1, 11))


class Part(models.TextChoices):
    """What a share can open. The citizen chooses; a professional never widens it."""

    GOALS = "goals", _("Goals and steps")
    RATINGS = "ratings", _("Progress on goals and life domains")
    NOTES = "notes", _("Notes")
    APPOINTMENTS = "appointments", _("Appointments")
    DOCUMENTS = "documents", _("Documents")


class Plan(models.Model):
    """One citizen's plan. ``sealed_key`` is the plan's own 32-byte key, sealed under a key
    outside the database (core.crypto); deleting the plan erases it first, so that copies
    of the rows in backups no longer open."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plan",
        verbose_name=_("owner"),
    )
    # The municipality the citizen's outcomes count for (their choice; empty counts nowhere).
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    sealed_key = models.BinaryField()
    # {"title": ..., "domains": [...], "outcome_id": ...}: see crypto.plan_meta.
    sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:  # never the content
        return f"plan {self.public_id}"


class Goal(models.Model):
    """A goal in the citizen's own words: {"text", "why", "domain", "baseline"}; the
    baseline is the GAS score the citizen starts from."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveIntegerField(default=0)
    sealed = models.BinaryField()
    # Reached or let go: kept, out of the current list.
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan_id", "position", "created_at"]

    def __str__(self) -> str:  # never the content
        return f"goal {self.public_id}"


class Step(models.Model):
    """A step towards a goal: {"text", "helper", "helper_kind", "due"}. ``helper_kind`` is
    who helps: the citizen themself, their own network, a professional, or an association
    from the community directory (``organisation`` in clear, so it can be linked).

    A professional with a share may propose a step; it waits for the citizen, who accepts or
    declines it (``state``)."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        PROPOSED = "proposed", _("Proposed by a professional")
        DECLINED = "declined", _("Declined")
        DONE = "done", _("Done")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=16, choices=State.choices, default=State.ACTIVE)
    sealed = models.BinaryField()
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["goal_id", "position", "created_at"]

    def __str__(self) -> str:  # never the content
        return f"step {self.public_id}"


class Rater(models.TextChoices):
    CITIZEN = "citizen", _("The citizen")
    PROFESSIONAL = "professional", _("A professional")


class Rating(models.Model):
    """What every rating has: who rated (the citizen, or a professional through a share,
    beside the citizen and never over them), on which day, and the sealed score."""

    rater = models.CharField(max_length=16, choices=Rater.choices, default=Rater.CITIZEN)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rated_on = models.DateField()
    sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class GoalRating(Rating):
    """A GAS score on a goal on a day: {"score", "comment"}."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")

    class Meta:
        ordering = ["goal_id", "rated_on", "created_at"]

    def __str__(self) -> str:  # never the content
        return f"goal rating {self.pk}"


class DomainRating(Rating):
    """A life domain on the 1-10 ladder on a day: {"domain", "score", "comment"}."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="domain_ratings")

    class Meta:
        ordering = ["plan_id", "rated_on", "created_at"]

    def __str__(self) -> str:  # never the content
        return f"domain rating {self.pk}"


class Entry(models.Model):
    """A note or an appointment the citizen adds: {"text"} or {"text", "starts", "place",
    "with"}. ``starts_on`` stays in clear so that the plan can list coming appointments
    without opening every entry (a date, not what it is about)."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        APPOINTMENT = "appointment", _("Appointment")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="entries")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    starts_on = models.DateField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan_id", "-created_at"]

    def __str__(self) -> str:  # never the content
        return f"{self.kind} {self.public_id}"


class Document(models.Model):
    """A file the citizen adds. The file itself is sealed to the plan's key before it is
    stored (``blob`` names the ciphertext in storage); its name and type are in ``sealed``
    ({"name", "content_type"})."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    blob = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sealed = models.BinaryField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "-created_at"]

    def __str__(self) -> str:  # never the content
        return f"document {self.public_id}"


class Team(models.Model):
    """A team of professionals a citizen can share with as one (for example a job centre's
    team), kept by the municipality's administrators. Its members come and go; a share with
    the team opens to whoever is a member at the time of the request."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="plan_teams", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="plans_team_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Share(models.Model):
    """The citizen's consent: which parts of the plan, with whom (one professional or one
    team), why, and until when. In force from creation until ``ends_on`` (inclusive) or
    until revoked, whichever comes first; checked on every request (access.py). The purpose
    is the citizen's words, sealed: {"purpose"}. ``goals`` empty means every goal when
    ``parts`` includes goals; otherwise only the listed ones."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shares")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_shares",
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )
    parts = models.JSONField(default=list)
    goals = models.ManyToManyField(Goal, blank=True, related_name="shares")
    sealed = models.BinaryField()
    ends_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(professional__isnull=False, team__isnull=True)
                    | models.Q(professional__isnull=True, team__isnull=False)
                ),
                name="plans_share_one_recipient",
            )
        ]

    def __str__(self) -> str:  # never the content
        return f"share {self.public_id}"


class Access(models.Model):
    """One line of the access log the citizen reads: who did what with their plan, when, and
    under which share. Written by access.py and the services; never shows content."""

    class Action(models.TextChoices):
        SHARED = "shared", _("Shared")
        VIEWED = "viewed", _("Viewed")
        COMMENTED = "commented", _("Commented")
        PROPOSED = "proposed", _("Proposed a step")
        RATED = "rated", _("Rated progress")
        DOWNLOADED = "downloaded", _("Downloaded a document")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Share ended")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="accesses")
    share = models.ForeignKey(
        Share, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "-at"]
        indexes = [models.Index(fields=["plan", "-at"], name="plans_access_plan_at")]

    def __str__(self) -> str:  # never the content
        return f"{self.action} {self.at}"


class Comment(models.Model):
    """A professional's comment through a share (or the citizen's answer): {"text"}; on the
    plan or on one goal."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    share = models.ForeignKey(
        Share, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "created_at"]

    def __str__(self) -> str:  # never the content
        return f"comment {self.pk}"
