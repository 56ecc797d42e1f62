import pytest
from django.test import Client
from django.urls import include, path

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), path("", include("socius.urls"))]


@pytest.mark.parametrize(
    "url", ["/", "/temaer/", "/organisationer/", "/tilgaengelighed/", "/privatliv/"]
)
def test_public_pages_render_in_danish(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    assert "Gå til sidens indhold" in response.text
    assert "Tilgængelighedserklæring" in response.text


def test_an_organisation_page_is_public_and_offers_editing_only_to_its_contact(client, citizen):
    from socius.tests_support.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Fællesskabet i Gellerup", contact=citizen)
    url = f"/organisationer/{organisation.slug}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Fællesskabet i Gellerup" in response.text
    assert f"{url}rediger/" not in response.text
    client.force_login(citizen)
    assert f"{url}rediger/" in client.get(url).text


def test_the_language_switch_changes_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/temaer/"})
    assert response.status_code == 302
    english = client.get("/temaer/")
    assert '<html lang="en">' in english.text
    assert "Communities and loneliness" in english.text
    client.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert '<html lang="da">' in client.get("/").text


def test_the_language_link_switches_and_stays_on_the_site(client):
    response = client.get("/sprog/en/", {"next": "/temaer/"})
    assert response.status_code == 302
    assert response["Location"] == "/temaer/"
    assert '<html lang="en">' in client.get("/temaer/").text
    assert client.get("/sprog/en/", {"next": "https://evil.example/"})["Location"] == "/"
    assert client.get("/sprog/xx/").status_code == 404


def test_anonymous_public_pages_are_cached_briefly_and_never_for_members(client, citizen):
    from django.core.cache import caches

    from socius.core.models import Theme

    caches["pages"].clear()
    assert "Hjemløshed" in client.get("/temaer/").text
    Theme.objects.filter(slug="hjemloeshed").update(name="Hjemløshed (ændret)")
    assert "Hjemløshed (ændret)" not in client.get("/temaer/").text  # served from the cache
    client.force_login(citizen)
    assert "Hjemløshed (ændret)" in client.get("/temaer/").text  # members always get fresh pages
    caches["pages"].clear()


def test_the_language_switch_refuses_foreign_redirects(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_404_page_has_the_layout_and_language(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.text
    assert "skipnav" in response.text


def test_403_page(client, citizen):
    client.force_login(citizen)
    response = client.get("/administration/personer/")
    assert response.status_code == 403
    assert "Du har ikke adgang til denne side" in response.text


def test_400_page(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "Ugyldig forespørgsel" in response.text


def test_500_page(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Der skete en fejl" in response.text
    assert "skipnav" in response.text


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
