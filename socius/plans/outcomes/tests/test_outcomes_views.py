"""The public pages, the administrators' pages and the API."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse

from socius.plans.models import Domain
from socius.plans.outcomes import services
from socius.plans.outcomes.models import BudgetEntry, Release, Table
from socius.tests_support.factories import UserFactory

from .outcomes_helpers import domain_rate, goal_make, in_2026, plan_make

TODAY = datetime.date(2026, 12, 1)


def _released(aarhus, admin, table=Table.DOMAIN_CHANGE, people=30):
    for i in range(people):
        plan = plan_make(municipality=aarhus, started=in_2026())
        domain_rate(plan, Domain.HOUSING, 3, day=1)
        domain_rate(plan, Domain.HOUSING, 2 + i % 4, day=2)
        goal_make(plan, Domain.WORK, -1, i % 3 - 1)
    release = services.release_create(
        actor=admin, municipality=aarhus, table=table, year=2026, epsilon=1.0, today=TODAY,
        enqueue=False,
    )  # fmt: skip
    return services.release_compute(release=release)


def test_the_front_page_explains_and_lists_municipalities_with_releases(client, aarhus, admin):
    response = client.get(reverse("plans_outcomes:home"))
    assert response.status_code == 200
    assert aarhus.name not in response.content.decode()
    _released(aarhus, admin)
    response = client.get(reverse("plans_outcomes:home"))
    assert reverse("plans_outcomes:municipality", args=["751"]) in response.content.decode()


def test_the_municipality_page_shows_noisy_tables_with_charts_and_hidden_cells(
    client, aarhus, admin, django_assert_max_num_queries
):
    release = _released(aarhus, admin)
    _released(aarhus, admin, table=Table.GOALS, people=0)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("plans_outcomes:municipality", args=["751"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<figure") == 2  # a chart with its data table per release
    assert re.search(r"epsilon 1[.,]0", page)
    # The empty table is hidden throughout; the housing row shows numbers.
    hidden = page.count("fewer than 5") + page.count("færre end 5")
    assert hidden >= len(Domain) * 2
    housing = release.result["cells"][release.result["rows"].index("housing")]
    assert any(value is not None for value in housing)


def test_an_unknown_municipality_is_not_found(client, db):
    assert client.get(reverse("plans_outcomes:municipality", args=["999"])).status_code == 404
    assert client.get(reverse("plans_outcomes:municipality", args=["<script>"])).status_code == 404
    assert client.get(reverse("plans_outcomes:budget", args=["999"])).status_code == 404


def test_the_budget_page_shows_the_ledger_per_year(client, aarhus, admin):
    _released(aarhus, admin, people=0)
    response = client.get(reverse("plans_outcomes:budget", args=["751"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026" in page
    assert "1.00" in page or "1,00" in page


def test_outsiders_cannot_reach_the_release_pages(client, aarhus, admin):
    release = _released(aarhus, admin, people=0)
    create = reverse("plans_outcomes:release-create")
    detail = reverse("plans_outcomes:release-detail", args=[release.public_id])
    assert client.get(create).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(create).status_code == 403
    assert client.get(detail).status_code == 403
    assert client.post(create, {"municipality": "751", "table": "goals", "year": "2026",
                                "epsilon": "0.5"}).status_code == 403  # fmt: skip
    assert Release.objects.count() == 1


def test_an_administrator_releases_and_sees_the_result(
    client, aarhus, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    assert client.get(reverse("plans_outcomes:release-create")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans_outcomes:release-create"),
            {"municipality": "751", "table": "goals", "year": "2026", "quarter": "",
             "epsilon": "0.5"},
        )  # fmt: skip
    release = Release.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans_outcomes:release-detail", args=[release.public_id])
    page = client.get(response.url).content.decode()
    assert release.get_status_display() in page or "Released" in page
    assert "<table" in page
    missing = reverse("plans_outcomes:release-detail", args=[uuid.uuid4()])
    assert client.get(missing).status_code == 404


def test_a_release_for_one_theme_keeps_the_theme(client, aarhus, admin):
    client.force_login(admin)
    response = client.post(
        reverse("plans_outcomes:release-create"),
        {"municipality": "751", "table": "goals", "year": "2026", "quarter": "",
         "epsilon": "0.5", "theme": "faellesskaber-og-ensomhed"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Release.objects.get().theme.slug == "faellesskaber-og-ensomhed"


def test_the_progress_page_shows_a_queued_release(client, aarhus, admin):
    release = services.release_create(
        actor=admin, municipality=aarhus, table=Table.GOALS, year=2026, epsilon=0.5,
        today=TODAY, enqueue=False,
    )  # fmt: skip
    client.force_login(admin)
    page = client.get(reverse("plans_outcomes:release-detail", args=[release.public_id]))
    assert b"<progress" in page.content
    # A queued release is not public.
    assert aarhus.name.encode() not in client.get(reverse("plans_outcomes:home")).content


@pytest.mark.parametrize(
    "changes",
    [
        {"municipality": "999"},
        {"municipality": "<script>alert(1)</script>"},
        {"table": "everything"},
        {"year": "tjuetyve"},
        {"year": "3000"},
        {"quarter": "9"},
        {"epsilon": "-1"},
        {"epsilon": "1" * 400},
        {"epsilon": "NaN"},
        {"theme": "findes-ikke"},
        {"theme": "<b>x</b>"},
    ],
    ids=lambda changes: "-".join(f"{k}" for k in changes) + str(len(str(changes))),
)
def test_hostile_input_is_refused_with_the_input_kept(client, aarhus, admin, changes):
    client.force_login(admin)
    data = {"municipality": "751", "table": "goals", "year": "2026", "epsilon": "0.5"} | changes
    response = client.post(reverse("plans_outcomes:release-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "<script>alert" not in response.content.decode()
    assert not Release.objects.exists()
    assert not BudgetEntry.objects.exists()


def test_a_release_over_budget_is_refused_on_the_form(client, aarhus, admin, settings):
    settings.PLANS_PRIVACY_BUDGET_PER_YEAR = 0.5
    client.force_login(admin)
    data = {"municipality": "751", "table": "goals", "year": "2026", "epsilon": "0.6"}
    response = client.post(reverse("plans_outcomes:release-create"), data)
    assert response.status_code == 200
    assert "epsilon" in response.context["form"].errors
    assert not Release.objects.exists()


def test_the_api_lists_released_tables_only(client, aarhus, admin):
    release = _released(aarhus, admin)
    services.release_create(
        actor=admin, municipality=aarhus, table=Table.GOALS, year=2026, epsilon=0.5,
        today=TODAY, enqueue=False,
    )  # fmt: skip
    data = client.get("/api/plans/outcomes/751").json()
    assert [r["id"] for r in data["releases"]] == [str(release.public_id)]
    assert data["releases"][0]["cells"] == release.result["cells"]
    assert client.get("/api/plans/outcomes/999").status_code == 404  # no such municipality
    for hostile in ("75", "7510", "abc", "%00ab", "751%00"):
        assert client.get(f"/api/plans/outcomes/{hostile}").status_code == 404


def test_the_front_page_costs_the_same_queries_with_more_releases(
    client, aarhus, admin, django_assert_max_num_queries
):
    _released(aarhus, admin, people=0)
    _released(aarhus, admin, table=Table.GOALS, people=0)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("plans_outcomes:home")).status_code == 200


# --- The social atlas ---------------------------------------------------------------------------
def _release(aarhus, admin, *, table=Table.DOMAIN_CHANGE, year=2026, quarter=None, theme=None):
    release = services.release_create(
        actor=admin, municipality=aarhus, table=table, year=year, quarter=quarter, epsilon=0.2,
        theme=theme, today=TODAY, enqueue=False,
    )  # fmt: skip
    return services.release_compute(release=release)


def test_the_atlas_page_shows_the_newest_table_of_each_kind_for_all_plans(client, aarhus, admin):
    from socius.core.models import Theme

    atlas = reverse("atlas:municipality-detail", args=["751"])
    page = client.get(atlas).content.decode()
    assert "har endnu ikke udgivet tal" in page  # Danish first
    housing = _released(aarhus, admin)  # all of 2026, domain change
    _release(aarhus, admin, table=Table.GOALS, theme=Theme.objects.first())  # one theme only
    services.release_create(
        actor=admin, municipality=aarhus, table=Table.GOALS, year=2026, epsilon=0.2,
        today=TODAY, enqueue=False,
    )  # fmt: skip  # asked for, not computed: nothing to show yet
    client.get(reverse("core:language-set", args=["en"]))
    page = client.get(atlas).content.decode()
    assert "What people&#x27;s own plans show" in page or "What people's own plans show" in page
    assert page.count("<h3>Change in life domains") == 1
    assert "A goal reached" not in page  # the theme's table and the unfinished one are not shown
    assert "<figure" not in page.split("own plans show")[1]  # tables only; charts on the link
    row = housing.result["rows"].index("housing")
    for value in housing.result["cells"][row]:
        assert (str(value) if value is not None else "fewer than 5") in page
    assert reverse("plans_outcomes:municipality", args=["751"]) in page
    # Another municipality's atlas page shows none of it.
    other = client.get(reverse("atlas:municipality-detail", args=["101"])).content.decode()
    assert "Change in life domains" not in other
    assert "has not released numbers" in other


def test_the_atlas_takes_the_newest_cohort_and_the_whole_year_before_a_quarter(aarhus, admin):
    from socius.plans.outcomes.selectors import release_latest_per_table

    _release(aarhus, admin, year=2025)
    quarter = _release(aarhus, admin, year=2026, quarter=2)
    assert release_latest_per_table("751") == [quarter]
    whole = _release(aarhus, admin, year=2026)
    _release(aarhus, admin, year=2026, quarter=3)
    goals = _release(aarhus, admin, table=Table.GOALS, year=2025)
    assert release_latest_per_table("751") == sorted([whole, goals], key=lambda r: r.table)
    assert release_latest_per_table("101") == []
    assert release_latest_per_table("75'; --") == []
