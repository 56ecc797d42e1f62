"""Conversations, statements, votes, engine results and solution proposals.

Privacy: a vote points at a ``Participant`` (a number within one conversation), not at an
account directly, so exports and the engine work on numbers. Party and role are read from core
only when the engine runs and are never stored next to a vote.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

STATEMENT_MAX_LENGTH = 280


class Conversation(models.Model):
    class Moderation(models.TextChoices):
        PRE = "pre", _("Pre-moderation: statements are shown after approval")
        POST = "post", _("Post-moderation: statements are shown at once and checked afterwards")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.PROTECT, related_name="+", verbose_name=_("theme")
    )
    title = models.CharField(_("title"), max_length=140)
    question = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("introduction"), max_length=3000, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=8, choices=Moderation.choices, default=Moderation.PRE
    )
    is_open = models.BooleanField(_("open for statements and votes"), default=True)
    # Empty: public, as every conversation. Otherwise "<prefix>:<id>" of a closed audience
    # (deliberation.audiences): never listed, searched or shown to anyone outside it.
    audience = models.CharField(
        _("closed to"), max_length=80, blank=True, default="", editable=False, db_index=True
    )
    # Raised by every cast or changed vote; engine runs record the revision they cover.
    vote_revision = models.PositiveBigIntegerField(default=0)
    # True from the first vote after a run until the queued recompute starts: later votes then
    # queue nothing, however many transactions they come in (services.recompute_request).
    recompute_queued = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:conversation-detail", args=[self.slug])


class BackgroundLink(models.Model):
    """Background material: a publication in the knowledge hub or another trusted page."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="background_links"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("background link")
        verbose_name_plural = _("background links")

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A person's number in one conversation; votes and exports use the number."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conversation_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="deliberation_participant_once"
            ),
            models.UniqueConstraint(
                fields=["conversation", "number"], name="deliberation_participant_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.number}"


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("Not about the question")
        PERSONAL = "personal", _("Names or describes a person")
        HOSTILE = "hostile", _("Hostile, degrading or discriminating")
        DUPLICATE = "duplicate", _("Says the same as another statement")
        SEVERAL = "several", _("More than one idea: split it in two")
        UNCLEAR = "unclear", _("Hard to understand")
        ADVERTISING = "advertising", _("Advertising or spam")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    author = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    text = models.CharField(_("statement"), max_length=STATEMENT_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # "Shown" means people can vote on it (accepted, or pending under post-moderation).
    shown = models.BooleanField(default=False)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    reason_note = models.CharField(_("note to the author"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["conversation_id", "id"]
        indexes = [models.Index(fields=["conversation", "status"])]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass / unsure")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=Value.choices)
    revision = models.PositiveBigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="deliberation_vote_once"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="deliberation_vote_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}:{self.statement_id}={self.value}"


class ResultRun(models.Model):
    """One engine run: the serialised result and the votes it covers (versioned, never edited)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="result_runs"
    )
    version = models.PositiveIntegerField()
    vote_revision = models.PositiveBigIntegerField()
    vote_count = models.PositiveIntegerField()
    participant_count = models.PositiveIntegerField()
    incremental = models.BooleanField(default=False)
    duration_ms = models.PositiveIntegerField(default=0)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conversation_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "version"], name="deliberation_run_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id} v{self.version}"


class SolutionProposal(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open for comments and votes")
        PUBLISHED = "published", _("Sent to the knowledge hub")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="solutions"
    )
    title = models.CharField(_("title"), max_length=140)
    summary = models.CharField(_("summary"), max_length=500)
    body = models.TextField(_("proposal"), max_length=10000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    recommendation_page_id = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("solution proposal")
        verbose_name_plural = _("solution proposals")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deliberation:solution-detail", args=[self.public_id])


class SolutionStatement(models.Model):
    """A statement a proposal builds on, with its support when the proposal was drafted."""

    proposal = models.ForeignKey(SolutionProposal, on_delete=models.CASCADE, related_name="basis")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    support = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "statement"], name="deliberation_solution_statement_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.statement_id}"


class SolutionComment(models.Model):
    proposal = models.ForeignKey(
        SolutionProposal, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)
    # Moderators hide comments that break the rules (same reasons as for statements).
    hidden_reason = models.CharField(
        _("reason"), max_length=16, choices=Statement.Reason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.pk}"


class SolutionVote(models.Model):
    class Value(models.IntegerChoices):
        SUPPORT = 1, _("I support it")
        OPPOSE = -1, _("I do not support it")
        UNSURE = 0, _("Unsure")

    proposal = models.ForeignKey(SolutionProposal, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(choices=Value.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="deliberation_solution_vote_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.user_id}={self.value}"


class RoleQuestion(models.Model):
    """Whether a person has been asked, after a vote, how they take part (their public role).

    Asked once on the whole platform: at the first vote a person casts while they hold no
    public role and have never been asked. The question waits on the conversation pages until
    they answer it, skip it or cast another vote; after that it is never shown again, and
    roles are changed on the profile (services.role_question_after_vote)."""

    class Outcome(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        SKIPPED = "skipped", _("Skipped")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.outcome}"
