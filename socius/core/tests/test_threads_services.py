"""The thread engine's services: links, cycles, merges, unlinking, events, following."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from socius.core.models import AuditEntry, Thread, ThreadEvent, ThreadFollow, ThreadLink, ThreadStep
from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.core.thread_selectors import thread_for, thread_participant_ids, thread_view
from socius.core.thread_services import (
    thread_follow,
    thread_link,
    thread_link_by_editor,
    thread_moved,
    thread_unlink,
)
from socius.core.threads import StepInfo, StepKind, step_kind_register, step_kind_unregister
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class Catalogue:
    """Objects of the test kinds: key -> (title, public), and who took part in each."""

    objects: dict[str, tuple[str, bool]] = field(default_factory=dict)
    people: dict[str, list[int]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def add(self, key: str, title: str, *, public: bool = True, people: Sequence[int] = ()) -> str:
        self.objects[key] = (title, public)
        self.people[key] = list(people)
        return key


CYCLE = (
    "This link would make the thread go round in a circle: the second step "
    "already leads back to the first. A thread only goes forward."
)

TEST_KINDS = [("t_evidence", "Test evidence", 10), ("t_idea", "Test idea", 30),
              ("t_decision", "Test decision", 60)]  # fmt: skip


def make_kind(catalogue: Catalogue, key: str, label: str, order: int) -> StepKind:
    def resolve(keys: Sequence[str], viewer: Any) -> dict[str, StepInfo]:
        catalogue.calls.append(key)
        staff = getattr(viewer, "is_staff", False)
        return {
            k: StepInfo(
                title=catalogue.objects[f"{key}/{k}"][0],
                url=f"/test/{key}/{k}/",
                status="Åben",
                date=datetime.date(2026, 1, 1)
                + datetime.timedelta(days=int(k) if k.isdigit() else 0),
            )
            for k in keys
            if f"{key}/{k}" in catalogue.objects and (catalogue.objects[f"{key}/{k}"][1] or staff)
        }

    def participants(keys: Sequence[str]) -> list[int]:
        return [p for k in keys for p in catalogue.people.get(f"{key}/{k}", [])]

    def candidates(text: str) -> list[tuple[str, str]]:
        return [
            (full.split("/", 1)[1], title)
            for full, (title, _public) in catalogue.objects.items()
            if full.startswith(f"{key}/") and text.lower() in title.lower()
        ][:20]

    def exists(keys: Sequence[str]) -> list[str]:
        return [k for k in keys if f"{key}/{k}" in catalogue.objects]

    return StepKind(key=key, label=label, order=order, resolve=resolve,
                    participants=participants, candidates=candidates, exists=exists)  # fmt: skip


@pytest.fixture
def catalogue() -> Iterator[Catalogue]:
    """Three test-only kinds of step, registered for the test and removed after it."""
    cat = Catalogue()
    for key, label, order in TEST_KINDS:
        step_kind_register(make_kind(cat, key, label, order))
    yield cat
    for key, _label, _order in TEST_KINDS:
        step_kind_unregister(key)


def obj(cat: Catalogue, kind: str, key: str, title: str = "", **kw: Any) -> tuple[str, str]:
    cat.add(f"{kind}/{key}", title or f"{kind} {key}", **kw)
    return (kind, key)


def test_it_links_two_new_objects_into_a_new_thread_titled_by_the_earliest(catalogue):
    idea = obj(catalogue, "t_idea", "1", "Flere grønne skolegårde")
    evidence = obj(catalogue, "t_evidence", "1", "Rapport om skolegårde")
    thread = thread_link(source=evidence, target=idea, actor=None, note="Fra rapporten")
    assert thread.title == "Rapport om skolegårde"
    assert ThreadStep.objects.filter(thread=thread).count() == 2
    assert ThreadLink.objects.get(thread=thread).note == "Fra rapporten"
    assert AuditEntry.objects.filter(action="threads.link").count() == 1
    assert ThreadEvent.objects.filter(thread=thread).count() == 1
    assert thread_for("t_idea", "1") == thread


def test_a_duplicate_link_quietly_returns_the_thread(catalogue):
    a, b = obj(catalogue, "t_evidence", "1"), obj(catalogue, "t_idea", "1")
    first = thread_link(source=a, target=b, actor=None)
    again = thread_link(source=a, target=b, actor=None)
    assert again == first
    assert ThreadLink.objects.count() == 1


def test_it_refuses_a_cycle_of_two(catalogue):
    a, b = obj(catalogue, "t_idea", "1"), obj(catalogue, "t_idea", "2")
    thread_link(source=a, target=b, actor=None)
    with pytest.raises(ValidationError) as exc:
        thread_link(source=b, target=a, actor=None)
    assert exc.value.messages == [gettext(CYCLE)]
    assert ThreadLink.objects.count() == 1


def test_it_refuses_a_longer_cycle(catalogue):
    a, b, c = (obj(catalogue, "t_idea", str(n)) for n in (1, 2, 3))
    thread_link(source=a, target=b, actor=None)
    thread_link(source=b, target=c, actor=None)
    with pytest.raises(ValidationError):
        thread_link(source=c, target=a, actor=None)
    # a short cut forward is not a cycle
    thread_link(source=a, target=c, actor=None)
    assert ThreadLink.objects.count() == 3


def test_it_refuses_a_self_link(catalogue):
    a = obj(catalogue, "t_idea", "1")
    with pytest.raises(ValidationError) as exc:
        thread_link(source=a, target=a, actor=None)
    assert exc.value.messages == [gettext("A step cannot lead to itself.")]
    assert not Thread.objects.exists()


def test_it_refuses_an_unknown_kind_and_a_missing_object(catalogue):
    a = obj(catalogue, "t_idea", "1")
    with pytest.raises(ValidationError) as exc:
        thread_link(source=("<script>", "1"), target=a, actor=None)
    assert exc.value.messages == [
        gettext("“%(kind)s” is not a kind of step a thread can hold.") % {"kind": "<script>"}
    ]
    with pytest.raises(ValidationError) as exc:
        thread_link(source=("t_evidence", "404"), target=a, actor=None)
    assert exc.value.messages == [
        gettext("There is no %(kind)s with this reference.") % {"kind": "test evidence"}
    ]
    with pytest.raises(ValidationError):
        thread_link(source=("t_evidence", "x" * 65), target=a, actor=None)
    assert not ThreadStep.objects.exists()


def test_a_draft_may_be_linked_by_its_module_but_never_names_the_thread(catalogue):
    draft = obj(catalogue, "t_evidence", "1", "Hemmeligt udkast", public=False)
    idea = obj(catalogue, "t_idea", "1", "Offentlig idé")
    thread = thread_link(source=draft, target=idea, actor=None)
    assert thread.title == "Offentlig idé"
    view = thread_view(thread, None)
    assert [s.info.title if s.info else None for s in view.steps] == [None, "Offentlig idé"]


def test_linking_steps_of_two_threads_merges_the_smaller_into_the_larger(catalogue):
    a, b, c = (obj(catalogue, "t_idea", str(n)) for n in (1, 2, 3))
    d, e = obj(catalogue, "t_decision", "1"), obj(catalogue, "t_decision", "2")
    big = thread_link(source=a, target=b, actor=None)
    thread_link(source=b, target=c, actor=None)
    small = thread_link(source=d, target=e, actor=None)
    follower = UserFactory()
    thread_follow(thread=small, user=follower, follow=True)
    merged = thread_link(source=c, target=d, actor=None)
    assert merged == big
    assert not Thread.objects.filter(pk=small.pk).exists()
    assert ThreadStep.objects.filter(thread=big).count() == 5
    assert ThreadLink.objects.filter(thread=big).count() == 4
    assert ThreadFollow.objects.get(user=follower).thread == big
    assert ThreadEvent.objects.filter(thread=big).count() == 4
    assert AuditEntry.objects.filter(action="threads.merge").count() == 1


def test_merging_keeps_the_choice_made_on_the_larger_thread(catalogue):
    a, b, c = (obj(catalogue, "t_idea", str(n)) for n in (1, 2, 3))
    d, e = obj(catalogue, "t_decision", "1"), obj(catalogue, "t_decision", "2")
    big = thread_link(source=a, target=b, actor=None)
    thread_link(source=b, target=c, actor=None)
    small = thread_link(source=d, target=e, actor=None)
    person = UserFactory()
    thread_follow(thread=big, user=person, follow=False)
    thread_follow(thread=small, user=person, follow=True)
    thread_link(source=c, target=d, actor=None)
    assert list(ThreadFollow.objects.filter(user=person).values_list("following", flat=True)) == [False]  # fmt: skip


def test_unlinking_needs_the_capability_and_splits_a_cut_thread(catalogue, editor, citizen):
    a, b, c, d = (obj(catalogue, "t_idea", str(n)) for n in (1, 2, 3, 4))
    thread = thread_link(source=a, target=b, actor=None)
    thread_link(source=b, target=c, actor=None)
    thread_link(source=c, target=d, actor=None)
    middle = ThreadLink.objects.get(source__key="2", target__key="3")
    with pytest.raises(PermissionDenied):
        thread_unlink(actor=citizen, link=middle)
    assert thread_unlink(actor=editor, link=middle) == thread
    assert thread_for("t_idea", "1") == thread
    other = thread_for("t_idea", "4")
    assert other is not None
    assert other != thread
    assert thread_for("t_idea", "3") == other
    assert AuditEntry.objects.filter(action="threads.unlink").count() == 1


def test_unlinking_the_last_link_removes_the_thread(catalogue, editor):
    a, b = obj(catalogue, "t_idea", "1"), obj(catalogue, "t_idea", "2")
    thread_link(source=a, target=b, actor=None)
    assert thread_unlink(actor=editor, link=ThreadLink.objects.get()) is None
    assert not Thread.objects.exists()
    assert not ThreadStep.objects.exists()


def test_linking_by_hand_needs_the_capability(catalogue, citizen, editor):
    a, b = obj(catalogue, "t_idea", "1"), obj(catalogue, "t_idea", "2")
    with pytest.raises(PermissionDenied):
        thread_link_by_editor(actor=citizen, source=a, target=b)
    assert thread_link_by_editor(actor=editor, source=a, target=b).pk


def test_moved_records_an_event_or_returns_none(catalogue):
    a, b = obj(catalogue, "t_idea", "1"), obj(catalogue, "t_decision", "1")
    assert thread_moved(kind="t_idea", key="1", text="Vedtaget", actor=None) is None
    thread = thread_link(source=a, target=b, actor=None)
    event = thread_moved(kind="t_decision", key="1", text="  Byrådet   vedtog det ", actor=None)
    assert event is not None
    assert event.thread == thread
    assert event.text == "Byrådet vedtog det"
    thread.refresh_from_db()
    assert thread.moved_at == event.created_at
    assert AuditEntry.objects.filter(action="threads.moved").count() == 1
    with pytest.raises(ValidationError):
        thread_moved(kind="t_decision", key="1", text="   ", actor=None)


def test_participants_are_the_kinds_people_plus_followers_minus_refusals(catalogue):
    voter, signer, follower, refuser = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    a = obj(catalogue, "t_idea", "1", people=[voter.pk, refuser.pk])
    b = obj(catalogue, "t_decision", "1", people=[signer.pk])
    thread = thread_link(source=a, target=b, actor=None)
    thread_follow(thread=thread, user=follower, follow=True)
    thread_follow(thread=thread, user=refuser, follow=False)
    assert thread_participant_ids(thread) == {voter.pk, signer.pk, follower.pk}


def test_follow_needs_an_active_person_and_is_audited(catalogue):
    a, b = obj(catalogue, "t_idea", "1"), obj(catalogue, "t_idea", "2")
    thread = thread_link(source=a, target=b, actor=None)
    gone = UserFactory(is_active=False)
    with pytest.raises(ValidationError):
        thread_follow(thread=thread, user=gone, follow=True)
    person = UserFactory()
    thread_follow(thread=thread, user=person, follow=True)
    thread_follow(thread=thread, user=person, follow=False)
    assert ThreadFollow.objects.get(user=person).following is False
    assert AuditEntry.objects.filter(action__in=["threads.follow", "threads.unfollow"]).count() == 2


def test_follows_are_exported_and_erased_with_the_persons_data(catalogue):
    a, b = obj(catalogue, "t_idea", "1"), obj(catalogue, "t_idea", "2")
    thread = thread_link(source=a, target=b, actor=None)
    person = UserFactory()
    thread_follow(thread=thread, user=person, follow=True)
    exported = personal_data_export(person)["threads"]
    assert exported[0]["thread"] == str(thread.public_id)
    assert exported[0]["following"] is True
    personal_data_erase(person)
    assert not ThreadFollow.objects.filter(user=person).exists()


def test_a_hostile_note_is_stored_as_text_and_a_long_one_refused(catalogue):
    a, b = obj(catalogue, "t_idea", "1"), obj(catalogue, "t_idea", "2")
    thread_link(source=a, target=b, actor=None, note="<script>alert(1)</script>")
    assert ThreadLink.objects.get().note == "<script>alert(1)</script>"
    c = obj(catalogue, "t_idea", "3")
    with pytest.raises(ValidationError) as exc:
        thread_link(source=b, target=c, actor=None, note="x" * 301)
    assert exc.value.messages == [gettext("The note can be at most %(n)s characters.") % {"n": 300}]
