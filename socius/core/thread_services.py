"""Every write to the golden thread: links, merges, events and followers (docs/programme.md).

Who may call what. ``thread_link`` and ``thread_moved`` are called by the modules' own
services (a proposal started from a recommendation, a council decision recorded): those
services have already checked their actor, so these two trust their caller and check only
the data (the kinds, that the objects exist, no cycle). A person links by hand only through
the editor page (``core:thread-edit``), whose view and ``thread_link_by_editor`` require
``Capability.THREADS_EDIT``; ``thread_unlink`` is an editor's action only and checks it
itself. ``thread_follow`` is a person's choice about their own following.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socius.core.access import require
from socius.core.audit import CORE, audit_action, audit_record
from socius.core.models import Thread, ThreadEvent, ThreadFollow, ThreadLink, ThreadStep
from socius.core.personal_data import personal_data_register
from socius.core.roles import Capability
from socius.core.threads import StepKind, step_keys_existing, step_kind

if TYPE_CHECKING:
    from socius.accounts.models import User

AUDIT_THREAD_LINKED = audit_action("threads.link", _("Thread steps linked"), module=CORE)
AUDIT_THREAD_UNLINKED = audit_action("threads.unlink", _("Thread link removed"), module=CORE)
AUDIT_THREAD_MERGED = audit_action("threads.merge", _("Threads merged"), module=CORE)
AUDIT_THREAD_SPLIT = audit_action("threads.split", _("Thread split"), module=CORE)
AUDIT_THREAD_MOVED = audit_action("threads.moved", _("Thread moved on"), module=CORE)
AUDIT_THREAD_FOLLOWED = audit_action("threads.follow", _("Thread followed"), module=CORE)
AUDIT_THREAD_UNFOLLOWED = audit_action("threads.unfollow", _("Thread no longer followed"), module=CORE)  # fmt: skip

KEY_MAX = 64
NOTE_MAX = 300
TEXT_MAX = 500

StepRef = tuple[str, str]


def _kind_checked(kind: str) -> StepKind:
    found = step_kind(str(kind))
    if found is None:
        raise ValidationError(
            _("“%(kind)s” is not a kind of step a thread can hold."),
            code="unknown_kind",
            params={"kind": str(kind)[:40]},
        )
    return found


def _key_checked(kind: StepKind, key: Any, actor: Any) -> str:
    text = str(key).strip()
    if not text or len(text) > KEY_MAX or not step_keys_existing(kind, [text], actor):
        raise ValidationError(
            _("There is no %(kind)s with this reference."),
            code="no_object",
            params={"kind": str(kind.label).lower()},
        )
    return text


def _reaches(links: Iterable[tuple[int, int]], start: int, goal: int) -> bool:
    """Whether following links forward from ``start`` arrives at ``goal``."""
    forward: dict[int, list[int]] = {}
    for source, target in links:
        forward.setdefault(source, []).append(target)
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt in forward.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def _title_for(refs: list[tuple[StepKind, str]]) -> str:
    """The public title of the earliest step by kind order, else the kind's name: a thread's
    title is public (the list of threads), so a draft's title never becomes one."""
    refs = sorted(refs, key=lambda r: (r[0].order, r[0].key))
    for kind, key in refs:
        info = kind.resolve([key], None).get(key)
        if info is not None and info.title:
            return info.title[:300]
    with translation.override(settings.LANGUAGE_CODE):
        return str(refs[0][0].label)[:300]


def _merge(keep: Thread, gone: Thread, actor: Any) -> None:
    """Move everything of ``gone`` onto ``keep`` and delete ``gone``. A person with a choice on
    both keeps the choice they made on ``keep``."""
    ThreadStep.objects.filter(thread=gone).update(thread=keep)
    ThreadLink.objects.filter(thread=gone).update(thread=keep)
    ThreadEvent.objects.filter(thread=gone).update(thread=keep)
    chosen = ThreadFollow.objects.filter(thread=keep).values_list("user_id", flat=True)
    ThreadFollow.objects.filter(thread=gone, user_id__in=chosen).delete()
    ThreadFollow.objects.filter(thread=gone).update(thread=keep)
    audit_record(
        actor=actor,
        action=AUDIT_THREAD_MERGED,
        target=keep,
        data={"into": str(keep.public_id), "merged": str(gone.public_id), "title": gone.title},
    )
    gone.delete()


def _event(thread: Thread, step: ThreadStep | None, text: str, actor: Any) -> ThreadEvent:
    """Record that the thread moved and tell its people once the change has committed."""
    from socius.core.tasks_threads import thread_event_notify_on_commit

    event = ThreadEvent.objects.create(
        thread=thread, step=step, text=text[:TEXT_MAX], created_by=_person(actor)
    )
    thread.moved_at = event.created_at
    thread.save(update_fields=["moved_at"])
    thread_event_notify_on_commit(event.pk)
    return event


def _person(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def thread_link(*, source: StepRef, target: StepRef, actor: Any, note: str = "") -> Thread:
    """``target`` came from ``source``: put both on one thread, joined by a link.

    Creates the steps that are new, merges two threads into the one with more steps, refuses
    an unknown kind, an object that does not exist, a link from a step to itself and a link
    that would close a cycle (translated ValidationError). A link that is already there
    changes nothing and returns its thread. Audited; records a ThreadEvent and queues the
    notifications. Trusts its caller (see the module docstring)."""
    source_kind, target_kind = _kind_checked(source[0]), _kind_checked(target[0])
    source_key = _key_checked(source_kind, source[1], actor)
    target_key = _key_checked(target_kind, target[1], actor)
    if (source_kind.key, source_key) == (target_kind.key, target_key):
        raise ValidationError(_("A step cannot lead to itself."), code="self_link")
    note = " ".join(str(note).split())
    if len(note) > NOTE_MAX:
        raise ValidationError(
            _("The note can be at most %(n)s characters."), code="note_long", params={"n": NOTE_MAX}
        )
    steps = {
        (s.kind, s.key): s
        for s in ThreadStep.objects.select_for_update()
        .select_related("thread")
        .filter(kind__in=[source_kind.key, target_kind.key], key__in=[source_key, target_key])
    }
    from_step = steps.get((source_kind.key, source_key))
    to_step = steps.get((target_kind.key, target_key))
    if from_step and to_step and from_step.thread_id == to_step.thread_id:
        existing = ThreadLink.objects.filter(source=from_step, target=to_step).first()
        if existing is not None:
            return from_step.thread
        links = ThreadLink.objects.filter(thread_id=from_step.thread_id).values_list(
            "source_id", "target_id"
        )
        if _reaches(links, to_step.pk, from_step.pk):
            raise ValidationError(
                _(
                    "This link would make the thread go round in a circle: the second step "
                    "already leads back to the first. A thread only goes forward."
                ),
                code="cycle",
            )
    thread = _thread_for_link(from_step, to_step, [(source_kind, source_key), (target_kind, target_key)], actor)  # fmt: skip
    made = []
    if from_step is None:
        from_step = ThreadStep.objects.create(thread=thread, kind=source_kind.key, key=source_key, added_by=_person(actor))  # fmt: skip
        made.append(from_step)
    if to_step is None:
        to_step = ThreadStep.objects.create(thread=thread, kind=target_kind.key, key=target_key, added_by=_person(actor))  # fmt: skip
        made.append(to_step)
    link = ThreadLink.objects.create(
        thread=thread, source=from_step, target=to_step, note=note, created_by=_person(actor)
    )
    audit_record(
        actor=_person(actor),
        action=AUDIT_THREAD_LINKED,
        target=link,
        data={
            "thread": str(thread.public_id),
            "source": [source_kind.key, source_key],
            "target": [target_kind.key, target_key],
            "note": note,
        },
    )
    with translation.override(settings.LANGUAGE_CODE):
        label = str(target_kind.label)
        text = gettext("A new step was added to the thread: %(kind)s.") % {"kind": label}
    _event(thread, to_step, text, actor)
    return thread


def _thread_for_link(
    from_step: ThreadStep | None,
    to_step: ThreadStep | None,
    refs: list[tuple[StepKind, str]],
    actor: Any,
) -> Thread:
    """The thread the new link goes on: the one thread already there, the larger of two
    (merging the smaller into it), or a new one titled after its earliest public step."""
    threads = {s.thread_id: s.thread for s in (from_step, to_step) if s is not None}
    if not threads:
        return Thread.objects.create(title=_title_for(refs), moved_at=timezone.now())
    if len(threads) == 1:
        return next(iter(threads.values()))
    sizes = dict(
        Thread.objects.filter(pk__in=threads).annotate(n=Count("steps")).values_list("pk", "n")
    )
    keep, gone = sorted(threads.values(), key=lambda t: (-sizes.get(t.pk, 0), t.pk))
    _merge(keep, gone, actor)
    for step in (from_step, to_step):
        if step is not None:
            step.thread = keep
    return keep


def thread_link_by_editor(
    *, actor: User, source: StepRef, target: StepRef, note: str = ""
) -> Thread:
    """An editor links two objects by hand (``core:thread-edit``): THREADS_EDIT first."""
    require(actor, Capability.THREADS_EDIT)
    return thread_link(source=source, target=target, actor=actor, note=note)


@transaction.atomic
def thread_unlink(*, actor: User, link: ThreadLink) -> Thread | None:
    """Remove one link (editors). Steps left with no link leave the thread; when the removal
    cuts the thread in two, the part with fewer steps becomes a thread of its own (its
    followers' choices and its events stay with the original). Returns the original thread,
    or None when no step is left on it."""
    require(actor, Capability.THREADS_EDIT)
    thread = Thread.objects.select_for_update().get(pk=link.thread_id)
    data = {"thread": str(thread.public_id), "source": link.source_id, "target": link.target_id,
            "source_step": str(link.source), "target_step": str(link.target)}  # fmt: skip
    audit_record(actor=actor, action=AUDIT_THREAD_UNLINKED, target=thread, data=data)
    link.delete()
    groups = _components(thread)
    if not groups:
        ThreadStep.objects.filter(thread=thread).delete()
        thread.delete()
        return None
    ids = set().union(*groups)
    ThreadStep.objects.filter(thread=thread).exclude(pk__in=ids).delete()
    for group in groups[1:]:
        part = Thread.objects.create(title=thread.title, moved_at=thread.moved_at)
        ThreadStep.objects.filter(pk__in=group).update(thread=part)
        ThreadLink.objects.filter(source_id__in=group).update(thread=part)
        audit_record(
            actor=actor,
            action=AUDIT_THREAD_SPLIT,
            target=part,
            data={"from": str(thread.public_id), "new": str(part.public_id), "steps": len(group)},
        )
    return thread


def _components(thread: Thread) -> list[set[int]]:
    """The linked parts of a thread (steps joined by links either way), largest first;
    steps on no link belong to none."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for source, target in ThreadLink.objects.filter(thread=thread).values_list(
        "source_id", "target_id"
    ):
        parent[find(source)] = find(target)
    groups: dict[int, set[int]] = {}
    for node in list(parent):
        groups.setdefault(find(node), set()).add(node)
    return sorted(groups.values(), key=lambda g: (-len(g), min(g)))


@transaction.atomic
def thread_moved(*, kind: str, key: Any, text: str, actor: Any) -> ThreadEvent | None:
    """A step changed (a decision, a status): record it and tell the thread's people once the
    change has committed. None when the object is on no thread. ``text`` says what happened
    in plain words (stored as given, shown escaped). Trusts its caller."""
    step = (
        ThreadStep.objects.select_related("thread")
        .filter(kind=str(kind), key=str(key)[:KEY_MAX])
        .first()
    )
    if step is None:
        return None
    text = " ".join(str(text).split())
    if not text:
        raise ValidationError(_("Say what happened."), code="text_empty")
    event = _event(step.thread, step, text, actor)
    audit_record(
        actor=_person(actor),
        action=AUDIT_THREAD_MOVED,
        target=step.thread,
        data={"step": [step.kind, step.key], "text": event.text},
    )
    return event


@transaction.atomic
def thread_follow(*, thread: Thread, user: User, follow: bool) -> ThreadFollow:
    """``user`` follows ``thread`` (True) or asks to hear no more of it (False), also when they
    took part in one of its steps. Audited."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise ValidationError(_("Log in to follow a thread."), code="login")
    choice, _created = ThreadFollow.objects.update_or_create(
        thread=thread, user=user, defaults={"following": bool(follow)}
    )
    audit_record(
        actor=user,
        action=AUDIT_THREAD_FOLLOWED if follow else AUDIT_THREAD_UNFOLLOWED,
        target=thread,
        data={"thread": str(thread.public_id)},
    )
    return choice


# --- Personal data: a person's choices about threads -------------------------------------------
def _follows_export(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "thread": str(f.thread.public_id),
            "title": f.thread.title,
            "following": f.following,
            "since": f.created_at.isoformat(),
        }
        for f in ThreadFollow.objects.filter(user=user).select_related("thread").order_by("id")
    ]


def _follows_erase(user: Any) -> None:
    ThreadFollow.objects.filter(user=user).delete()


personal_data_register("threads", export=_follows_export, erase=_follows_erase)
