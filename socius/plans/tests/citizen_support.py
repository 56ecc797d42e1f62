"""Helpers for the citizen tests: a citizen signed in with a strong session (two-factor done
in this session, as allauth records it) and small files to upload."""

from __future__ import annotations

from typing import Any

from django.test import Client

from socius.plans import services
from socius.plans.models import Plan
from socius.tests_support.factories import UserFactory
from socius.tests_support.logins import sign_in


def strong_client(user: Any) -> Client:
    """A client signed in as ``user`` who completed two-factor in this session."""
    client = Client()
    sign_in(client, user, mfa=True)
    return client


def citizen_with_plan(**kwargs: Any) -> tuple[Any, Plan]:
    user: Any = UserFactory(totp=True)
    plan = services.plan_create(actor=user, **kwargs)
    return user, plan
