"""Danish demo content for social clauses (idempotent): clauses on Aarhus' demo contracts
(found by reference "AAR-2026-..."), two supplier reports with a small generated PDF as
evidence, two approved and one with a non-conformity. Skips quietly what is not there."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from socius.core.models import MunicipalSpace
from socius.procurement.clauses import services
from socius.procurement.clauses.models import ContractClause, SupplierReport
from socius.procurement.clauses.selectors import clause_version_for_category
from socius.procurement.models import Contract

# reference, category, parameter values, sanctions (terms or "")
CLAUSES: list[tuple[str, str, dict[str, Any], str]] = [
    (
        "AAR-2026-001",
        "training",
        {"trainees_per_million": "0.25"},
        "Bod på 10.000 kr. for hver manglende person under uddannelse.",
    ),
    ("AAR-2026-001", "labour", {"agreement": "Bygge- og Anlægsoverenskomsten"}, ""),
    ("AAR-2026-002", "training", {"trainees_per_year": "2"}, ""),
    ("AAR-2026-005", "reserved", {"disadvantaged_share": "30"}, ""),
    ("AAR-2026-006", "social_employment", {"persons": "6", "share_of_hours": "10"}, ""),
]


def demo_pdf(title: str) -> bytes:
    """A small, valid, passive one-page PDF with one line of text."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\n"
    out += b"startxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return bytes(out)


def _add_clauses(
    space: MunicipalSpace, buyer: Any
) -> tuple[dict[tuple[str, str], ContractClause], int]:
    added: dict[tuple[str, str], ContractClause] = {}
    created = 0
    for reference, category, values, sanctions in CLAUSES:
        contract = Contract.objects.filter(space=space, reference=reference).first()
        version = clause_version_for_category(category=category)
        if contract is None or version is None:
            continue
        found = ContractClause.objects.filter(contract=contract, category=category).first()
        created += found is None
        added[(reference, category)] = found or services.contract_clause_add(
            actor=buyer,
            contract=contract,
            version=version,
            values=values,
            sanctions_agreed=bool(sanctions),
            sanction_terms=sanctions,
            today=datetime.date(2026, 3, 1),
        )
    return added, created


def _report(clause: ContractClause | None, contact: Any, counts: dict[str, Any]) -> Any:
    if clause is None:
        return None
    period = clause.obligations.order_by("number").first()
    if period is None or SupplierReport.objects.filter(obligation=period).exists():
        return None
    upload = SimpleUploadedFile(
        "dokumentation.pdf", demo_pdf("Dokumentation (demo) - uden navne"), "application/pdf"
    )
    return services.report_submit(
        actor=contact,
        obligation=period,
        counts=counts,
        comment="Opgjort fra lønsystemet. Navne er udeladt.",
        files=[upload],
    )


def demo_seed() -> list[str]:
    space = MunicipalSpace.objects.filter(slug="aarhus").first()
    users = get_user_model().objects
    buyer = users.filter(email="indkoeber@socius.example").first()
    contact = users.filter(email="leverandoer@socius.example").first()
    if space is None or buyer is None:
        return []
    added, created = _add_clauses(space, buyer)
    if contact is not None:
        labour = _report(added.get(("AAR-2026-001", "labour")), contact, {"conditions_met": True})
        if labour is not None:
            services.report_approve(actor=buyer, report=labour)
        employment = _report(
            added.get(("AAR-2026-006", "social_employment")),
            contact,
            {"employed": 7, "share_percent": 12},
        )
        if employment is not None:
            services.report_approve(actor=buyer, report=employment)
        training = _report(added.get(("AAR-2026-001", "training")), contact, {"trainees": 5})
        if training is not None:
            services.non_conformity_raise(
                actor=buyer,
                report=training,
                finding="Leverandøren har haft 5 personer under uddannelse. Målet er 8.",
                remedy="Tag 3 elever eller lærlinge mere i næste periode, og send en plan.",
                remedy_due_on=timezone.localdate() + datetime.timedelta(days=60),
                sanction_note="Kommunen venter med bod, til fristen er gået.",
            )
    if not created:
        return []
    return [
        f"Social clauses: {created} clauses on Aarhus' demo contracts; reports by "
        "leverandoer@socius.example (two approved, one with a non-conformity)."
    ]
