"""The golden thread's registry: the kinds of step each module contributes.

Core cannot import the modules, so each module registers the kinds of object it puts on a
thread (``step_kind_register``) from its ``AppConfig.ready``, in ``<module>/thread.py``:

    step_kind_register(StepKind(
        key="proposal", label=_("Citizen proposal"), order=ORDER_PROPOSAL,
        resolve=proposals_for_thread,        # keys -> {key: StepInfo}, a fixed number of queries
        participants=proposal_participants,  # keys -> user ids who took part (or None)
    ))

``order`` places a kind on the thread (evidence first, measured results last); steps of one
kind are ordered by date. ``resolve`` must read all the keys it is given in a fixed number of
queries and leave out keys whose object no longer exists or is not public (for a visitor),
so a thread page costs the same whatever its length. The engine (links, cycles, merging,
followers, notifications) is in ``socius.core.thread_services`` and
``socius.core.thread_selectors``; docs/programme.md describes the thread.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

Label = str | Promise

# The places on a thread, from the evidence to the measured result (docs/programme.md).
ORDER_EVIDENCE = 10  # publications, atlas figures
ORDER_CONVERSATION = 20  # a conversation and its bridging statements, a debate
ORDER_RECOMMENDATION = 30  # a policy recommendation (with its cross-party support)
ORDER_PROPOSAL = 50  # a citizen proposal
ORDER_COUNCIL = 60  # an item for the city council or a committee, and its decision
ORDER_ACTION = 70  # a programme action
ORDER_RESULT = 80  # a measure against its target


@dataclass(frozen=True)
class StepInfo:
    """What a thread shows of one step."""

    title: str
    url: str  # the object's own page
    status: str = ""  # plain words: "Vedtaget", "I gang", "Åben for underskrifter"
    date: datetime.date | None = None  # when the step happened (orders steps of one kind)
    summary: str = ""  # one or two plain sentences
    # A template under the module's templates that shows more on the thread page (the
    # cross-party support of a recommendation, a measure's chart and table), with ``extra``.
    template: str = ""
    extra: Any = None


@dataclass(frozen=True)
class StepKind:
    key: str
    label: Label
    order: int
    # keys -> {key: StepInfo} for the keys that exist; ``viewer`` is the person looking (None
    # for a visitor, or for notifications): leave out what they may not see.
    resolve: Callable[[Sequence[str], Any], Mapping[str, StepInfo]]
    # keys -> ids of the people who took part (voted, signed, registered, endorsed).
    participants: Callable[[Sequence[str]], Iterable[int]] | None = None
    # text -> up to 20 (key, title) pairs, for editors linking a step by hand.
    candidates: Callable[[str], Sequence[tuple[str, str]]] | None = None
    plural: Label = field(default="", compare=False)
    # keys -> the keys whose object exists, public or not (a draft proposal a module links
    # from its own service). Without it the engine asks ``resolve`` as the person linking.
    exists: Callable[[Sequence[str]], Iterable[str]] | None = None


_KINDS: dict[str, StepKind] = {}


def step_kind_register(kind: StepKind) -> None:
    """Add (or replace, for tests and reloads) one kind of step."""
    _KINDS[kind.key] = kind


def step_kind(key: str) -> StepKind | None:
    return _KINDS.get(key)


def step_kind_unregister(key: str) -> None:
    """Remove a kind (tests that register kinds of their own)."""
    _KINDS.pop(key, None)


def step_keys_existing(kind: StepKind, keys: Sequence[str], actor: Any) -> set[str]:
    """The keys among ``keys`` whose object exists: ``kind.exists`` when the module gives it,
    else what ``resolve`` shows to ``actor``."""
    if kind.exists is not None:
        return {str(k) for k in kind.exists(keys)}
    return {str(k) for k in kind.resolve(keys, actor)}


def step_kinds() -> list[StepKind]:
    """Every registered kind, in thread order."""
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.key))


@dataclass(frozen=True)
class StepAnnex:
    """More about steps of some kinds, shown as a box of its own right after the step on the
    thread page: the cross-party support of a recommendation or a proposal (the council
    module), so that the thread shows "recommendation → endorsements → proposal" without core
    knowing about endorsements."""

    key: str
    kinds: frozenset[str]
    label: Label
    template: str  # rendered with ``annex`` (the data below), ``kind`` and ``key``
    # (kind, keys) -> {key: data}, a fixed number of queries; keys without data are left out.
    resolve: Callable[[str, Sequence[str]], Mapping[str, Any]]


_ANNEXES: dict[str, StepAnnex] = {}


def step_annex_register(annex: StepAnnex) -> None:
    _ANNEXES[annex.key] = annex


def step_annexes(kind: str) -> list[StepAnnex]:
    """The annexes shown after a step of ``kind``."""
    return [a for a in sorted(_ANNEXES.values(), key=lambda a: a.key) if kind in a.kinds]
