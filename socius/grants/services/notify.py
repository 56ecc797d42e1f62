"""Mail about an application, to its applicants or to the staff handling it, each in their own
language, after commit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from socius.core.access import user_can, users_with_capability
from socius.core.models import Membership
from socius.core.roles import Capability
from socius.core.tasks import mail_send_on_commit
from socius.grants.models import Application, Message

if TYPE_CHECKING:
    from socius.accounts.models import User


def notify_applicants(app: Application, template: str, context: dict[str, Any]) -> None:
    """Send ``grants/mail/<template>_subject.txt`` and ``_body.txt`` to the contacts."""
    contacts = Membership.objects.filter(
        organisation=app.organisation, role=Membership.Role.CONTACT, user__is_active=True
    ).select_related("user")
    for membership in contacts:
        _send(membership.user, app, template, context)


def notify_staff_of_answer(app: Application, message: Message) -> None:
    """An applicant wrote: tell the staff who asked questions on this application and may
    still manage grants; if nobody asked, everyone who manages grants."""
    asked = get_user_model().objects.filter(
        pk__in=Message.objects.filter(application=app, from_staff=True).values("author_id"),
        is_active=True,
    )
    staff = [u for u in asked if user_can(u, Capability.GRANTS_MANAGE)]
    if not staff:
        staff = list(users_with_capability(Capability.GRANTS_MANAGE))
    for user in staff:
        _send(user, app, "answer", {"message": message})


def _send(user: User, app: Application, template: str, context: dict[str, Any]) -> None:
    with translation.override(user.language):
        ctx = {"application": app, "user": user, "site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"grants/mail/{template}_subject.txt", ctx).strip()
        body = render_to_string(f"grants/mail/{template}_body.txt", ctx)
    mail_send_on_commit(subject=subject, body=body, to=[user.email])
