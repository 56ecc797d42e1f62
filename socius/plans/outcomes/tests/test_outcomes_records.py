"""The outcome record follows the citizen's ratings and holds only numbers."""

import datetime

from django.db import connection

from socius.plans.models import Domain, Rater
from socius.plans.outcomes.models import OutcomeDomain, OutcomeRecord
from socius.plans.signals import plan_deleted
from socius.tests_support.factories import UserFactory

from .outcomes_helpers import domain_rate, goal_make, in_2026, plan_make


def test_it_records_first_and_latest_scores_and_goals(aarhus):
    plan = plan_make(municipality=aarhus, started=in_2026(5))
    domain_rate(plan, Domain.HOUSING, 3, day=1)
    domain_rate(plan, Domain.HOUSING, 5, day=2)
    domain_rate(plan, Domain.HOUSING, 7, day=3)
    domain_rate(plan, Domain.HEALTH, 4, day=1)
    goal_make(plan, Domain.WORK, -1, 0)
    goal_make(plan, Domain.WORK, -2, -1)

    record = OutcomeRecord.objects.get()
    assert (record.municipality_id, record.year, record.quarter) == (aarhus.pk, 2026, 2)
    rows = {d.domain: d for d in record.domains.all()}
    assert (rows["housing"].first_score, rows["housing"].latest_score) == (3, 7)
    # One rating shows no change: no "latest".
    assert (rows["health"].first_score, rows["health"].latest_score) == (4, None)
    assert (rows["work"].goals_rated, rows["work"].goals_reached) == (2, 1)


def test_it_is_keyed_by_the_outcome_id_and_holds_no_text(aarhus):
    plan = plan_make(municipality=aarhus)
    domain_rate(plan, Domain.HOUSING, 3)
    record = OutcomeRecord.objects.get()
    from socius.plans import crypto

    assert record.outcome_id == crypto.unseal(plan, "plan", plan.sealed)["outcome_id"]
    columns = {f.name for f in OutcomeRecord._meta.get_fields()}
    assert not {"plan", "owner", "user"} & columns
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM plans_outcomes_outcomedomain")
        dump = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM plans_outcomes_outcomerecord")
        dump += repr(cursor.fetchall())
    assert "hemmeligt" not in dump
    assert str(plan.pk) != record.outcome_id


def test_a_professional_rating_does_not_count(aarhus):
    plan = plan_make(municipality=aarhus)
    domain_rate(plan, Domain.HOUSING, 3, day=1)
    domain_rate(plan, Domain.HOUSING, 9, day=2, rater=Rater.PROFESSIONAL)
    goal_make(plan, Domain.WORK, 2, rater=Rater.PROFESSIONAL)
    row = OutcomeDomain.objects.get()
    assert (row.domain, row.first_score, row.latest_score) == ("housing", 3, None)


def test_a_plan_without_municipality_counts_nowhere(db):
    plan = plan_make(municipality=None)
    domain_rate(plan, Domain.HOUSING, 3)
    assert not OutcomeRecord.objects.exists()


def test_the_record_goes_with_the_plan(aarhus):
    plan = plan_make(municipality=aarhus)
    domain_rate(plan, Domain.HOUSING, 3)
    from socius.plans import crypto

    outcome_id = crypto.unseal(plan, "plan", plan.sealed)["outcome_id"]
    plan_deleted.send(sender=None, outcome_id=outcome_id)
    assert not OutcomeRecord.objects.exists()
    assert not OutcomeDomain.objects.exists()


def test_the_citizen_services_keep_the_record_current(aarhus, django_capture_on_commit_callbacks):
    from socius.plans import services

    citizen = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create(
            actor=citizen, municipality=aarhus, today=datetime.date(2026, 8, 3)
        )
        services.domain_rate(actor=citizen, plan=plan, domain=Domain.HOUSING, score=2)
        services.domain_rate(actor=citizen, plan=plan, domain=Domain.HOUSING, score=6)
        goal = services.goal_create(actor=citizen, plan=plan, text="Få et job", domain="work")
        services.goal_rate(actor=citizen, goal=goal, score=1)
    record = OutcomeRecord.objects.get()
    assert (record.year, record.quarter) == (2026, 3)
    rows = {d.domain: d for d in record.domains.all()}
    assert (rows["housing"].first_score, rows["housing"].latest_score) == (2, 6)
    assert (rows["work"].goals_rated, rows["work"].goals_reached) == (1, 1)
    # Moving the plan to no municipality takes its numbers out of every count.
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_update(actor=citizen, plan=plan, title="", domains=(), municipality=None)
    assert not OutcomeRecord.objects.exists()


def test_one_transaction_of_ratings_recomputes_each_plan_once_and_a_rollback_counts_nothing(
    aarhus, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from socius.plans import services
    from socius.plans.signals import ratings_changed

    citizen, other = UserFactory(), UserFactory()
    day = datetime.date(2026, 8, 3)
    plan = services.plan_create(actor=citizen, municipality=aarhus, today=day)
    second = services.plan_create(actor=other, municipality=aarhus, today=day)
    sent: list[int] = []

    def heard(sender, *, plan, **kwargs):
        sent.append(plan.pk)

    ratings_changed.connect(heard)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for score in (2, 4, 6):
                services.domain_rate(actor=citizen, plan=plan, domain=Domain.HOUSING, score=score)
            try:
                with transaction.atomic():  # rolled back: recomputed, if at all, from the rows
                    services.domain_rate(actor=other, plan=second, domain=Domain.WORK, score=1)
                    raise RuntimeError
            except RuntimeError:
                pass
            services.domain_rate(actor=citizen, plan=plan, domain=Domain.HEALTH, score=5)
        assert sent.count(plan.pk) == 1
        record = OutcomeRecord.objects.get()  # the rolled-back rating counts for nothing
        rows = {d.domain: d for d in record.domains.all()}
        assert (rows["housing"].first_score, rows["housing"].latest_score) == (2, 6)
        assert set(rows) == {"housing", "health"}
        sent.clear()
        with django_capture_on_commit_callbacks(execute=True):  # the next "commit" hears again
            services.domain_rate(actor=other, plan=second, domain=Domain.WORK, score=3)
        assert sent == [second.pk]
    finally:
        ratings_changed.disconnect(heard)


def test_plans_count_per_theme_as_their_citizens_chose(aarhus, django_capture_on_commit_callbacks):
    import pytest
    from django.core.exceptions import ValidationError

    from socius.core.models import Theme
    from socius.plans import services
    from socius.plans.models import Plan
    from socius.plans.outcomes import selectors
    from socius.plans.outcomes.models import Table

    loneliness = Theme.objects.get(slug="faellesskaber-og-ensomhed")
    other = Theme.objects.exclude(pk=loneliness.pk).filter(is_active=True).first()
    people = [UserFactory() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for n, (person, themes) in enumerate(
            zip(people, [[loneliness], [loneliness, other], []], strict=True)
        ):
            plan = services.plan_create(
                actor=person, municipality=aarhus, themes=themes, today=datetime.date(2026, 2, 1)
            )
            services.domain_rate(actor=person, plan=plan, domain=Domain.WORK, score=3)
            services.domain_rate(actor=person, plan=plan, domain=Domain.WORK, score=4 + n)
    work = selectors.table_rows().index("work")

    def counted(theme):
        counts = selectors.table_counts(
            municipality=aarhus, table=Table.DOMAIN_CHANGE, year=2026, theme=theme
        )
        return sum(counts[work])

    assert (counted(None), counted(loneliness), counted(other)) == (3, 2, 1)
    # The citizen changes what the plan is about: the record follows.
    first = Plan.objects.get(owner=people[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_update(
            actor=people[0], plan=first, title="", domains=(), municipality=aarhus, themes=[other]
        )
    assert (counted(loneliness), counted(other)) == (1, 2)
    # A theme that is not on the list is refused, and nothing changes.
    with pytest.raises(ValidationError):
        services.plan_update(
            actor=people[0], plan=first, title="", domains=(), municipality=aarhus,
            themes=["findes-ikke"],
        )  # fmt: skip
    assert (counted(loneliness), counted(other)) == (1, 2)
