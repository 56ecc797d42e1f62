"""The citizen's pages through the test client: owner only, strong session, clear errors."""

from __future__ import annotations

import datetime
import io
import uuid
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

from socius.plans import services
from socius.plans.models import Document, DomainRating, Entry, Goal, GoalRating, Plan, Step
from socius.plans.tests.citizen_support import citizen_with_plan, strong_client
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _goal(user: object, plan: Plan) -> Goal:
    goal = services.goal_create(actor=user, plan=plan, text="Få et job")
    services.step_create(actor=user, goal=goal, text="Skriv CV", helper_kind="self")
    return goal


def test_it_shows_a_start_page_and_starts_a_plan() -> None:
    user: Any = UserFactory(totp=True)
    client = strong_client(user)
    response = client.get(reverse("plans:home"))
    assert response.status_code == 200
    assert reverse("plans:plan-start") in response.content.decode()
    response = client.post(reverse("plans:plan-start"), {"title": "Min vej", "domains": ["work"]})
    assert response.status_code == 302
    assert Plan.objects.filter(owner_id=user.pk).exists()
    assert "Min vej" in client.get(reverse("plans:home")).content.decode()


def test_it_sends_a_weak_session_to_the_strong_login() -> None:
    try:
        reverse("plans:login-strong")
    except NoReverseMatch:
        pytest.skip("The strong login page is wired into plans' URLs with the account pages.")
    user, _plan = citizen_with_plan()
    client = Client()
    client.force_login(user)
    response = client.get(reverse("plans:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("plans:login-strong"))


def test_it_sends_an_anonymous_visitor_to_log_in() -> None:
    response = Client().get(reverse("plans:progress"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_adds_a_goal_a_step_and_ratings() -> None:
    user, plan = citizen_with_plan()
    client = strong_client(user)
    response = client.post(
        reverse("plans:goal-create"),
        {"text": "Få et job", "why": "", "domain": "work", "baseline": "-1"},
    )
    goal = Goal.objects.get()
    assert response["Location"] == reverse("plans:step-create", args=[goal.public_id])
    client.post(response["Location"], {"text": "Skriv CV", "helper_kind": "self"})
    step = Step.objects.get()
    client.post(reverse("plans:goal-rate", args=[goal.public_id]), {"score": "1", "comment": ""})
    client.post(reverse("plans:step-done", args=[step.public_id]))
    client.post(reverse("plans:domain-rate"), {"domain": "work", "score": "6"})
    assert GoalRating.objects.count() == 1
    assert DomainRating.objects.count() == 1
    assert Step.objects.get().state == Step.State.DONE
    page = client.get(reverse("plans:goal-detail", args=[goal.public_id])).content.decode()
    assert "Skriv CV" in page
    assert "<table" in page  # the chart's numbers
    progress = client.get(reverse("plans:progress"))
    assert progress.status_code == 200
    assert progress.content.decode().count("<table") == 2


def test_goal_edit_and_close() -> None:
    user, plan = citizen_with_plan()
    goal = _goal(user, plan)
    client = strong_client(user)
    client.post(
        reverse("plans:goal-edit", args=[goal.public_id]),
        {"text": "Få et fast job", "domain": "", "baseline": "0"},
    )
    client.post(reverse("plans:goal-close", args=[goal.public_id]), {"reached": "1"})
    assert Goal.objects.get().closed_at is not None
    assert "Få et fast job" in client.get(reverse("plans:home")).content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "plans:goal-detail",
        "plans:goal-edit",
        "plans:goal-rate",
        "plans:step-create",
        "plans:goal-close",
    ],
)
def test_outsider_gets_404_for_another_persons_goal(name: str) -> None:
    owner, plan = citizen_with_plan()
    goal = _goal(owner, plan)
    other, _plan = citizen_with_plan()
    client = strong_client(other)
    assert client.get(reverse(name, args=[goal.public_id])).status_code == 404
    if name != "plans:goal-detail":
        assert client.post(reverse(name, args=[goal.public_id]), {"text": "x"}).status_code == 404
    assert client.get(reverse(name, args=[uuid.uuid4()])).status_code == 404


def test_outsider_gets_404_for_another_persons_step_entry_and_document() -> None:
    owner, plan = citizen_with_plan()
    goal = _goal(owner, plan)
    step = goal.steps.get()
    entry = services.entry_create(actor=owner, plan=plan, kind="note", text="hemmelig")
    document = services.document_add(
        actor=owner, plan=plan, upload=SimpleUploadedFile("brev.png", PNG, "image/png")
    )
    other, _plan = citizen_with_plan()
    client = strong_client(other)
    assert client.get(reverse("plans:step-edit", args=[step.public_id])).status_code == 404
    assert client.post(reverse("plans:step-done", args=[step.public_id])).status_code == 404
    assert client.post(reverse("plans:entry-delete", args=[entry.public_id])).status_code == 404
    url = reverse("plans:document-download", args=[document.public_id])
    assert client.get(url).status_code == 404
    assert Step.objects.get().state == Step.State.ACTIVE
    assert Entry.objects.count() == 1


@pytest.mark.parametrize(
    "name", ["plans:plan-edit", "plans:goal-create", "plans:progress", "plans:entry-list",
             "plans:document-list", "plans:domain-rate"],
)  # fmt: skip
def test_a_person_without_a_plan_gets_404(name: str) -> None:
    client = strong_client(UserFactory(totp=True))
    assert client.get(reverse(name)).status_code == 404


def test_hostile_goal_text_is_escaped_and_kept_on_error() -> None:
    user, plan = citizen_with_plan()
    client = strong_client(user)
    hostile = "<script>alert(1)</script>"
    client.post(reverse("plans:goal-create"), {"text": hostile, "baseline": "-1"})
    page = client.get(reverse("plans:home")).content.decode()
    assert hostile not in page
    assert "&lt;script&gt;" in page
    too_long = "ord " * 200
    response = client.post(reverse("plans:goal-create"), {"text": too_long, "baseline": "-1"})
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert too_long.strip() in response.content.decode()
    assert Goal.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [({"score": "7"}, "score"), ({"score": "x"}, "score"), ({}, "score")],
)
def test_forged_scores_are_refused(data: dict[str, str], field: str) -> None:
    user, plan = citizen_with_plan()
    goal = _goal(user, plan)
    client = strong_client(user)
    response = client.post(reverse("plans:goal-rate", args=[goal.public_id]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not GoalRating.objects.exists()


def test_a_step_due_far_ahead_is_refused_clearly() -> None:
    user, plan = citizen_with_plan()
    goal = _goal(user, plan)
    client = strong_client(user)
    response = client.post(
        reverse("plans:step-create", args=[goal.public_id]),
        {"text": "x", "helper_kind": "self", "due": "2999-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due"]
    assert Step.objects.count() == 1


def test_appointment_needs_a_day() -> None:
    user, plan = citizen_with_plan()
    client = strong_client(user)
    response = client.post(reverse("plans:entry-create"), {"kind": "appointment", "text": "Møde"})
    assert response.context["form"].errors["day"]
    day = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()  # noqa: DTZ011
    client.post(
        reverse("plans:entry-create"),
        {"kind": "appointment", "text": "Møde", "day": day, "time": "10:30", "place": "Rådhuset"},
    )
    page = client.get(reverse("plans:entry-list")).content.decode()
    assert "Rådhuset" in page


def test_document_upload_and_download() -> None:
    user, plan = citizen_with_plan()
    client = strong_client(user)
    upload = SimpleUploadedFile("brev.png", PNG, "image/png")
    response = client.post(reverse("plans:document-add"), {"upload": upload})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.blob.startswith("plans/")
    assert "brev.png" in client.get(reverse("plans:document-list")).content.decode()
    download = client.get(reverse("plans:document-download", args=[document.public_id]))
    assert b"".join(download.streaming_content) == PNG  # type: ignore[attr-defined]
    assert download["X-Content-Type-Options"] == "nosniff"


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", b"\0" * 5_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (x) >> >>"),
        ("bomb.docx", _zip_bomb()),
        ("fake.png", b"MZ\x90\x00 not a picture"),
        ("page.html", b"<html><script>x</script></html>"),
        ("empty.pdf", b""),
    ],
)
def test_hostile_files_are_refused_and_nothing_is_stored(name: str, content: bytes) -> None:
    user, plan = citizen_with_plan()
    client = strong_client(user)
    response = client.post(
        reverse("plans:document-add"), {"upload": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Document.objects.exists()


def test_list_pages_keep_their_query_count(django_assert_max_num_queries: Any) -> None:
    user, plan = citizen_with_plan()
    client = strong_client(user)
    for _n in range(3):
        goal = _goal(user, plan)
        services.goal_rate(actor=user, goal=goal, score=0)
        services.entry_create(actor=user, plan=plan, kind="note", text="x")
        services.document_add(
            actor=user, plan=plan, upload=SimpleUploadedFile("a.png", PNG, "image/png")
        )
    for name in ("plans:home", "plans:entry-list", "plans:document-list", "plans:progress"):
        with django_assert_max_num_queries(16):
            assert client.get(reverse(name)).status_code == 200
