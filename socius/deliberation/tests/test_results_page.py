"""The results page for everyone: a short plain-language summary first, one number format,
the opinion map explained, the tables folded below, never an empty table."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from socius.core.plain_language import TARGET_FOR_EVERYONE, lix
from socius.deliberation.demo import crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.selectors import results_for
from socius.deliberation.summary import at_least_text, count_share_text, share_text
from socius.deliberation.tests.polis_forum import SHOWN, polis_conversation_load

BLOCKS = {"h2", "h3", "h4", "p", "li", "summary", "caption", "tr"}


class _Page(HTMLParser):
    """The page's main content as text (blocks apart), its summary section's text, and
    what the checks below need to know about its tables and folds."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.summary: list[str] | None = None
        self.summary_done = False
        self.depth = 0  # open <section> elements inside the summary
        self.in_main = False
        self.tables: list[dict[str, int | bool]] = []
        self.details_open: list[bool] = []
        self.details_depth = 0
        self.in_tbody = False
        self.first_table_at = -1
        self.summary_at = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "main":
            self.in_main = True
        if tag == "section" and found.get("id") == "summary":
            self.summary, self.summary_at = [], len(self.text)
        elif tag == "section" and self.summary is not None and not self.summary_done:
            self.depth += 1
        if tag == "details":
            self.details_open.append("open" in found)
            self.details_depth += 1
        if tag == "table":
            if self.first_table_at < 0:
                self.first_table_at = len(self.text)
            self.tables.append({"rows": 0, "folded": self.details_depth > 0})
        if tag == "tbody":
            self.in_tbody = True
        if tag == "tr" and self.in_tbody:
            self.tables[-1]["rows"] = int(self.tables[-1]["rows"]) + 1
        if tag in BLOCKS:
            self._add("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.summary is not None and not self.summary_done:
            if self.depth:
                self.depth -= 1
            else:
                self.summary_done = True
        if tag == "details":
            self.details_depth -= 1
        if tag == "tbody":
            self.in_tbody = False
        if tag == "main":
            self.in_main = False
        if tag in BLOCKS:
            self._add("\n\n")

    def handle_data(self, data: str) -> None:
        self._add(data)

    def _add(self, data: str) -> None:
        if not self.in_main:
            return
        self.text.append(data)
        if self.summary is not None and not self.summary_done:
            self.summary.append(data)

    @property
    def main(self) -> str:
        return "".join(self.text)

    @property
    def summary_text(self) -> str:
        return "".join(self.summary or [])


def _page(client, conversation) -> _Page:
    response = client.get(reverse("deliberation:results", args=[conversation.slug]))
    assert response.status_code == 200
    parsed = _Page()
    parsed.feed(response.text)
    return parsed


@pytest.fixture
def demo_results(conversation, crowd):
    crowd_vote(conversation, crowd)
    conversation_compute(conversation.pk)
    return conversation


# --- the number format ---------------------------------------------------------------------


def test_one_number_format_with_the_interval_in_words():
    assert share_text(0.73, 0.65, 0.80) == "73\u00a0% (sandsynligvis mellem 65 og 80\u00a0%)"
    assert at_least_text(0.584) == "sandsynligvis mindst 58\u00a0%"
    # the observed share is always inside its span, even with a handful of votes
    assert count_share_text(0, 3) == "0\u00a0% (sandsynligvis mellem 0 og 53\u00a0%)"
    assert count_share_text(3, 3).startswith("100\u00a0% (sandsynligvis mellem 47 og 100")
    assert share_text(0.005, 0.0, 0.02).startswith("1\u00a0%")  # half up, as people round
    with translation.override("en"):
        assert share_text(0.73, 0.65, 0.80) == "73\u00a0% (probably between 65 and 80\u00a0%)"


@given(st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
))  # fmt: skip
def test_the_span_always_holds_the_share(counts):
    successes, trials = counts
    with translation.override("en"):
        text = count_share_text(successes, trials)
    numbers = [int(x) for x in re.findall(r"\d+", text)]
    share = numbers[0]
    low, high = (numbers[1], numbers[2]) if len(numbers) == 3 else (share, share)
    assert 0 <= low <= share <= high <= 100


# --- the page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_summary_comes_first_and_quotes_the_computed_results(client, demo_results):
    view = results_for(demo_results)
    page = _page(client, demo_results)
    assert 0 <= page.summary_at < page.first_table_at
    summary = page.summary_text
    for row in view.consensus_agree[:3] + view.bridging[:3] + view.divisive[:2]:
        assert row.text in summary
    assert view.consensus_agree[3].text not in summary  # the rest is in the tables below
    first = view.consensus_agree[0]
    assert share_text(first.agree_share, first.agree_lo, first.agree_hi) in summary
    assert "Det er de fleste enige om" in summary
    assert "Her er meningsgrupperne uenige" in summary
    assert "Det bygger bro" in summary
    assert "alle partier, alle roller og alle meningsgrupper" in summary
    assert "44 af 44 deltagere har fortalt os deres rolle." in summary


@pytest.mark.django_db
def test_one_number_format_on_the_whole_page(client, demo_results):
    main = _page(client, demo_results).main
    assert "andel" not in main.lower()
    assert not re.search(r"\d,\d", main), "a bare decimal on the page"
    assert not re.search(r"\d\s*[–-]\s*\d", main), "an interval as a bare range"
    assert "%-point" not in main
    assert "sandsynligvis mellem" in main
    assert "sandsynligvis mindst" in main


@pytest.mark.django_db
def test_the_map_is_explained_and_keeps_its_data_table(client, demo_results):
    page = _page(client, demo_results)
    assert "Hver prik er én person, og folk, der stemmer ens, står tæt sammen i samme farve." in (
        page.main
    )
    assert "Tallene bag “Meningskort”" in page.main
    chart_table = page.tables[0]
    assert not chart_table["folded"]
    assert chart_table["rows"] == len(results_for(demo_results).groups)


@pytest.mark.django_db
def test_details_are_folded_and_no_table_is_empty(client, demo_results, open_conversation):
    page = _page(client, demo_results)
    assert len(page.details_open) >= 5
    assert not any(page.details_open)
    assert all(t["folded"] for t in page.tables[1:])  # all but the map's data table
    assert all(t["rows"] for t in page.tables)
    # a conversation with a run but nearly nothing in it: sentences, not empty tables
    from socius.deliberation import services
    from socius.tests_support.factories import UserFactory

    voter = UserFactory()
    for statement in open_conversation.statements.all():
        services.vote_cast(actor=voter, statement=statement, value=1)
    conversation_compute(open_conversation.pk)
    sparse = _page(client, open_conversation)
    assert sparse.summary_at >= 0
    assert all(t["rows"] for t in sparse.tables)
    assert "Intet parti og ingen rolle har fem deltagere endnu." in sparse.main
    assert "Ingen har fortalt os deres rolle endnu." in sparse.summary_text


@pytest.mark.django_db
def test_the_page_in_english(client, demo_results):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _page(client, demo_results)
    assert "In short" in page.summary_text
    assert "What most people agree on" in page.summary_text
    assert "probably between" in page.summary_text
    assert "Each dot is one person" in page.main
    assert "All the numbers" in page.main
    for danish in ("sandsynligvis", "Kort fortalt", "Det bygger bro", "enige"):
        assert danish not in page.main


# --- plain language --------------------------------------------------------------------------


def _assert_plain(summary: str) -> None:
    score = lix(summary)
    assert score is not None
    assert score.score < TARGET_FOR_EVERYONE, f"LIX {score.score} for:\n{summary}"


@pytest.mark.django_db
def test_the_summary_of_the_demo_conversation_is_plain_danish(client, demo_results):
    _assert_plain(_page(client, demo_results).summary_text)


@pytest.mark.django_db
@pytest.mark.parametrize("name", SHOWN)
def test_the_summary_of_each_shipped_polis_conversation_is_plain_danish(client, moderator, name):
    conversation = polis_conversation_load(name, moderator=moderator)
    page = _page(client, conversation)
    assert results_for(conversation).run is not None
    assert "Kort fortalt" in page.summary_text
    assert all(t["rows"] for t in page.tables)
    _assert_plain(page.summary_text)
