"""Seed the throwaway benchmark database: organisations for the list page, and a member.

Run from the project root with the benchmark's environment:
``python -m bench.seed [--session-file PATH]``. Themes and municipalities already come from
the migrations. The member (citizen role, two unread notifications) gets a real database
session, written the way ``django.contrib.auth.login`` writes one; its key goes to
``--session-file`` so ``bench/run.sh`` can send it as the ``sessionid`` cookie.
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--session-file", type=Path, help="write the member's session key here")
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
    if args.session_file is not None:
        args.session_file.write_text(key, encoding="utf-8")
    print(f"Seeded the member {MEMBER_EMAIL} (citizen) with a logged-in session.")


if __name__ == "__main__":
    main()
