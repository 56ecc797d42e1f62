"""The question "how do you take part?" after a person's first vote: asked once on the
platform, optional, never in the way of the vote, recorded by the profile's own rules."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from socius.core import services as core_services
from socius.core.models import AuditEntry, Party, RoleAssignment
from socius.core.roles import Role
from socius.deliberation.models import RoleQuestion, Vote
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

QUESTION = 'id="role-question"'


def _vote(client, conversation, statement=None, value=1):
    statement = statement or conversation.statements.filter(shown=True).first()
    return client.post(
        reverse("deliberation:vote-cast", args=[conversation.slug]),
        {"statement": statement.pk, "value": value},
        follow=True,
    )


def _answer(client, conversation, data):
    return client.post(reverse("deliberation:role-answer", args=[conversation.slug]), data)


@pytest.fixture
def newcomer(db):
    """Signed up without saying how they take part (the role is optional at sign-up)."""
    return UserFactory(name="Nora Ny")


def test_the_question_waits_after_the_first_vote_of_a_person_without_a_role(
    client, newcomer, conversation
):
    client.force_login(newcomer)
    assert QUESTION not in client.get(conversation.get_absolute_url()).text
    page = _vote(client, conversation)
    assert Vote.objects.filter(participant__user=newcomer).count() == 1
    assert "Din stemme er gemt." in page.text
    assert QUESTION in page.text
    assert "Hvordan deltager du?" in page.text
    assert "Jeg deltager som" in page.text
    assert reverse("accounts:politician") in page.text
    assert reverse("accounts:profile") in page.text
    # the next statement is still there to vote on: the question blocks nothing
    assert 'name="value" value="1"' in page.text
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.WAITING


def test_a_person_with_a_role_is_not_asked(client, citizen, conversation):
    client.force_login(citizen)
    page = _vote(client, conversation)
    assert QUESTION not in page.text
    assert not RoleQuestion.objects.exists()


def test_voting_on_counts_as_a_skip_and_the_question_never_comes_back(
    client, newcomer, conversation, open_conversation
):
    client.force_login(newcomer)
    first, second = conversation.statements.order_by("pk")[:2]
    assert QUESTION in _vote(client, conversation, first).text
    # the person goes on voting without answering: asked once is enough
    assert QUESTION not in _vote(client, conversation, second).text
    assert QUESTION not in _vote(client, open_conversation).text
    assert QUESTION not in client.get(open_conversation.get_absolute_url()).text
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.SKIPPED
    assert Vote.objects.filter(participant__user=newcomer).count() == 3


def test_skipping_is_remembered_across_conversations(
    client, newcomer, conversation, open_conversation
):
    client.force_login(newcomer)
    _vote(client, conversation)
    response = _answer(client, conversation, {"role-answer": "skip"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"{conversation.get_absolute_url()}#vote")
    page = client.get(response["Location"])
    assert "Vi spørger ikke igen." in page.text
    assert QUESTION not in page.text
    assert QUESTION not in _vote(client, open_conversation).text
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.SKIPPED
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    assert Vote.objects.filter(participant__user=newcomer).count() == 2


def test_an_answer_is_recorded_by_the_profile_service_and_audited(client, newcomer, conversation):
    client.force_login(newcomer)
    _vote(client, conversation)
    response = _answer(
        client, conversation, {"role-roles": ["citizen", "volunteer"], "role-answer": "save"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Tak. Din rolle er gemt." in page.text
    assert QUESTION not in page.text
    held = set(RoleAssignment.objects.filter(user=newcomer).values_list("role", flat=True))
    assert held == {Role.CITIZEN, Role.VOLUNTEER}
    granted = AuditEntry.objects.filter(action="role.grant", actor_id=newcomer.pk)
    assert sorted(e.data["role"] for e in granted) == ["citizen", "volunteer"]
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.ANSWERED
    # changed later where roles are changed: the profile shows them ticked
    profile = client.get(reverse("accounts:profile")).text
    assert re.search(r'<input[^>]*value="volunteer"[^>]*checked', profile)
    assert Vote.objects.filter(participant__user=newcomer).count() == 1


def test_saving_without_a_role_asks_to_choose_or_skip(client, newcomer, conversation):
    client.force_login(newcomer)
    _vote(client, conversation)
    response = _answer(client, conversation, {"role-answer": "save"})
    assert response.status_code == 400
    assert "Vælg mindst én rolle, eller spring spørgsmålet over." in response.text
    assert QUESTION in response.text
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.WAITING


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"role-roles": ["astronaut"]}, "Vælg blandt de roller, der står her."),
        ({"role-roles": ["politician"]}, "Vælg blandt de roller, der står her."),
        ({"role-roles": ["editor"]}, "Vælg blandt de roller, der står her."),
        ({"role-roles": ["citizen", "administrator"]}, "Vælg blandt de roller, der står her."),
        ({"role-roles": ["<script>x</script>"]}, "Vælg blandt de roller, der står her."),
        ({"role-roles": ["citizen"], "role-answer": "grant"}, "Vælg, om du vil gemme din rolle"),
        ({"role-roles": ["citizen"], "user": "OTHER"}, "Her kan du kun gemme din egen rolle."),
        ({"role-roles": ["citizen"], "role-user": "OTHER"}, "Her kan du kun gemme din egen rolle."),
    ],
)
def test_hostile_answers_are_refused_with_a_message_and_the_vote_is_kept(
    client, newcomer, conversation, extra, message
):
    other = UserFactory()
    client.force_login(newcomer)
    _vote(client, conversation)
    data = {"role-answer": "save", **extra}
    data = {k: (other.pk if v == "OTHER" else v) for k, v in data.items()}
    response = _answer(client, conversation, data)
    assert response.status_code == 400
    assert message in response.text
    assert "<script>x</script>" not in response.text
    assert not RoleAssignment.objects.filter(user__in=[newcomer, other]).exists()
    assert not RoleQuestion.objects.filter(user=other).exists()
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.WAITING
    assert Vote.objects.filter(participant__user=newcomer).count() == 1


def test_an_answer_without_a_csrf_token_is_refused_and_the_vote_kept(newcomer, conversation):
    from socius.deliberation import services

    services.vote_cast(actor=newcomer, statement=conversation.statements.first(), value=1)
    services.role_question_after_vote(actor=newcomer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(newcomer)
    response = _answer(client, conversation, {"role-roles": ["citizen"], "role-answer": "save"})
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert "Forbudt" in response.text
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    assert Vote.objects.filter(participant__user=newcomer).count() == 1
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.WAITING


def test_anonymous_is_sent_to_log_in_and_an_unknown_conversation_is_404(
    client, newcomer, conversation
):
    url = reverse("deliberation:role-answer", args=[conversation.slug])
    response = client.post(url, {"role-roles": ["citizen"], "role-answer": "save"})
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    client.force_login(newcomer)
    missing = client.post("/samtaler/findes-ikke/rolle/", {"role-answer": "skip"})
    assert missing.status_code == 404
    assert client.get(url).status_code == 405
    assert not RoleQuestion.objects.exists()


def test_a_politician_states_the_party_on_the_profile_and_is_not_asked_again(
    client, newcomer, conversation
):
    client.force_login(newcomer)
    first, second = conversation.statements.order_by("pk")[:2]
    assert QUESTION in _vote(client, conversation, first).text
    # the question's link: the profile's own party form, verified by staff there
    core_services.politician_declare(actor=newcomer, party=Party.objects.get(name="Venstre"))
    assert QUESTION not in client.get(conversation.get_absolute_url()).text
    _vote(client, conversation, second)
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.ANSWERED
    assert newcomer.politician_profile.verified_at is None


def test_the_answer_is_in_the_data_export_and_erased_with_the_account(newcomer, conversation):
    from socius.core.personal_data import personal_data_erase, personal_data_export
    from socius.deliberation import services

    services.vote_cast(actor=newcomer, statement=conversation.statements.first(), value=1)
    services.role_question_after_vote(actor=newcomer)
    services.role_question_skip(actor=newcomer)
    exported = personal_data_export(newcomer)["deliberation"]["role_question"]
    assert [q["outcome"] for q in exported] == ["skipped"]
    personal_data_erase(newcomer)
    assert not RoleQuestion.objects.exists()
