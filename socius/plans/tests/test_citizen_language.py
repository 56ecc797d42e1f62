"""Plain Danish on the citizen's pages: the visible text of each page (with Danish demo
content) has a LIX under 30."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from socius.core.plain_language import lix
from socius.plans import services
from socius.plans.tests.citizen_support import citizen_with_plan, strong_client
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db
LIX_LIMIT = 30


class _MainText(HTMLParser):
    """The text a person reads inside <main>, without scripts, styles or the chart image."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "main":
            self.depth += 1
        if tag in {"script", "style"}:
            self.skip += 1
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "label", "legend", "tr", "div", "button"}:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        if tag in {"script", "style"}:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    # Each block is a sentence of its own (headings, labels and buttons end without a stop).
    blocks = [re.sub(r"\s+", " ", b).strip() for b in "".join(parser.parts).split("\n\n")]
    return "\n\n".join(b if b.endswith((".", "!", "?", ":")) else b + "." for b in blocks if b)


def _check(client: Any, url: str) -> None:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200, url
    score = lix(_visible(response.content.decode()))
    assert score is not None
    assert score.score < LIX_LIMIT, (url, score)


def test_the_start_page_is_plain() -> None:
    _check(strong_client(UserFactory(totp=True)), reverse("plans:home"))


def test_the_plan_pages_are_plain() -> None:
    user, plan = citizen_with_plan(title="Min vej til arbejde", domains=["work", "housing"])
    goal = services.goal_create(
        actor=user, plan=plan, text="Få et job i en butik", why="Jeg vil have en fast dag."
    )
    services.step_create(actor=user, goal=goal, text="Skriv et CV", helper_kind="network",
                         helper="Min søster")  # fmt: skip
    services.goal_rate(actor=user, goal=goal, score=0, comment="Det går godt.")
    services.domain_rate(actor=user, plan=plan, domain="work", score=6)
    services.entry_create(actor=user, plan=plan, kind="note", text="Jeg ringede til Netto.")
    client = strong_client(user)
    for name in ("plans:home", "plans:progress", "plans:entry-list", "plans:document-list",
                 "plans:goal-create", "plans:entry-create", "plans:domain-rate",
                 "plans:plan-edit", "plans:document-add"):  # fmt: skip
        _check(client, reverse(name))
    for name in ("plans:goal-detail", "plans:goal-rate", "plans:step-create", "plans:goal-close"):
        _check(client, reverse(name, args=[goal.public_id]))
