"""The vote is the live debate's busiest request (a room of 500 votes about 50 times a second):
its number of queries must not grow with the votes, and the cached routing must choose as the
forum does."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.urls import reverse

from socius.deliberation import selectors, services
from socius.deliberation.engine_bridge import forget_state
from socius.deliberation.models import Conversation, ResultRun, Statement

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
EXTRA = [
    "Kommunen skal give tilskud til kontingent.",
    "Unge skal selv være med til at bestemme i klubben.",
    "Der skal være flere steder at mødes om aftenen.",
]


@pytest.fixture
def voted_debate(debate, crowd, organiser, django_capture_on_commit_callbacks):
    """The debate with six statements, the crowd's votes on three and an engine run."""
    conversation = debate.conversation
    for text in EXTRA:
        services.statement_add(actor=organiser, conversation=conversation, text=text)
    statements = list(conversation.statements.filter(shown=True).order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        for n, person in enumerate(crowd):
            for statement in statements[:3]:
                services.vote_cast(actor=person, statement=statement, value=1 - n % 3)
    assert ResultRun.objects.filter(conversation=conversation).exists()
    return debate


def test_a_vote_with_its_json_answer_costs_few_queries(
    client, citizen, voted_debate, django_assert_max_num_queries
):
    url = reverse("event_live:vote", args=[voted_debate.slug])
    conversation = voted_debate.conversation
    client.force_login(citizen)
    statements = list(conversation.statements.filter(shown=True).order_by("pk"))
    # The first vote asks "how do you take part?", the second closes the question.
    for statement in statements[:2]:
        assert client.post(url, {"statement": statement.pk, "value": 1}, **JSON).status_code == 200
    Conversation.objects.filter(pk=conversation.pk).update(recompute_queued=False)
    # The session, the user with their roles, the event with its conversation's id, the
    # statement; the vote (a savepoint here, a transaction in production: the revision, the
    # participant, the vote, the engine run queued); the role question (a savepoint); the next
    # statement (the statements with the person's votes, the latest run's id, the party, the
    # statement) and, only when priorities tie, the statements' vote counts. It was 28.
    with django_assert_max_num_queries(18):
        response = client.post(url, {"statement": statements[2].pk, "value": -1}, **JSON)
    data = response.json()
    assert (data["voted"], data["total"]) == (3, 6)
    chosen = selectors.statement_next_for(conversation=conversation, user=citizen)
    assert data["statement"] == {"id": chosen.pk, "text": chosen.text}


def test_routing_chooses_the_same_statement_when_the_kept_tables_are_lost(
    citizen, crowd, voted_debate
):
    conversation = voted_debate.conversation
    chosen = {
        person.pk: selectors.statement_next_for(conversation=conversation, user=person)
        for person in [citizen, *crowd]
    }
    caches["pages"].clear()
    forget_state(conversation.pk)  # the engine state too: the run's stored data is used
    for person in [citizen, *crowd]:
        assert (
            selectors.statement_next_for(conversation=conversation, user=person)
            == chosen[person.pk]
        )
    assert all(isinstance(s, Statement) for s in chosen.values())
