"""People, plans and strong sign-ins for the sharing tests.

A citizen with a plan of two goals (a note, an appointment and a document), a case handler
(PLANS_PROFESSIONAL) the plan can be shared with, a second professional, and a citizen
without that capability. Every plan page wants a strong session, so the clients sign in as
people do: password, then the authenticator code."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from socius.core.roles import Role
from socius.plans import services, sharing
from socius.plans.models import Part, Share
from socius.tests_support.factories import PASSWORD, UserFactory, totp_code

TODAY = datetime.date(2026, 3, 2)
MARK = "ZEBRA-7731"  # hostile or secret words are built around it


def strong_client(user: Any) -> Client:
    """A client signed in as ``user`` with two-factor, as the plan pages need."""
    client = Client()
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response
    response = client.post("/konto/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302, "two-factor step failed"
    return client


def make_plan(owner: Any) -> Any:
    plan = services.plan_create(actor=owner, title=f"Min vej {MARK}")
    services.goal_create(actor=owner, plan=plan, text=f"Få et job {MARK}-G1", why="Penge")
    services.goal_create(actor=owner, plan=plan, text=f"Sove bedre {MARK}-G2")
    services.entry_create(actor=owner, plan=plan, kind="note", text=f"Note {MARK}-N")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    services.document_add(
        actor=owner, plan=plan,
        upload=SimpleUploadedFile("cv.pdf", pdf, content_type="application/pdf"),
    )  # fmt: skip
    return plan


def share(
    plan: Any, professional: Any, *, parts: tuple[str, ...] = (Part.GOALS,), goals: Any = (),
    days: int = 30, today: datetime.date | None = None,
) -> Share:  # fmt: skip
    today = today or timezone.localdate()
    return sharing.share_create(
        actor=plan.owner, plan=plan, parts=parts, goals=goals,
        professional_email=professional.email, purpose="Hjælp til job",
        ends_on=today + datetime.timedelta(days=days), today=today,
    )  # fmt: skip


@pytest.fixture
def owner(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN], totp=True)


@pytest.fixture
def plan(owner: Any) -> Any:
    return make_plan(owner)


@pytest.fixture
def professional(db: None) -> Any:
    return UserFactory(roles=[Role.CASE_HANDLER], totp=True)


@pytest.fixture
def other_professional(db: None) -> Any:
    return UserFactory(roles=[Role.PRACTITIONER], totp=True)


@pytest.fixture
def layperson(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN], totp=True)
