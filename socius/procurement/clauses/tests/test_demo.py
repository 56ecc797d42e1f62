"""The demo content: clauses on Aarhus' demo contracts, two approved reports (one with
people employed) and one with a non-conformity, each with a generated PDF that passes the evidence check; idempotent."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socius.core.demo import demo_seed as core_seed
from socius.core.uploads import document_check
from socius.procurement.clauses.demo import demo_pdf, demo_seed
from socius.procurement.clauses.models import ContractClause, NonConformity, SupplierReport

pytestmark = pytest.mark.django_db


def test_the_demo_pdf_passes_the_evidence_check():
    assert document_check(SimpleUploadedFile("d.pdf", demo_pdf("Dokumentation"))) == "pdf"


def test_the_demo_skips_quietly_without_contracts():
    assert demo_seed() == []


def test_the_demo_seeds_once():
    from socius.procurement.demo import demo_seed as contracts_seed

    core_seed()
    contracts_seed()
    assert demo_seed()
    assert demo_seed() == []
    assert ContractClause.objects.count() == 5
    approved = SupplierReport.objects.filter(status="approved")
    assert approved.count() == 2
    assert sum(r.employed or 0 for r in approved) == 7
    assert NonConformity.objects.count() == 1
    assert all(r.evidence.count() == 1 for r in SupplierReport.objects.all())
