"""A test client signed in as the login form leaves it, without filling the form in."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client


def sign_in(client: Client, user: Any, *, mfa: bool) -> str:
    """Sign ``user`` in on ``client``: Django's login, and allauth's record of how the person
    signed in this session (the password and, with ``mfa``, the authenticator app), which
    ``plans.security`` reads to call a session strong. Returns the session key, for a browser's
    cookie."""
    client.force_login(user)
    session = client.session
    at = time.time()
    methods: list[dict[str, Any]] = [{"method": "password", "at": at, "email": user.email}]
    if mfa:
        methods.append({"method": "mfa", "at": at, "type": "totp"})
    session["account_authentication_methods"] = methods
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return str(session.session_key)
