"""The community directory's JSON API, through HTTP: the same entries and filters as the
public page, hidden entries answered like unknown ones, only what the public pages show, and
hostile input."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core.cache import caches
from django.utils import timezone

from socius.advice import services
from socius.advice.models import HIDDEN_AFTER, STALE_AFTER, Community
from socius.core.models import Municipality, Theme
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<h2 class="h3"><a href="/faellesskaber/([0-9a-f-]{36})/">')


@pytest.fixture
def contact(db):
    return UserFactory(email="kontakt.person@example.dk", name="Karen Kontaktsen")


@pytest.fixture
def club(contact):
    return OrganisationFactory(name="Fællesskabshuset", slug="faellesskabshuset", contact=contact)


def _list(contact, club, *, title, code="751", themes=("aeldre",), **fields):
    data = {
        "title": title,
        "description": "Vi laver mad sammen og snakker.",
        "audience": "Ældre, der bor alene",
        "when": "Hver torsdag kl. 17-19",
        "municipality": Municipality.objects.get(code=code),
        "address": "Gudrunsvej 3",
        "contact_email": "",
        "contact_phone": "",
        "is_active": True,
    }
    data.update(fields)
    return services.community_create(
        actor=contact,
        organisation=club,
        themes=list(Theme.objects.filter(slug__in=themes)),
        **data,
    )


@pytest.fixture
def directory(contact, club):
    """Visible entries in two municipalities and themes, one stale, and three hidden ones."""
    visible = [
        _list(contact, club, title="Torsdagsspisning", themes=("aeldre",)),
        _list(
            contact, club, title="Gåtur i parken", themes=("aeldre", "faellesskaber-og-ensomhed")
        ),
        _list(
            contact,
            club,
            title="Lektiecafé",
            code="101",
            themes=("boern-og-unge",),
            audience="Børn i 4.-7. klasse",
            description="Hjælp til lektier.",
        ),  # fmt: skip
        _list(
            contact,
            club,
            title="Strikkeklub",
            code="101",
            themes=(),
            contact_email="strik@example.dk",
            contact_phone="+45 12 34 56 78",
        ),  # fmt: skip
        _list(contact, club, title="Gammel brætspilsaften", themes=("faellesskaber-og-ensomhed",)),
    ]
    Community.objects.filter(title="Gammel brætspilsaften").update(
        confirmed_at=timezone.now() - STALE_AFTER - datetime.timedelta(days=5)
    )
    inactive = _list(contact, club, title="Lukket løbeklub", is_active=False)
    expired = _list(contact, club, title="Glemt sangkor")
    Community.objects.filter(pk=expired.pk).update(
        confirmed_at=timezone.now() - HIDDEN_AFTER - datetime.timedelta(days=1)
    )
    deactivated = _list(contact, club, title="Stoppet madklub", code="101")
    services.community_update(
        actor=contact, community=deactivated, themes=[], is_active=False,
        **{f: getattr(deactivated, f) for f in ("title", "description", "audience", "when",
                                                  "municipality", "address")},
    )  # fmt: skip
    caches["pages"].clear()
    return {"visible": visible, "hidden": [inactive, expired, deactivated]}


def _page_ids(client, params):
    response = client.get("/faellesskaber/", params)
    assert response.status_code == 200
    return LINK.findall(response.text)


def _api_ids(client, params):
    response = client.get("/api/faellesskaber", params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_the_openapi_document_lists_the_directory_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/faellesskaber", "/api/faellesskaber/{public_id}"} <= set(paths)
    assert paths["/api/faellesskaber"]["get"]["tags"] == ["communities"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"municipality": "751"},
        {"municipality": "101"},
        {"municipality": "147"},  # a municipality with no communities
        {"theme": "aeldre"},
        {"theme": "faellesskaber-og-ensomhed"},
        {"theme": "boern-og-unge", "municipality": "751"},
        {"q": "lektier"},  # in the description
        {"q": "ALENE"},  # in the audience, any case
        {"q": "tur"},  # in the title
        {"q": "  torsdag  "},  # trimmed like the page's form
        {"q": "", "municipality": "", "theme": ""},  # an empty form
        {"q": "mad", "municipality": "751", "theme": "aeldre"},
    ],
)
def test_each_filter_gives_the_pages_entries_in_the_pages_order(client, directory, params):
    page = _page_ids(client, params)
    assert _api_ids(client, params) == page
    assert len(page) == client.get("/api/faellesskaber", params).json()["count"]


def test_the_list_has_only_visible_entries_and_their_public_fields(client, directory, club):
    data = client.get("/api/faellesskaber").json()
    assert data["count"] == 5
    titles = {item["title"] for item in data["items"]}
    assert titles == {c.title for c in directory["visible"]}
    for hidden in directory["hidden"]:
        assert str(hidden.public_id) not in client.get("/api/faellesskaber").text
        assert hidden.title not in client.get("/api/faellesskaber", {"q": hidden.title}).text
    walk = next(i for i in data["items"] if i["title"] == "Gåtur i parken")
    community = Community.objects.get(title="Gåtur i parken")
    assert walk == {
        "id": str(community.public_id),
        "title": "Gåtur i parken",
        "description": "Vi laver mad sammen og snakker.",
        "audience": "Ældre, der bor alene",
        "when": "Hver torsdag kl. 17-19",
        "address": "Gudrunsvej 3",
        "municipality_code": "751",
        "municipality": "Aarhus",
        "themes": walk["themes"],  # in the themes' own order, checked below
        "organisation": "Fællesskabshuset",
        "organisation_slug": "faellesskabshuset",
        "last_confirmed": timezone.localdate().isoformat(),
        "is_stale": False,
        "url": f"/faellesskaber/{community.public_id}/",
    }
    assert sorted(walk["themes"]) == ["aeldre", "faellesskaber-og-ensomhed"]
    stale = next(i for i in data["items"] if i["title"] == "Gammel brætspilsaften")
    assert stale["is_stale"] is True
    # The directory's list shows no contact details; neither does the API's list.
    knit = next(i for i in data["items"] if i["title"] == "Strikkeklub")
    assert "contact_email" not in knit
    assert "strik@example.dk" not in client.get("/api/faellesskaber").text


def test_the_list_is_paginated(client, directory):
    first = client.get("/api/faellesskaber", {"limit": 2}).json()
    rest = client.get("/api/faellesskaber", {"limit": 2, "offset": 2}).json()
    assert first["count"] == rest["count"] == 5
    assert len(first["items"]) == len(rest["items"]) == 2
    assert [i["id"] for i in first["items"] + rest["items"]] == _api_ids(client, {})[:4]
    past = client.get("/api/faellesskaber", {"offset": 1_000_000})
    assert past.status_code == 200
    assert past.json() == {"items": [], "count": 5}


def test_one_entry_shows_what_its_public_page_shows(client, directory):
    knit = Community.objects.get(title="Strikkeklub")
    page = client.get(knit.get_absolute_url())
    assert page.status_code == 200
    data = client.get(f"/api/faellesskaber/{knit.public_id}").json()
    assert data["title"] == "Strikkeklub"
    assert data["municipality_code"] == "101"
    assert data["themes"] == []
    assert data["contact_email"] == "strik@example.dk"
    assert data["contact_phone"] == "+45 12 34 56 78"
    assert data["organisation_url"] == "/organisationer/faellesskabshuset/"
    for shown in ("strik@example.dk", "+45 12 34 56 78", "Fællesskabshuset", data["when"]):
        assert shown in page.text
    assert data["organisation_url"] in page.text
    # Without published contact details both are empty, as the page shows none.
    walk = Community.objects.get(title="Gåtur i parken")
    data = client.get(f"/api/faellesskaber/{walk.public_id}").json()
    assert data["contact_email"] == data["contact_phone"] == ""


def test_a_hidden_entry_is_not_found_like_an_unknown_one(client, directory, contact):
    unknown = client.get(f"/api/faellesskaber/{uuid.uuid4()}")
    assert unknown.status_code == 404
    for hidden in directory["hidden"]:
        response = client.get(f"/api/faellesskaber/{hidden.public_id}")
        assert response.status_code == 404
        assert response.json() == unknown.json()
        assert client.get(hidden.get_absolute_url()).status_code == 404
    # The organisation's own contact still sees the page, but the open data stays public-only.
    client.force_login(contact)
    hidden = directory["hidden"][0]
    assert client.get(hidden.get_absolute_url()).status_code == 200
    assert client.get(f"/api/faellesskaber/{hidden.public_id}").status_code == 404


def test_a_reconfirmed_entry_comes_back(client, directory, contact):
    expired = directory["hidden"][1]
    assert client.get(f"/api/faellesskaber/{expired.public_id}").status_code == 404
    services.community_confirm(actor=contact, community=expired)
    assert client.get(f"/api/faellesskaber/{expired.public_id}").status_code == 200
    assert str(expired.public_id) in client.get("/api/faellesskaber").text


def test_no_personal_data_beyond_the_pages(client, directory, contact):
    other = UserFactory(email="bestyrelse@example.dk", name="Bent Bestyrelse")
    club = directory["visible"][0].organisation
    club.memberships.create(user=other, role="board")
    texts = [client.get("/api/faellesskaber", {"limit": 100}).text]
    texts += [client.get(f"/api/faellesskaber/{c.public_id}").text for c in directory["visible"]]
    for text in texts:
        for person in (contact, other):
            assert person.email not in text
            assert person.name not in text
            assert str(person.public_id) not in text
        assert "stale_reminded" not in text
        assert "created_at" not in text
        assert not re.search(r"\b\d{6}-?\d{4}\b", text)  # nothing CPR-like


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"municipality": "75"}, "municipality"),
        ({"municipality": "7510"}, "municipality"),
        ({"municipality": "7\x001"}, "municipality"),
        ({"municipality": "' OR 1=1 --"}, "municipality"),
        ({"theme": "<script>alert(1)</script>"}, "theme"),
        ({"theme": "aeldre\x00"}, "theme"),
        ({"theme": "a" * 81}, "theme"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_a_malformed_filter_answers_422(client, directory, params, field):
    response = client.get("/api/faellesskaber", params)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [field]
    # The page ignores every filter then and shows the whole directory, with the error.
    assert len(_page_ids(client, params)) == 5


@pytest.mark.parametrize("params", [{"municipality": "999"}, {"theme": "findes-ikke"}])
def test_a_well_formed_filter_that_names_nothing_answers_an_empty_list(client, directory, params):
    # Themes and municipalities are data: the OpenAPI document declares their shape only, so
    # a value of that shape is answered (as /api/organisations does), never refused.
    response = client.get("/api/faellesskaber", params)
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_an_inactive_theme_finds_nothing(client, directory):
    Theme.objects.filter(slug="boern-og-unge").update(is_active=False)
    response = client.get("/api/faellesskaber", {"theme": "boern-og-unge"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert len(_page_ids(client, {"theme": "boern-og-unge"})) == 5


def test_a_nul_byte_in_the_words_is_a_space(client, directory):
    assert _api_ids(client, {"q": "mad\x00"}) == _api_ids(client, {"q": "mad"})
    assert _api_ids(client, {"q": "mad"})


@pytest.mark.parametrize(
    "q", ["' OR 1=1 --", '"lektier" OR *', "%", "_", "<b>mad</b>", "ÆØÅ 🙂", "mad; DROP TABLE x"]
)
def test_markup_and_query_syntax_are_plain_text(client, directory, q):
    assert _api_ids(client, {"q": q}) == _page_ids(client, {"q": q})


@pytest.mark.parametrize(
    "public_id",
    [
        "not-a-uuid",
        "1",
        "0" * 33,
        "%00",
        "abc%00def",
        "'%20OR%201=1",
        "%3Cscript%3E",
        "x" * 5000,
        "12345678-1234-1234-1234-1234567890ab%00",
    ],
)
def test_malformed_ids_are_not_found(client, directory, public_id):
    assert client.get(f"/api/faellesskaber/{public_id}").status_code == 404


def test_the_list_keeps_its_query_count(
    client, directory, contact, club, django_assert_max_num_queries
):
    params = {"q": "a", "municipality": "751", "theme": "aeldre", "limit": 100}
    with django_assert_max_num_queries(5):
        few = client.get("/api/faellesskaber", params).json()["count"]
    for i in range(20):
        _list(contact, club, title=f"Madklub {i}", themes=("aeldre", "bolig"))
    with django_assert_max_num_queries(5):
        data = client.get("/api/faellesskaber", params).json()
    assert data["count"] == few + 20
    with django_assert_max_num_queries(3):
        client.get("/api/faellesskaber", {"limit": 100})
    knit = Community.objects.get(title="Madklub 3")
    with django_assert_max_num_queries(2):
        assert client.get(f"/api/faellesskaber/{knit.public_id}").status_code == 200
