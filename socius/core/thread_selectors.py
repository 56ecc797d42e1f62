"""Reads of the golden thread, each in a fixed number of queries whatever the thread's length:
one ``resolve`` call per kind of step (and one per annex and kind), never one per step."""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from socius.core.models import Thread, ThreadEvent, ThreadFollow, ThreadLink, ThreadStep
from socius.core.threads import StepAnnex, StepInfo, StepKind, step_annexes, step_kind

EVENTS_SHOWN = 20
PARTICIPANT_BATCH = 900  # under SQLite's oldest limit of 999 parameters per query


@dataclass
class StepRefView:
    """The other end of a link, as the page shows it."""

    step_id: int
    label: str
    title: str  # empty for a step not yet public
    note: str = ""
    link_id: int = 0


@dataclass
class StepView:
    step: ThreadStep
    kind: StepKind | None
    info: StepInfo | None  # None: a step the viewer may not see (or whose kind is gone)
    annexes: list[tuple[StepAnnex, Any]] = field(default_factory=list)
    links_in: list[StepRefView] = field(default_factory=list)
    links_out: list[StepRefView] = field(default_factory=list)
    previous: StepView | None = None
    next: StepView | None = None
    number: int = 0

    @property
    def label(self) -> str:
        return str(self.kind.label) if self.kind else ""

    @property
    def anchor(self) -> str:
        return f"trin-{self.step.pk}"


@dataclass
class ThreadView:
    thread: Thread
    steps: list[StepView]
    events: list[ThreadEvent]
    followers: int


def thread_for(kind: str, key: Any) -> Thread | None:
    """The thread the object ``kind``/``key`` is on, or None."""
    return Thread.objects.filter(steps__kind=str(kind), steps__key=str(key)[:64]).first()


def thread_get(public_id: uuid.UUID | str) -> Thread | None:
    """A thread by its public id (threads themselves are public; their steps may not be)."""
    try:
        value = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Thread.objects.filter(public_id=value).first()


def thread_list_public() -> QuerySet[Thread]:
    """Threads with at least one link, the one that moved last first."""
    return (
        Thread.objects.annotate(step_count=Count("steps", distinct=True))
        .filter(step_count__gt=0)
        .order_by("-moved_at", "-created_at", "-id")
    )


def _order_key(view: StepView) -> tuple[int, int, datetime.date, Any, int]:
    date = view.info.date if view.info and view.info.date else datetime.date.max
    order = view.kind.order if view.kind else 10_000
    return (order, 0 if view.info else 1, date, view.step.added_at, view.step.pk)


def _resolved(steps: list[ThreadStep], viewer: Any, *, annexes: bool = True) -> dict[int, StepView]:
    """Each step as ``viewer`` may see it, one ``resolve`` per kind (and, with ``annexes``,
    what the kinds' annexes add to the public ones)."""
    by_kind: dict[str, list[ThreadStep]] = {}
    for step in steps:
        by_kind.setdefault(step.kind, []).append(step)
    views: dict[int, StepView] = {}
    for kind_key, group in by_kind.items():
        kind = step_kind(kind_key)
        infos = kind.resolve([s.key for s in group], viewer) if kind else {}
        for step in group:
            views[step.pk] = StepView(step=step, kind=kind, info=infos.get(step.key))
        if kind is None or not annexes:
            continue
        public = [s.key for s in group if s.key in infos]
        for annex in step_annexes(kind_key) if public else ():
            data = annex.resolve(kind_key, public)
            for step in group:
                if step.key in data:
                    views[step.pk].annexes.append((annex, data[step.key]))
    return views


def thread_view(thread: Thread, viewer: Any) -> ThreadView:
    """The whole thread as ``viewer`` may see it: steps in thread order (kind order, then
    date) with what each module tells of them, the links both ways, what changed lately and
    how many people chose to follow it. Steps the viewer may not see keep their place
    without title or link."""
    steps = list(ThreadStep.objects.filter(thread=thread))
    views = _resolved(steps, viewer)
    ordered = sorted(views.values(), key=_order_key)
    for number, view in enumerate(ordered, start=1):
        view.number = number
    for before, after in zip(ordered, ordered[1:], strict=False):
        before.next, after.previous = after, before
    for link in ThreadLink.objects.filter(thread=thread):
        source, target = views.get(link.source_id), views.get(link.target_id)
        if source is None or target is None:
            continue
        source.links_out.append(_ref(target, link))
        target.links_in.append(_ref(source, link))
    events = list(
        ThreadEvent.objects.filter(thread=thread).order_by("-created_at", "-id")[:EVENTS_SHOWN]
    )
    followers = ThreadFollow.objects.filter(thread=thread, following=True).count()
    return ThreadView(thread=thread, steps=ordered, events=events, followers=followers)


def _ref(view: StepView, link: ThreadLink) -> StepRefView:
    return StepRefView(
        step_id=view.step.pk,
        label=view.label,
        title=view.info.title if view.info else "",
        note=link.note,
        link_id=link.pk,
    )


def thread_participant_ids(thread: Thread) -> set[int]:
    """Everyone the module says took part in a step, plus those who asked to follow, minus
    those who asked not to (active accounts only are filtered by ``thread_people``)."""
    by_kind: dict[str, list[str]] = {}
    for kind_key, key in ThreadStep.objects.filter(thread=thread).values_list("kind", "key"):
        by_kind.setdefault(kind_key, []).append(key)
    ids: set[int] = set()
    for kind_key, keys in by_kind.items():
        kind = step_kind(kind_key)
        if kind is not None and kind.participants is not None:
            ids.update(int(i) for i in kind.participants(keys))
    choices = dict(ThreadFollow.objects.filter(thread=thread).values_list("user_id", "following"))
    ids.update(user for user, following in choices.items() if following)
    return ids - {user for user, following in choices.items() if not following}


def thread_people(ids: set[int], batch: int = PARTICIPANT_BATCH) -> Iterator[list[Any]]:
    """The active, not anonymised accounts among ``ids``, in batches (by id)."""
    ordered = sorted(ids)
    users = get_user_model().objects.only("pk", "email", "language", "public_id", "is_active")
    for start in range(0, len(ordered), batch):
        chunk = ordered[start : start + batch]
        found = list(
            users.filter(pk__in=chunk, is_active=True, anonymised_at__isnull=True).order_by("pk")
        )
        if found:
            yield found


def thread_follow_state(thread: Thread, viewer: Any) -> str:
    """How the viewer stands to the thread: "following" (they asked), "participant" (they
    took part in a step, so they hear of it), "unfollowed" (they asked not to), or ""."""
    if not getattr(viewer, "is_authenticated", False):
        return ""
    choice = (
        ThreadFollow.objects.filter(thread=thread, user=viewer)
        .values_list("following", flat=True)
        .first()
    )
    if choice is True:
        return "following"
    if choice is False:
        return "unfollowed"
    return "participant" if _took_part(thread, viewer.pk) else ""


# Who took part in a thread's steps, kept briefly in this process's memory (never in a shared
# cache: it names people), so a participant's view of a thread with 10,000 participants does
# not read them all on every request. A thread that moves is read afresh (``moved_at`` is in
# the key); someone who takes part in a step just now is seen within ``_TOOK_PART_SECONDS``.
_TOOK_PART_SECONDS = 60.0
_TOOK_PART_KEPT = 64
_took_part_memory: dict[tuple[int, Any], tuple[float, frozenset[int]]] = {}


def _took_part(thread: Thread, user_id: int) -> bool:
    key = (thread.pk, thread.moved_at)
    now = time.monotonic()
    kept = _took_part_memory.get(key)
    if kept is None or kept[0] < now:
        ids: set[int] = set()
        by_kind: dict[str, list[str]] = {}
        for kind_key, step_key in ThreadStep.objects.filter(thread=thread).values_list(
            "kind", "key"
        ):
            by_kind.setdefault(kind_key, []).append(step_key)
        for kind_key, keys in by_kind.items():
            kind = step_kind(kind_key)
            if kind is not None and kind.participants is not None:
                ids.update(int(i) for i in kind.participants(keys))
        if len(_took_part_memory) >= _TOOK_PART_KEPT:
            _took_part_memory.clear()
        kept = _took_part_memory[key] = (now + _TOOK_PART_SECONDS, frozenset(ids))
    return user_id in kept[1]


def thread_box_data(kind: str, key: Any) -> dict[str, Any] | None:
    """Where one object stands on its thread: its step with the thread, and the steps leading
    into and out of it, each as (step, its kind's name, its title). Two queries, and one per
    kind of those neighbouring steps for their titles.

    Titles are what a visitor may see (``resolve`` with no viewer): pages with the box are kept
    for visitors and for members with the same roles (core.cache), so the box must read the
    same for all of them. A step that is not public (a draft) shows its kind's name alone."""
    step = (
        ThreadStep.objects.select_related("thread")
        .filter(kind=str(kind), key=str(key)[:64])
        .first()
    )
    if step is None:
        return None
    previous, following = [], []
    links = ThreadLink.objects.filter(Q(source=step) | Q(target=step))
    for link in links.select_related("source", "target"):
        if link.target_id == step.pk:
            previous.append(link.source)
        elif link.source_id == step.pk:
            following.append(link.target)
    views = _resolved([*previous, *following], None, annexes=False)

    def named(s: ThreadStep) -> tuple[ThreadStep, str, str]:
        view = views[s.pk]
        return (s, view.label or s.kind, view.info.title if view.info else "")

    return {
        "thread": step.thread,
        "step": step,
        "previous": [named(s) for s in previous],
        "next": [named(s) for s in following],
    }
