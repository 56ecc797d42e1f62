"""The rules' pages through the test client: public pages, "follow or explain" (buyers only,
hostile input, audited, nothing saved on refusal), the library (a new version and a new
threshold period, never rewriting history), and outsiders denied."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.core.roles import Role
from socius.procurement.rules.models import Assessment, ClauseDecision, EuThreshold, Rule
from socius.procurement.rules.services import assessments_refresh
from socius.procurement.rules.tests.rules_support import MIO, contract_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db
SERVICES = "uddannelse-tjenesteydelser"


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _buyer(client):
    client.force_login(UserFactory(roles=[Role.BUYER], totp=True))


def _admin(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], totp=True))


def _decision_url(contract, code=SERVICES):
    return reverse("procurement_rules:decision-create", args=[contract.public_id, code])


def test_the_rules_page_shows_rules_legal_basis_and_thresholds_per_period(client):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("procurement_rules:rule-list")).content.decode()
    assert "Uddannelsesklausul i tjenesteydelseskontrakter" in body
    assert "Udbudsloven § 176, stk. 2" in body
    assert "40.100.744 kr." in body  # works 2022-23
    assert "1.644.638 kr." in body  # supplies and services 2024-25
    assert "5404000 EUR" in body  # works 2026-27
    assert "not checked" in body
    assert len(queries) <= 12


def test_the_rule_page_shows_its_versions(client):
    response = client.get(reverse("procurement_rules:rule-detail", args=[SERVICES]))
    assert response.status_code == 200
    assert "Follow or explain" in response.content.decode()
    assert client.get(reverse("procurement_rules:rule-detail", args=["ukendt"])).status_code == 404


def test_a_buyer_explains_leaving_out_a_required_clause(client):
    contract = contract_make(estimated_value_ore=5 * MIO)
    _buyer(client)
    url = _decision_url(contract)
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "explain", "reason_kind": "safety",
                                 "explanation": "Arbejdet foregår i en sikret zone."})  # fmt: skip
    assert response.status_code == 302
    decision = ClauseDecision.objects.get(contract=contract)
    assert (decision.reason_kind, decision.code) == ("safety", SERVICES)
    assert AuditEntry.objects.filter(action="procurement_rules.decision.record").count() == 1
    from socius.procurement.rules.selectors import contract_requirements

    requirement = {r.rule.code: r for r in contract_requirements(contract=contract)}[SERVICES]
    assert requirement.met
    assert requirement.explained


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"decision": "explain", "explanation": "Ingen grund"},
            "Choose why the clause is left out.",
        ),
        (
            {"decision": "explain", "reason_kind": "safety", "explanation": ""},
            "This field is required.",
        ),
        (
            {"decision": "explain", "reason_kind": "cheaper", "explanation": "x"},
            "Select a valid choice",
        ),
        ({"decision": "ignore", "explanation": "x"}, "Select a valid choice"),
        (
            {"decision": "explain", "reason_kind": "safety", "explanation": "x" * 3001},
            "at most 3000",
        ),
    ],
)
def test_hostile_decisions_are_refused_and_nothing_is_saved(client, data, message):
    contract = contract_make()
    _buyer(client)
    response = client.post(_decision_url(contract), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClauseDecision.objects.exists()


def test_script_in_an_explanation_is_shown_as_text(client):
    contract = contract_make()
    _buyer(client)
    client.post(_decision_url(contract), {"decision": "explain", "reason_kind": "other_law",
                                          "explanation": "<script>alert(1)</script>"})  # fmt: skip
    assessments_refresh(contract_ids=[contract.pk])
    from django.template import Context, Template

    html = Template("{% load procurement_rules_tags %}{% rules_block contract user %}").render(
        Context({"contract": contract, "user": UserFactory()})
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_decision_on_a_clause_that_is_not_required_is_refused(client):
    contract = contract_make(estimated_value_ore=4_999_999_00)
    _buyer(client)
    response = client.post(_decision_url(contract), {"decision": "explain", "reason_kind": "safety",
                                                     "explanation": "x"})  # fmt: skip
    assert response.status_code == 200
    assert "nothing to decide" in response.content.decode()
    assert not ClauseDecision.objects.exists()


def test_decision_page_outsiders(client):
    contract = contract_make()
    url = _decision_url(contract)
    assert client.get(url).status_code == 302  # log in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "follow", "explanation": "x"}).status_code == 403
    _buyer(client)
    assert client.get(_decision_url(contract, "ukendt")).status_code == 404
    forged = reverse("procurement_rules:decision-create", args=[uuid.uuid4(), SERVICES])
    assert client.get(forged).status_code == 404


def test_the_block_shows_buyers_the_buttons_and_others_only_the_facts(client):
    contract = contract_make(estimated_value_ore=5 * MIO)
    assessments_refresh(contract_ids=[contract.pk])
    from django.template import Context, Template

    template = Template("{% load procurement_rules_tags %}{% rules_block contract user %}")
    buyer = UserFactory(roles=[Role.BUYER], totp=True)
    html = template.render(Context({"contract": contract, "user": buyer}))
    assert "Kontrakten skal have en uddannelsesklausul" in html
    assert "?kategori=training" in html
    assert _decision_url(contract) in html
    public = template.render(Context({"contract": contract, "user": UserFactory()}))
    assert "Kontrakten skal have en uddannelsesklausul" in public
    assert "kategori" not in public
    assert _decision_url(contract) not in public


def test_library_pages_are_403_for_buyers(client):
    _buyer(client)
    for url in (reverse("procurement_rules:threshold-create"),
                reverse("procurement_rules:rule-edit", args=[SERVICES])):  # fmt: skip
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


def test_a_new_rule_version_keeps_history_and_reassesses(client):
    contract = contract_make(estimated_value_ore=5 * MIO, awarded_on=datetime.date(2026, 3, 1))
    later = contract_make(estimated_value_ore=5 * MIO, awarded_on=datetime.date(2027, 3, 1))
    _admin(client)
    old = Rule.objects.get(code=SERVICES, version=1)
    response = client.post(reverse("procurement_rules:rule-edit", args=[SERVICES]), {
        "name": old.name, "description": old.description, "legal_basis": old.legal_basis,
        "source_url": old.source_url, "valid_from": "2027-01-01",
        "limit_2": "6.000.000", "limit_3": "6",
    })  # fmt: skip
    assert response.status_code == 302
    new = Rule.objects.get(code=SERVICES, version=2)
    assert new.conditions[2]["value"] == 6 * MIO
    old.refresh_from_db()
    assert old.conditions[2]["value"] == 5 * MIO
    assert old.valid_to is None
    assert Assessment.objects.get(contract=contract, code=SERVICES).required
    assert not Assessment.objects.get(contract=later, code=SERVICES).required
    assert AuditEntry.objects.filter(action="procurement_rules.rule.version").count() == 1


@pytest.mark.parametrize(
    ("valid_from", "limit", "message"),
    [("2022-07-01", "6.000.000", "must start after the newest version"),
     ("2027-01-01", "5 mio.", "kroner"), ("2027-01-01", "-5", "negative"),
     ("2027-01-01", "1e9", "kroner"), ("2027-01-01", "", "required")],
)  # fmt: skip
def test_hostile_rule_versions_are_refused(client, valid_from, limit, message):
    _admin(client)
    old = Rule.objects.get(code=SERVICES, version=1)
    response = client.post(reverse("procurement_rules:rule-edit", args=[SERVICES]), {
        "name": old.name, "description": old.description, "legal_basis": old.legal_basis,
        "source_url": old.source_url, "valid_from": valid_from, "limit_2": limit, "limit_3": "6",
    })  # fmt: skip
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Rule.objects.filter(code=SERVICES).count() == 1


def _threshold_data(**overrides):
    data = {"applies_to": "works", "amount": "41.000.000", "amount_eur": "5500000",
            "valid_from": "2028-01-01", "valid_to": "2029-12-31",
            "eu_source": "Delegeret forordning (EU) 2027/1", "dk_source": "Meddelelse",
            "source_url": "https://example.org/taerskel"}  # fmt: skip
    data.update(overrides)
    return data


def test_a_new_threshold_period_is_added_after_the_last(client):
    _admin(client)
    response = client.post(reverse("procurement_rules:threshold-create"), _threshold_data())
    assert response.status_code == 302
    made = EuThreshold.objects.get(valid_from=datetime.date(2028, 1, 1))
    assert (made.amount_ore, made.amount_eur, made.figure_verified) == (41 * MIO, 5_500_000, False)
    assert AuditEntry.objects.filter(action="procurement_rules.threshold.create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"valid_from": "2027-06-01"}, "must start after the last one"),
     ({"valid_to": "2027-12-31"}, "on or after the start date"),
     ({"amount": "4.999.999,99"}, "whole kroner"), ({"amount": "5 mio."}, "kroner"),
     ({"amount": "-5"}, "negative"), ({"amount": ""}, "required"),
     ({"amount_eur": "abc"}, "whole number"), ({"applies_to": "<script>"}, "valid choice"),
     ({"eu_source": "x" * 301}, "at most 300")],
)  # fmt: skip
def test_hostile_thresholds_are_refused(client, overrides, message):
    _admin(client)
    before = EuThreshold.objects.count()
    response = client.post(
        reverse("procurement_rules:threshold-create"), _threshold_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert EuThreshold.objects.count() == before
