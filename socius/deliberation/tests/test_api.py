"""The open-data JSON API of the deliberation forum, through HTTP: what it lists, what it never
shows (hidden statements, people, parties, roles), that the results are the page's results,
and hostile input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.core.models import Party, PoliticianProfile
from socius.core.roles import Role
from socius.deliberation import selectors, services
from socius.deliberation.demo import crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import Conversation, Statement
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def results_ready(conversation, crowd):
    crowd_vote(conversation, crowd)
    return conversation_compute(conversation.pk)


def _moderate(moderator, conversation, text, *, accept):
    """A citizen's statement, then the moderator's decision (None: left pending)."""
    author = UserFactory()
    statement = services.statement_add(actor=author, conversation=conversation, text=text)
    if accept is not None:
        services.statement_moderate(
            actor=moderator,
            statement=statement,
            accept=accept,
            reason="" if accept else Statement.Reason.OFF_TOPIC,
        )
    return statement


def test_the_openapi_document_lists_the_deliberation_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/samtaler",
        "/api/samtaler/{slug}",
        "/api/samtaler/{slug}/resultater",
    } <= set(paths)


def test_the_list_is_paginated_with_counts_and_the_latest_results(
    client, conversation, open_conversation, crowd, results_ready
):
    data = client.get("/api/samtaler").json()
    assert data["count"] == 2
    by_slug = {c["slug"]: c for c in data["items"]}
    demo = by_slug[conversation.slug]
    assert demo["title"] == conversation.title
    assert demo["question"] == conversation.question
    assert demo["theme"] == "faellesskaber-og-ensomhed"
    assert demo["is_open"] is True
    assert demo["statements"] == conversation.statements.filter(status="accepted").count() == 11
    # Everybody with a number in the conversation: the voters and the seed statements' author.
    assert demo["participants"] == conversation.participants.count() == len(crowd) + 1
    assert demo["url"] == conversation.get_absolute_url()
    assert demo["results_url"] == reverse("deliberation:results", args=[conversation.slug])
    assert demo["results_at"] is not None
    other = by_slug[open_conversation.slug]
    assert other["results_at"] is None
    assert other["participants"] == open_conversation.participants.count()
    page = client.get("/api/samtaler", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2
    assert len(page["items"]) == 1
    # Open first, then newest first, as on /samtaler/.
    assert [c["slug"] for c in data["items"]] == [
        c.slug for c in selectors.conversation_list_public()
    ]


def test_a_closed_conversation_is_listed_as_closed(client, moderator, open_conversation):
    services.conversation_set_open(actor=moderator, conversation=open_conversation, is_open=False)
    item = client.get("/api/samtaler").json()["items"][0]
    assert item["slug"] == open_conversation.slug
    assert item["is_open"] is False


def test_detail_has_accepted_statements_with_vote_totals_only(
    client, moderator, conversation, crowd
):
    crowd_vote(conversation, crowd)
    pending = _moderate(
        moderator, conversation, "Et forslag, der venter på en moderator.", accept=None
    )
    rejected = _moderate(
        moderator, conversation, "Et forslag, som moderatoren har afvist.", accept=False
    )
    accepted = _moderate(moderator, conversation, "Et forslag, som er godkendt.", accept=True)
    data = client.get(f"/api/samtaler/{conversation.slug}").json()
    assert data["slug"] == conversation.slug
    assert data["theme"] == "faellesskaber-og-ensomhed"
    ids = [s["id"] for s in data["statements"]]
    assert accepted.pk in ids
    assert pending.pk not in ids
    assert rejected.pk not in ids
    assert pending.text not in str(data)
    assert rejected.text not in str(data)
    assert set(data["statements"][0]) == {"id", "text", "agree", "disagree", "passed"}
    for s in data["statements"]:
        statement = Statement.objects.get(pk=s["id"])
        assert statement.status == Statement.Status.ACCEPTED
        assert s["agree"] == statement.votes.filter(value=1).count()
        assert s["disagree"] == statement.votes.filter(value=-1).count()
        assert s["passed"] == statement.votes.filter(value=0).count()
    assert (
        sum(s["agree"] + s["disagree"] + s["passed"] for s in data["statements"]) == len(crowd) * 11
    )


def test_a_post_moderated_statement_shown_before_moderation_is_not_in_the_api(
    client, open_conversation
):
    statement = services.statement_add(
        actor=UserFactory(), conversation=open_conversation, text="Vist, men ikke godkendt endnu."
    )
    assert statement.shown
    data = client.get(f"/api/samtaler/{open_conversation.slug}").json()
    assert statement.text not in str(data)
    assert len(data["statements"]) == 2


def test_results_before_the_first_run_are_empty_like_the_page(client, open_conversation):
    response = client.get(f"/api/samtaler/{open_conversation.slug}/resultater")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] is None
    assert data["computed_at"] is None
    for key in ("groups", "consensus_agree", "consensus_disagree", "bridging", "divisive"):
        assert data[key] == [], key
    page = client.get(reverse("deliberation:results", args=[open_conversation.slug]))
    assert page.status_code == 200


def test_results_are_the_results_the_page_shows(client, moderator, conversation, results_ready):
    # A statement rejected after the run disappears from the page and from the API alike.
    gone = conversation.statements.order_by("pk").last()
    services.statement_moderate(
        actor=moderator, statement=gone, accept=False, reason=Statement.Reason.OFF_TOPIC
    )
    data = client.get(f"/api/samtaler/{conversation.slug}/resultater").json()
    view = selectors.results_for(conversation)
    assert data["version"] == results_ready.version
    assert data["participants"] == results_ready.participant_count
    assert data["votes"] == results_ready.vote_count
    assert data["stale"] is False
    for key in ("consensus_agree", "consensus_disagree", "bridging", "divisive", "needs_votes"):
        assert [r["id"] for r in data[key]] == [r.id for r in getattr(view, key)], key
    assert data["bridging"], "the demo has bridging statements"
    for row in data["bridging"]:
        expected = view.statements[row["id"]]
        assert row["text"] == expected.text
        assert row["agree"] == expected.agree
        assert row["agree_lo"] <= row["agree_share"] <= row["agree_hi"]
        assert row["bridging"] == expected.bridging >= selectors.BRIDGING_MIN_SCORE
    assert all(r["spread"] is not None for r in data["divisive"])
    assert [(g["label"], g["size"]) for g in data["groups"]] == [
        (g.label, g.size) for g in view.groups
    ]
    assert [[s["id"] for s in g["statements"]] for g in data["groups"]] == [
        [s["tid"] for s in g.statements] for g in view.groups
    ]
    listed = [r["id"] for key in data if isinstance(data[key], list) for r in data[key]
              if "id" in r]  # fmt: skip
    assert listed
    assert gone.pk not in listed
    assert gone.text not in str(data)

    # Every statement text and every group in the JSON is on the page too.
    page = client.get(reverse("deliberation:results", args=[conversation.slug])).text
    for key in ("consensus_agree", "bridging", "divisive"):
        for row in data[key]:
            assert row["text"] in page
    for group in data["groups"]:
        assert f"Meningsgruppe {group['label']}: {group['size']} deltager" in page
        for rep in group["statements"]:
            assert rep["text"] in page


def test_no_json_names_a_person_a_party_or_a_role(
    client, moderator, conversation, crowd, politician
):
    lone = UserFactory(roles=[Role.POLITICIAN], name="Lone Liberal")
    PoliticianProfile.objects.create(
        user=lone,
        party=Party.objects.get(name="Liberal Alliance"),
        verified_at=moderator.date_joined,
    )
    crowd_vote(conversation, crowd)
    for statement in conversation.statements.filter(shown=True):
        services.vote_cast(actor=lone, statement=statement, value=-1)
    conversation_compute(conversation.pk)
    answers = [
        client.get(url)
        for url in (
            "/api/samtaler",
            f"/api/samtaler/{conversation.slug}",
            f"/api/samtaler/{conversation.slug}/resultater",
        )
    ]
    text = "".join(a.content.decode() for a in answers)
    strings: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            strings.update(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            strings.add(value)

    for answer in answers:
        walk(answer.json())
    people = [m.user for m in crowd] + [lone, moderator, politician]
    for user in people:
        assert user.email not in text
        assert user.name not in text
        assert str(user.public_id) not in text
    for party in Party.objects.all():
        assert party.name not in text
    # Role labels are ordinary words ("Frivillig" starts a statement): no value is a role.
    for role in Role:
        assert role.value not in strings
        assert str(role.label) not in strings
    assert not strings & {"party", "role", "weakest", "participant", "number", "email", "name"}


def test_the_results_page_still_names_large_roles_the_api_does_not(
    client, conversation, results_ready
):
    # The page names roles of five or more ("Who took part"); the API leaves all roles out.
    page = client.get(reverse("deliberation:results", args=[conversation.slug])).text
    assert str(Role.CITIZEN.label) in page
    data = client.get(f"/api/samtaler/{conversation.slug}/resultater").content.decode()
    assert str(Role.CITIZEN.label) not in data
    assert "weakest" not in data


@pytest.mark.parametrize(
    "slug",
    [
        "findes-ikke",
        "x" * 121,
        "x" * 5000,
        "<script>alert(1)<%2Fscript>",
        "%3Cb%3Efed%3C%2Fb%3E",
        "'%20OR%20'1'%3D'1",
        "a%00b",
        "%FF%FE",
        "%C3%A6ble",
    ],
)
@pytest.mark.parametrize("suffix", ["", "/resultater"])
def test_unknown_or_hostile_slugs_are_404(client, conversation, slug, suffix):
    response = client.get(f"/api/samtaler/{slug}{suffix}")
    assert response.status_code == 404


def test_a_page_past_the_end_is_empty(client, conversation):
    past = client.get("/api/samtaler", {"offset": 10_000})
    assert past.status_code == 200
    assert past.json() == {"items": [], "count": 1}


def test_queries_do_not_grow_with_the_number_of_statements(
    client, moderator, conversation, crowd, django_assert_max_num_queries
):
    crowd_vote(conversation, crowd[:6])
    conversation_compute(conversation.pk)

    def measure() -> list[int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = []
        for url in (
            "/api/samtaler",
            f"/api/samtaler/{conversation.slug}",
            f"/api/samtaler/{conversation.slug}/resultater",
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    before = measure()
    for i in range(30):
        _moderate(moderator, conversation, f"Endnu et godkendt udsagn nummer {i}.", accept=True)
    crowd_vote(conversation, crowd[:6])
    conversation_compute(conversation.pk)
    assert measure() == before
    for url, n in zip(
        ("/api/samtaler", f"/api/samtaler/{conversation.slug}"), before, strict=False
    ):
        with django_assert_max_num_queries(n):
            client.get(url)
    with django_assert_max_num_queries(4):
        client.get(f"/api/samtaler/{conversation.slug}/resultater")


def test_a_conversation_for_each_public_state_answers_alike(client, moderator, open_conversation):
    """There is no draft or hidden conversation: every conversation the pages show, the API
    shows; a deleted one answers 404 like one that never existed."""
    assert client.get(f"/api/samtaler/{open_conversation.slug}").status_code == 200
    slug = open_conversation.slug
    Conversation.objects.filter(pk=open_conversation.pk).delete()
    assert client.get(f"/api/samtaler/{slug}").status_code == 404
    assert client.get(f"/api/samtaler/{slug}/resultater").status_code == 404
    assert client.get(f"/samtaler/{slug}/").status_code == 404
