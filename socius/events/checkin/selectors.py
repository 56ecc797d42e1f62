"""Reads for check-in: attendance counts, the door list, conflicts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from socius.events.checkin import tickets
from socius.events.checkin.models import Scan
from socius.events.checkin.services import TICKET_STATUSES, first_name
from socius.events.models import Event, Registration

# The door list is kept on the device until two days after the event ends, then forgotten.
LIST_KEPT_AFTER_END = datetime.timedelta(days=2)


@dataclass(frozen=True)
class Attendance:
    """Who came, in registrations and in people (the sum of party sizes)."""

    registrations: int
    people: int
    confirmed_registrations: int
    confirmed_people: int


def attendance_for(event: Event) -> Attendance:
    """Checked-in registrations and people of ``event``, beside the confirmed ones; one query.
    No names: safe for the organiser's page and open data."""
    checked = Q(checked_in_at__isnull=False)
    confirmed = Q(status=Registration.Status.CONFIRMED)
    row = Registration.objects.filter(event=event).aggregate(
        registrations=Count("pk", filter=checked),
        people=Coalesce(Sum("party_size", filter=checked), 0),
        confirmed_registrations=Count("pk", filter=confirmed),
        confirmed_people=Coalesce(Sum("party_size", filter=confirmed), 0),
    )
    return Attendance(**row)


def door_list_for(event: Event) -> dict[str, Any]:
    """What a door device keeps for offline use: the event's public key and, per registration
    that can hold a ticket, its public id, party size, first name (confirmed only), status,
    short code and check-in time. Nothing else: no surname, e-mail, needs or answers."""
    generation = tickets.key_generation(event)
    rows = []
    for registration in Registration.objects.filter(event=event, status__in=TICKET_STATUSES).only(
        "pk", "public_id", "party_size", "name", "status", "checked_in_at", "event_id"
    ):
        token = tickets.token_text(registration, event=event, generation=generation)
        confirmed = registration.status == Registration.Status.CONFIRMED
        rows.append(
            {
                "id": str(registration.public_id),
                "party": registration.party_size,
                "name": first_name(registration) if confirmed else "",
                "status": "confirmed" if confirmed else "cancelled",
                "code": tickets.short_code_of(token),
                "in": registration.checked_in_at.isoformat()
                if registration.checked_in_at
                else None,
            }
        )
    return {
        "event": str(event.public_id),
        "generation": generation,
        "key": tickets.public_key_text(event, generation),
        "expires": (event.ends_at + LIST_KEPT_AFTER_END).isoformat(),
        "generated_at": timezone.now().isoformat(),
        "registrations": rows,
    }


def scan_conflicts_for(event: Event) -> QuerySet[Scan]:
    """Scans of an already checked-in registration from another device, newest first."""
    return (
        Scan.objects.filter(event=event, conflict=True)
        .select_related("registration", "synced_by")
        .order_by("-scanned_at", "-id")
    )


def scan_first_for(registrations: list[int]) -> dict[int, Scan]:
    """The check-in scan of each of ``registrations`` (one query)."""
    scans = Scan.objects.filter(
        registration_id__in=registrations, outcome=Scan.Outcome.CHECKED_IN
    ).select_related("synced_by")
    return {s.registration_id: s for s in scans if s.registration_id is not None}


def scan_refused_count(event: Event) -> int:
    return Scan.objects.filter(event=event, outcome=Scan.Outcome.REFUSED).count()
