"""Publications and recommendations on the golden thread: what a step shows and to whom, and
the links the hub makes itself (a recommendation rests on the publications and figures it
cites)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from socius.atlas.models import Indicator, Source
from socius.core.models import ThreadLink
from socius.core.thread_selectors import thread_for
from socius.core.threads import step_kind
from socius.knowledge.models import RecommendationEvidence, RecommendationPage
from socius.knowledge.services import (
    guide_draft_create,
    minutes_publish,
    recommendation_draft_create,
)
from socius.knowledge.tests.helpers import publish
from socius.tests_support.factories import theme

pytestmark = pytest.mark.django_db


def _report(editor, title="Ensomhed blandt unge voksne"):
    return minutes_publish(
        title=title, summary="Hver femte unge føler sig ofte alene.", body="Tekst.",
        themes=[theme("hjemloeshed")], published_by=editor, source_url="/arrangementer/x/",
        source_label="Arrangementet",
    )  # fmt: skip


def _recommendation(editor, **extra):
    return recommendation_draft_create(
        title=extra.pop("title", "Faste mødesteder i alle lokalområder"),
        summary="Vi anbefaler et fast mødested i hvert lokalområde.",
        body="Begrundelse.", themes=[theme("hjemloeshed")], created_by=editor, evidence=[],
        **extra,
    )  # fmt: skip


def _indicator(code="boern-i-fattigdom"):
    source = Source.objects.create(
        key="dst-test", title="Testtabel", publisher="Danmarks Statistik",
        licence="CC BY 4.0", url="https://www.statbank.dk/TEST", attribution="DST",
    )  # fmt: skip
    return Indicator.objects.create(
        code=code, title="Børn i relativ fattigdom", unit="%", definition="Andelen af børn.",
        source=source,
    )  # fmt: skip


def _resolve(kind, keys, viewer=None):
    with translation.override("en"):
        return step_kind(kind).resolve(keys, viewer)


def test_a_publication_step_is_a_live_page_that_is_not_a_recommendation(editor):
    report = _report(editor)
    draft = guide_draft_create(
        title="Sådan finder I frivillige", summary="Spørg dem, I kender.", body="",
        themes=[], created_by=editor,
    )  # fmt: skip
    recommendation = publish(_recommendation(editor))
    keys = [str(report.pk), str(draft.pk), str(recommendation.pk), "0", "abc", "1;drop", "9" * 40]

    found = _resolve("publication", keys, editor)

    assert list(found) == [str(report.pk)]
    step = found[str(report.pk)]
    assert (step.title, step.url, step.status) == (report.title, report.url, "Report")
    assert step.date == report.publication_date
    assert list(_resolve("recommendation", keys)) == [str(recommendation.pk)]


def test_a_draft_recommendation_is_hidden_until_it_is_published(editor):
    page = _recommendation(editor)

    assert _resolve("recommendation", [str(page.pk)], editor) == {}
    assert step_kind("recommendation").exists([str(page.pk)]) == [str(page.pk)]
    publish(page)
    assert _resolve("recommendation", [str(page.pk)])[str(page.pk)].title == page.title


def test_any_number_of_pages_costs_the_same_queries(editor):
    reports = [_report(editor, title=f"Rapport {n}") for n in range(4)]
    _resolve("publication", [str(reports[0].pk)])  # the site's root paths are cached once

    with CaptureQueriesContext(connection) as one:
        _resolve("publication", [str(reports[0].pk)])
    with CaptureQueriesContext(connection) as four:
        found = _resolve("publication", [str(r.pk) for r in reports])

    assert len(found) == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_candidates_find_live_titles_of_the_right_kind(editor):
    report = _report(editor, title="Tryghed i boligområder")
    recommendation = publish(_recommendation(editor, title="Tryghed for alle"))
    _recommendation(editor, title="Tryghed i kladde")

    assert step_kind("publication").candidates("tryghed") == [(str(report.pk), report.title)]
    assert step_kind("recommendation").candidates("TRYGHED") == [
        (str(recommendation.pk), recommendation.title)
    ]


def test_a_recommendation_citing_publications_and_figures_joins_their_thread(editor):
    report = _report(editor)
    indicator = _indicator()

    page = _recommendation(editor, publications=[report.pk], indicator_codes=[indicator.code])

    evidence = RecommendationEvidence.objects.get(page=page)
    assert evidence.publication_id == report.pk
    key = str(page.pk)
    pairs = set(
        ThreadLink.objects.values_list("source__kind", "source__key", "target__kind", "target__key")
    )
    assert pairs == {
        ("publication", str(report.pk), "recommendation", key),
        ("indicator", indicator.code, "recommendation", key),
    }
    assert thread_for("publication", report.pk) == thread_for("recommendation", key)


@pytest.mark.parametrize("bad", ["draft", "recommendation", "missing"])
def test_citing_what_is_not_a_published_publication_is_refused(editor, bad):
    cited = {
        "draft": lambda: (
            guide_draft_create(
                title="Kladde", summary="Kort.", body="", themes=[], created_by=editor
            ).pk
        ),
        "recommendation": lambda: publish(_recommendation(editor, title="En anden")).pk,
        "missing": lambda: 987654,
    }[bad]()
    before = RecommendationPage.objects.count()

    with pytest.raises(ValidationError, match="published publications"), translation.override("en"):
        _recommendation(editor, publications=[cited])

    assert RecommendationPage.objects.count() == before
    assert not ThreadLink.objects.exists()


def test_citing_a_figure_the_atlas_does_not_have_is_refused(editor):
    with pytest.raises(ValidationError, match="atlas"), translation.override("en"):
        _recommendation(editor, indicator_codes=["findes-ikke"])
    assert not RecommendationPage.objects.exists()


def test_an_indicator_step_links_to_the_atlas_page(editor):
    indicator = _indicator()

    step = _resolve("indicator", [indicator.code, "<script>", ""])[indicator.code]

    assert step.url == f"/atlas/indikator/{indicator.code}/"
    assert step.status == "Source: Testtabel"
    Indicator.objects.filter(pk=indicator.pk).update(is_active=False, updated_at=timezone.now())
    assert _resolve("indicator", [indicator.code]) == {}


def test_publishing_a_recommendation_with_evidence_chosen_in_the_admin_links_it_once(editor):
    report = _report(editor)
    page = _recommendation(editor)
    page.evidence.add(RecommendationEvidence(label=report.title, publication=report))
    page.save_revision(user=editor)

    publish(page)
    page.save_revision(user=editor)
    publish(page)

    link = ThreadLink.objects.select_related("source", "target").get()
    assert (link.source.key, link.target.key) == (str(report.pk), str(page.pk))


def test_a_live_recommendation_offers_to_start_a_citizen_proposal(client, editor):
    page = publish(_recommendation(editor))
    report = _report(editor)

    html = client.get(page.url).text

    assert f'href="/borgerforslag/nyt/?anbefaling={page.pk}"' in html
    assert "?anbefaling=" not in client.get(report.url).text
