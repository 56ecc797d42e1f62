"""Check-in records: every scan a door device synced, and each event's ticket key generation.

A ``Scan`` is one reading of a code on one device, identified by the random ``nonce`` the
device gave it: the same nonce sent again (a retried sync, a replayed request) is the same
scan, answered as before and stored once. The first accepted scan of a registration (by the
time it was scanned) is its check-in; later ones are "already checked in", and those from
another device than the check-in's are flagged as conflicts for the organiser.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketKey(models.Model):
    """The generation of an event's ticket key; no row means generation 1. The key itself is
    derived (socius/events/checkin/tickets.py), never stored."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="ticket_key"
    )
    generation = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event_id"]

    def __str__(self) -> str:
        return f"{self.event_id}: generation {self.generation}"


class Scan(models.Model):
    class Outcome(models.TextChoices):
        CHECKED_IN = "checked_in", _("Checked in")
        ALREADY = "already", _("Already checked in")
        REFUSED = "refused", _("Refused")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="scans")
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scans",
    )
    nonce = models.UUIDField()
    device = models.CharField(max_length=64)
    # When the device read the code (its clock, kept only when plausible) and when it arrived.
    scanned_at = models.DateTimeField()
    received_at = models.DateTimeField()
    synced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    # Refused: why (tickets.Refusal); never the text that was scanned.
    reason = models.CharField(max_length=20, blank=True)
    # Accepted on another device than the registration's check-in: shown to the organiser.
    conflict = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scanned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "nonce"], name="event_checkin_scan_once")
        ]
        indexes = [
            models.Index(fields=["registration", "scanned_at"], name="event_checkin_reg_time"),
            models.Index(fields=["event", "conflict"], name="event_checkin_conflicts"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.nonce}:{self.outcome}"
