"""The CSV downloads, the yearly report's page and PDF, the section on the municipality's
space, contracts with social clauses among the activity, and the thread kinds."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from socius.core.models import Theme
from socius.core.threads import step_kind
from socius.programme import services_actions as sa
from socius.programme.models import Action, ActionStatus, Programme
from socius.programme.report import measure_rows
from socius.programme.selectors import programme_overview
from socius.programme.services_report import report_generate
from socius.programme.tests.support import contract_with_clause
from socius.tests_support.csv_rule import csv_rows_checked

D1, D2 = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def _measured_action(admin, commitment, title="Klausul"):
    action = sa.action_save(
        actor=admin, commitment=commitment, title=title, owner="Udbud", starts_on=D1, ends_on=D2
    )
    sa.action_status_change(actor=admin, action=action, status=ActionStatus.ON_TRACK, reason="OK")
    measure = sa.measure_save(
        actor=admin,
        commitment=commitment,
        indicator_code="ensomhed",
        baseline="11.1",
        baseline_year=2025,
        target="9",
        target_year=2029,
        action=action,
    )
    return action, measure


def test_the_csv_downloads_hold_the_actions_and_measures(client, admin, commitment, atlas):
    _measured_action(admin, commitment, title="=HYPERLINK(1)")
    response = client.get(reverse("programme:actions-csv", args=["aarhus"]))
    rows = csv_rows_checked(response)
    assert rows[1][3].lstrip("'") == "=HYPERLINK(1)"
    response = client.get(reverse("programme:measures-csv", args=["aarhus"]))
    rows = csv_rows_checked(response)
    assert rows[1][2] == "ensomhed"
    assert rows[1][8] == "2025"
    assert rows[1][9].replace(",", ".").startswith("11.1")
    assert client.get(reverse("programme:actions-csv", args=["findes-ikke"])).status_code == 404


def test_the_report_page_and_pdf(client, admin, commitment, atlas):
    _measured_action(admin, commitment)
    report_generate(actor=admin, programme=commitment.programme, year=2026)
    page = client.get(reverse("programme:municipality", args=["aarhus"])).content.decode()
    url = reverse("programme:report", args=["aarhus", 2026])
    assert url in page
    body = client.get(url).content.decode()
    assert "Sociale klausuler" in body
    assert "<table" in body
    pdf = client.get(reverse("programme:report-pdf", args=["aarhus", 2026]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("programme:report", args=["aarhus", 2025])).status_code == 404


def test_the_pdfs_figures_read_as_on_the_report_page(admin, commitment, atlas):
    # given: a measure with a baseline of 11.1 and a target of 9, and the atlas's latest figure
    _measured_action(admin, commitment)
    glance = next(g for g in programme_overview(commitment.programme) if g.measures)
    # when: the PDF's rows are made, in Danish as the PDF is
    with translation.override("da"):
        rows = measure_rows(glance.measures)
    # then: two decimals with a decimal comma (none for a whole number), as on the page
    title, baseline, latest, target = rows[0]
    assert (baseline, target) == ("11,10 (2025)", "9 (2029)")
    figure = latest.split(" (")[0]
    assert re.fullmatch(r"\d+(,\d\d)?", figure), latest


def test_an_unpublished_programme_is_not_shown(client, commitment):
    Programme.objects.update(published=False)
    assert client.get(reverse("programme:municipality", args=["aarhus"])).status_code == 404
    action = Action.objects.create(
        commitment=commitment, title="Skjult", owner="A", starts_on=D1, ends_on=D2
    )
    assert client.get(action.get_absolute_url()).status_code == 404
    assert client.get("/program/handling/ikke-et-id/").status_code == 404


def test_the_municipality_space_shows_the_programme(client, commitment):
    page = client.get(commitment.programme.municipality.space.get_absolute_url())
    text = page.content.decode()
    assert "Sociale klausuler" in text
    assert reverse("programme:municipality", args=["aarhus"]) in text


def test_contracts_with_clauses_on_a_shared_theme_are_activity(client, commitment):
    space = commitment.programme.municipality.space
    contract_with_clause(space, "social_employment", title="Praktisk hjælp i hjemmet")
    contract_with_clause(space, "labour", title="Gadefejning")
    url = reverse("programme:commitment-detail", args=["aarhus", commitment.slug])
    assert "Praktisk hjælp" not in client.get(url).content.decode()  # no theme yet
    commitment.themes.add(Theme.objects.get(slug="handicap"))
    text = client.get(url).content.decode()
    assert "Praktisk hjælp i hjemmet" in text
    assert "Gadefejning" not in text


def test_the_thread_kinds_resolve_in_fixed_queries(admin, commitment, atlas):
    pairs = [_measured_action(admin, commitment, title=f"Handling {i}") for i in range(3)]
    actions, measures = step_kind("action"), step_kind("measure")
    for kind, objects in [(actions, [a for a, _m in pairs]), (measures, [m for _a, m in pairs])]:
        keys = [str(o.public_id) for o in objects]
        kind.resolve(keys[:1], None)
        with CaptureQueriesContext(connection) as one:
            kind.resolve(keys[:1], None)
        with CaptureQueriesContext(connection) as three:
            found = kind.resolve([*keys, "ikke-et-id"], None)
        assert len(three) == len(one)
        assert set(found) == set(keys)
    info = measures.resolve([str(pairs[0][1].public_id)], None)[str(pairs[0][1].public_id)]
    assert "9" in info.title
    assert info.url == pairs[0][1].get_absolute_url()


def test_the_thread_kinds_offer_candidates(admin, commitment, atlas):
    action, measure = _measured_action(admin, commitment, title="Klausul i udbud")
    assert step_kind("action").candidates("udbud") == [(str(action.public_id), action.title)]
    assert step_kind("action").candidates("findes ikke") == []
    assert step_kind("measure").candidates("ensom")[0][0] == str(measure.public_id)


def test_the_thread_kinds_hide_an_unpublished_programme(admin, commitment, atlas):
    action, measure = _measured_action(admin, commitment)
    Programme.objects.update(published=False)
    assert step_kind("action").resolve([str(action.public_id)], None) == {}
    assert step_kind("measure").resolve([str(measure.public_id)], None) == {}
