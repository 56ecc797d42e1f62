"""From results to solutions: draft, comment, vote, and the hand-off to the knowledge hub."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from socius.core.roles import Role
from socius.deliberation.demo import conversation_demo_create, crowd_create, crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import (
    Conversation,
    SolutionComment,
    SolutionProposal,
    SolutionVote,
)
from socius.deliberation.selectors import results_for
from socius.knowledge.models import RecommendationPage
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _mfa(client, user):
    client.force_login(user)
    session = client.session
    session["account_authenticated"] = True
    session.save()


@pytest.fixture(scope="module")
def voted(shared_db):
    """The demo conversation with the crowd's votes and its results, made once for the module
    (``shared_db``): the ids of its moderator and of the conversation."""
    moderator = UserFactory(roles=[Role.EDITOR], totp=True, name="Mona Moderator")
    conversation = conversation_demo_create(moderator=moderator)
    crowd_vote(conversation, crowd_create(verifier=moderator))
    conversation_compute(conversation.pk)
    return moderator.pk, conversation.pk


@pytest.fixture
def moderator(voted, db):
    return get_user_model().objects.get(pk=voted[0])


@pytest.fixture
def conversation(voted, db):
    return Conversation.objects.get(pk=voted[1])


@pytest.fixture
def bridging(conversation):
    view = results_for(conversation)
    assert view.bridging, "the demo crowd must produce bridging statements"
    return view.bridging[0]


def _draft(client, conversation, statement_id, **extra):
    data = {
        "title": "Unge med i beslutningerne",
        "summary": "Kommunen spørger de unge, før den laver nye tilbud.",
        "body": "Et ungepanel i hver bydel giver råd om nye tilbud.",
        "statements": [str(statement_id)],
        **extra,
    }
    return client.post(reverse("deliberation:solution-create", args=[conversation.slug]), data)


def test_an_editor_drafts_a_proposal_that_links_back_with_the_support(
    client, moderator, conversation, bridging
):
    _mfa(client, moderator)
    form = client.get(
        reverse("deliberation:solution-create", args=[conversation.slug])
        + f"?statement={bridging.id}"
    )
    assert bridging.text in form.text
    response = _draft(client, conversation, bridging.id)
    proposal = SolutionProposal.objects.get()
    assert response.status_code == 302
    basis = proposal.basis.get()
    assert basis.statement_id == bridging.id
    assert basis.support["agree"] == bridging.agree
    assert basis.support["bridging"] == pytest.approx(bridging.bridging)
    page = client.get(proposal.get_absolute_url())
    assert bridging.text in page.text


@pytest.mark.parametrize(
    "extra",
    [
        {"statements": ["999999"]},
        {"statements": ["1 OR 1=1"]},
        {"statements": []},
        {"title": "x" * 141},
        {"body": "tekst\x00"},
    ],
)
def test_hostile_drafts_are_refused(client, moderator, conversation, bridging, extra):
    _mfa(client, moderator)
    response = _draft(client, conversation, bridging.id, **extra)
    assert response.status_code == 200
    assert not SolutionProposal.objects.exists()


def test_participants_and_anonymous_cannot_draft_or_publish(
    client, citizen, conversation, bridging, moderator
):
    url = reverse("deliberation:solution-create", args=[conversation.slug])
    assert client.get(url).status_code == 302
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    assert _draft(client, conversation, bridging.id).status_code == 403
    from socius.deliberation import services

    proposal = services.solution_create(
        actor=moderator, conversation=conversation, title="Ungepanel", summary="Kort resumé.",
        body="Forslaget.", statements=[conversation.statements.get(pk=bridging.id)], support={},
    )  # fmt: skip
    assert (
        client.post(reverse("deliberation:solution-publish", args=[proposal.public_id])).status_code
        == 403
    )
    proposal.refresh_from_db()
    assert proposal.state == SolutionProposal.State.OPEN


def test_participants_comment_and_vote_once_changeably(
    client, citizen, moderator, conversation, bridging
):
    from socius.deliberation import services

    proposal = services.solution_create(
        actor=moderator, conversation=conversation, title="Ungepanel", summary="Kort resumé.",
        body="Forslaget.", statements=[conversation.statements.get(pk=bridging.id)], support={},
    )  # fmt: skip
    client.force_login(citizen)
    vote_url = reverse("deliberation:solution-vote", args=[proposal.public_id])
    client.post(vote_url, {"value": "1"})
    client.post(vote_url, {"value": "-1"})
    client.post(vote_url, {"value": "7"})
    assert SolutionVote.objects.get().value == -1
    comment_url = reverse("deliberation:solution-comment", args=[proposal.public_id])
    client.post(comment_url, {"body": "<script>alert(1)</script> Godt forslag"})
    too_long = client.post(comment_url, {"body": "x" * 2001}, follow=True)
    assert "2000" in too_long.text
    assert SolutionComment.objects.count() == 1
    client.logout()
    page = client.get(proposal.get_absolute_url()).text
    assert "&lt;script&gt;" in page
    assert "<script>alert(1)" not in page
    assert citizen.name not in page  # comments are shown without their author


def test_publishing_creates_a_draft_recommendation_with_the_report_attached(
    client, moderator, conversation, bridging, citizen
):
    _mfa(client, moderator)
    _draft(client, conversation, bridging.id)
    proposal = SolutionProposal.objects.get()
    response = client.post(
        reverse("deliberation:solution-publish", args=[proposal.public_id]), follow=True
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.state == SolutionProposal.State.PUBLISHED
    page = RecommendationPage.objects.get(pk=proposal.recommendation_page_id)
    assert page.live is False
    assert page.title == "Unge med i beslutningerne"
    assert page.attachment is not None
    assert page.attachment.file.read().startswith(b"%PDF-")
    assert any(conversation.slug in e.url for e in page.evidence.all())
    # Closed for comments and votes now; a second publish is refused with a message.
    again = client.post(
        reverse("deliberation:solution-publish", args=[proposal.public_id]), follow=True
    )
    assert "allerede" in again.text
    assert RecommendationPage.objects.count() == 1
    client.force_login(citizen)
    client.post(reverse("deliberation:solution-vote", args=[proposal.public_id]), {"value": "1"})
    assert not SolutionVote.objects.exists()


def test_moderators_hide_a_comment_with_a_reason_and_others_cannot(
    client, citizen, outsider, moderator, conversation, bridging
):
    from socius.deliberation import services

    proposal = services.solution_create(
        actor=moderator, conversation=conversation, title="Ungepanel", summary="Kort resumé.",
        body="Forslaget.", statements=[conversation.statements.get(pk=bridging.id)], support={},
    )  # fmt: skip
    comment = services.solution_comment_add(
        actor=citizen, proposal=proposal, body="Køb billige sko her!"
    )
    url = reverse("deliberation:solution-comment-hide", args=[proposal.public_id, comment.pk])
    for user in (citizen, outsider):
        client.force_login(user)
        assert client.post(url, {"reason": "advertising"}).status_code == 403
    _mfa(client, moderator)
    page = client.post(url, {"reason": "<script>"}, follow=True)
    assert "Vælg grunden" in page.text
    comment.refresh_from_db()
    assert comment.hidden_reason == ""
    client.post(url, {"reason": "advertising"})
    comment.refresh_from_db()
    assert comment.hidden_reason == "advertising"
    client.logout()
    assert "Køb billige sko" not in client.get(proposal.get_absolute_url()).text
