"""Citizen proposals (borgerforslag): a municipality's settings, proposals, co-proposers,
signatures and the daily published counts."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socius.proposals.workflows import Decision, ProposalState


class Track(models.TextChoices):
    """The scheme a proposal belongs to: the citizens' own, or the youth track, where a school
    class's project comes to the council with its teacher as the responsible adult."""

    CITIZEN = "citizen", _("Citizen proposal")
    YOUTH = "youth", _("Youth proposal")


class MunicipalitySettings(models.Model):
    """The scheme's rules in one municipality. A proposal copies them when it is published."""

    municipality = models.OneToOneField(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="proposal_settings",
        verbose_name=_("municipality"),
    )
    threshold = models.PositiveIntegerField(
        _("signatures needed"),
        default=1500,
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
    )
    period_days = models.PositiveSmallIntegerField(
        _("signing period (days)"),
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age of signers"),
        default=15,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    residents_only = models.BooleanField(_("signers must live in the municipality"), default=True)
    coproposers_required = models.PositiveSmallIntegerField(
        _("co-proposers needed"), default=3, validators=[MaxValueValidator(20)]
    )
    coproposer_days = models.PositiveSmallIntegerField(
        _("days co-proposers have to confirm"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    title_max = models.PositiveSmallIntegerField(
        _("longest title (characters)"),
        default=140,
        validators=[MinValueValidator(20), MaxValueValidator(300)],
    )
    text_max = models.PositiveIntegerField(
        _("longest proposal text (characters)"),
        default=2000,
        validators=[MinValueValidator(100), MaxValueValidator(20_000)],
    )
    remarks_max = models.PositiveIntegerField(
        _("longest remarks (characters)"),
        default=10_000,
        validators=[MinValueValidator(0), MaxValueValidator(50_000)],
    )
    council_months = models.PositiveSmallIntegerField(
        _("months the council has to deal with a proposal"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    secretariat_email = models.EmailField(_("e-mail of the council secretariat"), blank=True)
    # The youth track: proposals from school classes, sponsored by their teacher as the
    # responsible adult (socius.school). Its own threshold, deadline and signing age; no
    # co-proposers. The other rules (period, residence, text lengths) are the scheme's.
    youth_enabled = models.BooleanField(_("youth proposals are possible"), default=True)
    youth_threshold = models.PositiveIntegerField(
        _("signatures needed for a youth proposal"),
        default=150,
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
    )
    youth_council_months = models.PositiveSmallIntegerField(
        _("months the committee has to answer a youth proposal"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    youth_minimum_age = models.PositiveSmallIntegerField(
        _("minimum age of signers of a youth proposal"),
        default=13,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    TERMS = (
        "threshold",
        "period_days",
        "minimum_age",
        "residents_only",
        "coproposers_required",
        "coproposer_days",
        "council_months",
    )

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("proposal settings")
        verbose_name_plural = _("proposal settings")

    def __str__(self) -> str:
        return str(self.municipality)

    def terms(self, track: str = "citizen") -> dict[str, Any]:
        """The terms a proposal on ``track`` is published under: a youth proposal takes the
        youth track's threshold, deadline and age, and needs no co-proposers."""
        terms = {name: getattr(self, name) for name in self.TERMS}
        if track == Track.YOUTH:
            terms |= {
                "threshold": self.youth_threshold,
                "council_months": self.youth_council_months,
                "minimum_age": self.youth_minimum_age,
                "coproposers_required": 0,
            }
        return terms


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def with_counts(self) -> ProposalQuerySet:
        """Annotate each proposal's online and paper counts and their ``total`` (one subquery
        each over the proposal's counter shards)."""
        shards = SignatureCount.objects.filter(proposal=OuterRef("pk")).values("proposal")
        online = shards.annotate(n=Sum("online")).values("n")
        paper = shards.annotate(n=Sum("paper")).values("n")
        return self.annotate(
            counted_online=Coalesce(Subquery(online), 0),
            counted_paper=Coalesce(Subquery(paper), 0),
        ).annotate(total=F("counted_online") + F("counted_paper"))


class Proposal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("municipality"),
    )
    theme = models.ForeignKey(
        "core.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme"),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("the proposal"))
    remarks = models.TextField(_("remarks"), blank=True)
    track = models.CharField(
        _("track"), max_length=8, choices=Track.choices, default=Track.CITIZEN, db_index=True
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    # The municipality's settings as they were when the proposal was published.
    terms = models.JSONField(_("terms"), default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    signing_ends_at = models.DateTimeField(_("signing ends"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    council_deadline = models.DateField(_("the council must decide by"), null=True, blank=True)
    meeting_date = models.DateField(_("council meeting"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    minutes_url = models.URLField(_("link to the minutes"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_rules = models.JSONField(default=list, blank=True)
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    milestone = models.PositiveSmallIntegerField(default=0)  # last % notified: 0/25/50/75/100
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)
    # The knowledge hub's policy recommendation the proposal was started from (a page id:
    # the hub is another module, so no foreign key; the thread links the two).
    recommendation_page_id = models.PositiveIntegerField(
        _("recommendation it builds on"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "-published_at"], name="proposals_state_pub")]
        verbose_name = _("citizen proposal")
        verbose_name_plural = _("citizen proposals")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:proposal-detail", args=[self.public_id])

    # The counts live in SignatureCount's shards. A list annotates them (ProposalQuerySet.
    # with_counts); otherwise the first read sums the shards once for this copy, and
    # refresh_from_db forgets them.
    def _counts(self) -> tuple[int, int]:
        held = self.__dict__.get("_signature_counts")
        if held is None:
            held = self.__dict__["_signature_counts"] = signature_totals(self.pk)
        return held

    # Not ``__dict__.get(name, self._counts()[0])``: the default would be computed, one
    # query per proposal, even on a list that annotated the counts.
    @property
    def signatures_online(self) -> int:
        if "counted_online" in self.__dict__:
            return int(self.__dict__["counted_online"])
        return self._counts()[0]

    @property
    def signatures_paper(self) -> int:
        if "counted_paper" in self.__dict__:
            return int(self.__dict__["counted_paper"])
        return self._counts()[1]

    @property
    def signature_count(self) -> int:
        return self.signatures_online + self.signatures_paper

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        for name in ("_signature_counts", "counted_online", "counted_paper"):
            self.__dict__.pop(name, None)
        super().refresh_from_db(*args, **kwargs)

    @property
    def is_youth(self) -> bool:
        return self.track == Track.YOUTH

    @property
    def threshold(self) -> int:
        return int(self.terms.get("threshold", 0) or 0)

    @property
    def progress_percent(self) -> int:
        if not self.threshold:
            return 0
        return min(100, self.signature_count * 100 // self.threshold)


class CoProposer(models.Model):
    """A person invited by link to stand behind the proposal; counts once confirmed.

    The e-mail address is emptied when the person deletes their account (see gdpr.py); the
    confirmation stays, since standing behind a proposal is a public act."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="coproposers")
    email = models.EmailField(_("e-mail address"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "email"],
                condition=~models.Q(email=""),
                name="proposals_coproposer_once",
            )
        ]
        verbose_name = _("co-proposer")
        verbose_name_plural = _("co-proposers")

    def __str__(self) -> str:
        return self.email or f"{self.proposal_id}:{self.pk}"


class TimelineEvent(models.Model):
    """One public line on the proposal's timeline (each is also in the audit log)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    state = models.CharField(max_length=16, choices=ProposalState.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.kind}"


class Signature(models.Model):
    """One person's support. The person is known only by a keyed hash of their identifier."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="signatures")
    identity_hash = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    receipt_salt = models.CharField(max_length=32)
    receipt_hash = models.CharField(max_length=64)
    signer_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "identity_hash"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="proposals_one_signature_per_person",
            )
        ]
        # Receipts are looked up by exact hash: a plain index (db_index on a CharField would
        # add a second, pattern-matching index that every signature pays for and nothing uses).
        indexes = [models.Index(fields=["receipt_hash"], name="proposals_signature_receipt")]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.pk}"


class SignatureCount(models.Model):
    """One shard of a proposal's signature counters; the counts are the sums over its shards.

    Each signature changes one shard in the statement that stores it (the database session's
    shard, see services/signing.py), so the counts always equal the valid rows, and signers on
    other connections never wait for each other's row lock and commit flush, as they would
    behind one counter. A shard may go below zero when a signature counted in another shard is
    withdrawn; only the sums mean anything."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    shard = models.PositiveSmallIntegerField()
    online = models.IntegerField(default=0)
    paper = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "shard"], name="proposals_count_shard")
        ]
        verbose_name = _("signature count")
        verbose_name_plural = _("signature counts")

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.shard}"


def signature_totals(proposal_id: int | None) -> tuple[int, int]:
    """(online, paper) signatures of one proposal: the sums over its shards."""
    if proposal_id is None:
        return 0, 0
    sums = SignatureCount.objects.filter(proposal_id=proposal_id).aggregate(
        online=Coalesce(Sum("online"), 0), paper=Coalesce(Sum("paper"), 0)
    )
    return sums["online"], sums["paper"]


class PaperDetails(models.Model):
    """What a paper form says about its signer, for the secretariat's checks."""

    signature = models.OneToOneField(Signature, on_delete=models.CASCADE, related_name="paper")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    birth_date = models.DateField(_("birth date"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("paper signature")
        verbose_name_plural = _("paper signatures")

    def __str__(self) -> str:
        return self.name


class Tally(models.Model):
    """The count published for one proposal on one day, with the Merkle root of its receipts."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="tallies")
    day = models.DateField()
    online = models.PositiveIntegerField()
    paper = models.PositiveIntegerField()
    merkle_root = models.CharField(max_length=64)
    # The leaves: receipt hashes (hex), sorted, one a line.
    leaves = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "day"], name="proposals_tally_once_a_day")
        ]
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.day}"

    def leaf_list(self) -> list[str]:
        return self.leaves.split("\n") if self.leaves else []


class Follower(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposals_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.user_id}"
