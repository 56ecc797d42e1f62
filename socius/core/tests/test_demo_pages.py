"""The front page, the theme pages and a municipality's space on the demo content: what they
gather from the modules, in a fixed number of queries, from the anonymous page cache.

The demo content is loaded once for the module (``shared_db``): every test here reads it, and
what a test changes is rolled back after it."""

from __future__ import annotations

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from socius.core.models import Theme
from socius.deliberation.models import Conversation
from socius.grants.models import Round
from socius.knowledge.selectors import published_publications
from socius.proposals.models import Proposal
from socius.tests_support.pages import main_of, query_count
from socius.whistleblowing.models import Channel

pytestmark = [
    pytest.mark.django_db,
    # Seeding the demo with DEBUG on logs more queries than Django keeps; that is expected.
    pytest.mark.filterwarnings("ignore:Limit for query logging"),
]


@pytest.fixture(scope="module")
def demo_content(shared_db: None) -> None:
    # seed_demo refuses to run without DEBUG (it is for development only).
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def demo(demo_content, db, settings):
    settings.DEBUG = True
    caches["pages"].clear()


def test_the_front_page_shows_what_is_happening_now(client, demo):
    html = main_of(client, "/")
    # A class's closed conversation is not on the front page (socius/school).
    conversation = Conversation.objects.filter(is_open=True, audience="").first()
    assert conversation.title in html
    assert "stemmer" in html  # the vote count
    proposal = Proposal.objects.filter(state__in=["published", "threshold"]).first()
    assert proposal.title in html
    assert "<progress" in html
    open_round = Round.objects.get(state="open")
    assert open_round.name in html
    assert "Ansøgningsfrist" in html
    assert "Nyeste udgivelser" in html
    newest = published_publications().first()
    assert newest.title in html


def test_the_front_page_runs_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    before = query_count(client, "/")
    with django_assert_max_num_queries(14):
        client.get("/")
    # More content of each kind costs no more queries.
    theme = Theme.objects.first()
    for n in range(3):
        Conversation.objects.create(
            slug=f"ekstra-{n}", theme=theme, title=f"Ekstra {n}", question="?"
        )
    assert query_count(client, "/") == before


@pytest.mark.cache
def test_the_front_page_is_served_from_the_page_cache(client, demo, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.cache
def test_the_front_page_caches_nothing_personal(client, demo, citizen):
    client.force_login(citizen)
    client.get("/")
    client.logout()
    assert citizen.email not in client.get("/").text


def test_a_theme_page_gathers_everything_on_the_theme(client, demo):
    theme = Theme.objects.get(slug="faellesskaber-og-ensomhed")
    html = main_of(client, theme.get_absolute_url())
    for heading in ("Viden", "Samtaler", "Borgerforslag", "Fællesskaber", "Ansøgningsrunder"):
        assert f">{heading}</h2>" in html
    assert "Ensomhed blandt unge voksne i fire kommuner" in html
    assert "Fællesskabshuset Aarhus Vest" in html
    # The hub's own filter still works from the theme page's link.
    assert "/viden/?theme=faellesskaber-og-ensomhed" in html
    assert client.get("/viden/?theme=faellesskaber-og-ensomhed").status_code == 200


def test_a_theme_page_runs_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    theme = Theme.objects.get(slug="faellesskaber-og-ensomhed")
    before = query_count(client, theme.get_absolute_url())
    with django_assert_max_num_queries(20):
        client.get(theme.get_absolute_url())
    for n in range(3):
        Conversation.objects.create(slug=f"tema-{n}", theme=theme, title=f"Tema {n}", question="?")
    assert query_count(client, theme.get_absolute_url()) == before
    other = Theme.objects.get(slug="hjemloeshed")
    assert query_count(client, other.get_absolute_url()) <= before


def test_the_hub_theme_pages_redirect_permanently_to_the_one_theme_page(client, demo):
    from socius.knowledge.models import ThemePage

    theme_pages = ThemePage.objects.live().select_related("theme")
    assert theme_pages
    for tp in theme_pages:
        response = client.get(tp.url)
        assert response.status_code == 301
        assert response["Location"] == tp.theme.get_absolute_url()
    # The hub links each theme to that one page.
    html = main_of(client, "/viden/")
    assert 'href="/temaer/bolig/"' in html
    assert "/viden/tema-" not in html


def test_the_demo_has_aarhus_taking_part_with_its_schemes(client, demo):
    html = main_of(client, reverse("core:municipality-list"))
    assert 'href="/kommuner/aarhus/"' in html
    html = main_of(client, "/kommuner/aarhus/")
    header = html.split("</header>", 1)[0]
    assert "Aarhus Kommune, Sociale Forhold og Beskæftigelse" in header
    assert "socius@aarhus.example" in header
    for proposal in Proposal.objects.filter(state__in=["published", "threshold"]):
        assert proposal.title in html
    for channel in Channel.objects.filter(municipality__code="751"):
        assert channel.name in html
    assert "§ 18-midler, Aarhus Kommune" in html
    assert "Fællesskabsrådgivning" in html
    assert "Fællesskabshuset Aarhus Vest" in html
    assert "Det viser planerne" in html  # Min plan's released tables (the demo has one)


def test_the_space_runs_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    # Each module's section runs a fixed number of queries (procurement: its contracts, one;
    # social-economy enterprises and the municipality's companies, two; Min plan's released
    # tables, one; the citizenship elective's course and its numbers, one each; the council's
    # latest decisions and the programme's commitments, three together). The proposals'
    # counts come with the list, not one query per proposal.
    with django_assert_max_num_queries(23):
        client.get("/kommuner/aarhus/")


def test_the_schemes_name_aarhus_as_responsible(client, demo):
    proposal = Proposal.objects.filter(state="published").first()
    open_round = Round.objects.get(state="open")
    pages = [
        proposal.get_absolute_url(),
        open_round.get_absolute_url(),
        reverse("whistleblowing:report-new", args=["medarbejdere"]),
        reverse("advice:request-list"),
    ]
    for url in pages:
        html = main_of(client, url)
        assert "Drives af Aarhus Kommune, Sociale Forhold og Beskæftigelse" in html, url
        assert 'href="/kommuner/aarhus/"' in html, url
    info = main_of(client, reverse("whistleblowing:information"))
    assert 'href="/kommuner/aarhus/"' in info
