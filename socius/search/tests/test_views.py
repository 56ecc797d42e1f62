"""The search page and GET /api/search."""

import re

import pytest
from django.urls import reverse

from socius.core.models import Theme

pytestmark = pytest.mark.django_db
URL = "/soeg/"


def _status(body):
    """The number the status line announces (the wording is the catalogue's business)."""
    match = re.search(r'<p role="status">(\d+) ', body)
    return match.group(1) if match else None


@pytest.fixture
def docs(add_doc):
    add_doc(1, "Spisefællesskabet Gellerup", "Vi laver mad <i>sammen</i>.", themes=["hjemloeshed"])
    add_doc(2, "Puljen til fællesskaber", "Søg penge", kind="grant_round", module="grants")


def test_it_shows_the_empty_form(client):
    response = client.get(reverse("search:search-page"))
    assert response.status_code == 200
    assert b'role="search"' in response.content
    assert b'role="status"' not in response.content


def test_it_finds_inflected_words_with_marked_titles(client, docs):
    response = client.get(URL, {"q": "fællesskaber"})
    body = response.content.decode()
    assert response.status_code == 200
    # "Spisefællesskabet" is a compound: another word with another stem.
    assert _status(body) == "1"
    assert "Puljen til <mark>fællesskaber</mark>" in body


def test_it_shows_escaped_snippets(client, docs):
    body = client.get(URL, {"q": "mad"}).content.decode()
    assert "Vi laver <mark>mad</mark> &lt;i&gt;sammen&lt;/i&gt;." in body


def test_it_filters_by_module(client, docs):
    response = client.get(URL, {"q": "fællesskab", "module": "grants"})
    assert _status(response.content.decode()) == "1"


def test_it_filters_by_theme(client, docs, add_doc):
    add_doc(3, "Madfællesskab", "mad", themes=["hjemloeshed"])
    response = client.get(URL, {"q": "mad", "theme": "hjemloeshed"})
    assert _status(response.content.decode()) == "2"


def test_it_escapes_the_query_and_survives_hostile_input(client, docs):
    for q in ["<script>alert(1)</script>", 'NEAR(" *', "x" * 5000, "\x00"]:
        response = client.get(URL, {"q": q})
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content


def test_it_pages(client, add_doc):
    for i in range(25):
        add_doc(i, f"Klub {i}", "fællesskab")
    response = client.get(URL, {"q": "fællesskab", "side": "2"})
    assert response.status_code == 200
    assert response.content.decode().count('<li class="mb-5">') == 5


def test_outsider_sees_no_draft_round_on_the_page(client, outsider, make_round, indexed):
    with indexed():
        make_round(name="Hemmelig pulje", open_it=False)
    client.force_login(outsider)
    response = client.get(URL, {"q": "hemmelig"})
    assert _status(response.content.decode()) == "0"


def test_the_header_has_a_search_box(client):
    response = client.get("/")
    assert b'action="/soeg/"' in response.content


# --- API ---------------------------------------------------------------------------------------
def test_api_returns_ranked_results_with_snippets(client, docs):
    response = client.get("/api/search", {"q": "fællesskaber"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["results"][0]["title"] == "Puljen til fællesskaber"
    assert data["results"][0]["title_html"] == "Puljen til <mark>fællesskaber</mark>"


def test_api_filters(client, docs):
    data = client.get(
        "/api/search", {"q": "mad", "theme": "hjemloeshed", "kind": "organisation"}
    ).json()
    assert [r["title"] for r in data["results"]] == ["Spisefællesskabet Gellerup"]
    assert data["results"][0]["themes"] == ["hjemloeshed"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x", "limit": "101"},
        {"q": "x", "limit": "0"},
        {"q": "x", "offset": "-1"},
        {"q": "x", "kind": "secret"},
        {"q": "x", "module": "nowhere"},
        {"q": "x", "theme": "Not a slug!"},
        {"q": "x", "published_from": "yesterday"},
        {"q": "x" * 1001},
    ],
)
def test_api_refuses_bad_parameters_with_422(client, params):
    response = client.get("/api/search", params)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_api_survives_hostile_queries(client, docs):
    for q in ['"', "NEAR(", "a OR b", "'; DROP TABLE x; --", "🙂", "((("]:
        response = client.get("/api/search", {"q": q, "prefix": "true"})
        assert response.status_code == 200


def test_api_lists_no_inactive_theme(client, indexed):
    theme = Theme.objects.get(slug="misbrug")
    with indexed():
        theme.description = "Hjælp til misbrugere"
        theme.save()
    assert client.get("/api/search", {"q": "misbrugere"}).json()["count"] == 1
    with indexed():
        theme.is_active = False
        theme.save()
    assert client.get("/api/search", {"q": "misbrugere"}).json()["count"] == 0


def test_it_filters_by_date_and_keeps_the_filters_in_the_form(client, add_doc):
    import datetime

    from django.utils import timezone

    add_doc(1, "Gammel klub", published=timezone.now() - datetime.timedelta(days=400))
    add_doc(2, "Ny klub", published=timezone.now())
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    body = client.get(URL, {"q": "klub", "published_from": since}).content.decode()
    assert _status(body) == "1"
    assert "Ny <mark>klub</mark>" in body
    assert f'value="{since}"' in body
