"""The header's "Log ud" button: logs out at once from a page of this site, without a CSRF
token; anything the browser does not vouch for goes to allauth's log-out page, which asks again
with a token (accounts.views.logout_from_header)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def _member(citizen) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    return client


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": SITE},  # an older browser: no Fetch Metadata, but the Origin
        {"Sec-Fetch-Site": "same-origin", "Origin": SITE},
    ],
)
def test_a_form_from_this_site_logs_out_at_once(citizen, headers):
    client = _member(citizen)
    response = client.post(reverse("accounts:logout"), headers=headers)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not _logged_in(client)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another host under the same domain
        {"Sec-Fetch-Site": "none"},
        {"Sec-Fetch-Site": "cross-site", "Origin": SITE},  # Fetch Metadata wins
        {"Origin": "https://angriber.example"},
        {"Origin": "null"},
        {"Origin": SITE + ".angriber.example"},
        {"Origin": SITE + "/"},
        {"Sec-Fetch-Site": "SAME-ORIGIN\r\nX: y"},
    ],
)
def test_anything_else_is_asked_again_with_a_token(citizen, headers):
    client = _member(citizen)
    response = client.post(reverse("accounts:logout"), headers=headers)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_logout")
    assert _logged_in(client)
    # allauth's page asks once more, with a form that carries a token, and that form works.
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    token = client.cookies["csrftoken"].value
    assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert not _logged_in(client)


def test_only_post_is_accepted(citizen):
    client = _member(citizen)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert _logged_in(client)


def test_someone_not_logged_in_is_sent_on(client):
    response = client.post(reverse("accounts:logout"), headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302


def test_the_header_button_posts_here(client, citizen):
    client.force_login(citizen)
    html = client.get("/").content.decode()
    assert html.count(f'action="{reverse("accounts:logout")}"') == 2  # desktop bar and drawer
