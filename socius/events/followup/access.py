"""The doors to what comes after an event.

Organisers' pages go through ``socius.events.access.event_for_manage`` (404 for everyone else,
so a slug reveals nothing). Materials are public with the event once it has started; before
that, and for a draft event, a material's address answers 404 like a missing one. The survey
is reached with the secret in its link alone (``survey_invite_for_link``).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.http import Http404
from django.utils import timezone

from socius.events.access import event_can_manage, event_for_manage, event_for_public
from socius.events.followup.models import Material, SurveyInvite
from socius.events.models import Event
from socius.events.services import secret_hash

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def material_for_download(*, user: Any, slug: str, material_id: int) -> Material:
    """Slides of an event anyone may see that has started; organisers see them before."""
    event = event_for_public(user=user, slug=slug)
    material = (
        Material.objects.filter(pk=material_id, event=event, kind=Material.Kind.SLIDES)
        .select_related("event")
        .first()
    )
    if material is None:
        raise Http404
    if event.starts_at > timezone.now() and not event_can_manage(user=user, event=event):
        raise Http404
    return material


# The survey link's secret is stored as the events' links are: its SHA-256.
token_hash = secret_hash


def survey_invite_for_link(
    *, slug: str, token: str, now: datetime.datetime | None = None
) -> SurveyInvite | None:
    """The invitation whose link carries ``token`` for the event ``slug``, answered or not;
    None for a malformed, unknown or foreign token, or once the survey has closed."""
    from socius.events.followup.services import SURVEY_OPEN_DAYS

    if not _TOKEN.fullmatch(token or ""):
        return None
    invite = (
        SurveyInvite.objects.filter(token_hash=token_hash(token), registration__event__slug=slug)
        .select_related("registration__event")
        .first()
    )
    if invite is None:
        return None
    event: Event = invite.registration.event
    now = now or timezone.now()
    if event.ends_at + datetime.timedelta(days=SURVEY_OPEN_DAYS) < now:
        return None
    return invite


def material_for_manage(*, user: Any, slug: str, material_id: int) -> Material:
    """A material of an event ``user`` organises; 404 for anything else."""
    event = event_for_manage(user=user, slug=slug)
    material = Material.objects.filter(pk=material_id, event=event).select_related("event").first()
    if material is None:
        raise Http404
    return material
