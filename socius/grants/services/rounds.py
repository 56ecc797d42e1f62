from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.core.text import danish_slugify
from socius.grants.audit import (
    AUDIT_CRITERION_SAVED,
    AUDIT_FORM_FIELD_DELETED,
    AUDIT_FORM_FIELD_SAVED,
    AUDIT_POOL_CREATED,
    AUDIT_ROUND_CREATED,
    AUDIT_THEME_MINIMUM_SET,
)
from socius.grants.models import Criterion, FormField, Pool, Round, ThemeMinimum
from socius.grants.scoring import DEFAULT_CRITERIA
from socius.grants.workflows import ROUND_WORKFLOW, RoundState

if TYPE_CHECKING:
    from socius.accounts.models import User


def _unique_slug(name: str) -> str:
    base = danish_slugify(name)[:200] or "runde"
    slug, n = base, 2
    while Round.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def pool_create(*, actor: User, name: str, **fields: Any) -> Pool:
    """A new fund; its rounds are then created and run on the platform."""
    require(actor, Capability.GRANTS_MANAGE)
    base = danish_slugify(name)[:200] or "pulje"
    slug, n = base, 2
    while Pool.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    pool = Pool(name=name, slug=slug, **fields)
    pool.full_clean()
    pool.save()
    audit_record(actor=actor, action=AUDIT_POOL_CREATED, target=pool)
    return pool


@transaction.atomic
def round_create(
    *,
    actor: User,
    pool: Pool,
    name: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    budget: Decimal,
    **options: Any,
) -> Round:
    """A new round in draft, with the default rubric (editable until the round opens)."""
    require(actor, Capability.GRANTS_MANAGE)
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The round must close after it opens.")})
    round_ = Round(
        pool=pool,
        name=name,
        slug=_unique_slug(name),
        opens_at=opens_at,
        closes_at=closes_at,
        budget=budget,
        report_deadline=options.pop("report_deadline", None)
        or Round.default_report_deadline(closes_at),
        **options,
    )
    round_.full_clean()
    round_.save()
    # The rubric is the municipality's content, written in Danish whatever language the
    # member of staff uses the platform in.
    with translation.override("da"):
        for position, criterion in enumerate(DEFAULT_CRITERIA):
            Criterion.objects.create(
                round=round_,
                key=criterion.key,
                name=str(criterion.name),
                weight=criterion.weight,
                anchors=[str(a) for a in criterion.anchors],
                position=position,
            )
    audit_record(actor=actor, action=AUDIT_ROUND_CREATED, target=round_, data={"budget": budget})
    return round_


def _require_draft(round_: Round) -> None:
    if round_.state != RoundState.DRAFT:
        raise ValidationError(_("The rubric and the form are frozen once the round has opened."))


@transaction.atomic
def criterion_save(
    *, actor: User, round_: Round, key: str, name: str, weight: Decimal, anchors: list[str]
) -> Criterion:
    """Add or change a criterion while the round is being prepared."""
    require(actor, Capability.GRANTS_MANAGE)
    _require_draft(round_)
    if len(anchors) != 6:
        raise ValidationError(_("Describe what each score from 0 to 5 means: six descriptions."))
    criterion, _created = Criterion.objects.update_or_create(
        round=round_,
        key=key,
        defaults={"name": name, "weight": weight, "anchors": anchors},
    )
    criterion.full_clean()
    audit_record(
        actor=actor,
        action=AUDIT_CRITERION_SAVED,
        target=round_,
        data={"key": key, "weight": weight},
    )
    return criterion


@transaction.atomic
def theme_minimum_set(*, actor: User, round_: Round, theme: Any, share: Decimal) -> None:
    """Set (or, with 0, remove) a theme's minimum share of the budget before the round opens."""
    require(actor, Capability.GRANTS_MANAGE)
    _require_draft(round_)
    if not Decimal(0) <= share <= Decimal(1):
        raise ValidationError(_("A share is between 0 and 100 %."))
    if share == 0:
        ThemeMinimum.objects.filter(round=round_, theme=theme).delete()
    else:
        others = sum((m.share for m in round_.theme_minimums.exclude(theme=theme)), Decimal(0))
        if others + share > 1:
            raise ValidationError(_("The themes' minimum shares would add up to more than 100 %."))
        ThemeMinimum.objects.update_or_create(round=round_, theme=theme, defaults={"share": share})
    audit_record(
        actor=actor,
        action=AUDIT_THEME_MINIMUM_SET,
        target=round_,
        data={"theme": theme.slug, "share": share},
    )


@transaction.atomic
def form_field_save(*, actor: User, round_: Round, key: str, **fields: Any) -> FormField:
    require(actor, Capability.GRANTS_MANAGE)
    _require_draft(round_)
    field, _created = FormField.objects.update_or_create(round=round_, key=key, defaults=fields)
    field.full_clean()
    audit_record(actor=actor, action=AUDIT_FORM_FIELD_SAVED, target=round_, data={"key": key})
    return field


@transaction.atomic
def form_field_delete(*, actor: User, field: FormField) -> None:
    require(actor, Capability.GRANTS_MANAGE)
    _require_draft(field.round)
    audit_record(
        actor=actor, action=AUDIT_FORM_FIELD_DELETED, target=field.round, data={"key": field.key}
    )
    field.delete()


@transaction.atomic
def round_open(*, actor: User, round_: Round) -> None:
    """Open the round: the rubric is frozen, and its weights must add up to 100 %."""
    ROUND_WORKFLOW.check(actor=actor, obj=round_, name="open")
    total = sum((c.weight for c in round_.criteria.all()), Decimal(0))
    if total != Decimal(1):
        raise ValidationError(
            _("The weights add up to %(total)s %%, not 100 %%.")
            % {"total": (total * 100).normalize()}
        )
    ROUND_WORKFLOW.apply(
        actor=actor, obj=round_, name="open", changes={"rubric_frozen_at": timezone.now()}
    )


@transaction.atomic
def round_close(*, actor: User, round_: Round) -> None:
    """Close the round for assessment; only once its deadline has passed."""
    ROUND_WORKFLOW.check(actor=actor, obj=round_, name="close")
    if timezone.now() < round_.closes_at:
        raise ValidationError(_("The round can only be closed after its deadline."))
    ROUND_WORKFLOW.apply(actor=actor, obj=round_, name="close")
