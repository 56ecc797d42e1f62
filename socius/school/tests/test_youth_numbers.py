"""The municipality's numbers: suppressed counts (under 5 and their complements), a chart with
its table, a fixed number of queries, and the section on the municipality's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from socius.core import services as core_services
from socius.core.models import Municipality
from socius.school import sections_youth, selectors_youth, services_youth
from socius.school.selectors_youth import suppress_columns

from .school_support import class_make, pupil_make, school_make, teacher_make

pytestmark = pytest.mark.django_db

FEW = _("fewer than 5")


def _class_with(n_pupils, *, school=None, year=2026, name="8.B"):
    teacher = teacher_make(school=school) if school else teacher_make()
    school_class = class_make(teacher=teacher, school_year=year, name=name)
    for i in range(n_pupils):
        pupil_make(school_class, f"Elev {i}")
    return school_class


def _shown(cells):
    return [[c.shown for c in row] for row in cells]


def test_small_cells_and_their_complement_are_hidden():
    # one small year in a column: the next smallest year goes too, the total stays
    cells = suppress_columns([[3], [10], [12], [25]])
    assert _shown(cells) == [[FEW], [FEW], ["12"], ["25"]]
    # two small years already cover each other
    assert _shown(suppress_columns([[2], [3], [20], [25]])) == [
        [FEW], [FEW], ["20"], ["25"],
    ]  # fmt: skip
    # one year only: its count is the total, hidden with it
    assert _shown(suppress_columns([[3], [3]])) == [[FEW], [FEW]]
    # nothing small: all shown
    assert _shown(suppress_columns([[7, 5], [8, 6], [15, 11]])) == [
        ["7", "5"], ["8", "6"], ["15", "11"],
    ]  # fmt: skip


def test_the_numbers_page_suppresses_and_cannot_be_worked_out(client):
    school = school_make(name="Frederiksbjerg Skole")
    _class_with(12, school=school, year=2025)
    _class_with(3, school=school, year=2026)
    url = reverse("school:municipality-numbers", args=["751"])
    page = client.get(url).content.decode()
    table = page.split('id="numbers-table"', 1)[1].split("</table>", 1)[0]
    assert FEW in table
    # the pupils of 2026 (3) cannot be found from the total (15) and 2025 (12)
    assert ">12<" not in table
    assert ">3<" not in table
    assert ">15<" in table
    assert _("Pupils taking part, per school year") in page  # the chart
    assert 'class="chart"' in page
    assert page.count("<table") == 3


def test_the_numbers_pages_run_a_fixed_number_of_queries(client):
    url = reverse("school:municipality-numbers", args=["751"])
    client.get(url)  # warm up (sessions, settings rows)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
            assert client.get(reverse("school:numbers")).status_code == 200
        return len(queries)

    _class_with(6)
    few = count()
    for year in (2024, 2025):
        for _n in range(3):
            _class_with(6, year=year)
    assert count() == few


def test_unknown_municipality_is_404(client):
    assert client.get(reverse("school:municipality-numbers", args=["999"])).status_code == 404
    assert client.get("/medborgerskab/tal/%3Cscript%3E/").status_code == 404


def test_youth_proposals_are_counted_by_state():
    school_class = _class_with(6)
    teacher = school_class.teacher
    project = services_youth.project_create(
        actor=teacher, school_class=school_class, title="Bænke", problem="Mørkt.", idea="Lys."
    )
    services_youth.project_publish(actor=teacher, project=project)
    services_youth.project_propose(actor=teacher, project=project)
    data = selectors_youth.municipality_numbers(Municipality.objects.get(code="751"))
    assert data.total.cells[3].value == 1
    assert data.total.cells[3].hidden
    assert dict((label, c.value) for label, c in data.states)[_("Being reviewed")] == 1


def test_the_municipality_page_has_the_section_in_one_query(client, administrator):
    aarhus = Municipality.objects.get(code="751")
    core_services.municipal_space_save(
        actor=administrator,
        municipality=aarhus,
        participates=True,
        runs_community_advice=False,
        authority="Aarhus Kommune",
        slug="aarhus-medborgerskab",
        intro="",
        contact_email="socius@aarhus.example",
        contact_phone="89 40 20 00",
        address="Rådhuspladsen 2, 8000 Aarhus C",
    )
    assert sections_youth.municipality_citizenship(municipality=aarhus) == []
    _class_with(6)
    with CaptureQueriesContext(connection) as queries:
        items = sections_youth.municipality_citizenship(municipality=aarhus)
    assert len(queries) == 1
    assert items[0]["pupils"].shown == "6"
    assert items[0]["classes"].shown == FEW
    page = client.get(
        reverse("core:municipality-space", args=["aarhus-medborgerskab"])
    ).content.decode()
    assert str(_("Citizenship")) in page
    assert reverse("school:municipality-numbers", args=["751"]) in page
