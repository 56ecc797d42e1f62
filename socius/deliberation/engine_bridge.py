"""Between the database and the engine: load votes, run or update, store a versioned result.

The engine works on participant *numbers* and statement ids. Declared groupings come from core
(a politician's verified party, each person's public role) and exist only in memory while the
engine runs; the stored result keeps counts per group, never a label per participant.

Incremental runs: the last run's engine state is kept in the cache (it holds numpy arrays, not
JSON); when it is there and nothing but new or changed votes arrived, ``engine.update`` folds in
the votes with a revision above the run's high-water mark. Otherwise a full run, which replays
every vote in the order it was first cast: Polis's ``in-conv`` depends on that history (once
admitted, never dropped), so both paths must see the votes in the same order to agree.
"""

from __future__ import annotations

import logging
import time
from itertools import chain

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max

from socius.core.models import PoliticianProfile, RoleAssignment
from socius.core.roles import Role
from socius.deliberation.engine import EngineConfig, Result, replay, update
from socius.deliberation.engine.matrix import VoteLog
from socius.deliberation.models import Conversation, Participant, ResultRun, Statement
from socius.deliberation.models import Vote as VoteRow
from socius.deliberation.serialise import result_to_data

logger = logging.getLogger(__name__)

# Which public role stands for a person who declared several (the rarest voice first).
ROLE_ORDER = (Role.POLITICIAN, Role.RESEARCHER, Role.PRACTITIONER, Role.VOLUNTEER, Role.CITIZEN)
STATE_CACHE_SECONDS = 7 * 24 * 3600
STATE_CACHE_MAX_BYTES = 50 * 1024 * 1024
BOOTSTRAP_MAX_VOTES = 20_000


def state_cache_key(conversation_id: int, version: int) -> str:
    return f"deliberation:engine:{conversation_id}:{version}"


def declared_groups(conversation: Conversation) -> tuple[dict[int, str], dict[int, str]]:
    """Participant number -> verified party name, and -> primary public role."""
    numbers = dict(
        Participant.objects.filter(conversation=conversation).values_list("user_id", "number")
    )
    party = {
        numbers[user_id]: name
        for user_id, name in PoliticianProfile.objects.filter(
            user_id__in=numbers, verified_at__isnull=False
        ).values_list("user_id", "party__name")
    }
    held: dict[int, set[str]] = {}
    for user_id, held_role in RoleAssignment.objects.filter(
        user_id__in=numbers, role__in=ROLE_ORDER
    ).values_list("user_id", "role"):
        held.setdefault(user_id, set()).add(held_role)
    role: dict[int, str] = {
        numbers[user_id]: str(next(r for r in ROLE_ORDER if r in roles))
        for user_id, roles in held.items()
    }
    return party, role


def _config(conversation: Conversation, vote_count: int) -> EngineConfig:
    mod_out = frozenset(
        Statement.objects.filter(
            conversation=conversation, status=Statement.Status.REJECTED
        ).values_list("pk", flat=True)
    )
    bootstrap = 20 if vote_count <= BOOTSTRAP_MAX_VOTES else 0
    return EngineConfig(seed=0, mod_out=mod_out, mf_bootstrap=bootstrap)


def _votes(conversation: Conversation, after_revision: int = 0) -> VoteLog:
    """Votes changed since ``after_revision``, in the order they were first cast.

    ``created_at``, not ``revision``: changing a vote gives it a new revision, but the
    participant had that statement answered since the first vote, and ``in-conv`` counts that.
    Read in chunks straight into arrays (``VoteLog``): a list of ``Vote`` objects for a
    national conversation's five million votes would take gigabytes and seconds to build."""
    rows = (
        VoteRow.objects.filter(statement__conversation=conversation, revision__gt=after_revision)
        .order_by("created_at", "pk")
        .values_list("participant__number", "statement_id", "value")
    )
    flat = np.fromiter(chain.from_iterable(rows.iterator(chunk_size=VOTE_CHUNK)), np.int64)
    table = flat.reshape(-1, 3)
    return VoteLog(
        np.ascontiguousarray(table[:, 0]),
        np.ascontiguousarray(table[:, 1]),
        np.sign(table[:, 2]).astype(np.int8),
    )


VOTE_CHUNK = 10_000


def cached_result(run_row: ResultRun) -> Result | None:
    return cache.get(state_cache_key(run_row.conversation_id, run_row.version))


def _compute(
    conversation: Conversation, last: ResultRun | None, revision: int
) -> tuple[Result, bool, int]:
    vote_count = VoteRow.objects.filter(statement__conversation=conversation).count()
    config = _config(conversation, vote_count)
    party, role = declared_groups(conversation)
    previous = cached_result(last) if last is not None else None
    if (
        previous is not None
        and last is not None
        and previous.state.config == config
        and vote_count >= last.vote_count
    ):
        result = update(previous.state, _votes(conversation, last.vote_revision), party, role)
        return result, True, vote_count
    return replay(_votes(conversation), config, party, role), False, vote_count


def conversation_compute(conversation_id: int) -> ResultRun | None:
    """Run the engine if votes arrived since the last run; store and cache the new version."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return None
    revision = conversation.vote_revision
    last = conversation.result_runs.order_by("-version").first()
    moderated_since = (
        last is not None
        and Statement.objects.filter(
            conversation=conversation, moderated_at__gt=last.created_at
        ).exists()
    )
    if last is not None and last.vote_revision >= revision and not moderated_since:
        return last
    if revision == 0:
        return None
    started = time.perf_counter()
    result, incremental, vote_count = _compute(conversation, last, revision)
    data = result_to_data(result)
    duration_ms = int((time.perf_counter() - started) * 1000)
    with transaction.atomic():
        Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
        latest = conversation.result_runs.aggregate(v=Max("version"))["v"] or 0
        newest = conversation.result_runs.filter(version=latest).first()
        if newest is not None and newest.vote_revision > revision:
            return newest  # a later run already covers more votes
        row = ResultRun.objects.create(
            conversation=conversation,
            version=latest + 1,
            vote_revision=revision,
            vote_count=vote_count,
            participant_count=len(result.state.matrix.participants),
            incremental=incremental,
            duration_ms=duration_ms,
            data=data,
        )
    if result.state.nbytes <= STATE_CACHE_MAX_BYTES:  # the sparse votes, not a dense copy
        cache.set(state_cache_key(conversation.pk, row.version), result, STATE_CACHE_SECONDS)
    logger.info(
        "deliberation run %s v%s: %s votes in %s ms (incremental=%s)",
        conversation.pk, row.version, vote_count, duration_ms, incremental,
    )  # fmt: skip
    return row


def forget_state(conversation_id: int) -> None:
    """Drop cached engine states, so the next run starts from the votes in the database."""
    for version in ResultRun.objects.filter(conversation_id=conversation_id).values_list(
        "version", flat=True
    ):
        cache.delete(state_cache_key(conversation_id, version))


__all__ = ["conversation_compute", "declared_groups", "forget_state", "cached_result"]
