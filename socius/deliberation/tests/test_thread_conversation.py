"""Conversations on the golden thread: what a step shows, who took part, and the hand-off
to the knowledge hub putting the draft recommendation on the conversation's thread."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from socius.core.models import Theme, ThreadLink
from socius.core.roles import Role
from socius.core.thread_selectors import thread_for
from socius.core.threads import step_kind
from socius.deliberation import services
from socius.deliberation.demo import conversation_demo_create, crowd_create, crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import Conversation, Participant, SolutionProposal
from socius.deliberation.selectors import results_for
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def voted(shared_db):
    """The demo conversation with the crowd's votes and results (made once for the module)."""
    moderator = UserFactory(roles=[Role.EDITOR], totp=True, name="Mona Moderator")
    conversation = conversation_demo_create(moderator=moderator)
    crowd_vote(conversation, crowd_create(verifier=moderator))
    conversation_compute(conversation.pk)
    return moderator.pk, conversation.pk


@pytest.fixture
def moderator(voted, db):
    return get_user_model().objects.get(pk=voted[0])


@pytest.fixture
def demo(voted, db):
    return Conversation.objects.get(pk=voted[1])


def _small(moderator, title):
    return services.conversation_create(
        actor=moderator,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        title=title,
        question="Hvad skal der til?",
        moderation=Conversation.Moderation.POST,
        seed_statements=["Klubber skal være gratis."],
    )


def _resolve(keys, viewer=None):
    with translation.override("en"):
        return step_kind("conversation").resolve(keys, viewer)


def test_it_shows_the_bridging_statements_and_the_number_who_took_part(demo):
    step = _resolve([demo.slug])[demo.slug]

    view = results_for(demo)
    assert step.title == demo.title
    assert step.url == demo.get_absolute_url()
    assert step.status == "Open for votes"
    assert f"{view.participant_count} people took part." in step.summary
    assert view.bridging[0].text[:40] in step.summary


def test_it_reads_any_number_of_conversations_in_the_same_queries(demo, moderator):
    others = [_small(moderator, f"Samtale {n}") for n in range(3)]

    with CaptureQueriesContext(connection) as one:
        _resolve([demo.slug])
    with CaptureQueriesContext(connection) as four:
        found = _resolve([demo.slug, *[c.slug for c in others]])

    assert len(found) == 4
    assert len(four.captured_queries) == len(one.captured_queries) <= 3
    assert found[others[0].slug].summary == ""  # no votes, no run: nothing to say


def test_a_closed_conversation_and_nonsense_keys_are_left_out(moderator):
    closed = _small(moderator, "Klassens samtale")
    Conversation.objects.filter(pk=closed.pk).update(audience="skole:1")

    found = _resolve([closed.slug, "", "x" * 500, "'; drop table x;--", "<script>"], moderator)

    assert found == {}
    assert step_kind("conversation").exists([closed.slug]) == []


def test_participants_are_the_people_who_voted(moderator):
    conversation = _small(moderator, "Fritid for alle")
    voter, writer = UserFactory(), UserFactory()
    statement = conversation.statements.get()
    services.vote_cast(actor=voter, statement=statement, value=1)
    services.statement_add(actor=writer, conversation=conversation, text="Mere lys i parken.")
    assert Participant.objects.filter(conversation=conversation, user=writer).exists()

    people = set(step_kind("conversation").participants([conversation.slug]))

    assert people == {voter.pk}


def test_candidates_match_public_titles_only(moderator):
    public = _small(moderator, "Trygge gader")
    closed = _small(moderator, "Trygge skoleveje")
    Conversation.objects.filter(pk=closed.pk).update(audience="skole:1")

    assert step_kind("conversation").candidates("trygge") == [(public.slug, public.title)]


def test_the_hand_off_puts_the_draft_recommendation_on_the_conversations_thread(demo, moderator):
    bridging = results_for(demo).bridging[0]
    proposal = services.solution_create(
        actor=moderator, conversation=demo, title="Unge med i beslutningerne",
        summary="Et ungepanel.", body="Forslaget.",
        statements=[demo.statements.get(pk=bridging.id)], support={},
    )  # fmt: skip

    services.solution_publish(actor=moderator, proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.state == SolutionProposal.State.PUBLISHED
    key = str(proposal.recommendation_page_id)
    link = ThreadLink.objects.select_related("source", "target").get()
    assert (link.source.kind, link.source.key) == ("conversation", demo.slug)
    assert (link.target.kind, link.target.key) == ("recommendation", key)
    assert thread_for("recommendation", key) == thread_for("conversation", demo.slug)
