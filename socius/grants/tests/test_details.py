"""What an applicant sees: readable condition names, budget lines added and removed without
JavaScript, and amounts with their unit."""

import re

import pytest

from socius.grants.models import Application
from socius.grants.tests.test_views import _form
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _lines(page):
    return re.findall(r'name="budget-(\d+)-activity"', page)


def test_applicants_read_the_conditions_by_name_not_by_code(
    client, citizen, association, open_round
):
    client.force_login(citizen)
    client.post(f"/tilskud/{open_round.slug}/ansoeg/", _form(association))
    app = Application.objects.get()
    client.post(f"/tilskud/ansoegning/{app.public_id}/indsend/")
    page = client.get(app.get_absolute_url()).text
    assert app.gate_checks.filter(gate="local_roots").exists()
    assert "Lokal forankring: opfyldt" in page
    for code in ("local_roots", "unpaid_board", "voluntary_core", "last_year_report"):
        assert f"{code}:" not in page


def test_a_line_is_added_and_removed_without_javascript_and_nothing_is_saved(
    client, citizen, association, open_round
):
    client.force_login(citizen)
    url = f"/tilskud/{open_round.slug}/ansoeg/"
    assert _lines(client.get(url).text) == ["0"]
    added = client.post(url, _form(association, **{"budget-add": "1"}))
    assert added.status_code == 200
    assert _lines(added.text) == ["0", "1", "2", "3"]
    assert 'value="Materialer"' in added.text
    assert 'value="Lektiecafé"' in added.text
    assert "form-error-message" not in added.text  # nothing was checked yet
    removed = client.post(url, _form(association, **{"budget-remove": "0"}))
    assert _lines(removed.text) == ["0", "1"]
    assert 'value="Frugt og saft"' not in removed.text
    assert 'value="Materialer"' in removed.text
    assert Application.objects.count() == 0


def test_an_empty_added_line_does_not_block_saving(client, citizen, association, open_round):
    client.force_login(citizen)
    data = _form(association, **{"budget-TOTAL_FORMS": "4"})
    response = client.post(f"/tilskud/{open_round.slug}/ansoeg/", data)
    assert response.status_code == 302
    assert len(Application.objects.get().budget_items) == 2


def test_an_edited_draft_keeps_unchanged_lines(client, citizen, association, open_round):
    client.force_login(citizen)
    client.post(f"/tilskud/{open_round.slug}/ansoeg/", _form(association))
    app = Application.objects.get()
    edit = f"/tilskud/ansoegning/{app.public_id}/rediger/"
    shown = client.get(edit).text
    assert _lines(shown) == ["0", "1"]
    assert 'name="budget-1-amount" value="10.000 kr."' in shown  # read back as it is shown
    client.post(edit, _form(association, title="Lektiecafé i Gellerup"))
    app.refresh_from_db()
    assert [line["activity"] for line in app.budget_items] == ["Frugt og saft", "Materialer"]


@pytest.mark.parametrize(
    "hostile",
    [
        {"budget-add": "1", "budget-TOTAL_FORMS": "999999"},
        {"budget-remove": "-1"},
        {"budget-remove": "x' OR 1=1"},
        {"budget-remove": "99"},
        {"budget-add": "1", "budget-TOTAL_FORMS": "nan"},
    ],
)
def test_hostile_line_buttons_are_answered_calmly(
    client, citizen, association, open_round, hostile
):
    client.force_login(citizen)
    response = client.post(f"/tilskud/{open_round.slug}/ansoeg/", _form(association, **hostile))
    assert response.status_code == 200
    assert len(_lines(response.text)) <= 30
    assert Application.objects.count() == 0


def test_amounts_show_the_kroner_unit(client, citizen, association, open_round):
    client.force_login(citizen)
    page = client.get(f"/tilskud/{open_round.slug}/ansoeg/").text
    assert '<div class="form-input-suffix" aria-hidden="true">kr.</div>' in page
    assert '<span class="sr-only"> (kr.)</span>' in page


def test_outsiders_cannot_use_the_line_buttons_on_a_draft(client, citizen, association, open_round):
    client.force_login(citizen)
    client.post(f"/tilskud/{open_round.slug}/ansoeg/", _form(association))
    app = Application.objects.get()
    client.logout()
    client.force_login(UserFactory())
    response = client.post(f"/tilskud/ansoegning/{app.public_id}/rediger/", {"budget-add": "1"})
    assert response.status_code == 404
