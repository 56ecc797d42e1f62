"""Helpers for the citizen tests: a citizen signed in with a strong session (two-factor done
in this session, as allauth records it) and small files to upload."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client

from socius.plans import services
from socius.plans.models import Plan
from socius.tests_support.factories import UserFactory


def strong_client(user: Any) -> Client:
    """A client signed in as ``user`` who completed two-factor in this session."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": time.time()}
    ]
    session.save()
    return client


def citizen_with_plan(**kwargs: Any) -> tuple[Any, Plan]:
    user: Any = UserFactory(totp=True)
    plan = services.plan_create(actor=user, **kwargs)
    return user, plan
