"""Export of the whole plan (PDF and JSON) and deletion with crypto-erasure."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.core.roles import Role
from socius.plans import crypto
from socius.plans.models import Access, Comment, Document, Goal, Plan, Share, Step
from socius.plans.signals import plan_deleted
from socius.plans.tests.protection_support import full_plan, pdf_with, strong_login
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _mark(field: str) -> str:
    return f"Tekst-{field}"


@pytest.fixture
def citizen(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN])


@pytest.fixture
def professional(db: None) -> Any:
    return UserFactory(roles=[Role.CASE_HANDLER], totp=True)


@pytest.fixture
def filled(citizen: Any, professional: Any) -> dict[str, Any]:
    return full_plan(citizen, professional, _mark)


def test_the_json_export_holds_every_part_opened(
    client, citizen, filled, django_assert_max_num_queries
):
    strong_login(client, citizen)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("plans:export-json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    text = json.dumps(data, ensure_ascii=False)
    for field in [
        "title", "goal", "why", "step", "helper", "goal-comment", "domain-comment", "note",
        "appointment", "place", "with", "filename", "purpose", "comment", "proposed",
        "professional-comment",
    ]:  # fmt: skip
        assert _mark(field) in text, field
    document = data["documents"][0]
    assert base64.b64decode(document["content_base64"]) == pdf_with(_mark("file"))
    assert [s["state"] for s in data["goals"][0]["steps"]].count("proposed") == 1
    assert {r["rater"] for r in data["goals"][0]["ratings"]} == {"citizen", "professional"}
    assert data["shares"][0]["parts"]
    assert {a["action"] for a in data["access_log"]} >= {"shared", "commented", "proposed"}
    # the plan's internal ids do not travel with it
    assert "outcome_id" not in data["plan"]
    assert AuditEntry.objects.filter(action="plans.plan.export").count() == 1


def test_the_pdf_export_is_a_pdf_download(client, citizen, filled):
    strong_login(client, citizen)
    response = client.get(reverse("plans:export-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert len(response.content) > 2000
    assert client.get(reverse("plans:export")).status_code == 200


def test_export_pages_are_not_found_for_a_person_without_a_plan(client):
    outsider = UserFactory(roles=[Role.CITIZEN])
    strong_login(client, outsider)
    for name in ("plans:export", "plans:export-pdf", "plans:export-json", "plans:delete"):
        assert client.get(reverse(name)).status_code == 404, name


def test_someone_else_never_gets_the_plan(client, filled, professional):
    # the professional the plan is shared with gets their own (absent) plan, not this one
    strong_login(client, professional)
    assert client.get(reverse("plans:export-json")).status_code == 404


@pytest.mark.parametrize(
    "word",
    ["", "slet nu", "<script>alert(1)</script>", "x" * 5000, "DELET"],
    ids=["empty", "other-words", "script", "too-long", "almost"],
)
def test_deletion_wants_the_typed_word_and_keeps_everything_otherwise(
    client, citizen, filled, word
):
    strong_login(client, citizen)
    response = client.post(reverse("plans:delete"), {"word": word})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert Plan.objects.filter(owner=citizen).exists()
    plan = Plan.objects.get(owner=citizen)
    assert crypto.unseal(plan, "plan", plan.sealed)["title"] == _mark("title")


def test_deletion_erases_the_key_first_then_rows_and_files(client, citizen, filled, settings):
    plan = filled["plan"]
    goal_copy = bytes(Goal.objects.get(plan=plan).sealed)  # what an old backup would hold
    blob = filled["document"].blob
    assert default_storage.exists(blob)
    sent: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        sent.append(kwargs)

    plan_deleted.connect(receiver)
    try:
        strong_login(client, citizen)
        page = client.get(reverse("plans:delete"))
        assert page.status_code == 200
        with pytest.MonkeyPatch.context() as mp:
            order: list[str] = []
            real_erase = crypto.key_erase

            def erase(p: Any) -> None:
                order.append("key")
                real_erase(p)

            mp.setattr(crypto, "key_erase", erase)
            from django.test import TestCase

            with TestCase.captureOnCommitCallbacks(execute=True):
                response = client.post(reverse("plans:delete"), {"word": "DELETE"})
        assert order == ["key"]
    finally:
        plan_deleted.disconnect(receiver)
    assert response.status_code == 302
    for model in (Plan, Goal, Step, Document, Share, Access, Comment):
        assert not model.objects.filter(pk__isnull=False).exists(), model
    assert not default_storage.exists(blob)
    assert len(sent) == 1
    assert len(sent[0]["outcome_id"]) == 32
    assert AuditEntry.objects.filter(action="plans.plan.delete").count() == 1
    # A copy of a row from before the deletion no longer opens: its key is gone.
    ghost = Plan(pk=plan.pk, sealed_key=b"")
    with pytest.raises(crypto.SealedValueError):
        crypto.unseal(ghost, "goal", goal_copy)


def test_the_account_export_and_erasure_cover_the_plan(citizen, filled):
    exported = personal_data_export(citizen)
    assert exported["plans"]["plan"]["title"] == _mark("title")
    assert "plans" in personal_data_erase(citizen)
    assert not Plan.objects.filter(owner=citizen).exists()
    assert personal_data_export(citizen)["plans"] is None


def test_deleting_needs_a_strong_session(client, citizen, filled):
    client.force_login(citizen)
    response = client.post(reverse("plans:delete"), {"word": "DELETE"})
    assert response.status_code == 302
    assert Plan.objects.filter(owner=citizen).exists()
