"""Every service is found by its everyday name, first, through the page and the API; fixed
pages follow ``search_rebuild`` and ``pages_index``."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from socius.core.search_registry import registrations
from socius.search.models import SearchDocument
from socius.search.services import pages_index

pytestmark = pytest.mark.django_db

EVERYDAY_NAMES = {
    "borgerforslag": "proposals:proposal-list",
    "whistleblower": "whistleblowing:information",
    "rådgivning": "advice:request-list",
    "tilskud": "grants:round-list",
    "samtaler": "deliberation:conversation-list",
    "fællesskab": "advice:community-list",
    "viden": "/viden/",
    "kontakt": "core:about",
}


def _url(target):
    return target if target.startswith("/") else reverse(target)


@pytest.fixture
def services_and_rivals(add_doc):
    pages_index()
    # Content whose title carries the same words: a service must still come first.
    add_doc(1, "Rådgivning om borgerforslag og tilskud", "Samtaler om viden og fællesskab")
    add_doc(2, "Whistleblower-sager: samtaler, rådgivning, tilskud", kind="grant_round")
    add_doc(3, "Fællesskab fællesskab fællesskab", "Fællesskab kontakt kontakt", module="grants")


@pytest.mark.parametrize(("word", "target"), EVERYDAY_NAMES.items())
def test_the_search_page_lists_the_service_first(client, services_and_rivals, word, target):
    body = client.get("/soeg/", {"q": word}).content.decode()
    first_link = re.search(r'<h2 class="h3 mb-2"><a href="([^"]+)"', body)
    assert first_link is not None, body
    assert first_link.group(1) == _url(target)


@pytest.mark.parametrize(("word", "target"), EVERYDAY_NAMES.items())
def test_the_api_lists_the_service_first(client, services_and_rivals, word, target):
    data = client.get("/api/search", {"q": word}).json()
    assert data["results"][0]["url"] == _url(target)
    assert data["results"][0]["kind"] == "service"


def test_the_page_names_the_kind_and_a_filter_finds_services_only(client, services_and_rivals):
    body = client.get("/soeg/", {"q": "borgerforslag", "kind": "service"}).content.decode()
    assert "Tjeneste" in body
    assert "Rådgivning om borgerforslag" not in body


def test_services_lead_only_the_first_page_so_paging_repeats_nothing(client, add_doc):
    pages_index()
    for pk in range(1, 31):
        add_doc(pk, f"Tilskud nummer {pk}", "tilskud tilskud tilskud")
    first = client.get("/api/search", {"q": "tilskud", "limit": 20}).json()
    second = client.get("/api/search", {"q": "tilskud", "limit": 20, "offset": 20}).json()
    urls = [r["url"] for r in first["results"] + second["results"]]
    assert first["results"][0]["url"] == reverse("grants:round-list")
    assert len(urls) == len(set(urls)) == first["count"] == 31


def test_rebuild_and_pages_index_keep_exactly_the_registered_pages(add_doc):
    add_doc("gone", "A service that no longer exists", kind="service")
    page_kinds = [r.kind for r in registrations() if r.pages is not None]
    assert pages_index() == SearchDocument.objects.filter(kind__in=page_kinds).count()
    assert not SearchDocument.objects.filter(kind="service", object_pk="gone").exists()
    call_command("search_rebuild", verbosity=0)
    keys = set(SearchDocument.objects.filter(kind="service").values_list("object_pk", flat=True))
    assert {"borgerforslag", "whistleblower", "raadgivning", "om"} <= keys
    # Indexing twice changes nothing.
    pages_index()
    assert SearchDocument.objects.filter(kind="service").count() == len(keys)


def test_hostile_queries_do_not_break_the_service_ranking(client, services_and_rivals):
    for q in ['borgerforslag" OR 1=1 --', "borgerforslag*", "NEAR(borgerforslag)", "\x00"]:
        response = client.get("/api/search", {"q": q})
        assert response.status_code in {200, 422}


def test_filters_that_exclude_services_leave_them_out(client, services_and_rivals):
    data = client.get("/api/search", {"q": "tilskud", "kind": "grant_round"}).json()
    assert [r["kind"] for r in data["results"]] == ["grant_round"]
    data = client.get("/api/search", {"q": "tilskud", "module": "grants"}).json()
    assert data["count"] == 0


def test_a_word_no_service_holds_finds_no_service(client, services_and_rivals):
    data = client.get("/api/search", {"q": "borgerforslag strikning"}).json()
    assert data["count"] == 0
    data = client.get("/api/search", {"q": "borgerforsl", "prefix": "true"}).json()
    assert data["results"][0]["url"] == reverse("proposals:proposal-list")
