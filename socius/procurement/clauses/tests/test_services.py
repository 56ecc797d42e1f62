"""Clauses on contracts, reports, review, non-conformities and reminders, through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socius.core.models import AuditEntry, Notification
from socius.procurement.clauses import audit, services
from socius.procurement.clauses.models import (
    Clause,
    ClauseVersion,
    ContractClause,
    Evidence,
    NonConformity,
    ReportStatus,
    SupplierReport,
)
from socius.procurement.clauses.selectors import (
    clause_version_for_category,
    contract_clause_categories,
    contract_clause_categories_bulk,
    outcomes_for,
)
from socius.procurement.clauses.tests.conftest import PDF, pdf_upload

pytestmark = pytest.mark.django_db


def test_the_library_is_seeded_with_four_clauses_each_with_legal_basis_and_parameters():
    assert sorted(Clause.objects.values_list("category", flat=True)) == [
        "labour",
        "reserved",
        "social_employment",
        "training",
    ]
    for version in ClauseVersion.objects.all():
        assert version.legal_basis
        assert version.text
        assert version.follow_up
        assert version.number == 1


def test_a_clause_on_a_contract_becomes_periods_with_targets(training_clause, contract):
    periods = list(training_clause.obligations.order_by("number"))
    assert [p.target_trainees for p in periods] == [15, 15]
    assert periods[-1].ends_on == contract.ends_on
    assert contract_clause_categories(contract=contract) == {"training"}
    assert contract_clause_categories_bulk(contract_ids=[contract.pk]) == {
        contract.pk: {"training"}
    }
    assert AuditEntry.objects.filter(action=audit.AUDIT_CONTRACT_CLAUSE_ADDED).count() == 1


def test_a_second_clause_of_the_same_kind_is_refused(training_clause, contract, buyer):
    with pytest.raises(ValidationError, match="allerede en klausul"):
        services.contract_clause_add(
            actor=buyer,
            contract=contract,
            version=training_clause.version,
            values={"trainees_per_year": "1"},
        )
    assert ContractClause.objects.count() == 1


def test_a_citizen_cannot_add_a_clause(contract, supplier_contact):
    with pytest.raises(PermissionDenied):
        services.contract_clause_add(
            actor=supplier_contact,
            contract=contract,
            version=clause_version_for_category(category="training"),
            values={"trainees_per_year": "1"},
        )


def test_a_new_version_never_rewrites_the_old_one(administrator, training_clause):
    clause = training_clause.version.clause
    new = services.clause_version_create(
        actor=administrator,
        clause=clause,
        legal_basis="Udbudsloven § 176, stk. 2.",
        text="Ny tekst.",
        follow_up="Årlig rapport.",
        valid_from=datetime.date(2027, 1, 1),
    )
    assert new.number == 2
    assert new.parameters == training_clause.version.parameters
    training_clause.refresh_from_db()
    assert training_clause.version.number == 1
    old = ClauseVersion.objects.get(clause=clause, number=1)
    old.text = "Ændret"
    with pytest.raises(ValueError, match="never changed"):
        old.save()


def test_the_supplier_reports_with_evidence_and_the_buyer_is_told(report, mailbox, buyer):
    assert report.trainees == 14
    assert report.status == ReportStatus.SUBMITTED
    evidence = Evidence.objects.get(report=report)
    assert evidence.extension == "pdf"
    assert evidence.title == "aftaler.pdf"
    assert "aftaler" not in evidence.file.name
    assert evidence.file.name.startswith("procurement/evidence/")
    assert Notification.objects.filter(recipient=buyer).count() == 1


def test_a_duplicate_period_is_refused(report, first_period, supplier_contact):
    with pytest.raises(ValidationError, match="allerede sendt"):
        services.report_submit(
            actor=supplier_contact, obligation=first_period, counts={"trainees": 3}
        )
    assert SupplierReport.objects.count() == 1


def test_someone_who_does_not_act_for_the_supplier_cannot_report(first_period, outsider, buyer):
    for person in (outsider, buyer):
        with pytest.raises(PermissionDenied):
            services.report_submit(actor=person, obligation=first_period, counts={"trainees": 1})


@pytest.mark.parametrize(
    ("counts", "comment", "files", "field"),
    [
        ({}, "", [], "trainees"),
        ({"trainees": -1}, "", [], "trainees"),
        ({"trainees": "14"}, "", [], "trainees"),
        ({"trainees": True}, "", [], "trainees"),
        ({"trainees": 1}, "Eleven Ali, 010203-1234", [], "comment"),
        ({"trainees": 1}, "", [pdf_upload(content=PDF + b"/JavaScript")], "files"),
        ({"trainees": 1}, "", [pdf_upload() for _ in range(6)], "files"),
    ],
    ids=["missing", "negative", "text", "bool", "cpr", "javascript", "too-many"],
)
def test_bad_reports_are_refused_and_nothing_is_saved(
    first_period, supplier_contact, counts, comment, files, field
):
    with pytest.raises(ValidationError) as caught:
        services.report_submit(
            actor=supplier_contact,
            obligation=first_period,
            counts=counts,
            comment=comment,
            files=files,
        )
    assert field in caught.value.error_dict
    assert SupplierReport.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_approval_counts_in_the_outcome(report, buyer, training_clause, supplier_contact):
    assert outcomes_for(contract_clause=training_clause).trainees == 0
    services.report_approve(actor=buyer, report=report)
    result = outcomes_for(contract_clause=training_clause)
    assert (result.trainees, result.periods_approved, result.periods) == (14, 1, 2)
    assert Notification.objects.filter(recipient=supplier_contact).count() == 1
    with pytest.raises(ValidationError, match="allerede vurderet"):
        services.report_approve(actor=buyer, report=report)


def test_a_non_conformity_with_a_sanction_where_the_contract_allows_it(report, buyer):
    finding = services.non_conformity_raise(
        actor=buyer,
        report=report,
        finding="Kun 14 af 15 elever.",
        remedy="Ansæt en elev mere.",
        remedy_due_on=timezone.localdate() + datetime.timedelta(days=30),
        sanction_ore=10_000_00,
        sanction_note="Bod efter kontraktens § 12.",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.NON_CONFORMING
    assert outcomes_for(contract_clause=report.obligation.contract_clause).trainees == 0
    resolved = services.non_conformity_resolve(
        actor=buyer, non_conformity=finding, resolution="Eleven er ansat."
    )
    assert resolved.resolved_at is not None
    with pytest.raises(ValidationError):
        services.non_conformity_resolve(actor=buyer, non_conformity=finding, resolution="Igen.")


def test_no_sanction_where_the_contract_does_not_allow_it_and_no_past_deadline(report, buyer):
    clause = report.obligation.contract_clause
    clause.sanctions_agreed = False
    clause.save(update_fields=["sanctions_agreed"])
    with pytest.raises(ValidationError) as caught:
        services.non_conformity_raise(
            actor=buyer,
            report=report,
            finding="Mangler.",
            remedy="Ret op.",
            remedy_due_on=timezone.localdate() - datetime.timedelta(days=1),
            sanction_ore=5_000_00,
        )
    assert set(caught.value.error_dict) == {"sanction_ore", "remedy_due_on"}
    assert NonConformity.objects.count() == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_overdue_reports_remind_both_sides_once_a_week(
    training_clause, mailbox, buyer, supplier_contact, django_capture_on_commit_callbacks
):
    due = training_clause.obligations.order_by("number").first().due_on
    day = due + datetime.timedelta(days=1)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=day) == 1
    recipients = sorted(m["To"] for m in mailbox.messages)
    assert recipients == sorted([buyer.email, supplier_contact.email])
    assert any("overdue" in m["Subject"] or "forsinket" in m["Subject"] for m in mailbox.messages)
    assert Notification.objects.filter(recipient=supplier_contact).count() == 1
    assert Notification.objects.filter(recipient=buyer).count() == 1
    assert services.reminders_send(today=day + datetime.timedelta(days=3)) == 0
    assert services.reminders_send(today=day + datetime.timedelta(days=7)) == 1
    assert services.reminders_send(today=due) == 0


def test_the_reminders_command_runs(training_clause, capsys):
    from django.core.management import call_command

    due = training_clause.obligations.order_by("number").first().due_on
    call_command("procurement_reminders", today=(due + datetime.timedelta(days=2)).isoformat())
    assert "Reminded 1" in capsys.readouterr().out
