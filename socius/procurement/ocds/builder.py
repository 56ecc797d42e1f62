"""OCDS 1.1 releases and records built from a contract's facts, without the database.

The selectors (``selectors.py``) read the facts; this module turns them into plain dicts in
the shape of the release schema with the sustainability extension. Keeping the two apart lets
the benchmark and the tests build thousands of releases from rows they hold, and keeps every
mapping decision in one place (docs: "OCDS: the mapping field by field").

One release per contract, describing its current state; the platform keeps no history of
earlier releases. Text is in Danish (``"language": "da"``): callers build releases inside
``translation.override("da")``.

Nothing here publishes a person: suppliers and buyers are organisations, the follow-up shows
counts from approved reports only, and a count of people under the small-cell limit is
published as "fewer than 5" (``socius.core.disclosure``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from socius.core.disclosure import SMALL_CELL_LIMIT, is_small_count

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
CURRENCY = "DKK"
CVR_SCHEME = "DK-CVR"
# A municipality's space has no CVR number on the platform; the buyer is identified by the
# official three-digit municipality code (kommunekode, Danmarks Statistik / CPR-kontoret) under
# this local scheme, documented in docs/procurement.md. It is not in org-id.guide.
MUNICIPALITY_SCHEME = "DK-KOMMUNEKODE"

# Contract.Procedure -> OCDS tender.procurementMethod (closed codelist: open, selective,
# limited, direct). None where the Danish procedure does not say who may bid.
PROCUREMENT_METHOD: dict[str, str | None] = {
    "open": "open",
    "restricted": "selective",
    "competitive_negotiation": "selective",
    "competitive_dialogue": "selective",
    "innovation_partnership": "selective",
    "negotiated_without_notice": "limited",
    "light_regime": None,
    "below_threshold": None,
    "framework_call_off": "selective",
    "direct": "direct",
}
MAIN_CATEGORY = {"works": "works", "services": "services", "supplies": "goods"}
TENDER_STATUS = {
    "planning": "planning",
    "tender": "active",
    "awarded": "complete",
    "active": "complete",
    "completed": "complete",
    "cancelled": "cancelled",
}
CONTRACT_STATUS = {"active": "active", "completed": "terminated"}

# Clause category -> the sustainability extension's goal and strategies. Sub-codes follow the
# codelist's rule "[existing-code].[sub-code]"; social.disadvantagedEmploymentOpportunities is
# in the extension's codelist since its 2023-04-12 release.
SUSTAINABILITY: dict[str, tuple[str, tuple[str, ...]]] = {
    "training": ("social.apprenticeshipOpportunities", ("contractPerformanceConditions",)),
    "labour": ("social.laborRightsPromotion", ("contractPerformanceConditions",)),
    "social_employment": (
        "social.disadvantagedEmploymentOpportunities",
        ("contractPerformanceConditions",),
    ),
    "reserved": ("social.disadvantagedEmploymentOpportunities", ("selectionCriteria",)),
}


@dataclass(frozen=True)
class Buyer:
    """The municipality that buys, as published: its name, code and contact."""

    name: str
    municipality_code: str
    email: str = ""
    telephone: str = ""
    url: str = ""


@dataclass(frozen=True)
class Supplier:
    name: str
    cvr: str
    public_id: str


@dataclass(frozen=True)
class LotFacts:
    number: int
    title: str
    estimated_value_ore: int
    cpv_code: str


@dataclass(frozen=True)
class ObligationFacts:
    """One reporting period of a clause; report fields are set only for an approved report
    (counts), or tell that the report was refused (``non_conforming``)."""

    number: int
    due_on: datetime.date
    report_status: str | None = None
    reviewed_at: datetime.datetime | None = None
    trainees: int | None = None
    employed: int | None = None
    share_percent: int | None = None
    conditions_met: bool | None = None


@dataclass(frozen=True)
class ClauseFacts:
    category: str
    label: str
    outcome_url: str
    obligations: tuple[ObligationFacts, ...] = ()


@dataclass(frozen=True)
class ContractFacts:
    public_id: str
    reference: str
    title: str
    description: str
    cpv_code: str
    kind: str
    estimated_value_ore: int
    duration_months: int
    procedure: str
    procedure_label: str
    status: str
    status_label: str
    department_name: str
    department_slug: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    awarded_on: datetime.date | None = None
    supplier: Supplier | None = None
    lots: tuple[LotFacts, ...] = ()
    clauses: tuple[ClauseFacts, ...] = field(default=())


def ocid_for(prefix: str, public_id: str) -> str:
    """The process identifier: the registered prefix, a hyphen and the contract's public id."""
    return f"{prefix}-{public_id}"


def date_time(value: datetime.date | datetime.datetime) -> str:
    """RFC 3339 in Copenhagen time; a date is its midnight there."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(COPENHAGEN).isoformat(timespec="seconds")
    return datetime.datetime.combine(value, datetime.time(), COPENHAGEN).isoformat()


def amount(ore: int) -> int | float:
    """Kroner as a JSON number, exact to the øre (whole kroner stay integers)."""
    kroner, rest = divmod(ore, 100)
    return kroner if rest == 0 else ore / 100


def _value(ore: int) -> dict[str, Any]:
    return {"amount": amount(ore), "currency": CURRENCY}


def _classification(code: str, cpv_label: Callable[[str], str]) -> dict[str, Any]:
    classification: dict[str, Any] = {"scheme": "CPV", "id": code.split("-")[0]}
    label = cpv_label(code)
    if label:
        classification["description"] = label
    return classification


def _items(contract: ContractFacts, cpv_label: Callable[[str], str]) -> list[dict[str, Any]]:
    if not contract.lots:
        return [
            {
                "id": "1",
                "description": contract.title,
                "classification": _classification(contract.cpv_code, cpv_label),
            }
        ]
    # OCDS 1.1 core has no lots: each lot is an item, its estimated value the unit's value.
    return [
        {
            "id": f"lot-{lot.number}",
            "description": lot.title,
            "classification": _classification(lot.cpv_code or contract.cpv_code, cpv_label),
            "quantity": 1,
            "unit": {
                "name": _("Lot %(number)s") % {"number": lot.number},
                "value": _value(lot.estimated_value_ore),
            },
        }
        for lot in contract.lots
    ]


def _period(contract: ContractFacts) -> dict[str, Any] | None:
    period: dict[str, Any] = {}
    if contract.starts_on:
        period["startDate"] = date_time(contract.starts_on)
    if contract.ends_on:
        period["endDate"] = date_time(contract.ends_on)
    if contract.starts_on and contract.ends_on:
        period["durationInDays"] = (contract.ends_on - contract.starts_on).days
    return period or None


def buyer_party_id(buyer: Buyer, contract: ContractFacts) -> str:
    # OCDS: {identifier.scheme}-{identifier.id}(-{department-identifier}).
    return f"{MUNICIPALITY_SCHEME}-{buyer.municipality_code}-{contract.department_slug}"


def supplier_party_id(supplier: Supplier) -> str:
    if supplier.cvr:
        return f"{CVR_SCHEME}-{supplier.cvr}"
    return f"SOCIUS-ORG-{supplier.public_id}"


def _parties(contract: ContractFacts, buyer: Buyer) -> list[dict[str, Any]]:
    contact = {"name": buyer.name}
    if buyer.email:
        contact["email"] = buyer.email
    if buyer.telephone:
        contact["telephone"] = buyer.telephone
    if buyer.url:
        contact["url"] = buyer.url
    parties: list[dict[str, Any]] = [
        {
            "id": buyer_party_id(buyer, contract),
            "name": f"{buyer.name}, {contract.department_name}",
            "identifier": {
                "scheme": MUNICIPALITY_SCHEME,
                "id": buyer.municipality_code,
                "legalName": buyer.name,
            },
            "address": {"country": "DK"},
            "contactPoint": contact,
            "roles": ["buyer"],
        }
    ]
    if contract.supplier and _has_award(contract):
        supplier = contract.supplier
        party: dict[str, Any] = {"id": supplier_party_id(supplier), "name": supplier.name}
        if supplier.cvr:
            party["identifier"] = {
                "scheme": CVR_SCHEME,
                "id": supplier.cvr,
                "legalName": supplier.name,
            }
        party["roles"] = ["supplier"]
        parties.append(party)
    return parties


def _has_award(contract: ContractFacts) -> bool:
    if contract.status in ("awarded", "active", "completed"):
        return True
    return contract.status == "cancelled" and contract.supplier is not None


def tags_for(contract: ContractFacts) -> list[str]:
    """The release tags the contract's status allows."""
    status = contract.status
    if status == "planning":
        return ["planning"]
    if status == "tender":
        return ["tender"]
    if status == "awarded":
        return ["award"]
    if status == "active":
        return ["contract", "implementation"] if _has_follow_up(contract) else ["contract"]
    if status == "completed":
        return ["contract", "implementation"]
    return ["awardCancellation"] if _has_award(contract) else ["tenderCancellation"]


def _has_follow_up(contract: ContractFacts) -> bool:
    return any(clause.obligations for clause in contract.clauses)


def _sustainability(contract: ContractFacts) -> list[dict[str, Any]]:
    entries = []
    for clause in contract.clauses:
        goal, strategies = SUSTAINABILITY.get(
            clause.category, ("social", ("contractPerformanceConditions",))
        )
        entries.append({"goal": goal, "strategies": list(strategies), "description": clause.label})
    return entries


def _tender(contract: ContractFacts, cpv_label: Callable[[str], str]) -> dict[str, Any]:
    tender: dict[str, Any] = {"id": contract.reference, "title": contract.title}
    if contract.description:
        tender["description"] = contract.description
    tender["status"] = TENDER_STATUS[contract.status]
    tender["statusDetails"] = contract.status_label
    method = PROCUREMENT_METHOD.get(contract.procedure)
    if method:
        tender["procurementMethod"] = method
    tender["procurementMethodDetails"] = contract.procedure_label
    tender["mainProcurementCategory"] = MAIN_CATEGORY[contract.kind]
    tender["value"] = _value(contract.estimated_value_ore)
    tender["items"] = _items(contract, cpv_label)
    period = _period(contract)
    if period:
        tender["contractPeriod"] = period
    sustainability = _sustainability(contract)
    tender["hasSustainability"] = bool(sustainability)
    if sustainability:
        tender["sustainability"] = sustainability
    return tender


def _award(contract: ContractFacts) -> dict[str, Any]:
    award: dict[str, Any] = {
        "id": f"{contract.reference}-award",
        "title": contract.title,
        "status": "cancelled" if contract.status == "cancelled" else "active",
    }
    if contract.awarded_on:
        award["date"] = date_time(contract.awarded_on)
    if contract.supplier:
        award["suppliers"] = [
            {"id": supplier_party_id(contract.supplier), "name": contract.supplier.name}
        ]
    period = _period(contract)
    if period:
        award["contractPeriod"] = period
    return award


def _people(count: int, text: str) -> str:
    small = _("fewer than %(limit)s") % {"limit": SMALL_CELL_LIMIT}
    return text % {"count": small if is_small_count(count) else count}


def report_summary(obligation: ObligationFacts) -> str:
    """The counts of an approved report in plain Danish, never below the small-cell limit."""
    parts = []
    if obligation.trainees is not None:
        parts.append(_people(obligation.trainees, _("%(count)s trainees and apprentices")))
    if obligation.employed is not None:
        parts.append(
            _people(
                obligation.employed, _("%(count)s people employed from outside the labour market")
            )
        )
    if obligation.share_percent is not None:
        parts.append(_("%(share)s per cent of the hours") % {"share": obligation.share_percent})
    if obligation.conditions_met is not None:
        parts.append(
            _("pay and conditions met")
            if obligation.conditions_met
            else _("pay and conditions not met")
        )
    return "; ".join(parts) or _("Approved without counts.")


def _milestone(clause: ClauseFacts, obligation: ObligationFacts) -> dict[str, Any]:
    milestone: dict[str, Any] = {
        "id": f"{clause.category}-{obligation.number}",
        "title": _("%(clause)s: report for period %(number)s")
        % {"clause": clause.label, "number": obligation.number},
        "type": "reporting",
        "dueDate": date_time(obligation.due_on),
    }
    if obligation.report_status == "approved":
        milestone["status"] = "met"
        milestone["description"] = report_summary(obligation)
        if obligation.reviewed_at:
            milestone["dateMet"] = date_time(obligation.reviewed_at)
            milestone["dateModified"] = date_time(obligation.reviewed_at)
    elif obligation.report_status == "non_conforming":
        milestone["status"] = "notMet"
        milestone["description"] = _("The buyer found that the clause was not met in this period.")
        if obligation.reviewed_at:
            milestone["dateModified"] = date_time(obligation.reviewed_at)
    else:
        milestone["status"] = "scheduled"
    return milestone


def _document(clause: ClauseFacts, obligation: ObligationFacts) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": f"{clause.category}-{obligation.number}-report",
        "documentType": "physicalProgressReport",
        "title": _("Approved report on %(clause)s, period %(number)s")
        % {"clause": clause.label, "number": obligation.number},
        "description": report_summary(obligation),
        "url": clause.outcome_url,
        "format": "text/html",
        "language": "da",
    }
    if obligation.reviewed_at:
        document["datePublished"] = date_time(obligation.reviewed_at)
    return document


def _implementation(contract: ContractFacts) -> dict[str, Any] | None:
    milestones = []
    documents = []
    for clause in contract.clauses:
        for obligation in clause.obligations:
            milestones.append(_milestone(clause, obligation))
            if obligation.report_status == "approved":
                documents.append(_document(clause, obligation))
    implementation: dict[str, Any] = {}
    if milestones:
        implementation["milestones"] = milestones
    if documents:
        implementation["documents"] = documents
    return implementation or None


def _contract(contract: ContractFacts) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"{contract.reference}-contract",
        "awardID": f"{contract.reference}-award",
        "title": contract.title,
        "status": CONTRACT_STATUS[contract.status],
        "statusDetails": contract.status_label,
    }
    period = _period(contract)
    if period:
        entry["period"] = period
    implementation = _implementation(contract)
    if implementation:
        entry["implementation"] = implementation
    return entry


def release_date(contract: ContractFacts) -> datetime.datetime:
    return contract.updated_at


def release_id(ocid: str, contract: ContractFacts) -> str:
    # A machine id, not a date people read: compact UTC, changing with every update.
    stamp = f"{contract.updated_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    return f"{ocid}-{stamp}"


def release_for(
    contract: ContractFacts, buyer: Buyer, *, prefix: str, cpv_label: Callable[[str], str]
) -> dict[str, Any]:
    """The contract's current state as one OCDS release."""
    ocid = ocid_for(prefix, contract.public_id)
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": release_id(ocid, contract),
        "date": date_time(release_date(contract)),
        "tag": tags_for(contract),
        "initiationType": "tender",
        "language": "da",
        "parties": _parties(contract, buyer),
        "buyer": {
            "id": buyer_party_id(buyer, contract),
            "name": f"{buyer.name}, {contract.department_name}",
        },
        "tender": _tender(contract, cpv_label),
    }
    if _has_award(contract):
        release["awards"] = [_award(contract)]
    if contract.status in CONTRACT_STATUS:
        release["contracts"] = [_contract(contract)]
    return release


def record_for(release: dict[str, Any], *, package_url: str) -> dict[str, Any]:
    """The record of one process: its releases (linked) and the compiled release.

    With one release per process the compiled release is that release under the compiled
    tag, with the id OCDS asks for ({ocid}-{date})."""
    compiled = dict(release)
    compiled["id"] = f"{release['ocid']}-{release['date']}"
    compiled["tag"] = ["compiled"]
    return {
        "ocid": release["ocid"],
        "releases": [
            {
                "url": f"{package_url}#{release['id']}",
                "date": release["date"],
                "tag": release["tag"],
            }
        ],
        "compiledRelease": compiled,
    }
