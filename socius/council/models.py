"""The city council of a participating municipality: its composition by party and bloc, its
committees and meetings, the items put before it and its decisions (with each party's vote
where recorded), and politicians' endorsements of recommendations and proposals.

An item names where it came from by a thread step (``source_kind``, ``source_key``: a citizen
proposal, a recommendation a party brought in, a programme milestone), so that every kind of
item is handled one way; the thread (socius.core.threads) links it both ways.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Bloc(models.TextChoices):
    RED = "red", _("Red bloc")
    CENTRE = "centre", _("Centre")
    BLUE = "blue", _("Blue bloc")
    OTHER = "other", _("Outside the blocs")


class PartyBloc(models.Model):
    """The bloc a party counts in by default (a council may place a local list otherwise)."""

    party = models.OneToOneField("core.Party", on_delete=models.CASCADE, related_name="bloc")
    bloc = models.CharField(_("bloc"), max_length=8, choices=Bloc.choices, default=Bloc.OTHER)

    class Meta:
        verbose_name = _("party's bloc")
        verbose_name_plural = _("parties' blocs")

    def __str__(self) -> str:
        return f"{self.party}: {self.get_bloc_display()}"


class Council(models.Model):
    municipality = models.OneToOneField(
        "core.Municipality", on_delete=models.PROTECT, related_name="council"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("For example: Aarhus Byråd."))
    seats = models.PositiveSmallIntegerField(_("seats"), default=31)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    composition_source = models.CharField(
        _("source of the composition"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("city council")
        verbose_name_plural = _("city councils")

    def __str__(self) -> str:
        return self.name


class CouncilGroup(models.Model):
    """A party's seats on the council and the bloc it counts in there."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="groups")
    party = models.ForeignKey("core.Party", on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveSmallIntegerField(_("seats"))
    bloc = models.CharField(_("bloc"), max_length=8, choices=Bloc.choices, default=Bloc.OTHER)

    class Meta:
        ordering = ["-seats", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "party"], name="council_group_once"),
        ]
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")

    def __str__(self) -> str:
        return f"{self.party} ({self.seats})"


class Committee(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("short name"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="council_committee_slug"),
        ]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A meeting of the council (``committee`` empty) or of one of its committees."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    date = models.DateField(_("date"))
    agenda_url = models.URLField(_("link to the agenda"), blank=True)
    minutes_url = models.URLField(_("link to the minutes"), blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "committee", "date"], name="council_meeting_once"
            ),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.committee or self.council} {self.date}"


class ItemState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SCHEDULED = "scheduled", _("On the agenda")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    AMENDED = "amended", _("Adopted as amended")
    REJECTED = "rejected", _("Rejected")
    REFERRED = "referred", _("Sent to a committee")


class Source(models.TextChoices):
    PROPOSAL = "proposal", _("A citizen proposal that reached its threshold")
    RECOMMENDATION = "recommendation", _("A recommendation a party brought in")
    MILESTONE = "milestone", _("A milestone of the programme")
    OTHER = "other", _("Another matter")


class CouncilItem(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="items")
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=3000, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    # The thread step the item came from (kind and key as registered in core.threads).
    source_kind = models.CharField(max_length=40, blank=True)
    source_key = models.CharField(max_length=64, blank=True)
    brought_by = models.ForeignKey(
        "core.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brought in by"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ItemState.choices, default=ItemState.REGISTERED
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_text = models.TextField(_("the decision in words"), max_length=5000, blank=True)
    decision_url = models.URLField(_("link to the decision document"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    follow_up_by = models.DateField(_("follow up by"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), max_length=3000, blank=True)
    # The day the secretariat was last reminded of the follow-up (one reminder a day).
    follow_up_reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source_kind", "source_key"], name="council_item_source")]
        verbose_name = _("council item")
        verbose_name_plural = _("council items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("council:item-detail", args=[self.public_id])


class Vote(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstained")


class PartyVote(models.Model):
    """How a party voted on an item's decision (where the minutes record it)."""

    item = models.ForeignKey(CouncilItem, on_delete=models.CASCADE, related_name="votes")
    party = models.ForeignKey("core.Party", on_delete=models.PROTECT, related_name="+")
    vote = models.CharField(_("vote"), max_length=8, choices=Vote.choices)
    seats = models.PositiveSmallIntegerField(_("seats voting"), null=True, blank=True)

    class Meta:
        ordering = ["party__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "party"], name="council_vote_once"),
        ]
        verbose_name = _("party's vote")
        verbose_name_plural = _("parties' votes")

    def __str__(self) -> str:
        return f"{self.party_id}: {self.vote}"


class Endorsement(models.Model):
    """A politician of a verified party stands behind a recommendation or a proposal, with a
    short reason. ``party`` is the party they were verified for when they endorsed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    target_kind = models.CharField(max_length=40)  # a thread kind: recommendation, proposal
    target_key = models.CharField(max_length=64)
    politician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements"
    )
    party = models.ForeignKey("core.Party", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["target_kind", "target_key"], name="council_endorse_target")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_key", "politician"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="council_endorse_once",
            ),
        ]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.politician_id}: {self.target_kind} {self.target_key}"


class EndorsementInvitation(models.Model):
    """An editor asked the verified politicians of a party to consider endorsing."""

    target_kind = models.CharField(max_length=40)
    target_key = models.CharField(max_length=64)
    party = models.ForeignKey("core.Party", on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-invited_at"]
        verbose_name = _("endorsement invitation")
        verbose_name_plural = _("endorsement invitations")

    def __str__(self) -> str:
        return f"{self.party_id}: {self.target_kind} {self.target_key}"
