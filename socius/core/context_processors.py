from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from socius.core.access import user_can, user_is_staff
from socius.core.navigation import main_menu, staff_menu, staff_menu_key
from socius.core.roles import Capability


def site(request: HttpRequest) -> dict[str, Any]:
    """What the shared layout needs on every page."""
    user = getattr(request, "user", None)
    path = request.path
    return {
        "show_staff_menu": user_is_staff(user),
        # The people list (every e-mail address) is for administrators alone.
        "show_people_admin": user_can(user, Capability.PERSON_LIST),
        "source_url": settings.SOURCE_URL,
        "contact_email": settings.CONTACT_EMAIL,
        # Lazy: a response that renders no header (JSON, feeds) reverses no menu URLs.
        "nav_main": SimpleLazyObject(lambda: main_menu(path)),
        "nav_staff": SimpleLazyObject(lambda: staff_menu(user, path)),
        # What the cached menus are kept by (includes/header.html), besides language and path.
        "nav_key": staff_menu_key(user),
    }
