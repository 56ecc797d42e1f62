"""Every write of the procurement rules: assessments, "follow or explain" decisions, and the
library (a new rule version, a new threshold period). History is never rewritten."""

from __future__ import annotations

import datetime
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.dates import date_text
from socius.procurement.models import Contract
from socius.procurement.rules import audit, engine
from socius.procurement.rules.book import contract_evaluate, rulebook_load
from socius.procurement.rules.models import Assessment, ClauseDecision, EuThreshold, Rule

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.models import MunicipalSpace

# Contracts per batch: well under SQLite's limit on query parameters in one IN (...).
BATCH = 900
type Progress = Callable[[int, int], object]

_ROW_FIELDS = (
    "pk",
    "kind",
    "estimated_value_ore",
    "performed_in_denmark",
    "duration_months",
    "awarded_on",
)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _insert_sql() -> str:
    table = Assessment._meta.db_table
    reasons = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    return (
        f"INSERT INTO {table} (contract_id, rule_id, code, required, reasons, assessed_on,"  # noqa: S608 (our own table name)
        f" created_at, updated_at) VALUES (%s, %s, %s, %s, {reasons}, %s, %s, %s)"
    )


class _Writer:
    """Assess rows and insert their assessments with plain ``executemany``: the model layer
    would build and serialise 200,000 objects one by one. The reasons of an outcome are few
    distinct lists, so each is serialised once."""

    def __init__(self, book: engine.RuleBook, today: datetime.date) -> None:
        self.book = book
        self.sql = _insert_sql()
        self.day = connection.ops.adapt_datefield_value(today)
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.reasons: dict[tuple[engine.Check, ...], str] = {}

    def _json(self, checks: tuple[engine.Check, ...]) -> str:
        text = self.reasons.get(checks)
        if text is None:
            text = json.dumps([list(check) for check in checks], cls=DjangoJSONEncoder)
            self.reasons[checks] = text
        return text

    def write(self, rows: Iterable[engine.Row]) -> int:
        """Assess and insert ``rows``; returns the number of contracts."""
        batch: list[tuple[Any, ...]] = []
        contracts = 0
        assess, day, now = self.book.assess, self.day, self.now
        with connection.cursor() as cursor:
            for row in rows:
                contracts += 1
                for outcome in assess(row):
                    batch.append((row[0], outcome.rule_id, outcome.code, outcome.required,
                                  self._json(outcome.checks), day, now, now))  # fmt: skip
                if len(batch) >= 5_000:
                    cursor.executemany(self.sql, batch)
                    batch = []
            if batch:
                cursor.executemany(self.sql, batch)
        return contracts


def assessments_refresh(
    *,
    contract_ids: Sequence[int] | None = None,
    space: MunicipalSpace | None = None,
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> int:
    """Re-assess contracts against the rules valid on each one's relevant date: the named
    ones, a municipality's, or all. Replaces their assessments in one transaction; returns the
    number of contracts assessed. The bulk path: rules are compiled once per date, contracts
    read as plain rows and the assessments inserted in batches."""
    today = today or timezone.localdate()
    writer = _Writer(rulebook_load(today=today), today)
    contracts: QuerySet[Contract] = Contract.objects.order_by("pk")
    if space is not None:
        contracts = contracts.filter(space=space)
    done = 0
    with transaction.atomic():
        if contract_ids is not None:
            ids = sorted({int(i) for i in contract_ids})
            for chunk in _chunks(ids):
                Assessment.objects.filter(contract_id__in=chunk).delete()
                done += writer.write(contracts.filter(pk__in=chunk).values_list(*_ROW_FIELDS))
                if progress is not None:
                    progress(done, len(ids))
            return done
        total = contracts.count()
        old = Assessment.objects.all()
        if space is not None:
            old = old.filter(contract__space=space)
        old.delete()
        rows = contracts.values_list(*_ROW_FIELDS).iterator(chunk_size=10_000)
        while True:
            chunk_rows = list(itertools.islice(rows, 10_000))
            if not chunk_rows:
                break
            done += writer.write(chunk_rows)
            if progress is not None:
                progress(done, total)
    return done


def _outcome_for(contract: Contract, code: str, today: datetime.date) -> engine.Outcome | None:
    for outcome in contract_evaluate(contract, today=today):
        if outcome.code == code:
            return outcome
    return None


def decision_record(
    *,
    actor: User,
    contract: Contract,
    code: str,
    decision: str,
    reason_kind: str,
    explanation: str,
    now: datetime.datetime | None = None,
) -> ClauseDecision:
    """Record "follow or explain" for a clause the law requires on ``contract``. Appended,
    never edited: the newest decision counts. Audited.

    Raises ValidationError when the rule does not require the clause on the contract, or the
    reason is not one the rule accepts."""
    now = now or timezone.now()
    outcome = _outcome_for(contract, code, timezone.localdate(now))
    if outcome is None or not outcome.required:
        raise ValidationError(
            _(
                "The law does not require this clause on the contract, so there is nothing to decide."
            )
        )
    rule = Rule.objects.get(pk=outcome.rule_id)
    if decision == ClauseDecision.Decision.EXPLAIN:
        if not rule.follow_or_explain or reason_kind not in rule.explain_reasons:
            raise ValidationError(_("Choose one of the reasons the law accepts."))
    else:
        reason_kind = ""
    explanation = explanation.strip()
    if not explanation:
        raise ValidationError(_("Explain the decision."))
    with transaction.atomic():
        made = ClauseDecision.objects.create(
            contract=contract,
            rule=rule,
            code=code,
            decision=decision,
            reason_kind=reason_kind,
            explanation=explanation,
            decided_by=actor,
            decided_at=now,
        )
        audit_record(
            actor=actor,
            action=audit.AUDIT_DECISION_RECORDED,
            target=made,
            data={"contract": str(contract.public_id), "code": code, "decision": decision,
                  "reason_kind": reason_kind},
        )  # fmt: skip
    return made


def rule_version_create(
    *, actor: User, rule: Rule, today: datetime.date | None = None, **changes: Any
) -> Rule:
    """A new version of ``rule`` (the newest of its code), valid from a later date than every
    version before it; earlier versions stay as they were. Audited. Re-assesses every contract.

    ``changes``: name, description, legal_basis, source_url, valid_from, valid_to, conditions."""
    today = today or timezone.localdate()
    newest = Rule.objects.filter(code=rule.code).order_by("-version").first() or rule
    valid_from = changes["valid_from"]
    if valid_from <= newest.valid_from:
        raise ValidationError(
            _("A new version must start after the newest version, which starts on %(date)s."),
            params={"date": date_text(newest.valid_from)},
        )
    problems = engine.conditions_check(changes.get("conditions", newest.conditions))
    if problems:
        raise ValidationError(
            _("The conditions are not valid: %(problems)s"),
            params={"problems": ", ".join(problems)},
        )
    fields = {
        name: getattr(newest, name)
        for name in ("name", "description", "legal_basis", "source_url", "valid_to",
                     "conditions", "clause_category", "follow_or_explain", "explain_reasons")
    }  # fmt: skip
    fields.update(changes)
    with transaction.atomic():
        made = Rule(code=newest.code, version=newest.version + 1, created_by=actor, **fields)
        made.full_clean()
        made.save()
        audit_record(
            actor=actor,
            action=audit.AUDIT_RULE_VERSION_CREATED,
            target=made,
            data={"code": made.code, "version": made.version, "valid_from": made.valid_from},
        )
        assessments_refresh(today=today)
    return made


def threshold_create(
    *, actor: User, today: datetime.date | None = None, **fields: Any
) -> EuThreshold:
    """A new threshold period for one kind of contract, after the last period of that kind
    (periods never overlap and are never changed). Audited. Re-assesses every contract.

    ``fields``: applies_to, amount_ore, amount_eur, valid_from, valid_to, eu_source,
    dk_source, source_url, figure_verified."""
    last = EuThreshold.objects.filter(applies_to=fields["applies_to"]).order_by("-valid_to").first()
    if last is not None and fields["valid_from"] <= last.valid_to:
        raise ValidationError(
            _("The new period must start after the last one, which ends on %(date)s."),
            params={"date": date_text(last.valid_to)},
        )
    with transaction.atomic():
        made = EuThreshold(created_by=actor, **fields)
        made.full_clean()
        made.save()
        audit_record(
            actor=actor,
            action=audit.AUDIT_THRESHOLD_CREATED,
            target=made,
            data={"applies_to": made.applies_to, "amount_ore": made.amount_ore,
                  "amount_eur": made.amount_eur, "valid_from": made.valid_from,
                  "valid_to": made.valid_to},
        )  # fmt: skip
        assessments_refresh(today=today)
    return made
