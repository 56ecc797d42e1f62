"""Mail about a proposal: to its proposer and followers (each in their own language), and to
the council secretariat. Always sent after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from socius.core.tasks import mail_send_on_commit
from socius.proposals.models import Follower, MunicipalitySettings, Proposal


def _send(template: str, context: dict[str, Any], email: str, language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"proposals/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"proposals/mail/{template}_body.txt", context)
    mail_send_on_commit(subject=" ".join(subject.split()), body=body, to=[email])


def notify_people(proposal: Proposal, template: str, context: dict[str, Any]) -> None:
    """The proposer and every follower, once each."""
    user_ids = {proposal.proposer_id} | set(
        Follower.objects.filter(proposal=proposal).values_list("user_id", flat=True)
    )
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        _send(template, {"proposal": proposal, "user": user, **context}, user.email, user.language)


def notify_secretariat(proposal: Proposal, template: str, context: dict[str, Any]) -> None:
    rules = MunicipalitySettings.objects.filter(municipality_id=proposal.municipality_id).first()
    if rules is not None and rules.secretariat_email:
        _send(template, {"proposal": proposal, **context}, rules.secretariat_email, "da")


def notify_email(template: str, context: dict[str, Any], email: str) -> None:
    _send(template, context, email, translation.get_language() or "da")
