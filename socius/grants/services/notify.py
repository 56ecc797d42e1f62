"""Mail to the people behind an application, each in their own language, after commit."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from socius.core.models import Membership
from socius.core.tasks import mail_send_on_commit
from socius.grants.models import Application


def notify_applicants(app: Application, template: str, context: dict[str, Any]) -> None:
    """Send ``grants/mail/<template>_subject.txt`` and ``_body.txt`` to the contacts."""
    contacts = Membership.objects.filter(
        organisation=app.organisation, role=Membership.Role.CONTACT, user__is_active=True
    ).select_related("user")
    for membership in contacts:
        user = membership.user
        with translation.override(user.language):
            ctx = {"application": app, "user": user, **context}
            subject = render_to_string(f"grants/mail/{template}_subject.txt", ctx).strip()
            body = render_to_string(f"grants/mail/{template}_body.txt", ctx)
        mail_send_on_commit(subject=subject, body=body, to=[user.email])
