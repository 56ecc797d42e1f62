from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from socius.core.access import user_can, user_is_staff
from socius.core.roles import Capability


def site(request: HttpRequest) -> dict[str, Any]:
    """What the shared layout needs on every page."""
    user = getattr(request, "user", None)
    return {
        "show_staff_menu": user_is_staff(user),
        # The people list (every e-mail address) is for administrators alone.
        "show_people_admin": user_can(user, Capability.PERSON_LIST),
        "source_url": settings.SOURCE_URL,
    }
