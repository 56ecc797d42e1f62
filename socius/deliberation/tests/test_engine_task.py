"""Votes → background task → a versioned, cached engine result (incremental when possible)."""

from __future__ import annotations

import time

from django.core.cache import cache

from socius.deliberation import services
from socius.deliberation.demo import crowd_vote
from socius.deliberation.engine_bridge import cached_result, conversation_compute, state_cache_key
from socius.deliberation.models import Participant, ResultRun


def test_it_runs_once_after_a_batch_and_stores_a_version(
    conversation, crowd, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        started = time.perf_counter()
        n = crowd_vote(conversation, crowd)
    elapsed = time.perf_counter() - started
    # One recompute per transaction, however many votes it holds.
    assert len(callbacks) == 1
    run = ResultRun.objects.get(conversation=conversation)
    assert run.version == 1
    assert run.vote_count == n
    conversation.refresh_from_db()
    assert run.vote_revision == conversation.vote_revision
    assert run.participant_count == len(crowd) + 0
    assert cached_result(run) is not None
    print(f"{n} votes + one run: {elapsed:.2f} s")


def test_a_new_vote_runs_incrementally_and_a_lost_cache_runs_in_full(
    conversation, crowd, moderator
):
    crowd_vote(conversation, crowd)
    first = conversation_compute(conversation.pk)
    statement = conversation.statements.first()
    services.vote_cast(actor=moderator, statement=statement, value=1)
    second = conversation_compute(conversation.pk)
    assert (second.version, second.incremental) == (2, True)
    assert second.vote_count == first.vote_count + 1
    # Nothing new: no new version.
    assert conversation_compute(conversation.pk).version == 2
    cache.delete(state_cache_key(conversation.pk, 2))
    services.vote_cast(actor=moderator, statement=statement, value=-1)  # changed: last counts
    third = conversation_compute(conversation.pk)
    assert (third.version, third.incremental) == (3, False)
    assert third.vote_count == second.vote_count
    row = third.data["statements"][str(statement.pk)]
    before = second.data["statements"][str(statement.pk)]
    assert (row["agree"], row["disagree"]) == (before["agree"] - 1, before["disagree"] + 1)


def test_votes_in_later_transactions_queue_no_second_run_while_one_waits(
    conversation, crowd, moderator, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    # given: a real task queue, and a run already waiting in it
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    statement = conversation.statements.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.vote_cast(actor=moderator, statement=statement, value=1)
    # when: more votes arrive in separate transactions before the worker starts it
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        crowd_vote(conversation, crowd)
    # then: still one queued run, and it covers every vote once it runs
    assert callbacks == []
    assert DBTaskResult.objects.count() == 1
    conversation.refresh_from_db()
    assert conversation.recompute_queued


def test_a_rolled_back_vote_queues_nothing_and_the_next_vote_queues_a_run(
    conversation, moderator, django_capture_on_commit_callbacks
):
    from django.db import transaction

    statement = conversation.statements.first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.vote_cast(actor=moderator, statement=statement, value=1)
                raise RuntimeError("the request failed after the vote")
        except RuntimeError:
            pass
    assert callbacks == []
    conversation.refresh_from_db()
    assert not conversation.recompute_queued
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.vote_cast(actor=moderator, statement=statement, value=1)
    assert len(callbacks) == 1
    assert ResultRun.objects.filter(conversation=conversation).count() == 1
    conversation.refresh_from_db()
    assert not conversation.recompute_queued  # the run started and cleared it


def test_an_early_voter_stays_in_conversation_in_full_and_incremental_runs(
    conversation, crowd, moderator
):
    """Polis admits the first voters while fewer than 15 are in and never drops them.

    The full run must replay votes in the order they were first cast: a changed vote gets a new
    revision but keeps its place in the history."""
    # given one early vote, while the moderator is the only participant
    statement = conversation.statements.filter(shown=True).first()
    services.vote_cast(actor=moderator, statement=statement, value=1)
    first = conversation_compute(conversation.pk)
    number = Participant.objects.get(conversation=conversation, user=moderator).number
    assert number in cached_result(first).in_conv
    # when the crowd votes on everything (the moderator's single vote is far below 7)
    assert len(crowd) >= 15
    crowd_vote(conversation, crowd)
    second = conversation_compute(conversation.pk)
    # then the incremental run keeps the moderator in
    assert second.incremental
    admitted = cached_result(second).in_conv
    assert number in admitted
    # and so does a full run after a changed vote, from the votes in the database alone
    cache.delete(state_cache_key(conversation.pk, second.version))
    services.vote_cast(actor=moderator, statement=statement, value=-1)
    third = conversation_compute(conversation.pk)
    assert not third.incremental
    assert cached_result(third).in_conv == admitted
