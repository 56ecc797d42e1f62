"""Every write of social-economy enterprises, municipal companies and spin-offs: one
transaction each, permission checked again here, audited in the same transaction.

Evidence documents: threat model. A contact of an enterprise (or someone who took over the
account) uploads a file that buyers then open on their own machines. Every file goes through
``core.uploads.document_check`` (type by name and first bytes, size limit, PDFs without active
content, office files without macros or zip bombs) before it is stored under a random name
(``models._evidence_path``); downloads go only to buyers and the enterprise's own contacts, as
attachments with ``nosniff`` (``views.evidence_download``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from socius.core.access import require, user_acts_for_organisation, users_with_capability
from socius.core.audit import audit_record
from socius.core.calendar import add_months
from socius.core.mail import notify
from socius.core.models import Municipality, MunicipalSpace, Organisation
from socius.core.roles import Capability
from socius.core.text import slug_free
from socius.core.uploads import document_check
from socius.core.validators import cvr_is_valid, normalise_cvr
from socius.procurement.cpv import cpv_normalise
from socius.procurement.enterprises import audit
from socius.procurement.enterprises.mail import MAIL_COMPANY_REVIEW
from socius.procurement.enterprises.models import (
    CHECKLIST_KEYS,
    SPINOFF_CHECKLIST,
    CompanyAssessment,
    Criterion,
    CriterionAnswer,
    Fulfilment,
    MunicipalCompany,
    Offer,
    PlanStep,
    SocialEnterprise,
    SpinOff,
    SpinOffEvent,
    SpinOffStep,
    cpv_root,
)

if TYPE_CHECKING:
    from socius.accounts.models import User

MAX_OFFERS = 40
REVIEW_NOTICE_DAYS = 30


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def cpv_codes_clean(codes: Iterable[str]) -> list[str]:
    """Each code checked against the CPV vocabulary and written as "45000000-7", once."""
    out: list[str] = []
    for raw in codes:
        if not raw.strip():
            continue
        try:
            code = cpv_normalise(raw)
        except ValidationError as exc:
            raise ValidationError({"cpv_codes": exc.messages}) from None
        if code not in out:
            out.append(code)
    if len(out) > MAX_OFFERS:
        raise ValidationError({"cpv_codes": _("Give at most %(n)d CPV codes.") % {"n": MAX_OFFERS}})
    return out


def _facts_check(facts: dict[str, Any], *, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    status = facts["rsv_status"]
    if status != SocialEnterprise.RsvStatus.NOT_REGISTERED:
        if not facts.get("rsv_source"):
            errors["rsv_source"] = _("Say where the RSV status can be checked.")
        if facts.get("rsv_stated_on") is None:
            errors["rsv_stated_on"] = _("Give the date the RSV status was checked.")
    stated = facts.get("rsv_stated_on")
    if stated is not None and stated > today:
        errors["rsv_stated_on"] = _("The date cannot be in the future.")
    share = facts["share_tenths"]
    if not 0 <= share <= 1000:
        errors["share"] = _("Give a share between 0 and 100.")
    if errors:
        raise ValidationError(errors)


def _facts_apply(
    enterprise: SocialEnterprise,
    facts: dict[str, Any],
    *,
    evidence: UploadedFile | None,
    areas: Sequence[Municipality],
    cpv_codes: Sequence[str],
) -> None:
    codes = cpv_codes_clean(cpv_codes)
    for key in ("rsv_status", "rsv_source", "rsv_stated_on", "share_tenths", "share_note"):
        setattr(enterprise, key, facts[key])
    enterprise.capacity = facts["capacity"]
    enterprise.share_evidence_url = facts.get("share_evidence_url", "")
    if evidence is not None:
        try:
            document_check(evidence)
        except ValidationError as exc:
            raise ValidationError({"share_evidence_file": exc.messages}) from None
        enterprise.share_evidence_file = evidence
    enterprise.full_clean(exclude=["organisation", "registered_by"])
    enterprise.save()
    enterprise.areas.set(areas)
    enterprise.offers.exclude(cpv_code__in=codes).delete()
    known = set(enterprise.offers.values_list("cpv_code", flat=True))
    Offer.objects.bulk_create(
        Offer(enterprise=enterprise, cpv_code=c, cpv_root=cpv_root(c))
        for c in codes
        if c not in known
    )


@transaction.atomic
def enterprise_register(
    *,
    actor: User,
    organisation: Organisation,
    facts: dict[str, Any],
    areas: Sequence[Municipality],
    cpv_codes: Sequence[str],
    evidence: UploadedFile | None = None,
    today: datetime.date | None = None,
) -> SocialEnterprise:
    """Register ``organisation`` in the catalogue. Only its contacts and board members may, and
    only when it has a valid CVR number of its own (RSV: legal persons only)."""
    if not user_acts_for_organisation(actor, organisation.pk):
        raise PermissionDenied
    if not cvr_is_valid(normalise_cvr(organisation.cvr or "")):
        raise ValidationError(
            {
                "organisation": _(
                    "The organisation needs a valid CVR number of its own. Add it on the "
                    "organisation's page first."
                )
            }
        )
    if SocialEnterprise.objects.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("The organisation is already registered.")})
    _facts_check(facts, today=_today(today))
    enterprise = SocialEnterprise(organisation=organisation, registered_by=actor)
    _facts_apply(enterprise, facts, evidence=evidence, areas=areas, cpv_codes=cpv_codes)
    audit_record(
        actor=actor,
        action=audit.AUDIT_ENTERPRISE_REGISTERED,
        target=enterprise,
        data={"organisation": organisation.pk, "cvr": organisation.cvr},
    )
    return enterprise


@transaction.atomic
def enterprise_update(
    *,
    actor: User,
    enterprise: SocialEnterprise,
    facts: dict[str, Any],
    areas: Sequence[Municipality],
    cpv_codes: Sequence[str],
    evidence: UploadedFile | None = None,
    today: datetime.date | None = None,
) -> SocialEnterprise:
    """Change what the enterprise states about itself and what it offers."""
    if not user_acts_for_organisation(actor, enterprise.organisation_id):
        raise PermissionDenied
    _facts_check(facts, today=_today(today))
    _facts_apply(enterprise, facts, evidence=evidence, areas=areas, cpv_codes=cpv_codes)
    audit_record(
        actor=actor,
        action=audit.AUDIT_ENTERPRISE_UPDATED,
        target=enterprise,
        data={"share_tenths": enterprise.share_tenths, "rsv_status": enterprise.rsv_status},
    )
    return enterprise


@transaction.atomic
def criterion_answer_save(
    *,
    actor: User,
    enterprise: SocialEnterprise,
    criterion: str,
    answer: str,
    evidence_url: str = "",
    evidence: UploadedFile | None = None,
) -> CriterionAnswer:
    """Answer one of the five criteria in plain words, with a document or a link (or both).
    A new document replaces the old one; the answer keeps its document when none is given."""
    if not user_acts_for_organisation(actor, enterprise.organisation_id):
        raise PermissionDenied
    if criterion not in Criterion.values:
        raise ValidationError(_("Unknown criterion."))
    row = CriterionAnswer.objects.filter(enterprise=enterprise, criterion=criterion).first()
    row = row or CriterionAnswer(enterprise=enterprise, criterion=criterion)
    row.answer = answer.strip()
    row.evidence_url = evidence_url.strip()
    row.updated_by = actor
    if evidence is not None:
        try:
            document_check(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence_file": exc.messages}) from None
        row.evidence_file = evidence
    if not row.answer:
        raise ValidationError({"answer": _("Answer in your own words.")})
    if not row.has_evidence:
        raise ValidationError({"evidence_file": _("Add a document or a link that shows it.")})
    row.full_clean(exclude=["enterprise", "updated_by"])
    row.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_CRITERION_ANSWERED,
        target=enterprise,
        data={"criterion": criterion, "file": bool(row.evidence_file), "link": row.evidence_url},
    )
    return row


# --- Municipal companies ------------------------------------------------------------------


def _unique_slug(model: Any, space: MunicipalSpace, name: str) -> str:
    base = slugify(name)[:70] or "x"
    return slug_free(base, lambda slug: model.objects.filter(space=space, slug=slug).exists())


@transaction.atomic
def company_create(
    *,
    actor: User,
    space: MunicipalSpace,
    name: str,
    cvr: str,
    ownership: str,
    activity: str,
) -> MunicipalCompany:
    """Add one of the municipality's own companies to its list."""
    require(actor, Capability.PROCUREMENT_COMPANIES)
    company = MunicipalCompany(
        space=space,
        name=name.strip(),
        cvr=normalise_cvr(cvr),
        ownership=ownership.strip(),
        activity=activity.strip(),
        created_by=actor,
    )
    company.slug = _unique_slug(MunicipalCompany, space, company.name)
    company.full_clean()
    company.save()
    audit_record(
        actor=actor, action=audit.AUDIT_COMPANY_CREATED, target=company, data={"cvr": company.cvr}
    )
    return company


@transaction.atomic
def company_assess(
    *,
    actor: User,
    company: MunicipalCompany,
    year: int,
    answers: dict[str, tuple[str, str]],
    summary: str,
    today: datetime.date | None = None,
) -> CompanyAssessment:
    """Record the year's assessment against all five criteria: the yearly review. The next
    review falls due twelve months later."""
    require(actor, Capability.PROCUREMENT_COMPANIES)
    day = _today(today)
    if not 2000 <= year <= day.year:
        raise ValidationError({"year": _("Give a year that has begun.")})
    stored: dict[str, dict[str, str]] = {}
    for criterion in Criterion.values:
        fulfilment, note = answers.get(criterion, ("", ""))
        if fulfilment not in Fulfilment.values:
            raise ValidationError(_("Assess every one of the five criteria."))
        stored[criterion] = {"fulfilment": fulfilment, "note": note.strip()[:3000]}
    if CompanyAssessment.objects.filter(company=company, year=year).exists():
        raise ValidationError({"year": _("The company is already assessed for this year.")})
    assessment = CompanyAssessment(
        company=company,
        year=year,
        answers=stored,
        summary=summary.strip(),
        assessed_on=day,
        assessed_by=actor,
    )
    assessment.full_clean(exclude=["company", "assessed_by"])
    assessment.save()
    company.next_review_on = add_months(day, 12)
    company.save(update_fields=["next_review_on", "updated_at"])
    audit_record(
        actor=actor,
        action=audit.AUDIT_COMPANY_ASSESSED,
        target=company,
        data={"year": year, "met": [c for c, a in stored.items() if a["fulfilment"] == "met"]},
    )
    return assessment


@transaction.atomic
def plan_step_add(
    *,
    actor: User,
    company: MunicipalCompany,
    criterion: str,
    action: str,
    responsible: str,
    due_on: datetime.date,
) -> PlanStep:
    """Add a change towards one of the criteria to the company's plan."""
    require(actor, Capability.PROCUREMENT_COMPANIES)
    step = PlanStep(
        company=company,
        criterion=criterion,
        action=action.strip(),
        responsible=responsible.strip(),
        due_on=due_on,
        created_by=actor,
    )
    step.full_clean(exclude=["company", "created_by"])
    step.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_PLAN_STEP_ADDED,
        target=company,
        data={"step": step.pk, "criterion": criterion},
    )
    return step


@transaction.atomic
def plan_step_done(*, actor: User, step: PlanStep, today: datetime.date | None = None) -> PlanStep:
    """Mark a change in the plan as done today."""
    require(actor, Capability.PROCUREMENT_COMPANIES)
    if step.done_on is not None:
        raise ValidationError(_("The change is already marked done."))
    step.done_on = _today(today)
    step.save(update_fields=["done_on", "updated_at"])
    audit_record(
        actor=actor, action=audit.AUDIT_PLAN_STEP_DONE, target=step.company, data={"step": step.pk}
    )
    return step


@transaction.atomic
def company_reviews_remind(*, today: datetime.date | None = None) -> int:
    """Tell the people who look after municipal companies that a yearly review falls due
    within 30 days (or is overdue). One reminder per company and due date; a company never
    assessed is due at once. Returns the number of companies reminded."""
    day = _today(today)
    horizon = day + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    recipients = list(users_with_capability(Capability.PROCUREMENT_COMPANIES))
    count = 0
    companies = MunicipalCompany.objects.select_related("space").select_for_update()
    for company in companies.order_by("pk"):
        due = company.next_review_on or timezone.localdate(company.created_at)
        if due > horizon or company.review_reminded_for == due:
            continue
        notify(
            recipients=recipients,
            kind=MAIL_COMPANY_REVIEW,
            template="procurement_enterprises/mail/company_review",
            context={"company": company, "due": due, "overdue": due < day},
            link=reverse(
                "procurement_enterprises:company-detail", args=[company.space.slug, company.slug]
            ),
        )
        company.review_reminded_for = due
        company.save(update_fields=["review_reminded_for", "updated_at"])
        audit_record(
            actor=None,
            action=audit.AUDIT_REVIEW_REMINDED,
            target=company,
            data={"due": due.isoformat(), "recipients": len(recipients)},
        )
        count += 1
    return count


# --- Spin-offs ----------------------------------------------------------------------------


@transaction.atomic
def spinoff_create(
    *,
    actor: User,
    space: MunicipalSpace,
    name: str,
    activity: str,
    department: str,
) -> SpinOff:
    """Start a spin-off of a municipal activity; its history begins."""
    require(actor, Capability.PROCUREMENT_COMPANIES)
    spin_off = SpinOff(
        space=space,
        name=name.strip(),
        activity=activity.strip(),
        department=department.strip(),
        created_by=actor,
    )
    spin_off.slug = _unique_slug(SpinOff, space, spin_off.name)
    spin_off.full_clean()
    spin_off.save()
    SpinOffEvent.objects.create(
        spin_off=spin_off, kind=SpinOffEvent.Kind.STARTED, actor=actor, at=timezone.now()
    )
    audit_record(actor=actor, action=audit.AUDIT_SPINOFF_CREATED, target=spin_off)
    return spin_off


@transaction.atomic
def spinoff_step_sign(
    *,
    actor: User,
    spin_off: SpinOff,
    step: str,
    signed_by_name: str,
    signed_on: datetime.date,
    note: str,
    today: datetime.date | None = None,
) -> SpinOffStep:
    """Sign off one checklist step by a named person on a date, with a note. A step is
    signed off once; when the last one is, the spin-off is completed."""
    require(actor, Capability.PROCUREMENT_COMPANIES)
    if step not in CHECKLIST_KEYS:
        raise ValidationError(_("Unknown step."))
    if signed_on > _today(today):
        raise ValidationError({"signed_on": _("The date cannot be in the future.")})
    row = SpinOffStep(
        spin_off=spin_off,
        step=step,
        signed_by_name=signed_by_name.strip(),
        signed_on=signed_on,
        note=note.strip(),
        recorded_by=actor,
    )
    row.full_clean(exclude=["spin_off", "recorded_by", "step"])
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationError(_("This step is already signed off.")) from None
    now = timezone.now()
    SpinOffEvent.objects.create(
        spin_off=spin_off,
        kind=SpinOffEvent.Kind.STEP_SIGNED,
        step=step,
        text=f"{row.signed_by_name}, {signed_on.isoformat()}: {row.note}",
        actor=actor,
        at=now,
    )
    audit_record(
        actor=actor,
        action=audit.AUDIT_SPINOFF_STEP_SIGNED,
        target=spin_off,
        data={"step": step, "by": row.signed_by_name, "on": signed_on.isoformat()},
    )
    signed = set(spin_off.steps.values_list("step", flat=True))
    if signed >= {s.key for s in SPINOFF_CHECKLIST} and spin_off.status != SpinOff.Status.COMPLETED:
        spin_off.status = SpinOff.Status.COMPLETED
        spin_off.save(update_fields=["status", "updated_at"])
        SpinOffEvent.objects.create(
            spin_off=spin_off, kind=SpinOffEvent.Kind.COMPLETED, actor=actor, at=now
        )
    return row
