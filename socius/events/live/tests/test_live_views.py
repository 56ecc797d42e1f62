"""The audience page, its posts and the screen: access, votes, statements, hostile input."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from socius.deliberation.models import Conversation, Statement, Vote
from socius.events.live.tests.conftest import make_event
from socius.events.models import Event
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def urls(event: Event) -> dict[str, str]:
    return {
        name: reverse(f"event_live:{name}", args=[event.slug])
        for name in ("audience", "vote", "statement-add", "screen", "screen-data")
    }


def first_statement(event: Event) -> Statement:
    return event.conversation.statements.filter(shown=True).order_by("pk").first()


# --- who may see what ------------------------------------------------------------------------


def test_it_asks_anonymous_visitors_to_log_in_and_come_back(client, debate):
    response = client.get(urls(debate)["audience"])
    assert response.status_code == 200
    html = response.content.decode()
    back = "?next=/arrangementer/debat-om-fritid/debat/"
    assert reverse("account_login") + back in html
    assert reverse("account_signup") + back in html
    assert "data-live-vote" not in html


def test_it_sends_anonymous_posts_to_the_login_page_and_records_nothing(client, debate):
    statement = first_statement(debate)
    for name, data in (("vote", {"statement": statement.pk, "value": 1}),
                       ("statement-add", {"text": "Alle unge skal have et fritidspas."})):  # fmt: skip
        response = client.post(urls(debate)[name], data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not Vote.objects.exists()
    assert debate.conversation.statements.count() == 3


def test_it_hides_a_draft_event_s_debate_from_outsiders(client, organiser, debate_conversation):
    event = make_event(debate_conversation, status=Event.Status.DRAFT)
    for user in (None, UserFactory()):
        if user is not None:
            client.force_login(user)
        for name in ("audience", "screen", "screen-data"):
            assert client.get(urls(event)[name]).status_code == 404
        assert client.post(urls(event)["vote"], {"statement": 1, "value": 1}).status_code in (
            302,
            404,
        )
    client.force_login(organiser)
    assert client.get(urls(event)["audience"]).status_code == 200
    assert client.get(urls(event)["screen"]).status_code == 200


def test_it_answers_404_for_an_event_without_a_conversation_or_unknown(client, citizen):
    event = make_event(None, slug="uden-debat")
    client.force_login(citizen)
    for slug in (event.slug, "findes-ikke"):
        for name in ("", "skaerm/", "skaerm.json"):
            assert client.get(f"/arrangementer/{slug}/debat/{name}").status_code == 404
        assert client.post(f"/arrangementer/{slug}/debat/stem/", {}).status_code == 404


# --- voting ----------------------------------------------------------------------------------


def test_it_records_a_vote_without_javascript_and_shows_the_next_statement(client, citizen, debate):
    client.force_login(citizen)
    statement = first_statement(debate)
    response = client.post(urls(debate)["vote"], {"statement": statement.pk, "value": 1})
    assert response.status_code == 302
    assert response["Location"].endswith("/debat/#stem")
    vote = Vote.objects.get()
    assert (vote.statement_id, vote.value, vote.participant.user_id) == (
        statement.pk,
        1,
        citizen.pk,
    )
    page = client.get(urls(debate)["audience"]).content.decode()
    assert "Din stemme er gemt" in page
    assert "1 af 3" in page


def test_it_answers_a_vote_with_the_next_statement_as_json(client, citizen, debate):
    client.force_login(citizen)
    seen = set()
    statement = first_statement(debate)
    for expected_voted in (1, 2, 3):
        seen.add(statement.pk)
        response = client.post(
            urls(debate)["vote"], {"statement": statement.pk, "value": -1}, **JSON
        )
        assert response.status_code == 200
        data = response.json()
        assert data["voted"] == expected_voted
        assert data["total"] == 3
        if data["statement"] is None:
            break
        assert data["statement"]["id"] not in seen
        statement = Statement.objects.get(pk=data["statement"]["id"])
    assert data["statement"] is None
    assert Vote.objects.filter(value=-1).count() == 3


@pytest.mark.parametrize(
    "value", ["2", "-2", "abc", "", "1.5", "<script>alert(1)</script>", "9" * 40]
)
def test_it_refuses_a_vote_value_that_is_not_a_choice(client, citizen, debate, value):
    client.force_login(citizen)
    data = {"statement": first_statement(debate).pk, "value": value}
    response = client.post(urls(debate)["vote"], data, **JSON)
    assert response.status_code == 400
    assert response.json()["error"] == "Vælg enig, uenig eller spring over."
    response = client.post(urls(debate)["vote"], data, follow=True)
    assert "Vælg enig, uenig eller spring over." in response.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.parametrize("statement", ["abc", "-1", "0", str(2**40), "", "1 OR 1=1"])
def test_it_refuses_a_malformed_statement_id(client, citizen, debate, statement):
    client.force_login(citizen)
    response = client.post(urls(debate)["vote"], {"statement": statement, "value": 1}, **JSON)
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_it_refuses_a_forged_statement_of_another_conversation_or_not_shown(
    client, citizen, organiser, debate
):
    from socius.deliberation import services

    other = services.conversation_create(
        actor=organiser,
        theme=debate.conversation.theme,
        title="Andet",
        question="Et andet spørgsmål?",
        moderation=Conversation.Moderation.PRE,
        seed_statements=["Et udsagn et andet sted."],
    )
    foreign = other.statements.get()
    pending = Statement.objects.create(
        conversation=debate.conversation, text="Venter på en moderator."
    )
    client.force_login(citizen)
    for statement in (foreign, pending):
        response = client.post(urls(debate)["vote"], {"statement": statement.pk, "value": 1})
        assert response.status_code == 404
    assert not Vote.objects.exists()


def test_it_says_so_when_the_conversation_is_closed(client, citizen, debate):
    Conversation.objects.filter(pk=debate.conversation_id).update(is_open=False)
    client.force_login(citizen)
    response = client.post(
        urls(debate)["vote"], {"statement": first_statement(debate).pk, "value": 1}, **JSON
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Vote.objects.exists()
    page = client.get(urls(debate)["audience"]).content.decode()
    assert "lukket" in page


def test_it_refuses_get_on_the_post_endpoints(client, citizen, debate):
    client.force_login(citizen)
    assert client.get(urls(debate)["vote"]).status_code == 405
    assert client.get(urls(debate)["statement-add"]).status_code == 405
    assert client.post(urls(debate)["screen-data"]).status_code == 405


# --- statements ------------------------------------------------------------------------------


def test_it_adds_a_statement_that_is_moderated_as_usual(client, citizen, debate):
    Conversation.objects.filter(pk=debate.conversation_id).update(
        moderation=Conversation.Moderation.PRE
    )
    client.force_login(citizen)
    response = client.post(
        urls(debate)["statement-add"], {"text": "Alle unge skal have et fritidspas."}
    )
    assert response.status_code == 302
    statement = Statement.objects.get(text="Alle unge skal have et fritidspas.")
    assert (statement.status, statement.shown) == (Statement.Status.PENDING, False)
    assert statement.author.user_id == citizen.pk
    response = client.post(
        urls(debate)["statement-add"], {"text": "Kommunen skal betale kontingentet."}, **JSON
    )
    assert response.status_code == 200
    assert "moderator" in response.json()["message"]


def test_it_keeps_hostile_text_as_text(client, citizen, debate):
    client.force_login(citizen)
    text = '<script>alert("x")</script> Klubber skal være åbne om aftenen.'
    client.post(urls(debate)["statement-add"], {"text": text})
    assert Statement.objects.filter(text=text).exists()
    page = client.get(urls(debate)["audience"]).content.decode()
    assert "<script>alert" not in page


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("x" * 281, "280"),
        ("Kort", "5"),
        ("Med et \x00 nultegn i teksten", ""),
        ("", ""),
    ],
)
def test_it_refuses_bad_statements_and_keeps_what_was_typed(client, citizen, debate, text, error):
    client.force_login(citizen)
    response = client.post(urls(debate)["statement-add"], {"text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "form-error-message" in html or "error" in html
    if error:
        assert error in html
    if text and "\x00" not in text:
        assert text in html
    response = client.post(urls(debate)["statement-add"], {"text": text}, **JSON)
    assert response.status_code == 400
    assert response.json()["error"]
    assert debate.conversation.statements.count() == 3


def test_it_refuses_a_duplicate_statement(client, citizen, debate):
    client.force_login(citizen)
    response = client.post(
        urls(debate)["statement-add"], {"text": "klubber skal være gratis."}, **JSON
    )
    assert response.status_code == 400
    assert "allerede" in response.json()["error"]


# --- after the event, and the event page ----------------------------------------------------


def test_after_the_event_the_page_points_to_the_open_conversation(client, debate_conversation):
    now = timezone.now()
    event = make_event(
        debate_conversation,
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2, hours=-2),
    )
    html = client.get(urls(event)["audience"]).content.decode()
    assert 'class="alert alert-info live-over"' in html
    assert f'href="{debate_conversation.get_absolute_url()}">' in html
    html = client.get(urls(make_event(debate_conversation, slug="i-gang"))["audience"]).content
    assert b"live-over" not in html


def test_the_event_block_links_to_the_audience_page_and_the_screen(debate):
    translation.activate("en")
    html = render_to_string("event_live/event_block.html", {"event": debate, "can_manage": False})
    assert urls(debate)["audience"] in html
    assert urls(debate)["screen"] in html
    assert "projector" not in html
    html = render_to_string("event_live/event_block.html", {"event": debate, "can_manage": True})
    assert "projector" in html
    without = make_event(None, slug="uden")
    assert (
        render_to_string(
            "event_live/event_block.html", {"event": without, "can_manage": True}
        ).strip()
        == ""
    )


# --- the screen ------------------------------------------------------------------------------


def test_the_screen_shows_what_bridges_after_votes_with_no_personal_data(
    client, debate, crowd, django_capture_on_commit_callbacks
):
    # given: a crowd of declared parties and roles voting agree on the first statement
    from socius.deliberation import services

    statement = first_statement(debate)
    with django_capture_on_commit_callbacks(execute=True):
        for person in crowd:
            services.vote_cast(actor=person, statement=statement, value=1)
    # when
    data = client.get(urls(debate)["screen-data"]).json()
    # then: the run (tasks run at once here) covers every vote
    assert data["revision"] == len(crowd)
    assert data["covered"] == data["revision"]
    assert data["behind"] == 0
    assert data["run"] >= 1
    assert data["votes"] == len(crowd)
    assert data["participants"] == len(crowd) + 1  # the organiser wrote the first statements
    assert set(data) == {
        "question", "participants", "votes", "revision", "covered", "run", "run_at",
        "bridging", "behind", "fresh_text",
    }  # fmt: skip
    assert [row["text"] for row in data["bridging"]] == [statement.text]
    assert data["bridging"][0]["support"] in data["bridging"][0]["support_text"]
    dump = json.dumps(data)
    for person in crowd:
        assert person.email not in dump
        assert person.name not in dump
    html = client.get(urls(debate)["screen"]).content.decode()
    assert statement.text in html
    assert data["fresh_text"] in html


def test_the_screen_json_costs_few_queries_however_many_votes(
    client, debate, crowd, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from socius.deliberation import services

    client.get(urls(debate)["screen-data"])
    with django_assert_max_num_queries(2):  # the event with its conversation, the run's id
        client.get(urls(debate)["screen-data"])
    with django_capture_on_commit_callbacks(execute=True):
        for person in crowd:
            for statement in debate.conversation.statements.filter(shown=True):
                services.vote_cast(actor=person, statement=statement, value=1)
    client.get(urls(debate)["screen-data"])  # counts and run shaped once after the change
    with django_assert_max_num_queries(2):
        response = client.get(urls(debate)["screen-data"])
    assert response.json()["votes"] == 3 * len(crowd)
    assert response["Cache-Control"] == "no-store"
