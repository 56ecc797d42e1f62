"""Releases: the budget ledger, the task, the command with its progress bar, the audit."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from socius.core.models import AuditEntry
from socius.plans.models import Domain
from socius.plans.outcomes import selectors, services
from socius.plans.outcomes.models import BudgetEntry, Release, Table
from socius.tests_support.factories import UserFactory

from .outcomes_helpers import domain_rate, in_2026, plan_make

TODAY = datetime.date(2026, 12, 1)


def _cohort(aarhus, people=12):
    for i in range(people):
        plan = plan_make(municipality=aarhus, started=in_2026(1 + i % 6))
        domain_rate(plan, Domain.HOUSING, 3, day=1)
        domain_rate(plan, Domain.HOUSING, 3 + i % 3, day=2)


def test_the_true_counts_group_by_domain_and_column(aarhus):
    _cohort(aarhus)
    counts = selectors.table_counts(municipality=aarhus, table=Table.DOMAIN_CHANGE, year=2026)
    housing = selectors.table_rows().index("housing")
    assert counts[housing] == [8, 4, 0]
    assert sum(map(sum, counts)) == 12
    first_quarter = selectors.table_counts(
        municipality=aarhus, table=Table.DOMAIN_CHANGE, year=2026, quarter=1
    )
    assert sum(map(sum, first_quarter)) == 6


def test_a_release_is_computed_in_the_task_and_charged_to_the_ledger(
    aarhus, admin, django_capture_on_commit_callbacks
):
    _cohort(aarhus)
    with django_capture_on_commit_callbacks(execute=True):
        release = services.release_create(
            actor=admin, municipality=aarhus, table=Table.DOMAIN_CHANGE, year=2026,
            epsilon=0.5, today=TODAY,
        )  # fmt: skip
    release.refresh_from_db()
    assert release.status == Release.Status.DONE
    assert release.progress_percent == 100
    assert len(release.result["cells"]) == len(Domain)
    assert release.result["sensitivity"] == len(Domain)
    assert release.result["scale"] == pytest.approx(12.0)
    # Rows nobody rated are all hidden ("fewer than 5"): nothing small shows.
    for row in release.result["cells"]:
        assert all(value is None or value >= 5 for value in row)
    assert BudgetEntry.objects.get().epsilon == 0.5
    assert selectors.budget_spent(municipality=aarhus, year=2026) == 0.5
    entry = AuditEntry.objects.get(action="plans_outcomes.release.create")
    assert entry.data["epsilon"] == 0.5


def test_the_year_budget_refuses_a_release_that_would_exceed_it(aarhus, admin, settings):
    settings.PLANS_PRIVACY_BUDGET_PER_YEAR = 1.0
    for _ in range(2):
        services.release_create(
            actor=admin, municipality=aarhus, table=Table.GOALS, year=2026, epsilon=0.5,
            today=TODAY, enqueue=False,
        )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.release_create(
            actor=admin, municipality=aarhus, table=Table.GOALS, year=2026, epsilon=0.05,
            today=TODAY, enqueue=False,
        )  # fmt: skip
    assert "epsilon" in refused.value.message_dict
    assert Release.objects.count() == 2
    # Another cohort year has its own budget.
    services.release_create(
        actor=admin, municipality=aarhus, table=Table.GOALS, year=2025, epsilon=1.0,
        today=TODAY, enqueue=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("epsilon", {"epsilon": 0.0}),
        ("epsilon", {"epsilon": 5.0}),
        ("year", {"year": 2027}),
        ("year", {"year": 1999}),
        ("quarter", {"quarter": 5}),
        ("table", {"table": "<script>"}),
    ],
)
def test_wrong_values_are_refused_and_nothing_is_charged(aarhus, admin, field, changes):
    values = {"table": Table.GOALS, "year": 2026, "quarter": None, "epsilon": 0.5} | changes
    with pytest.raises(ValidationError) as refused:
        services.release_create(
            actor=admin, municipality=aarhus, today=TODAY, enqueue=False, **values
        )
    assert field in refused.value.message_dict
    assert not BudgetEntry.objects.exists()
    assert not Release.objects.exists()


def test_only_administrators_release(aarhus):
    with pytest.raises(PermissionDenied):
        services.release_create(
            actor=UserFactory(), municipality=aarhus, table=Table.GOALS, year=2026,
            epsilon=0.5, today=TODAY,
        )  # fmt: skip
    assert not Release.objects.exists()


def test_the_command_releases_with_a_progress_bar(aarhus, admin):
    _cohort(aarhus)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "plans_outcomes_release", "--municipality", "751", "--table", "domain_change",
        "--year", "2026", "--epsilon", "0.5", "--by", admin.email, stdout=out, stderr=err,
    )  # fmt: skip
    assert "Released" in out.getvalue()
    assert "Releasing" in err.getvalue()
    assert Release.objects.get().status == Release.Status.DONE


def test_the_command_refuses_clearly(aarhus, admin):
    with pytest.raises(CommandError, match="may not release"):
        call_command(
            "plans_outcomes_release", "--municipality", "751", "--table", "goals",
            "--year", "2026", "--epsilon", "0.5", "--by", UserFactory().email,
        )  # fmt: skip
    with pytest.raises(CommandError, match="No municipality"):
        call_command(
            "plans_outcomes_release", "--municipality", "999", "--table", "goals",
            "--year", "2026", "--epsilon", "0.5", "--by", admin.email,
        )  # fmt: skip
    with pytest.raises(CommandError, match="Epsilon"):
        call_command(
            "plans_outcomes_release", "--municipality", "751", "--table", "goals",
            "--year", "2026", "--epsilon", "9", "--by", admin.email,
        )  # fmt: skip


def test_a_failed_computation_is_marked_and_its_budget_stays_spent(aarhus, admin, monkeypatch):
    from socius.plans.outcomes import privacy
    from socius.plans.outcomes.tasks import release_run

    release = services.release_create(
        actor=admin, municipality=aarhus, table=Table.GOALS, year=2026, epsilon=0.5,
        today=TODAY, enqueue=False,
    )  # fmt: skip

    def broken(*args, **kwargs):
        raise RuntimeError("noise source unavailable")

    monkeypatch.setattr(privacy, "table_release", broken)
    with pytest.raises(RuntimeError):
        release_run.call(release_id=release.pk)
    release.refresh_from_db()
    assert release.status == Release.Status.FAILED
    assert release.result == {}
    assert selectors.budget_spent(municipality=aarhus, year=2026) == 0.5
    # A second run does nothing: only a queued release is computed.
    release_run.call(release_id=release.pk)
    assert Release.objects.get().status == Release.Status.FAILED
