"""Mail about advice requests, each in the recipient's own language, sent after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from socius.advice.models import AdviceRequest
from socius.core.access import ACTING_ROLES, users_with_capability
from socius.core.roles import Capability
from socius.core.tasks import mail_send_on_commit


def organisation_people(request: AdviceRequest) -> list[Any]:
    """Whoever asked, and the organisation's contacts and board members: they follow the case."""
    people = {
        m.user.pk: m.user
        for m in request.organisation.memberships.filter(
            role__in=ACTING_ROLES, user__is_active=True
        ).select_related("user")
    }
    if request.created_by is not None and request.created_by.is_active:
        people.setdefault(request.created_by.pk, request.created_by)
    return list(people.values())


def advisors() -> list[Any]:
    """Everyone who works the queue."""
    return list(users_with_capability(Capability.ADVICE_HANDLE))


def mail_people(people: Iterable[Any], template: str, context: dict[str, Any]) -> None:
    """Send ``advice/mail/<template>_subject.txt`` and ``_body.txt`` to each person."""
    for person in people:
        if not person.email:
            continue
        with translation.override(person.language):
            ctx = {"user": person, "site_url": settings.SITE_URL, **context}
            subject = render_to_string(f"advice/mail/{template}_subject.txt", ctx).strip()
            body = render_to_string(f"advice/mail/{template}_body.txt", ctx)
        mail_send_on_commit(subject=" ".join(subject.split()), body=body, to=[person.email])
