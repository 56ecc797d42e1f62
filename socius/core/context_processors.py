from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from socius.core.access import user_is_staff


def site(request: HttpRequest) -> dict[str, Any]:
    """What the shared layout needs on every page."""
    return {
        "show_staff_menu": user_is_staff(getattr(request, "user", None)),
        "source_url": settings.SOURCE_URL,
    }
