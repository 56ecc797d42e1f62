"""Writes of the programme: the programme itself, its commitments and the activity an editor
links by hand. Every write runs in one transaction, is audited and refuses bad input with a
translated ValidationError (docs/programme.md). Actions and measures: services_actions.py."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.models import Municipality, Theme
from socius.core.roles import Capability
from socius.core.threads import step_kind
from socius.programme.audit import programme_action
from socius.programme.models import ActivityLink, Commitment, Programme

AUDIT_PROGRAMME_SAVED = programme_action(
    "programme.programme.saved", gettext_lazy("Programme saved")
)
AUDIT_COMMITMENT_SAVED = programme_action(
    "programme.commitment.saved", gettext_lazy("Programme commitment saved")
)
AUDIT_LINK_ADDED = programme_action(
    "programme.link.added", gettext_lazy("Programme activity linked")
)
AUDIT_LINK_REMOVED = programme_action(
    "programme.link.removed", gettext_lazy("Programme activity link removed")
)

# The kinds of activity an editor may tie to a commitment by hand: thread kinds other modules
# register (each with a search for editors), and contracts with social clauses in the
# commitment's municipality; grant rounds and plan outcomes come by theme only.
LINK_KINDS = ("event", "proposal", "conversation", "recommendation", "publication", "council_item")


def text_clean(value: Any, *, field: str, max_length: int, required: bool = True) -> str:
    """Plain text as stored: stripped, within its length. Pages escape it when they show it,
    so HTML in it is shown as text, never run."""
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: _("Fill in this field.")})
    if len(text) > max_length:
        raise ValidationError(
            {field: _("Write at most %(count)d characters.") % {"count": max_length}}
        )
    return text


def period_check(start: datetime.date, end: datetime.date, *, field: str = "period_end") -> None:
    if end < start:
        raise ValidationError({field: _("The end date must be on or after the start date.")})


def programme_save(
    *,
    actor: Any,
    municipality: Municipality,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    introduction: str = "",
    adopted_on: datetime.date | None = None,
    published: bool = False,
    programme: Programme | None = None,
) -> Programme:
    """Create a municipality's programme, or change ``programme``."""
    require(actor, Capability.PROGRAMME_MANAGE)
    title = text_clean(title, field="title", max_length=200)
    introduction = text_clean(introduction, field="introduction", max_length=3000, required=False)
    period_check(period_start, period_end)
    with transaction.atomic():
        if programme is None:
            slug = slugify(title)[:80] or "program"
            if Programme.objects.filter(municipality=municipality, slug=slug).exists():
                raise ValidationError(
                    {"title": _("The municipality has a programme by that name.")}
                )
            programme = Programme(municipality=municipality, slug=slug)
        programme.title = title
        programme.introduction = introduction
        programme.period_start = period_start
        programme.period_end = period_end
        programme.adopted_on = adopted_on
        programme.published = published
        programme.save()
        audit_record(
            actor=actor,
            action=AUDIT_PROGRAMME_SAVED,
            target=programme,
            data={"title": title, "published": published},
        )
    return programme


def commitment_save(
    *,
    actor: Any,
    programme: Programme,
    number: int,
    title: str,
    description: str,
    owner_department: str,
    committee: str = "",
    themes: Iterable[Theme] = (),
    commitment: Commitment | None = None,
) -> Commitment:
    """Create a commitment of ``programme``, or change ``commitment``."""
    require(actor, Capability.PROGRAMME_MANAGE)
    if commitment is not None and commitment.programme_id != programme.pk:
        raise ValidationError(_("The commitment belongs to another programme."))
    title = text_clean(title, field="title", max_length=200)
    description = text_clean(description, field="description", max_length=3000)
    owner_department = text_clean(owner_department, field="owner_department", max_length=160)
    committee = text_clean(committee, field="committee", max_length=160, required=False)
    if not 1 <= int(number) <= 99:
        raise ValidationError({"number": _("Choose a number from 1 to 99.")})
    with transaction.atomic():
        taken = Commitment.objects.filter(programme=programme, number=number)
        if commitment is not None:
            taken = taken.exclude(pk=commitment.pk)
        if taken.exists():
            raise ValidationError({"number": _("Another commitment has that number.")})
        if commitment is None:
            commitment = Commitment(programme=programme, slug=_commitment_slug(programme, title))
        commitment.number = number
        commitment.title = title
        commitment.description = description
        commitment.owner_department = owner_department
        commitment.committee = committee
        commitment.save()
        commitment.themes.set(list(themes))
        audit_record(
            actor=actor,
            action=AUDIT_COMMITMENT_SAVED,
            target=commitment,
            data={"number": number, "title": title},
        )
    return commitment


def _commitment_slug(programme: Programme, title: str) -> str:
    base = slugify(title)[:70] or "forpligtelse"
    slug, n = base, 2
    while Commitment.objects.filter(programme=programme, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def activity_link_add(*, actor: Any, commitment: Commitment, kind: str, key: str) -> ActivityLink:
    """Tie a piece of the platform's activity to ``commitment`` by hand. The kind must be one
    editors may link, and the object must exist and be public (resolved through its module's
    thread kind, as a visitor would see it)."""
    from socius.programme.selectors_activity import CONTRACT_KIND, contracts_linked

    require(actor, Capability.PROGRAMME_MANAGE)
    key = str(key or "").strip()[:64]
    if kind == CONTRACT_KIND:
        # A contract with a social clause in the commitment's own municipality.
        from socius.programme.services_actions import parse_uuid

        contract_id = parse_uuid(key)
        if contract_id is None or not contracts_linked(commitment, [key]):
            raise ValidationError({"key": _("Choose an activity from the list.")})
        key = str(contract_id)
    else:
        found = step_kind(kind)
        if kind not in LINK_KINDS or found is None:
            raise ValidationError({"kind": _("Choose a kind of activity from the list.")})
        if not key or key not in found.resolve([key], None):
            raise ValidationError({"key": _("Choose an activity from the list.")})
    with transaction.atomic():
        link, created = ActivityLink.objects.get_or_create(
            commitment=commitment, kind=kind, key=key, defaults={"added_by": actor}
        )
        if not created:
            raise ValidationError(_("That activity is already linked to the commitment."))
        audit_record(
            actor=actor, action=AUDIT_LINK_ADDED, target=commitment, data={"kind": kind, "key": key}
        )
    return link


def activity_link_remove(*, actor: Any, link: ActivityLink) -> None:
    """Remove a link an editor added."""
    require(actor, Capability.PROGRAMME_MANAGE)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AUDIT_LINK_REMOVED,
            target=link.commitment,
            data={"kind": link.kind, "key": link.key},
        )
        link.delete()
