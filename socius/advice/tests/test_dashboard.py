"""The service's dashboard: charts with their data tables, and a formula-safe CSV."""

import csv
import io

import pytest

from socius.advice import services
from socius.advice.models import FollowUp
from socius.core.models import Theme
from socius.tests_support.csv_rule import csv_rows_checked

pytestmark = pytest.mark.django_db

URL = "/faellesskaber/raadgivning/overblik/"


@pytest.fixture
def cases(citizen, association, advisor, advice_request):
    hostile = services.request_submit(
        actor=citizen,
        organisation=association,
        title='=HYPERLINK("http://evil")',
        wants=["funding", "municipality"],
        themes=[Theme.objects.get(slug="boern-og-unge")],
        target_group="Børn",
        size="small",
        description="Vi søger penge.",
    )
    services.message_send(actor=advisor, request=advice_request, body="Svar", as_advisor=True)
    services.request_close(
        actor=advisor, request=advice_request, outcome="created", people_reached=12, what_helped=""
    )
    FollowUp.objects.create(
        request=advice_request,
        sent_at=advice_request.closed_at,
        answered_at=advice_request.closed_at,
        community_status="running",
        advice_helped=True,
    )
    return advice_request, hostile


def test_the_dashboard_shows_charts_with_tables(client, advisor, cases):
    client.force_login(advisor)
    page = client.get(URL).text
    assert page.count('src="data:image/svg+xml;base64,') == 5
    assert page.count("<table") == 5
    for text in (
        "Henvendelser pr. tema",
        "Henvendelser pr. slags hjælp",
        "Første svar og fristen",
        "Resultat af lukkede henvendelser",
        "Opfølgning tre måneder efter",
        "Ældre",
        "Finde penge",
        "Besvaret til tiden",
        "Et fællesskab blev skabt",
        "Fællesskabet kører",
        "1 sendt, 1 besvaret, 1 siger, at rådgivningen hjalp",
    ):
        assert text in page, text


def test_administrators_see_it_too(client, administrator, cases):
    client.force_login(administrator)
    assert client.get(URL).status_code == 200


def test_the_csv_has_the_numbers_and_no_formulas(client, advisor, cases):
    client.force_login(advisor)
    response = client.get(URL.rstrip("/") + ".csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Afsnit", "Betegnelse", "Antal"]
    assert ["Resultat", "Et fællesskab blev skabt", "1"] in rows
    assert ["Slags hjælp", "Finde penge", "1"] in rows
    assert ["Opfølgning", "Fællesskabet kører", "1"] in rows
    assert ["I alt", "Personer nået", "12"] not in rows  # the label is "People reached"
    assert any(r[1] == "Henvendelser" and r[2] == "2" for r in rows)
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert csv_rows_checked(response) == rows


def test_the_dashboard_works_with_no_data(client, advisor):
    client.force_login(advisor)
    page = client.get(URL)
    assert page.status_code == 200
    # No theme has any request yet; the other charts list their categories with 0.
    assert page.text.count("Ingen tal endnu.") == 1


def test_the_dashboard_reads_a_fixed_number_of_queries(
    client, advisor, cases, citizen, association, django_assert_max_num_queries
):
    for n in range(5):
        services.request_submit(
            actor=citizen,
            organisation=association,
            title=f"Henvendelse {n}",
            wants=["start"],
            themes=[Theme.objects.get(slug="aeldre")],
            target_group="Alle",
            size="small",
            description="Tekst",
        )
    client.force_login(advisor)
    with django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200
