"""Small helpers for the knowledge tests: publish a page as Wagtail's approval would."""

from __future__ import annotations

from typing import Any

from socius.knowledge.models import PublicationPage


def publish(page: PublicationPage, user: Any = None) -> PublicationPage:
    revision = page.get_latest_revision()
    revision.publish(user=user)
    page.refresh_from_db()
    return page.specific
