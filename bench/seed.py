"""Seed the throwaway benchmark database: organisations for the list page, and a member.

Run from the project root with the benchmark's environment:
``python -m bench.seed [--cookie-file PATH]``. Themes and municipalities already come from
the migrations. The member (citizen role, two unread notifications) gets a real database
session, written the way ``django.contrib.auth.login`` writes one. ``--cookie-file`` gets the
Cookie header their browser sends: that session's ``sessionid`` and the ``csrftoken`` a
browser holds from the login form, so ``bench/run.sh`` requests pages as that browser would.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

ORGANISATIONS = 40
THEMES_PER_ORGANISATION = 2
MEMBER_EMAIL = "bench-medlem@socius.example"
MEMBER_NAME = "Bench Medlem"


def seed_member() -> str:
    """Create the member and a logged-in session for them; return the session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from socius.accounts.models import User
    from socius.core.models import Notification, RoleAssignment
    from socius.core.roles import Role

    user = User.objects.filter(email=MEMBER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(MEMBER_EMAIL, "bench-medlem-adgangskode", name=MEMBER_NAME)
    RoleAssignment.objects.get_or_create(user=user, role=Role.CITIZEN)
    for n in (1, 2):
        Notification.objects.get_or_create(
            recipient=user, kind="bench", title=f"Bench-besked {n}", defaults={"link": "/"}
        )
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    session.save()
    assert session.session_key is not None
    return session.session_key


def member_cookies(session_key: str) -> str:
    """The cookies a logged-in member's browser sends: the session, and the CSRF cookie that
    the login form set (Django keeps that secret until the next login)."""
    from django.conf import settings
    from django.utils.crypto import get_random_string

    return (
        f"{settings.SESSION_COOKIE_NAME}={session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={get_random_string(32)}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--cookie-file", type=Path, help="write the member's browser cookies here (a Cookie header)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socius.settings")
    import django

    django.setup()

    from socius.core.models import Municipality, Organisation, Theme

    municipality = Municipality.objects.get(code="751")
    themes = list(Theme.objects.filter(is_active=True))
    for number in range(1, ORGANISATIONS + 1):
        org, _ = Organisation.objects.get_or_create(
            slug=f"bench-forening-{number:02d}",
            defaults={
                "name": f"Benchforening {number:02d}",
                "kind": Organisation.Kind.ASSOCIATION,
                "municipality": municipality,
                "description": "En forening, der findes for at måle sidernes hastighed.",
            },
        )
        start = number % len(themes)
        picked = (themes + themes)[start : start + THEMES_PER_ORGANISATION]
        org.themes.set(picked)
    print(f"Seeded {Organisation.objects.count()} organisations, {len(themes)} themes.")
    key = seed_member()
    if args.cookie_file is not None:
        args.cookie_file.write_text(member_cookies(key), encoding="utf-8")
    print(f"Seeded the member {MEMBER_EMAIL} (citizen) with a logged-in session.")


if __name__ == "__main__":
    main()
