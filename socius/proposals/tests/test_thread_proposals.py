"""Citizen proposals on the golden thread, and a proposal started from a recommendation."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from socius.core.models import ThreadLink
from socius.core.thread_selectors import thread_for
from socius.core.threads import step_kind
from socius.knowledge.services import recommendation_draft_create
from socius.knowledge.tests.helpers import publish
from socius.proposals import services
from socius.proposals.models import Follower, Proposal
from socius.proposals.services.recommendation import proposal_create_from_recommendation
from socius.proposals.tests.conftest import make_published
from socius.tests_support.factories import UserFactory, theme

pytestmark = pytest.mark.django_db

CREATE = reverse("proposals:proposal-create")
TYPED = {"title": "Faste mødesteder i Gellerup", "text": "Byrådet skal åbne et mødested."}


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _recommendation(editor, live=True, title="Faste mødesteder i alle lokalområder"):
    page = recommendation_draft_create(
        title=title, summary="Vi anbefaler et fast mødested.", body="Begrundelse.",
        themes=[theme("hjemloeshed")], created_by=editor, evidence=[],
    )  # fmt: skip
    return publish(page) if live else page


def _hidden_recommendation(html):
    field = re.search(r'<input type="hidden" name="recommendation"[^>]*>', html)
    assert field is not None
    value = re.search(r'value="([^"]*)"', field.group(0))
    return value.group(1) if value else ""


def _resolve(keys, viewer=None):
    with translation.override("en"):
        return step_kind("proposal").resolve(keys, viewer)


def test_visitors_see_public_proposals_with_their_signatures(proposer, case_handler, aarhus, rules):
    published = make_published(proposer, case_handler, aarhus)
    draft = services.proposal_create(actor=proposer, municipality=aarhus, **TYPED)
    keys = [str(published.public_id), str(draft.public_id), "not-a-uuid", "<script>", ""]

    found = _resolve(keys)

    assert list(found) == [str(published.public_id)]
    step = found[str(published.public_id)]
    assert step.title == published.title
    assert step.url == published.get_absolute_url()
    assert step.status == "Open for signing · 0 of 4 signatures"
    assert step.summary.startswith("Aarhus: ")
    assert set(_resolve(keys, proposer)) == {str(published.public_id), str(draft.public_id)}
    assert set(_resolve(keys, case_handler)) == {str(published.public_id), str(draft.public_id)}
    assert list(_resolve(keys, UserFactory())) == [str(published.public_id)]


def test_any_number_of_proposals_costs_the_same_queries(proposer, case_handler, aarhus, rules):
    proposals = [
        make_published(proposer, case_handler, aarhus, title=f"Forslag {n}") for n in range(3)
    ]
    keys = [str(p.public_id) for p in proposals]

    _resolve(keys[:1], proposer)  # the viewer's roles are read once and kept
    with CaptureQueriesContext(connection) as one:
        _resolve(keys[:1], proposer)
    with CaptureQueriesContext(connection) as three:
        found = _resolve(keys, proposer)

    assert len(found) == 3
    assert len(three.captured_queries) == len(one.captured_queries) <= 3


def test_participants_are_proposer_confirmed_coproposers_and_followers(
    proposer, case_handler, aarhus, rules
):
    published = make_published(proposer, case_handler, aarhus)
    follower = UserFactory()
    Follower.objects.create(proposal=published, user=follower)
    coproposers = set(
        published.coproposers.filter(confirmed_at__isnull=False).values_list("user_id", flat=True)
    )
    other = make_published(UserFactory(), case_handler, aarhus, title="Et andet forslag")

    people = set(step_kind("proposal").participants([str(published.public_id)]))

    assert people == {proposer.pk, follower.pk, *coproposers}
    assert other.proposer_id not in people


def test_a_proposal_started_from_a_recommendation_joins_its_thread(
    english, proposer, editor, aarhus, rules
):
    page = _recommendation(editor)
    english.force_login(proposer)

    form = english.get(f"{CREATE}?anbefaling={page.pk}")

    assert "Attached recommendation" in form.text
    assert _hidden_recommendation(form.text) == str(page.pk)
    assert f'<a href="{page.url}">{page.title}</a>' in form.text
    response = english.post(
        CREATE, {"municipality": aarhus.pk, "recommendation": str(page.pk), **TYPED}
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.recommendation_page_id == page.pk
    link = ThreadLink.objects.select_related("source", "target").get()
    assert (link.source.kind, link.source.key) == ("recommendation", str(page.pk))
    assert (link.target.kind, link.target.key) == ("proposal", str(proposal.public_id))
    assert thread_for("proposal", proposal.public_id) == thread_for("recommendation", page.pk)
    detail = english.get(proposal.get_absolute_url()).text
    assert "Builds on the recommendation" in detail
    assert page.title in detail


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("draft", "does not exist or is not published"),
        ("987654", "does not exist or is not published"),
        ("1;drop", "is not valid"),
        ("<script>alert(1)</script>", "is not valid"),
        ("-1", "is not valid"),
        ("9" * 200, "is not valid"),
    ],
)
def test_a_link_with_a_bad_recommendation_says_so_and_attaches_nothing(
    english, proposer, editor, aarhus, rules, value, message
):
    if value == "draft":
        value = str(_recommendation(editor, live=False).pk)
    english.force_login(proposer)

    response = english.get(CREATE, {"anbefaling": value})

    assert response.status_code == 200
    assert message in response.text
    assert "Attached recommendation" not in response.text
    assert "<script>alert(1)" not in response.text
    assert _hidden_recommendation(response.text) == ""


@pytest.mark.parametrize("forged", ["draft", "987654", "1;drop", "<script>x</script>"])
def test_a_forged_recommendation_in_the_form_is_refused_and_the_text_is_kept(
    english, proposer, editor, aarhus, rules, forged
):
    if forged == "draft":
        forged = str(_recommendation(editor, live=False).pk)
    english.force_login(proposer)
    data = {"municipality": aarhus.pk, "recommendation": forged, **TYPED}

    refused = english.post(CREATE, data)

    assert refused.status_code == 200
    assert "The recommendation could not be attached" in refused.text
    assert TYPED["title"] in refused.text
    assert TYPED["text"] in refused.text
    assert _hidden_recommendation(refused.text) == ""  # the next save goes through without it
    assert not Proposal.objects.exists()
    assert not ThreadLink.objects.exists()
    saved = english.post(CREATE, {**data, "recommendation": ""})
    assert saved.status_code == 302
    assert Proposal.objects.get().recommendation_page_id is None


def test_the_service_refuses_an_unpublished_recommendation(proposer, editor, aarhus, rules):
    from django.core.exceptions import ValidationError

    draft = _recommendation(editor, live=False)

    with pytest.raises(ValidationError) as refused:
        proposal_create_from_recommendation(
            actor=proposer, recommendation=str(draft.pk), municipality=aarhus, **TYPED
        )

    assert "recommendation" in refused.value.message_dict
    assert not Proposal.objects.exists()


def test_candidates_are_public_proposals(proposer, case_handler, aarhus, rules):
    published = make_published(proposer, case_handler, aarhus, title="Lys i parken")
    services.proposal_create(
        actor=proposer, municipality=aarhus, title="Lys på stien", text="Byrådet skal."
    )

    assert step_kind("proposal").candidates("lys") == [(str(published.public_id), published.title)]
