"""Events on the golden thread: who sees which event, and who took part."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from socius.core.roles import Role
from socius.core.threads import step_kind
from socius.events.models import Event, Registration
from socius.events.tests.pages_support import published, registration
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _resolve(keys, viewer=None):
    with translation.override("en"):
        return step_kind("event").resolve(keys, viewer)


def test_visitors_see_published_and_cancelled_events_and_editors_drafts_too(db):
    shown = published(kind=Event.Kind.DEBATE, title="Debat om ensomhed")
    cancelled = published(status=Event.Status.CANCELLED)
    draft = published(status=Event.Status.DRAFT)
    keys = [shown.slug, cancelled.slug, draft.slug, "<script>", "x" * 300, ""]

    found = _resolve(keys)

    assert set(found) == {shown.slug, cancelled.slug}
    step = found[shown.slug]
    assert (step.title, step.url, step.status) == (shown.title, shown.get_absolute_url(), "Debate")
    assert step.date == timezone.localtime(shown.starts_at).date()  # the day in Denmark
    assert found[cancelled.slug].status == "Conference · Cancelled"
    assert set(_resolve(keys, UserFactory())) == {shown.slug, cancelled.slug}
    editor = UserFactory(roles=[Role.EDITOR])
    assert set(_resolve(keys, editor)) == {shown.slug, cancelled.slug, draft.slug}
    assert step_kind("event").exists([draft.slug, "missing"]) == [draft.slug]


def test_any_number_of_events_costs_the_same_queries(db):
    events = [published() for _n in range(4)]
    editor = UserFactory(roles=[Role.EDITOR])

    _resolve([events[0].slug], editor)  # the viewer's roles are read once and kept
    with CaptureQueriesContext(connection) as one:
        _resolve([events[0].slug], editor)
    with CaptureQueriesContext(connection) as four:
        found = _resolve([e.slug for e in events], editor)

    assert len(found) == 4
    assert len(four.captured_queries) == len(one.captured_queries) <= 2


def test_participants_are_people_with_an_account_who_still_take_part(db):
    event = published()
    confirmed, waiting, cancelled = UserFactory(), UserFactory(), UserFactory()
    registration(event, user=confirmed)
    registration(event, user=waiting, status=Registration.Status.WAITING)
    registration(event, user=cancelled, status=Registration.Status.CANCELLED)
    registration(event)  # a guest without an account
    registration(published(), user=UserFactory())  # another event

    people = set(step_kind("event").participants([event.slug]))

    assert people == {confirmed.pk, waiting.pk}


def test_candidates_are_public_events_by_title(db):
    shown = published(title="Borgermøde om trafik")
    published(title="Borgermøde i kladde", status=Event.Status.DRAFT)

    assert step_kind("event").candidates("borgermøde") == [(shown.slug, shown.title)]
