"""The municipality's own companies: added with a valid CVR, assessed yearly against the five
criteria with a plan of changes; a reminder when the review falls due; public to read, 403
for people without procurement.companies, 404 for unknown addresses."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.procurement.enterprises import services
from socius.procurement.enterprises.models import (
    CompanyAssessment,
    Criterion,
    MunicipalCompany,
    PlanStep,
)

from .conftest import CVR_A, CVR_BAD

pytestmark = pytest.mark.django_db


def _company(space, actor) -> MunicipalCompany:
    return services.company_create(
        actor=actor, space=space, name="Aarhus Kantiner A/S", cvr=CVR_A,
        ownership="Kommunen ejer 100 %.", activity="Kantiner på rådhuset og skolerne.",
    )  # fmt: skip


def _assessment_post(year: str = "2026", **changes: str) -> dict[str, str]:
    data = {"year": year, "summary": "Første vurdering."}
    for c in Criterion.values:
        data[f"{c}_fulfilment"] = "partly"
        data[f"{c}_note"] = "Delvist."
    data.update(changes)
    return data


def test_an_administrator_adds_assesses_and_plans(client, space, admin_companies):
    client.force_login(admin_companies)
    url = reverse("procurement_enterprises:company-create", args=["aarhus"])
    response = client.post(
        url, {"name": "Aarhus Kantiner A/S", "cvr": "DK 1000 0009", "ownership": "100 %",
              "activity": "Kantiner"},
    )  # fmt: skip
    assert response.status_code == 302
    company = MunicipalCompany.objects.get()
    assert company.cvr == CVR_A
    response = client.post(
        reverse("procurement_enterprises:company-assess", args=["aarhus", company.slug]),
        _assessment_post(independence_fulfilment="not_met"),
    )
    assert response.status_code == 302
    assessment = CompanyAssessment.objects.get()
    assert assessment.answers["independence"]["fulfilment"] == "not_met"
    company.refresh_from_db()
    assert company.next_review_on is not None
    response = client.post(
        reverse("procurement_enterprises:plan-step-add", args=["aarhus", company.slug]),
        {"criterion": "independence", "action": "Sælg aktiemajoriteten.",
         "responsible": "Direktionen", "due_on": "2027-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    step = PlanStep.objects.get()
    client.post(
        reverse("procurement_enterprises:plan-step-done", args=["aarhus", company.slug, step.pk])
    )
    step.refresh_from_db()
    assert step.done_on is not None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "procurement_enterprises.company_create",
        "procurement_enterprises.company_assess",
        "procurement_enterprises.plan_step_add",
        "procurement_enterprises.plan_step_done",
    } <= actions
    # Anyone may read.
    client.logout()
    page = client.get(company.get_absolute_url()).content.decode()
    assert "Sælg aktiemajoriteten." in page
    assert "Ikke opfyldt" in page
    listing = client.get(reverse("procurement_enterprises:company-list", args=["aarhus"]))
    assert "Aarhus Kantiner A/S" in listing.content.decode()


@pytest.mark.parametrize(
    ("cvr", "message"), [(CVR_BAD, "valid CVR"), ("1234", "valid CVR"), ("<script>", "valid CVR")]
)
def test_a_company_needs_a_valid_cvr(client, space, admin_companies, cvr, message):
    client.force_login(admin_companies)
    response = client.post(
        reverse("procurement_enterprises:company-create", args=["aarhus"]),
        {"name": "X", "cvr": cvr, "ownership": "100 %", "activity": "Y"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MunicipalCompany.objects.exists()


def test_an_assessment_needs_all_five_criteria_and_one_per_year(client, space, admin_companies):
    company = _company(space, admin_companies)
    client.force_login(admin_companies)
    url = reverse("procurement_enterprises:company-assess", args=["aarhus", company.slug])
    data = _assessment_post()
    del data["governance_fulfilment"]
    assert client.post(url, data).status_code == 400
    assert client.post(url, _assessment_post(year="1e9")).status_code == 400
    assert client.post(url, _assessment_post(year="2999")).status_code == 400
    assert not CompanyAssessment.objects.exists()
    assert client.post(url, _assessment_post()).status_code == 302
    response = client.post(url, _assessment_post())
    assert response.status_code == 400
    assert "already assessed" in response.content.decode()
    assert CompanyAssessment.objects.count() == 1


def test_people_without_the_capability_get_403_and_unknown_addresses_404(
    client, space, admin_companies, buyer, outsider
):
    company = _company(space, admin_companies)
    posts = [
        reverse("procurement_enterprises:company-create", args=["aarhus"]),
        reverse("procurement_enterprises:company-assess", args=["aarhus", company.slug]),
        reverse("procurement_enterprises:plan-step-add", args=["aarhus", company.slug]),
        reverse("procurement_enterprises:plan-step-done", args=["aarhus", company.slug, 1]),
    ]
    for user in (buyer, outsider):
        client.force_login(user)
        for url in posts:
            assert client.post(url, _assessment_post()).status_code == 403
    assert not CompanyAssessment.objects.exists()
    with pytest.raises(PermissionDenied):
        services.company_assess(actor=buyer, company=company, year=2026, answers={}, summary="")
    client.force_login(admin_companies)
    assert (
        client.get(
            reverse("procurement_enterprises:company-list", args=["findes-ikke"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("procurement_enterprises:company-detail", args=["aarhus", "findes-ikke"])
        ).status_code
        == 404
    )


def test_the_yearly_review_reminder_is_sent_once_when_due(
    space, admin_companies, mailbox, django_capture_on_commit_callbacks
):
    company = _company(space, admin_companies)
    services.company_assess(
        actor=admin_companies, company=company, year=2025,
        answers={c: ("met", "ok") for c in Criterion.values}, summary="",
        today=datetime.date(2025, 9, 1),
    )  # fmt: skip
    company.refresh_from_db()
    assert company.next_review_on == datetime.date(2026, 9, 1)
    # 31 days before: nothing; 30 days before: one reminder; again: none.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.company_reviews_remind(today=datetime.date(2026, 8, 1)) == 0
        assert services.company_reviews_remind(today=datetime.date(2026, 8, 2)) == 1
        assert services.company_reviews_remind(today=datetime.date(2026, 8, 3)) == 0
    assert len(mailbox.messages) == 1
    body = mailbox.body_of(mailbox.messages[0])
    assert "Aarhus Kantiner A/S" in body
    assert AuditEntry.objects.filter(action="procurement_enterprises.review_remind").count() == 1
    # After the next review, the reminder comes again a year later.
    services.company_assess(
        actor=admin_companies, company=company, year=2026,
        answers={c: ("met", "ok") for c in Criterion.values}, summary="",
        today=datetime.date(2026, 8, 20),
    )  # fmt: skip
    assert services.company_reviews_remind(today=datetime.date(2026, 8, 21)) == 0
    assert services.company_reviews_remind(today=datetime.date(2027, 7, 21)) == 1


def test_the_command_runs(
    space, admin_companies, mailbox, capsys, django_capture_on_commit_callbacks
):
    _company(space, admin_companies)  # never assessed: due at once
    with django_capture_on_commit_callbacks(execute=True):
        call_command("procurement_company_reviews")
    assert "1" in capsys.readouterr().out
    assert len(mailbox.messages) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("procurement_company_reviews")
    assert len(mailbox.messages) == 1


def test_a_plan_step_has_a_known_criterion(space, admin_companies):
    company = _company(space, admin_companies)
    with pytest.raises(ValidationError):
        services.plan_step_add(
            actor=admin_companies, company=company, criterion="nonsense", action="x",
            responsible="y", due_on=datetime.date(2027, 1, 1),
        )  # fmt: skip
    assert not PlanStep.objects.exists()
