"""The header's menus, the footer and the "Om Socius" page, through the pages people see."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import reverse

from socius.core.roles import STAFF_ROLES, Role
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

# Every public service, one click from every page (the header is on every page).
SERVICES = {
    "Viden": "/viden/",
    "Samtaler": "/samtaler/",
    "Borgerforslag": "/borgerforslag/",
    "Tilskud": "/tilskud/",
    "Find et fællesskab": "/faellesskaber/",
    "Fællesskabsrådgivning": "/faellesskaber/raadgivning/",
    "Whistleblower": "/whistleblower/",
}


def _menu(html, place="desktop"):
    """(label, href) of the links of one of the header's two renderings of the main menu."""
    cls = "nav" if place == "desktop" else "navigation-menu-mobile"
    match = re.search(rf'<nav class="{cls}".*?</nav>', html, re.S)
    assert match, html
    links = re.findall(r'<a href="([^"]+)"[^>]*>(?:<span>)?([^<]+)<', match.group(0))
    return {label.strip(): href for href, label in links}


def _user(*roles):
    # Staff must have two-factor authentication before they can use any page.
    return UserFactory(roles=list(roles), totp=bool(set(roles) & STAFF_ROLES))


@pytest.mark.parametrize("place", ["desktop", "mobile"])
def test_every_public_service_is_in_both_menus(client, place):
    menu = _menu(client.get("/").content.decode(), place)
    for label, href in SERVICES.items():
        assert menu.get(label) == href


def test_the_current_service_is_marked_for_assistive_technology(client):
    html = client.get("/borgerforslag/").content.decode()
    for place in ("nav", "navigation-menu-mobile"):
        menu = re.search(rf'<nav class="{place}".*?</nav>', html, re.S).group(0)
        assert '<a href="/borgerforslag/" class="nav-link" aria-current="page">' in menu
        assert menu.count('aria-current="page"') == 1


def test_the_menu_button_names_and_controls_the_drawer(client):
    html = client.get("/").content.decode()
    button = re.search(r"<button[^>]*js-menu-open[^>]*>.*?</button>", html, re.S).group(0)
    assert 'aria-expanded="false"' in button
    assert 'aria-controls="mobile-menu"' in button
    assert button.removesuffix("</button>").endswith("Menu")
    drawer = re.search(r'<div class="mobile-drawer" id="mobile-menu".*?</header>', html, re.S)
    text = drawer.group(0)
    # The drawer holds search, login, sign-up and the language switch.
    assert 'id="mobile-search"' in text
    assert reverse("account_login") in text
    assert reverse("account_signup") in text
    assert 'hreflang="en"' in text


def test_a_logged_in_person_can_log_out_from_the_drawer(client):
    client.force_login(_user(Role.CITIZEN))
    html = client.get("/").content.decode()
    drawer = html[html.index('id="mobile-menu"') :]
    assert f'action="{reverse("accounts:logout")}"' in drawer
    assert "Log ud" in drawer


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.POLITICIAN])
def test_people_without_a_staff_role_see_no_work_menu(client, role):
    if role:
        client.force_login(_user(role))
    html = client.get("/").content.decode()
    assert "Mit arbejde" not in html
    assert reverse("accounts:staff-people") not in html


STAFF_LINKS = {
    Role.ADVISOR: {"advice:queue", "advice:dashboard", "grants:review-list"},
    Role.CASE_HANDLER: {
        "proposals:staff-queue",
        "whistleblowing:handler-home",
        "grants:review-list",
        "grants:staff-rounds",
    },
    Role.EDITOR: {"deliberation:conversation-create", "/cms/"},
    Role.ADMINISTRATOR: {
        "advice:queue",
        "advice:dashboard",
        "grants:review-list",
        "deliberation:conversation-create",
        "proposals:staff-queue",
        "proposals:staff-settings",
        "whistleblowing:identity-requests",
        "whistleblowing:channel-keys",
        "grants:staff-rounds",
        "/cms/",
        "core:audit-list",
        "accounts:staff-people",
    },
}
ALL_STAFF_LINKS = set().union(*STAFF_LINKS.values())


def _href(target):
    return target if target.startswith("/") else reverse(target)


@pytest.mark.parametrize("role", list(STAFF_LINKS))
def test_staff_see_the_pages_their_role_works_in_and_no_others(client, role):
    client.force_login(_user(role))
    html = client.get("/").content.decode()
    menu = re.search(r'id="staff-menu-desktop".*?</ul>', html, re.S).group(0)
    for target in STAFF_LINKS[role]:
        assert f'href="{_href(target)}"' in menu, target
    # Administrators hold every capability but handling whistleblower cases.
    for target in ALL_STAFF_LINKS - STAFF_LINKS[role]:
        assert f'href="{_href(target)}"' not in menu, target


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.CASE_HANDLER, Role.EDITOR])
def test_administration_is_for_administrators_only(client, role):
    client.force_login(_user(role))
    html = client.get("/").content.decode()
    assert "Administration" not in html
    assert reverse("accounts:staff-people") not in html


def test_the_personal_links_include_point_is_in_both_places(client):
    client.force_login(_user(Role.CITIZEN))
    html = client.get("/").content.decode()
    # The profile link stands beside the include point, once on the desktop bar, once in the drawer.
    assert html.count(f'href="{reverse("accounts:profile")}"') == 2


@override_settings(CONTACT_EMAIL="skriv@socius.example")
def test_the_about_page_says_who_runs_what_and_how_to_reach_them(client):
    response = client.get(reverse("core:about"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("core:about") == "/om/"
    assert "<h1>Om Socius</h1>" in html
    assert "Tænketanken Socius driver platformen for hele landet" in html
    assert "Den kommune, der driver en ordning, har ansvaret for den" in html
    assert 'href="mailto:skriv@socius.example"' in html
    assert f'href="{reverse("core:accessibility")}"' in html
    assert f'href="{reverse("core:privacy")}"' in html


@override_settings(CONTACT_EMAIL="skriv@socius.example")
@pytest.mark.parametrize("path", ["/", "/borgerforslag/", "/om/", "/findes-ikke/"])
def test_the_footer_is_on_every_page(client, path):
    html = client.get(path).content.decode()
    footer = html[html.index("<footer>") :]
    assert f'href="{reverse("core:about")}"' in footer
    assert f'href="{reverse("core:accessibility")}"' in footer
    assert f'href="{reverse("core:privacy")}"' in footer
    assert 'href="mailto:skriv@socius.example"' in footer
    assert "Tænketanken Socius driver platformen" in footer


def test_a_hostile_path_is_escaped_in_the_header(client):
    response = client.get('/temaer/"><script>alert(1)</script>/')
    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content


def test_the_english_header_has_english_names(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    menu = _menu(client.get("/").content.decode())
    assert menu.get("Citizen proposals") == "/borgerforslag/"
    assert menu.get("Community advice") == "/faellesskaber/raadgivning/"


@pytest.mark.parametrize("role", [None, *Role.values, "superuser", "inactive"])
def test_the_menu_key_says_what_user_can_says(role):
    """The cached menus' key reads the roles once; it must match user_can page by page."""
    from socius.core.access import user_can
    from socius.core.navigation import STAFF_PAGES, staff_menu_key

    if role == "superuser":
        user = UserFactory(is_superuser=True)
    elif role == "inactive":
        user = UserFactory(roles=[Role.ADMINISTRATOR], is_active=False)
    else:
        user = UserFactory(roles=[role] if role else [])
    expected = "".join("1" if user_can(user, cap) else "0" for _, _, cap in STAFF_PAGES)
    assert staff_menu_key(user) == expected
    assert staff_menu_key(AnonymousUser()) == ""
