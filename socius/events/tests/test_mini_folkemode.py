"""The mini-Folkemøde template: a draft debate for a class, with politicians of two parties."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socius.core.models import Municipality, Party, PoliticianProfile, Theme
from socius.core.roles import Role
from socius.events.mini_folkemode import mini_folkemode_create, politicians_for_municipality
from socius.events.models import Event, SessionSpeaker
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _politician(party: Party, *, verified: bool = True):
    user = UserFactory(roles=[Role.POLITICIAN])
    PoliticianProfile.objects.create(
        user=user, party=party, verified_at=timezone.now() if verified else None
    )
    return user


def _call(actor, politicians, **extra):
    now = timezone.now()
    fields = {
        "class_name": "8.B",
        "municipality": Municipality.objects.get(code="751"),
        "theme": Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        "starts_at": now + datetime.timedelta(days=7),
        "politicians": politicians,
        "questions": ["Hvorfor er bussen så dyr?"],
        "now": now,
    }
    fields.update(extra)
    return mini_folkemode_create(actor=actor, **fields)


def test_it_makes_a_draft_debate_with_a_panel():
    teacher = UserFactory(roles=[Role.TEACHER])
    a = _politician(Party.objects.get(name="Venstre"))
    b = _politician(Party.objects.get(name="Socialdemokratiet"))
    event = _call(teacher, [a, b])
    assert event.status == Event.Status.DRAFT
    assert event.kind == Event.Kind.DEBATE
    assert event.title == "Mini-Folkemøde i 8.B"
    links = SessionSpeaker.objects.filter(session__event=event)
    assert links.count() == 2
    assert {link.part for link in links} == {SessionSpeaker.Part.PANELLIST}


def test_it_needs_the_teacher_or_events_staff():
    a = _politician(Party.objects.get(name="Venstre"))
    b = _politician(Party.objects.get(name="Socialdemokratiet"))
    with pytest.raises(PermissionDenied):
        _call(UserFactory(), [a, b])
    assert not Event.objects.exists()


def test_it_refuses_a_single_party_and_another_municipalitys_local_list():
    teacher = UserFactory(roles=[Role.TEACHER])
    venstre = Party.objects.get(name="Venstre")
    with pytest.raises(ValidationError) as caught:
        _call(teacher, [_politician(venstre), _politician(venstre)])
    assert "politicians" in caught.value.message_dict
    local = Party.objects.create(
        name="Lokallisten Læsø",
        is_local_list=True,
        municipality=Municipality.objects.get(code="825"),
    )
    elsewhere = _politician(local)
    with pytest.raises(ValidationError):
        _call(teacher, [_politician(venstre), elsewhere])
    assert elsewhere.pk not in {
        p.user_id for p in politicians_for_municipality(Municipality.objects.get(code="751"))
    }
    assert not Event.objects.exists()


def test_it_refuses_times_in_the_past_and_far_ahead_and_too_many_questions():
    teacher = UserFactory(roles=[Role.TEACHER])
    people = [
        _politician(Party.objects.get(name="Venstre")),
        _politician(Party.objects.get(name="Socialdemokratiet")),
    ]
    now = timezone.now()
    for starts_at in (now - datetime.timedelta(hours=1), now + datetime.timedelta(days=900)):
        with pytest.raises(ValidationError):
            _call(teacher, people, starts_at=starts_at, now=now)
    with pytest.raises(ValidationError):
        _call(teacher, people, questions=["Hvorfor?"] * 21)
    assert not Event.objects.exists()
