"""A visitor opens the list of threads, then a thread, and follows it step to step, in real
browsers at a desktop's and a phone's width with axe on every page (test-only kinds of
step; the journey through the real modules is in the programme's browser tests)."""

# ruff: noqa: F401, F811  (the catalogue fixture, imported by name)
from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from socius.core.tests.test_threads_services import catalogue, obj
from socius.core.thread_services import thread_link
from socius.tests_support.browser import BrowserPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def da(msgid: str) -> str:
    with translation.override("da"):
        return gettext(msgid)


@pytest.mark.width(390)
def test_a_visitor_follows_a_thread_step_by_step(live_server, open_browser, catalogue):
    base = live_server.url
    evidence = obj(catalogue, "t_evidence", "1", "Rapport om ensomhed")
    idea = obj(catalogue, "t_idea", "2", "Flere fællesspisninger")
    decision = obj(catalogue, "t_decision", "3", "Byrådet vedtog forslaget")
    thread_link(source=evidence, target=idea, actor=None)
    thread = thread_link(source=idea, target=decision, actor=None, note="Bragt ind af <b>V</b>")

    me: BrowserPage = open_browser()
    page = me.page
    me.visit(base + "/traade/", heading=da("Threads"))
    page.get_by_role("link", name=thread.title).click()
    me.check(thread.title)
    steps = page.locator("ol.thread-steps > li")
    assert steps.count() == 3
    first = steps.nth(0)
    assert "Rapport om ensomhed" in first.inner_text()
    first.get_by_role("link", name=da("Next step")).click()
    assert page.url.endswith("#" + steps.nth(1).get_attribute("id"))
    second = steps.nth(1)
    me.check(shows=second.get_by_text("Flere fællesspisninger"))
    second.get_by_role("link", name=da("Next step")).click()
    third = steps.nth(2)
    me.check(shows=third.get_by_text("Byrådet vedtog forslaget"))
    assert "Bragt ind af <b>V</b>" in third.inner_text()
    third.get_by_role("link", name=da("Previous step")).click()
    assert page.url.endswith("#" + second.get_attribute("id"))
