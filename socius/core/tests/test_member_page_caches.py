"""The caches behind members' fast pages (docs/architecture.md, "Caching"): what one person
sees never reaches another, edits show within the documented time, and the query counts stay
fixed."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from socius.core.models import Notification
from socius.core.roles import Role
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/organisationer/"]
ADVISOR_LINK = "Anmodninger om rådgivning"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notify(user, n: int) -> None:
    for i in range(n):
        Notification.objects.create(recipient=user, kind="test", title=f"Besked {i}")


def _badge(html: str) -> str | None:
    match = re.search(r'badge-info">(\d+)<span class="sr-only"> ulæste', html)
    return match.group(1) if match else None


@pytest.mark.cache
@pytest.mark.parametrize("url", PAGES)
def test_two_members_each_see_their_own_header(url):
    citizen = UserFactory(name="Clara Borger", roles=[Role.CITIZEN])
    advisor = UserFactory(name="Rasmus Rådgiver", roles=[Role.ADVISOR], totp=True)
    _notify(citizen, 2)
    _notify(advisor, 5)
    # The advisor fills the caches first; then the citizen, then the advisor again.
    first = _client(advisor).get(url).content.decode()
    second = _client(citizen).get(url).content.decode()
    third = _client(advisor).get(url).content.decode()

    for html in (first, third):
        assert "Rasmus Rådgiver" in html
        assert "Clara Borger" not in html
        assert ADVISOR_LINK in html
        assert "Arbejdsbord" in html
        assert _badge(html) == "5"
    assert "Clara Borger" in second
    assert "Rasmus Rådgiver" not in second
    assert ADVISOR_LINK not in second
    assert "Arbejdsbord" not in second
    assert _badge(second) == "2"


@pytest.mark.cache
@pytest.mark.parametrize("url", PAGES)
def test_members_and_visitors_never_share_their_own_parts(url):
    member = UserFactory(name="Mette Medlem", roles=[Role.CITIZEN])
    anonymous = Client().get(url).content.decode()  # fills the public fragments
    own = _client(member).get(url).content.decode()
    assert "Log ud" in own
    assert "Mette Medlem" in own
    assert "Log ind" not in own
    assert "Vær med: opret en konto" not in own
    # The person's own log-out form, in the desktop bar and the drawer.
    assert own.count(f'action="{reverse("accounts:logout")}"') == 2
    again = Client().get(url, {"x": "1"}).content.decode()  # past the anonymous page cache
    for html in (anonymous, again):
        assert "Log ind" in html
        assert "Mette Medlem" not in html
        assert "Log ud" not in html
        assert "csrfmiddlewaretoken" not in html
        assert "Opret en organisation" not in html


@pytest.mark.cache
def test_the_active_menu_item_follows_the_page(citizen):
    client = _client(citizen)
    home = client.get("/").content.decode()
    organisations = client.get("/organisationer/").content.decode()
    active = r'<li class="active current"><a href="/organisationer/"'
    assert not re.search(active, home)
    assert len(re.findall(active, organisations)) == 2  # desktop menu and mobile drawer


@pytest.mark.cache
def test_personal_changes_show_at_once(citizen):
    client = _client(citizen)
    client.get("/")
    citizen.name = "Nyt Navn"
    citizen.save()
    _notify(citizen, 3)
    html = client.get("/").content.decode()
    assert "Nyt Navn" in html
    assert _badge(html) == "3"


def test_public_lists_show_an_edit_within_30_seconds(citizen):
    client = _client(citizen)
    assert "Nyoprettet Forening" not in client.get("/organisationer/").content.decode()
    OrganisationFactory(name="Nyoprettet Forening")
    # Kept for 30 seconds at most: not yet...
    assert "Nyoprettet Forening" not in client.get("/organisationer/").content.decode()
    # ...but once 30 seconds have passed, the next request shows it. (The memory cache's clock
    # is moved, so this one is not among the `cache` tests run against Redis.)
    later = time.time() + 31
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later):
        assert "Nyoprettet Forening" in client.get("/organisationer/").content.decode()


@pytest.mark.cache
def test_filters_and_pages_are_kept_apart(citizen):
    OrganisationFactory(name="Aarhus Idrætsforening")
    OrganisationFactory(name="Bogklubben")
    client = _client(citizen)
    everything = client.get("/organisationer/").content.decode()
    filtered = client.get("/organisationer/", {"q": "Bogklub"}).content.decode()
    assert "Aarhus Idrætsforening" in everything
    assert "Bogklubben" in everything
    assert "Bogklubben" in filtered
    assert "Aarhus Idrætsforening" not in filtered


@pytest.mark.cache
def test_english_readers_get_their_own_fragments(citizen):
    client = _client(citizen)
    danish = client.get("/organisationer/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/organisationer/").content.decode()
    assert ">Filtrer<" in danish
    assert "Name contains" not in danish
    assert ">Filter<" in english
    assert "Name contains" in english


@pytest.mark.cache
@pytest.mark.parametrize("url", PAGES)
def test_a_member_page_runs_two_queries_once_warm(
    url, citizen, django_assert_num_queries, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(3)
    client = _client(citizen)
    caches["pages"].clear()
    with django_assert_max_num_queries(25):  # cold: the page's own lists, read once
        client.get(url)
    # Warm: the session, then the person with their roles and unread count
    # (accounts.backends); nothing else.
    with django_assert_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200


def test_a_kept_member_page_holds_nothing_of_the_person(citizen):
    """The kept page is rendered for a stand-in: no name, e-mail, token or count in it."""
    citizen.name = "Karen Kendt"
    citizen.save()
    _notify(citizen, 7)
    cache = caches["pages"]
    cache.clear()
    with mock.patch.object(cache, "set", wraps=cache.set) as kept_set:
        html = _client(citizen).get("/").content.decode()
    assert "Karen Kendt" in html
    assert _badge(html) == "7"
    # Kept split at the placeholders of the person's own parts.
    kept = ["".join(c.args[1]) for c in kept_set.call_args_list if c.args[0].startswith("member:")]
    assert len(kept) == 1
    assert "Karen Kendt" not in kept[0]
    assert citizen.email not in kept[0]
    assert "csrfmiddlewaretoken" not in kept[0]
    assert "badge-info" not in kept[0]


def test_a_waiting_message_is_shown_not_kept(citizen):
    """A page with a message for the person is rendered for them alone, and the message shows."""
    client = _client(citizen)
    caches["pages"].clear()
    client.get("/")  # the page is kept now
    cookie = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, "Din besked er her")])
    client.cookies["messages"] = cookie
    assert "Din besked er her" in client.get("/").content.decode()
    assert "Din besked er her" not in client.get("/").content.decode()


@pytest.mark.cache
def test_a_members_page_carries_no_csrf_token_and_sets_no_cookie(citizen):
    """The header's log-out form goes without a token (accounts.views.logout_from_header), so
    a member's kept page is filled in without masking a token or setting the CSRF cookie; the
    button still logs out."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    for _ in range(2):  # rendered, then kept
        response = client.get("/")
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert settings.CSRF_COOKIE_NAME not in response.cookies
    response = client.post(reverse("accounts:logout"), headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert "Log ud" not in client.get("/").content.decode()


@pytest.mark.cache
def test_a_new_role_shows_in_the_header_at_once():
    from socius.core.services import role_grant

    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    person = UserFactory(name="Rolf Rolle", roles=[Role.CITIZEN], totp=True)
    client = _client(person)
    assert "Arbejdsbord" not in client.get("/").content.decode()
    role_grant(actor=admin, user=person, role=Role.EDITOR)
    assert "Arbejdsbord" in client.get("/").content.decode()


def _through_the_middleware(rf, client, user):
    """A request as the authentication middleware leaves it: ``request.user`` still lazy."""
    from socius.accounts.middleware import AuthenticationMiddleware

    if "_auth_user_id" not in client.session:
        client.force_login(user)
    request = rf.get("/")
    request.session = client.session
    AuthenticationMiddleware(lambda r: None).process_request(request)
    return request


def test_the_header_follows_a_change_to_the_person_in_the_same_request(rf, client, citizen):
    from socius.core.cache import render_personal

    request = _through_the_middleware(rf, client, citizen)
    assert citizen.name in render_personal("includes/header_user.html", request)
    request = _through_the_middleware(rf, client, citizen)
    request.user.name = "Nanna Nyt-Navn"  # changed through the lazy stand-in
    assert "Nanna Nyt-Navn" in render_personal("includes/header_user.html", request)


def test_the_header_follows_a_person_put_on_the_request_later(rf, client, citizen):
    from django.contrib.auth import get_user_model

    from socius.core.cache import render_personal

    request = _through_the_middleware(rf, client, citizen)
    assert citizen.name in render_personal("includes/header_user.html", request)  # now kept
    request = _through_the_middleware(rf, client, citizen)
    assert request.user.pk == citizen.pk  # the middleware's person is loaded
    other = get_user_model().objects.get(pk=citizen.pk)
    other.name = "Olga Opdateret"
    request.user = other  # as login() or a view may do
    assert "Olga Opdateret" in render_personal("includes/header_user.html", request)
