"""Every write of the clause library and the follow-up of clauses: one transaction each,
audited, mail sent after commit (core.mail.notify)."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import ACTING_ROLES, require, user_acts_for_organisation
from socius.core.audit import audit_record
from socius.core.dates import date_text
from socius.core.mail import notify
from socius.core.roles import Capability
from socius.core.uploads import document_check
from socius.procurement.clauses import audit
from socius.procurement.clauses.mail import MAIL_BUYER, MAIL_SUPPLIER
from socius.procurement.clauses.models import (
    Clause,
    ClauseVersion,
    ContractClause,
    Evidence,
    NonConformity,
    Obligation,
    ReportStatus,
    SupplierReport,
)
from socius.procurement.clauses.parameters import (
    contract_span,
    definitions_check,
    periods_plan,
    values_check,
)

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.procurement.models import Contract

MAX_FILES = 5
MAX_COUNT = 100_000
# A Danish CPR number (ddmmyy-xxxx): reports hold counts, never who the people are.
CPR = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")
REMIND_EVERY_DAYS = 7


@transaction.atomic
def clause_version_create(
    *,
    actor: User,
    clause: Clause,
    legal_basis: str,
    text: str,
    follow_up: str,
    valid_from: datetime.date,
    parameters: Any = None,
    source_url: str = "",
    report_every_months: int | None = None,
) -> ClauseVersion:
    """Publish a new version of ``clause``; earlier versions stay as they were."""
    require(actor, Capability.PROCUREMENT_LIBRARY)
    locked = Clause.objects.select_for_update().get(pk=clause.pk)
    previous = locked.versions.order_by("-number").first()
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ClauseVersion(
        clause=locked,
        number=number,
        legal_basis=legal_basis.strip(),
        source_url=source_url.strip(),
        text=text.strip(),
        parameters=definitions_check(
            parameters if parameters is not None else (previous.parameters if previous else [])
        ),
        follow_up=follow_up.strip(),
        report_every_months=report_every_months
        or (previous.report_every_months if previous else 12),
        valid_from=valid_from,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_CLAUSE_VERSION_CREATED,
        target=version,
        data={"clause": locked.slug, "number": number},
    )
    return version


@transaction.atomic
def contract_clause_add(
    *,
    actor: User,
    contract: Contract,
    version: ClauseVersion,
    values: dict[str, Any],
    sanctions_agreed: bool = False,
    sanction_terms: str = "",
    today: datetime.date | None = None,
) -> ContractClause:
    """Put a clause on a contract with the buyer's parameter values (checked against the
    version's definitions) and create its reporting periods with their targets."""
    require(actor, Capability.PROCUREMENT_MANAGE)
    today = today or timezone.localdate()
    cleaned = values_check(version.parameters, values)
    category = version.clause.category
    if ContractClause.objects.filter(contract=contract, category=category).exists():
        raise ValidationError(
            _("The contract already has a clause of this kind."), code="duplicate"
        )
    if sanctions_agreed and not sanction_terms.strip():
        raise ValidationError({"sanction_terms": _("Describe the sanctions the contract allows.")})
    contract_clause = ContractClause(
        contract=contract,
        version=version,
        category=category,
        values=cleaned,
        sanctions_agreed=sanctions_agreed,
        sanction_terms=sanction_terms.strip() if sanctions_agreed else "",
        created_by=actor,
    )
    contract_clause.full_clean(exclude=["contract", "version"])
    contract_clause.save()
    start, end = contract_span(
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        duration_months=contract.duration_months,
        fallback_start=contract.awarded_on or today,
    )
    periods = periods_plan(
        category=category,
        values=cleaned,
        every_months=version.report_every_months,
        start=start,
        end=end,
        value_ore=contract.estimated_value_ore,
    )
    Obligation.objects.bulk_create(
        Obligation(contract_clause=contract_clause, **period.__dict__) for period in periods
    )
    audit_record(
        actor=actor,
        action=audit.AUDIT_CONTRACT_CLAUSE_ADDED,
        target=contract_clause,
        data={
            "contract": str(contract.public_id),
            "clause": version.clause.slug,
            "version": version.number,
            "values": cleaned,
            "periods": len(periods),
        },
    )
    return contract_clause


def _report_counts(obligation: Obligation, counts: dict[str, Any]) -> dict[str, int | bool | None]:
    """The counts this period asks for: each required where the period has a target."""
    errors: dict[str, str] = {}
    cleaned: dict[str, int | bool | None] = {
        "trainees": None,
        "employed": None,
        "share_percent": None,
        "conditions_met": None,
    }
    wanted = {
        "trainees": obligation.target_trainees is not None,
        "employed": obligation.target_employed is not None,
        "share_percent": obligation.target_share_percent is not None,
    }
    for key, needed in wanted.items():
        value = counts.get(key)
        if value is None or value == "":
            if needed:
                errors[key] = _("Write the number for the period (0 if none).")
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[key] = _("Write a whole number of 0 or more.")
        elif value > (100 if key == "share_percent" else MAX_COUNT):
            errors[key] = _("The number is too large.")
        else:
            cleaned[key] = value
    if obligation.requires_conditions:
        if counts.get("conditions_met") is None:
            errors["conditions_met"] = _("Say whether pay and conditions were met.")
        else:
            cleaned["conditions_met"] = bool(counts["conditions_met"])
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def report_submit(
    *,
    actor: User,
    obligation: Obligation,
    counts: dict[str, Any],
    comment: str = "",
    files: list[Any] | None = None,
    now: datetime.datetime | None = None,
) -> SupplierReport:
    """The supplier's report for one period, with its evidence. Refused: a second report for
    the same period, a person who does not act for the supplier, names or CPR numbers in the
    comment (it holds counts only) and files that fail ``core.uploads.document_check``."""
    contract = obligation.contract_clause.contract
    if contract.supplier_id is None or not user_acts_for_organisation(actor, contract.supplier_id):
        raise PermissionDenied
    now = now or timezone.now()
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if SupplierReport.objects.filter(obligation=locked).exists():
        raise ValidationError(
            _("A report for this period has already been submitted."), code="duplicate"
        )
    cleaned = _report_counts(locked, counts)
    comment = comment.strip()
    if CPR.search(comment):
        raise ValidationError(
            {"comment": _("Remove the CPR number: reports hold numbers, never who people are.")}
        )
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("Add at most 5 files.")})
    suffixes = []
    for upload in files:
        try:
            suffixes.append(document_check(upload))
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from None
    report = SupplierReport(
        obligation=locked, comment=comment, submitted_by=actor, submitted_at=now, **cleaned
    )
    report.full_clean(exclude=["obligation", "submitted_by"])
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(
            _("A report for this period has already been submitted."), code="duplicate"
        ) from None
    for upload, suffix in zip(files, suffixes, strict=True):
        evidence = Evidence(
            report=report,
            extension=suffix,
            title=_evidence_title(upload.name, suffix),
            size=upload.size or 0,
        )
        evidence.file.save("evidence." + suffix, upload, save=False)
        evidence.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_REPORT_SUBMITTED,
        target=report,
        data={"period": locked.number, "files": len(files), **cleaned},
    )
    if contract.created_by is not None:
        notify(
            recipients=[contract.created_by],
            kind=MAIL_BUYER,
            template="procurement_clauses/mail/report_received",
            context={"contract": contract, "obligation": locked},
            link=reverse("procurement_clauses:report-review", args=[report.public_id]),
        )
    return report


def _evidence_title(name: Any, suffix: str) -> str:
    """A display title from the person's file name: no folders, no control characters."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip(" .")
    return (base or "dokument." + suffix)[:200]


def _supplier_contacts(contract: Contract) -> list[User]:
    if contract.supplier_id is None:
        return []
    return list(
        get_user_model()
        .objects.filter(
            memberships__organisation_id=contract.supplier_id,
            memberships__role__in=ACTING_ROLES,
            is_active=True,
        )
        .distinct()
    )


def _review_check(actor: User, report: SupplierReport) -> SupplierReport:
    require(actor, Capability.PROCUREMENT_MANAGE)
    locked = SupplierReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("This report has already been reviewed."), code="reviewed")
    return locked


@transaction.atomic
def report_approve(
    *, actor: User, report: SupplierReport, now: datetime.datetime | None = None
) -> SupplierReport:
    """The buyer approves a report: its counts now count as outcomes."""
    locked = _review_check(actor, report)
    locked.status = ReportStatus.APPROVED
    locked.reviewed_by = actor
    locked.reviewed_at = now or timezone.now()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_REPORT_APPROVED, target=locked)
    contract = report.obligation.contract_clause.contract
    notify(
        recipients=_supplier_contacts(contract),
        kind=MAIL_SUPPLIER,
        template="procurement_clauses/mail/report_approved",
        context={"contract": contract, "obligation": report.obligation},
        link=reverse("procurement_clauses:supplier-home"),
    )
    return locked


@transaction.atomic
def non_conformity_raise(
    *,
    actor: User,
    report: SupplierReport,
    finding: str,
    remedy: str,
    remedy_due_on: datetime.date,
    sanction_ore: int | None = None,
    sanction_note: str = "",
    now: datetime.datetime | None = None,
) -> NonConformity:
    """The buyer finds that a report does not meet the clause: what is wrong, the remedy and
    its deadline, and a sanction only where the contract allows one."""
    locked = _review_check(actor, report)
    now = now or timezone.now()
    contract_clause = report.obligation.contract_clause
    errors: dict[str, str] = {}
    if remedy_due_on < timezone.localdate(now):
        errors["remedy_due_on"] = _("The deadline cannot be in the past.")
    has_sanction = sanction_ore is not None or bool(sanction_note.strip())
    if has_sanction and not contract_clause.sanctions_agreed:
        errors["sanction_ore"] = _("The contract does not allow sanctions for this clause.")
    if sanction_ore is not None and sanction_ore < 0:
        errors["sanction_ore"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    finding_row = NonConformity(
        report=locked,
        finding=finding.strip(),
        remedy=remedy.strip(),
        remedy_due_on=remedy_due_on,
        sanction_ore=sanction_ore,
        sanction_note=sanction_note.strip(),
        raised_by=actor,
        raised_at=now,
    )
    finding_row.full_clean(exclude=["report", "raised_by"])
    finding_row.save()
    locked.status = ReportStatus.NON_CONFORMING
    locked.reviewed_by = actor
    locked.reviewed_at = now
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=audit.AUDIT_NON_CONFORMITY_RAISED,
        target=finding_row,
        data={"report": str(locked.public_id), "sanction_ore": sanction_ore},
    )
    contract = contract_clause.contract
    notify(
        recipients=_supplier_contacts(contract),
        kind=MAIL_SUPPLIER,
        template="procurement_clauses/mail/non_conformity",
        context={"contract": contract, "finding": finding_row, "obligation": report.obligation},
        link=reverse("procurement_clauses:supplier-home"),
    )
    return finding_row


@transaction.atomic
def non_conformity_resolve(
    *,
    actor: User,
    non_conformity: NonConformity,
    resolution: str,
    now: datetime.datetime | None = None,
) -> NonConformity:
    """The buyer records that the remedy was carried out (or how the matter was closed)."""
    require(actor, Capability.PROCUREMENT_MANAGE)
    locked = NonConformity.objects.select_for_update().get(pk=non_conformity.pk)
    if locked.resolved_at is not None:
        raise ValidationError(_("This non-conformity is already resolved."), code="resolved")
    if not resolution.strip():
        raise ValidationError({"resolution": _("Describe how it was resolved.")})
    locked.resolution = resolution.strip()
    locked.resolved_at = now or timezone.now()
    locked.resolved_by = actor
    locked.full_clean(exclude=["report", "raised_by", "resolved_by"])
    locked.save(update_fields=["resolution", "resolved_at", "resolved_by", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_NON_CONFORMITY_RESOLVED, target=locked)
    return locked


@transaction.atomic
def evidence_download_record(*, actor: User, evidence: Evidence) -> None:
    """Log who downloaded a document (the access lookup has checked they may)."""
    audit_record(actor=actor, action=audit.AUDIT_EVIDENCE_DOWNLOADED, target=evidence)


@transaction.atomic
def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the supplier's contacts and the buyer of every overdue report, at most once a
    week per period. Returns the number of periods reminded. Run daily."""
    from socius.procurement.clauses.selectors import obligations_overdue

    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=REMIND_EVERY_DAYS)
    due = (
        obligations_overdue(today=today)
        .exclude(reminded_on__gt=since)
        .select_for_update(of=("self",))
    )
    reminded = []
    for obligation in due:
        contract = obligation.contract_clause.contract
        context = {
            "contract": contract,
            "obligation": obligation,
            "due_text": date_text(obligation.due_on),
        }
        notify(
            recipients=_supplier_contacts(contract),
            kind=MAIL_SUPPLIER,
            template="procurement_clauses/mail/report_overdue",
            context=context,
            link=reverse("procurement_clauses:report-create", args=[obligation.public_id]),
        )
        if contract.created_by is not None:
            notify(
                recipients=[contract.created_by],
                kind=MAIL_BUYER,
                template="procurement_clauses/mail/report_overdue_buyer",
                context=context,
                link=reverse("procurement_clauses:obligation-detail", args=[obligation.public_id]),
            )
        reminded.append(obligation.pk)
    if reminded:
        Obligation.objects.filter(pk__in=reminded).update(reminded_on=today)
        audit_record(
            actor=None,
            action=audit.AUDIT_REMINDERS_SENT,
            data={"periods": len(reminded), "day": today.isoformat()},
        )
    return len(reminded)
