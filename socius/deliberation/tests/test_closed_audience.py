"""Closed conversations (deliberation.audiences): only the audience sees and takes part, only
its moderator moderates, and the conversation is absent from every public list, the search,
the sections, the API, the events' picker, and every page to anyone else (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from socius.core.models import Theme
from socius.core.roles import Role
from socius.core.sections import sections_for
from socius.deliberation import access, audiences, search, selectors, services
from socius.deliberation.models import Conversation, Statement, Vote
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

MEMBERS: set[int] = set()
MODERATORS: set[int] = set()
KEY = "test.group:alpha"


@pytest.fixture(autouse=True)
def _audience() -> Any:
    audiences.audience_register(
        "test.group",
        can_take_part=lambda user, ident: ident == "alpha" and user.pk in MEMBERS | MODERATORS,
        can_moderate=lambda user, ident: ident == "alpha" and user.pk in MODERATORS,
    )
    yield
    MEMBERS.clear()
    MODERATORS.clear()


@pytest.fixture
def leader() -> Any:
    user = UserFactory(name="Lærer Lene")
    MODERATORS.add(user.pk)
    return user


@pytest.fixture
def member() -> Any:
    user = UserFactory(name="Elev")
    MEMBERS.add(user.pk)
    return user


@pytest.fixture
def closed(leader: Any) -> Conversation:
    return services.conversation_create(
        actor=leader,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        title="Hemmelig klassesamtale",
        question="Hvad skal byen gøre for unge?",
        seed_statements=["Flere klubber om aftenen.", "Gratis bus for unge."],
        audience=KEY,
    )


def _statement(conversation: Conversation) -> Statement:
    return conversation.statements.filter(shown=True).order_by("pk").first()  # type: ignore[return-value]


def test_the_audience_moderator_opens_a_closed_conversation_with_a_random_slug(closed):
    assert closed.audience == KEY
    assert closed.slug.startswith("lukket-")
    assert "hemmelig" not in closed.slug


def test_an_editor_cannot_open_or_moderate_a_closed_conversation(closed, member):
    editor = UserFactory(roles=[Role.EDITOR], totp=True)
    with pytest.raises(PermissionDenied):
        services.conversation_create(
            actor=editor,
            theme=closed.theme,
            title="Anden samtale",
            question="Hvad synes I om skolen?",
            audience=KEY,
        )
    statement = services.statement_add(actor=member, conversation=closed, text="Mere frikvarter.")
    with pytest.raises(PermissionDenied):
        services.statement_moderate(actor=editor, statement=statement, accept=True)
    with pytest.raises(PermissionDenied):
        services.conversation_set_open(actor=editor, conversation=closed, is_open=False)


def test_members_write_and_vote_and_the_leader_moderates(closed, member, leader):
    statement = services.statement_add(actor=member, conversation=closed, text="Mere frikvarter.")
    assert statement.status == Statement.Status.PENDING
    assert not statement.shown
    services.statement_moderate(actor=leader, statement=statement, accept=True)
    services.vote_cast(actor=member, statement=_statement(closed), value=Vote.Value.AGREE)
    assert Vote.objects.filter(statement__conversation=closed).count() == 1


def test_an_outsider_cannot_write_or_vote_and_the_revision_stays(closed):
    outsider = UserFactory()
    before = Conversation.objects.get(pk=closed.pk).vote_revision
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=outsider, statement=_statement(closed), value=1)
    with pytest.raises(PermissionDenied):
        services.statement_add(actor=outsider, conversation=closed, text="Jeg er ikke med.")
    assert Conversation.objects.get(pk=closed.pk).vote_revision == before
    assert not Vote.objects.filter(statement__conversation=closed).exists()


def test_an_unregistered_audience_refuses_everybody(leader):
    assert not audiences.audience_may_take_part(leader, "nobody.here:1")
    assert not audiences.audience_may_moderate(leader, "nobody.here:1")
    assert not audiences.audience_may_take_part(leader, "test.group")  # no id
    assert audiences.audience_may_take_part(None, "")  # public


def test_the_closed_conversation_is_in_no_public_list(closed, member, open_conversation):
    services.vote_cast(actor=member, statement=_statement(closed), value=1)
    for qs in (
        selectors.conversation_list_public(),
        selectors.conversation_list_open_data(),
        selectors.conversation_list_with_votes(),
        selectors.conversation_list_with_votes(open_only=True, theme=closed.theme),
        selectors.conversation_list_for(user=member),
        search.conversation_queryset(),
    ):
        assert closed.pk not in {c.pk for c in qs}
    assert open_conversation.pk in {c.pk for c in selectors.conversation_list_public()}
    assert search.conversation_document(closed) is None
    for page, kwargs in (("home", {}), ("theme", {"theme": closed.theme})):
        conversations = [
            f for f in sections_for(page, **kwargs) if f.section.key == "conversations"
        ]  # type: ignore[arg-type]
        assert conversations
        for filled in conversations:
            assert closed.pk not in {i.pk for i in filled.items}
            assert open_conversation.pk in {i.pk for i in filled.items}


def test_the_api_and_the_public_pages_answer_404_to_everyone_outside(client, closed):
    listed = client.get("/api/samtaler").json()["items"]
    assert closed.slug not in {item["slug"] for item in listed if "slug" in item}
    assert "Hemmelig" not in str(listed)
    assert client.get(f"/api/samtaler/{closed.slug}").status_code == 404
    assert (
        client.get(reverse("deliberation:conversation-list")).content.decode().count("Hemmelig")
        == 0
    )
    editor = UserFactory(roles=[Role.EDITOR], totp=True)
    for who in (None, UserFactory(), editor):
        if who is not None:
            client.force_login(who)
        for name in ("conversation-detail", "results", "report", "data-csv"):
            response = client.get(reverse(f"deliberation:{name}", args=[closed.slug]))
            assert response.status_code == 404, (who, name)
        vote = client.post(
            reverse("deliberation:vote-cast", args=[closed.slug]),
            {"statement": _statement(closed).pk, "value": 1},
        )
        assert vote.status_code in (302, 404)
        assert not Vote.objects.filter(statement__conversation=closed).exists()


def test_the_editors_moderation_pages_answer_404_for_a_closed_conversation(client, closed):
    editor = UserFactory(roles=[Role.EDITOR], totp=True)
    client.force_login(editor)
    session = client.session
    session["account_authenticated"] = True
    session.save()
    assert client.get(reverse("deliberation:moderation", args=[closed.slug])).status_code == 404
    with pytest.raises(Exception):  # noqa: B017,PT011  (Http404 from the one lookup)
        access.conversation_for_moderation(user=editor, slug=closed.slug)


def test_a_member_reads_the_closed_conversation(client, closed, member):
    client.force_login(member)
    response = client.get(reverse("deliberation:conversation-detail", args=[closed.slug]))
    assert response.status_code == 200


def test_an_event_cannot_show_a_closed_conversation(closed):
    from socius.events.forms_pages import EventForm  # the organisers' form

    form = EventForm(user=UserFactory(roles=[Role.ADMINISTRATOR]))
    assert closed.pk not in {c.pk for c in form.fields["conversation"].queryset}  # type: ignore[attr-defined]


def test_an_event_with_a_closed_conversation_is_refused(closed):
    from socius.events.models import Event
    from socius.events.services_events import _validate

    event = Event(conversation=closed)
    with pytest.raises(ValidationError) as caught:
        _validate(event)
    assert "conversation" in caught.value.message_dict
