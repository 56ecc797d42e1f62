"""The role question after a first vote, by keyboard in a real browser, with axe on every
step, at a desktop's and a phone's width: vote, see the question, tick a role, save, and
vote on without being asked again."""

import pytest
from playwright.sync_api import expect

from socius.core.models import RoleAssignment
from socius.core.roles import Role
from socius.deliberation.demo import conversation_demo_create
from socius.deliberation.models import RoleQuestion, Vote
from socius.tests_support.browser import log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_newcomer_answers_the_role_question_by_keyboard(live_server, open_browser):
    base = live_server.url
    conversation = conversation_demo_create(moderator=UserFactory(roles=[Role.EDITOR], totp=True))
    newcomer = UserFactory(name="Nora Ny")
    b = open_browser()
    page = b.page
    log_in(b, base, newcomer)
    b.visit(f"{base}{conversation.get_absolute_url()}", heading=conversation.title)
    question = page.get_by_role("heading", name="Hvordan deltager du?")
    expect(question).to_have_count(0)

    # The first vote, by keyboard: the question comes with the next statement.
    page.get_by_role("button", name="Enig", exact=True).focus()
    page.keyboard.press("Enter")
    b.check(shows=question)
    expect(page.get_by_text("Din stemme er gemt.")).to_be_visible()
    expect(page.locator("#statement-text")).to_be_visible()
    assert Vote.objects.filter(participant__user=newcomer).count() == 1

    volunteer = page.get_by_role("checkbox", name="Frivillig")
    volunteer.focus()
    page.keyboard.press("Space")
    expect(volunteer).to_be_checked()
    page.get_by_role("button", name="Gem min rolle").focus()
    page.keyboard.press("Enter")
    b.check(shows=page.get_by_text("Tak. Din rolle er gemt."))
    expect(question).to_have_count(0)
    assert set(RoleAssignment.objects.filter(user=newcomer).values_list("role", flat=True)) == {
        Role.VOLUNTEER
    }

    # The next vote: no question, ever again.
    statement = page.locator("#statement-text")
    voted_on = statement.inner_text()
    page.get_by_role("button", name="Uenig", exact=True).focus()
    page.keyboard.press("Enter")
    b.check(shows=statement.filter(has_not_text=voted_on))
    expect(question).to_have_count(0)
    assert Vote.objects.filter(participant__user=newcomer).count() == 2
    assert RoleQuestion.objects.get(user=newcomer).outcome == RoleQuestion.Outcome.ANSWERED
