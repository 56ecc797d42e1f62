"""Agree, disagree and pass are offered with equal weight: no answer is the suggested one."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "deliberation"


def test_the_three_answers_look_the_same(client, citizen, conversation):
    client.force_login(citizen)
    page = client.get(conversation.get_absolute_url()).text
    buttons = re.findall(
        r'<button class="([^"]+)" type="submit" name="value" value="(-?\d)">', page
    )
    assert sorted(value for _css, value in buttons) == ["-1", "0", "1"]
    assert {css for css, _value in buttons} == {"button button-secondary"}


def test_the_solution_vote_buttons_have_no_favourite():
    template = (TEMPLATES / "solution_detail.html").read_text(encoding="utf-8")
    vote = template.split("solution-vote", 1)[1].split("</form>", 1)[0]
    assert "button-primary" not in vote
    assert "forloop.first" not in vote
