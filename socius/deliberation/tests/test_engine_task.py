"""Votes → background task → a versioned, cached engine result (incremental when possible)."""

from __future__ import annotations

import time

from django.core.cache import cache

from socius.deliberation import services
from socius.deliberation.demo import crowd_vote
from socius.deliberation.engine_bridge import cached_result, conversation_compute, state_cache_key
from socius.deliberation.models import ResultRun


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
