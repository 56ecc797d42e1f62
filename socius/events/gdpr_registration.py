"""Registrations in a person's data export and account deletion (core.personal_data).

Export: each registration with its event, status, party size, answers and needs. Erasure:
live registrations are cancelled first (their seats go to the waiting list), then every
registration of the person is deleted, answers and needs with it."""

from __future__ import annotations

from typing import Any

from socius.core.personal_data import personal_data_register


def _export(user: Any) -> list[dict[str, Any]]:
    from socius.events.models import Registration

    rows = (
        Registration.objects.filter(user=user)
        .select_related("event")
        .prefetch_related("answers__question")
    )
    return [
        {
            "event": r.event.title,
            "starts_at": r.event.starts_at.isoformat(),
            "status": r.status,
            "party_size": r.party_size,
            "name": r.name,
            "email": r.email,
            "waiting_number": r.waiting_number,
            "dietary_needs": r.dietary_needs,
            "access_needs": r.access_needs,
            "answers": {a.question.text: a.text for a in r.answers.all()},
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]


def _erase(user: Any) -> None:
    from socius.events import services
    from socius.events.models import Registration

    for registration in Registration.objects.filter(user=user, status__in=services.LIVE):
        services.registration_release_for_erasure(registration=registration)
    Registration.objects.filter(user=user).delete()


personal_data_register("events", export=_export, erase=_erase)
