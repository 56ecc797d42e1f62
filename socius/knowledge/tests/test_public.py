"""The public pages: list with filters, theme pages, publication pages, feed, documents."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socius.knowledge.demo import demo_seed
from socius.knowledge.models import PublicationPage, RecommendationPage, ReportPage
from socius.tests_support.factories import UserFactory
from socius.tests_support.pages import main_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_content(shared_db):
    """Loaded once for the module: every test here reads the demo publications, and what a
    test changes is rolled back after it (``shared_db``)."""
    from socius.core.demo import demo_seed as core_demo_seed

    core_demo_seed()
    demo_seed()


@pytest.fixture
def demo(demo_content, db):
    """The module's demo publications, in this test's own savepoint."""


def test_the_demo_has_every_kind_and_is_idempotent(demo):
    kinds = sorted(PublicationPage.objects.live().values_list("kind", flat=True))
    assert kinds.count("guide") == 5
    assert {"report", "article", "debate", "news", "recommendation"} <= set(kinds)
    assert len(kinds) >= 10
    assert demo_seed() == []
    assert PublicationPage.objects.count() == len(kinds)


def test_the_list_shows_publications_and_filters_them(client, demo):
    html = client.get("/viden/").content.decode()
    assert "Ensomhed blandt unge voksne i fire kommuner" in html
    assert "Sådan finder I frivillige" in html

    html = client.get("/viden/?kind=report").content.decode()
    assert "Ensomhed blandt unge voksne" in html
    assert "Sådan finder I frivillige" not in html

    html = client.get("/viden/?theme=bolig&year=2026").content.decode()
    assert "Boligsociale fællesskaber og tryghed" in html
    assert "Hvad er social bæredygtighed?" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=99999999999999999999",
        "?theme=%3Cscript%3E",
        "?kind=%27%20OR%201%3D1--",
        "?side=-1",
        "?side=%00",
        "?theme=" + "x" * 5000,
    ],
)
def test_hostile_filters_are_shown_as_errors_not_crashes(client, demo, query):
    response = client.get("/viden/" + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_the_list_query_count_does_not_grow_with_publications(client, demo):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/viden/").status_code == 200
    assert len(queries) < 40


def test_a_report_page_shows_summary_first_lix_reading_time_and_citation(client, demo):
    page = ReportPage.objects.get(slug="ensomhed-blandt-unge-voksne")
    main = main_of(client, page.url)

    assert main.index("Kort fortalt") < main.index("Rapporten bygger på interview")
    assert "LIX " in main
    assert "Læsetid: 1 minut" in main
    assert "Karen Forsker" in main
    assert "Citér rapporten" in main
    assert "Karen Forsker (2026). Ensomhed blandt unge voksne i fire kommuner. Socius." in main
    assert f"Socius. http://testserver{page.url}" in main
    assert "Hent rapporten (PDF, " in main
    assert "0 bytes" not in main
    assert "Boligsociale fællesskaber og tryghed" in main  # related
    assert client.get(page.document.url).status_code == 200


def test_the_english_interface(client, demo):
    client.cookies["django_language"] = "en"
    page = ReportPage.objects.get(slug="ensomhed-blandt-unge-voksne")
    main = main_of(client, page.url)
    assert "In brief" in main
    assert "Cite this report" in main
    assert "Reading time: 1 minute" in main


def test_a_recommendation_lists_its_evidence(client, demo):
    page = RecommendationPage.objects.get(slug="anbefaling-faste-moedesteder")
    main = main_of(client, page.url)
    report = ReportPage.objects.get(slug="ensomhed-blandt-unge-voksne")
    assert f'href="{report.url}"' in main
    assert 'href="https://www.retsinformation.dk/eli/lta/2018/1115"' in main


def test_a_theme_page_gathers_its_publications(client, demo):
    # The hub's theme page is not a second page: it redirects to the theme's one page.
    response = client.get("/viden/tema-bolig/")
    assert response.status_code == 301
    assert response["Location"] == "/temaer/bolig/"
    html = client.get(response["Location"]).content.decode()
    assert "Boligsociale fællesskaber og tryghed" in html
    assert "Sådan får I et lokale gratis" in html
    assert "Sådan finder I frivillige" not in html


def test_the_atom_feed(client, demo):
    response = client.get("/viden/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body
    assert 'xmlns="http://www.w3.org/2005/Atom"' in body
    assert body.count("<entry>") == PublicationPage.objects.live().count()
    assert "Ensomhed blandt unge voksne i fire kommuner" in body


def test_a_draft_is_neither_listed_nor_in_the_feed_nor_served(client, demo):
    page = ReportPage.objects.get(slug="ensomhed-blandt-unge-voksne")
    page.unpublish()
    assert "Ensomhed blandt unge voksne" not in client.get("/viden/").content.decode()
    assert "Ensomhed blandt unge voksne" not in client.get("/viden/feed/").content.decode()
    assert client.get(page.url).status_code == 404
    # Its PDF is no longer public either; an editor with MFA still opens it.
    assert client.get(page.document.url).status_code == 404
    client.force_login(UserFactory(roles=["citizen"]))
    assert client.get(page.document.url).status_code == 404
    client.force_login(UserFactory(roles=["editor"], totp=True))
    assert client.get(page.document.url).status_code == 200


def test_unknown_documents_are_404(client, demo):
    assert client.get("/viden/dokumenter/999999/x.pdf").status_code == 404
