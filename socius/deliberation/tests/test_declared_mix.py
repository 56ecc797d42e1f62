"""People who declared a role or party and people who did not, in one conversation, through
the interfaces other modules use (engine_bridge, selectors): everybody's votes count in the
opinion groups; only declared people's count in the party and role groups, and bridging
across parties and roles is computed over them alone."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from socius.deliberation import services
from socius.deliberation.demo import crowd_vote
from socius.deliberation.engine_bridge import conversation_compute, declared_groups
from socius.deliberation.selectors import results_for
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

UNDECLARED = 12


def _undeclared_vote(conversation, people, seed=3):
    """People without a role: a camp of their own that disagrees with nearly everything."""
    rng = random.Random(seed)  # reproducible on purpose
    for person in people:
        for statement in conversation.statements.filter(shown=True).order_by("pk"):
            value = 1 if rng.random() < 0.1 else -1
            services.vote_cast(actor=person, statement=statement, value=value)


def test_undeclared_votes_count_in_opinion_groups_but_not_in_party_and_role_groups(
    conversation, crowd
):
    # given the declared crowd (politicians of four parties, every public role)
    crowd_vote(conversation, crowd)
    declared_only = conversation_compute(conversation.pk)
    # when people who declared nothing vote too
    undeclared = [UserFactory() for _i in range(UNDECLARED)]
    _undeclared_vote(conversation, undeclared)
    mixed = conversation_compute(conversation.pk)
    # then they are in the opinion groups ...
    assert mixed.participant_count == len(crowd) + UNDECLARED
    assert sum(g["size"] for g in mixed.data["groups"]) == len(crowd) + UNDECLARED
    assert sum(g["size"] for g in declared_only.data["groups"]) == len(crowd)
    # ... but the party and role groups hold exactly what they held without them
    assert mixed.data["declared"] == declared_only.data["declared"]
    party, role = declared_groups(conversation)
    assert len(role) == len(crowd)
    assert len(party) == 16
    numbers = set(
        conversation.participants.filter(user__in=undeclared).values_list("number", flat=True)
    )
    assert not numbers & (set(party) | set(role))
    # and bridging ranges over declared parties and roles and the opinion groups, nothing else
    kinds = {key.partition(":")[0] for key in mixed.data["lower_bounds"]}
    assert kinds <= {"party", "role", "party_x_role", "opinion"}
    labels = {
        key.partition(":")[2] for key in mixed.data["lower_bounds"] if key.startswith("role:")
    }
    assert labels == set(role.values())
    opinion = [key for key in mixed.data["lower_bounds"] if key.startswith("opinion:")]
    assert len(opinion) == len(mixed.data["groups"])


def test_a_role_given_at_the_first_vote_counts_in_the_role_groups_at_the_next_run(
    client, conversation, crowd
):
    crowd_vote(conversation, crowd)
    newcomer = UserFactory()
    client.force_login(newcomer)
    vote_url = reverse("deliberation:vote-cast", args=[conversation.slug])
    statements = list(conversation.statements.filter(shown=True).order_by("pk"))
    client.post(vote_url, {"statement": statements[0].pk, "value": 1})
    before = conversation_compute(conversation.pk)
    assert before.data["declared"]["role"]["sizes"]["volunteer"] == 5
    client.post(
        reverse("deliberation:role-answer", args=[conversation.slug]),
        {"role-roles": ["volunteer"], "role-answer": "save"},
    )
    client.post(vote_url, {"statement": statements[1].pk, "value": 1})
    after = conversation_compute(conversation.pk)
    assert after.data["declared"]["role"]["sizes"]["volunteer"] == 6
    # the results page names the role group now that it has six people, never the person
    view = results_for(conversation)
    assert view.run is not None
    assert view.run.pk == after.pk
    client.logout()
    page = client.get(reverse("deliberation:results", args=[conversation.slug])).text
    assert newcomer.name not in page
    assert newcomer.email not in page
