"""Pages and endpoints: access control, hostile input, routing, privacy."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from socius.core.roles import Role
from socius.deliberation import services
from socius.deliberation.demo import crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import Conversation, Statement, Vote
from socius.tests_support.factories import UserFactory

HOSTILE = [
    "<script>alert(1)</script> klubber er gode",
    "'; DROP TABLE deliberation_vote; --",
    'NEAR(klub* OR "x") AND -ensom',
    '=HYPERLINK("http://evil")',
]


def _mfa(client, user):
    client.force_login(user)
    session = client.session
    session["account_authenticated"] = True
    session.save()


@pytest.fixture
def results_ready(conversation, crowd):
    crowd_vote(conversation, crowd)
    return conversation_compute(conversation.pk)


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_reads_the_list_the_conversation_and_the_results(
    client, conversation, results_ready
):
    assert conversation.title in client.get(reverse("deliberation:conversation-list")).text
    page = client.get(conversation.get_absolute_url())
    assert page.status_code == 200
    assert "Log ind" in page.text
    results = client.get(reverse("deliberation:results", args=[conversation.slug]))
    assert results.status_code == 200
    assert "data:image/svg+xml;base64," in results.text
    assert "Meningsgruppe A" in results.text
    assert "Brobyggende udsagn" in results.text


@pytest.mark.django_db
def test_unknown_conversation_is_404(client):
    assert client.get("/samtaler/findes-ikke/").status_code == 404
    assert client.get("/samtaler/findes-ikke/resultater/").status_code == 404


# --- voting and routing ----------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_cannot_vote(client, conversation):
    statement = conversation.statements.first()
    response = client.post(
        reverse("deliberation:vote-cast", args=[conversation.slug]),
        {"statement": statement.pk, "value": 1},
    )
    assert response.status_code == 302
    assert "/konto/login/" in response.url
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_citizen_votes_changes_the_vote_and_the_last_counts(client, citizen, conversation):
    client.force_login(citizen)
    statement = conversation.statements.first()
    url = reverse("deliberation:vote-cast", args=[conversation.slug])
    client.post(url, {"statement": statement.pk, "value": 1})
    client.post(url, {"statement": statement.pk, "value": -1})
    vote = Vote.objects.get()
    assert vote.value == -1
    assert vote.participant.user == citizen


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"statement": "1 OR 1=1", "value": 1},
        {"statement": "", "value": 1},
        {"statement": "99999999999999999999", "value": 1},
        {"value": "2"},
        {"value": "<b>"},
        {"value": "1\x00"},
    ],
)
def test_hostile_votes_are_refused_and_nothing_is_stored(client, citizen, conversation, data):
    client.force_login(citizen)
    data = {"statement": conversation.statements.first().pk, **data}
    response = client.post(
        reverse("deliberation:vote-cast", args=[conversation.slug]), data, follow=True
    )
    assert response.status_code in (200, 404)
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_vote_on_another_conversations_statement_is_404(
    client, citizen, conversation, open_conversation
):
    client.force_login(citizen)
    other = open_conversation.statements.first()
    response = client.post(
        reverse("deliberation:vote-cast", args=[conversation.slug]),
        {"statement": other.pk, "value": 1},
    )
    assert response.status_code == 404
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_pending_statement_cannot_be_voted_on(client, citizen, conversation):
    pending = services.statement_add(
        actor=citizen, conversation=conversation, text="Gratis busser til unge om aftenen."
    )
    assert not pending.shown
    client.force_login(citizen)
    response = client.post(
        reverse("deliberation:vote-cast", args=[conversation.slug]),
        {"statement": pending.pk, "value": 1},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_closed_conversation_refuses_votes_with_a_message(
    client, citizen, moderator, conversation
):
    services.conversation_set_open(actor=moderator, conversation=conversation, is_open=False)
    client.force_login(citizen)
    response = client.post(
        reverse("deliberation:vote-cast", args=[conversation.slug]),
        {"statement": conversation.statements.first().pk, "value": 1},
        follow=True,
    )
    assert "Samtalen er lukket" in response.text
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_before_the_first_run_the_statement_with_fewest_votes_comes_first(
    citizen, conversation, crowd
):
    from socius.deliberation.selectors import statement_next_for

    first, second = list(conversation.statements.order_by("pk"))[:2]
    services.vote_cast(actor=crowd[0].user, statement=first, value=1)
    chosen = statement_next_for(conversation=conversation, user=citizen)
    assert chosen != first
    assert chosen == second


@pytest.mark.django_db
def test_routing_follows_the_engine_priority_not_the_order(citizen, conversation, crowd):
    from socius.deliberation.engine import priority_for_viewer
    from socius.deliberation.engine_bridge import cached_result
    from socius.deliberation.selectors import statement_next_for

    crowd_vote(conversation, crowd)
    run = conversation_compute(conversation.pk)
    chosen = statement_next_for(conversation=conversation, user=citizen)
    result = cached_result(run)
    pr = priority_for_viewer(result, 0)
    ranked = sorted(zip(result.state.matrix.statements, pr, strict=True), key=lambda x: -x[1])
    assert chosen.pk == ranked[0][0]
    assert chosen.pk != min(ranked)[0] or ranked[0][1] > ranked[1][1]


@pytest.mark.django_db
def test_routing_raises_statements_the_viewers_party_has_few_votes_on(
    conversation, crowd, politician, moderator
):
    """A Venstre politician is routed to where Venstre has voted least (the engine's boost)."""
    from socius.deliberation.selectors import _priorities, statement_next_for

    politician.politician_profile.verified_at = politician.politician_profile.created_at
    politician.politician_profile.save()
    crowd_vote(conversation, crowd)
    target = conversation.statements.order_by("pk")[3]
    Vote.objects.filter(
        statement=target, participant__user__politician_profile__party__name="Venstre"
    ).delete()
    services.vote_cast(actor=moderator, statement=target, value=1)  # a new revision forces a run
    run = conversation_compute(conversation.pk)
    citizen = crowd[-1].user
    for_politician = _priorities(run, None, politician)
    for_citizen = _priorities(run, None, citizen)
    ratio = {t: for_politician[t] / for_citizen[t] for t in for_citizen}
    assert max(ratio, key=ratio.get) == target.pk
    assert ratio[target.pk] > 1.2 * max(r for t, r in ratio.items() if t != target.pk)
    chosen = statement_next_for(conversation=conversation, user=politician)
    assert for_politician[chosen.pk] == max(for_politician.values())


# --- statements and moderation ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_markup_and_query_syntax_are_kept_as_text_and_escaped(
    client, citizen, open_conversation, text
):
    client.force_login(citizen)
    response = client.post(
        reverse("deliberation:statement-add", args=[open_conversation.slug]),
        {"text": text},
        follow=True,
    )
    assert response.status_code == 200
    statement = Statement.objects.get(text=text)
    assert statement.shown  # post-moderation
    page = (
        client.get(open_conversation.get_absolute_url()).text
        + client.get(reverse("deliberation:moderation", args=[open_conversation.slug])).text
    )
    assert "<script>alert(1)</script>" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 281, "højst 280 tegn"),
        ("kort", "mindst 5 tegn"),
        ("klubber\x00 er gode", "Null characters are not allowed"),
        ("klubber\x07 er gode for unge", "tegn, der ikke er tilladt"),
    ],
)
def test_bad_statements_get_a_clear_error_and_the_text_is_kept(
    client, citizen, open_conversation, text, message
):
    client.force_login(citizen)
    response = client.post(
        reverse("deliberation:statement-add", args=[open_conversation.slug]), {"text": text}
    )
    assert response.status_code == 400
    assert Statement.objects.filter(conversation=open_conversation).count() == 2
    assert message in response.text or "Null" in message


@pytest.mark.django_db
def test_a_duplicate_statement_is_refused(client, citizen, open_conversation):
    client.force_login(citizen)
    response = client.post(
        reverse("deliberation:statement-add", args=[open_conversation.slug]),
        {"text": "klubber skal være GRATIS."},
    )
    assert response.status_code == 400
    assert "allerede" in response.text


@pytest.mark.django_db
def test_pre_moderation_hides_until_accepted_and_rejection_needs_a_reason(
    client, citizen, moderator, conversation
):
    statement = services.statement_add(
        actor=citizen, conversation=conversation, text="Gratis busser til unge om aftenen."
    )
    assert not statement.shown
    _mfa(client, moderator)
    url = reverse("deliberation:statement-moderate", args=[conversation.slug, statement.pk])
    page = client.post(url, {f"s{statement.pk}-decision": "reject"}, follow=True)
    assert "Vælg grunden" in page.text
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PENDING
    client.post(
        url,
        {
            f"s{statement.pk}-decision": "reject",
            f"s{statement.pk}-reason": "<script>",
            f"s{statement.pk}-note": "",
        },
    )
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PENDING
    client.post(
        url,
        {
            f"s{statement.pk}-decision": "reject",
            f"s{statement.pk}-reason": "advertising",
            f"s{statement.pk}-note": "Reklame",
        },
    )
    statement.refresh_from_db()
    assert (statement.status, statement.reason, statement.shown) == (
        "rejected",
        "advertising",
        False,
    )
    client.post(url, {f"s{statement.pk}-decision": "accept"})
    statement.refresh_from_db()
    assert (statement.status, statement.shown) == ("accepted", True)


@pytest.mark.django_db
def test_participants_and_outsiders_cannot_moderate(client, citizen, outsider, conversation):
    statement = services.statement_add(
        actor=citizen, conversation=conversation, text="Gratis busser til unge om aftenen."
    )
    for user in (citizen, outsider):
        client.force_login(user)
        assert (
            client.get(reverse("deliberation:moderation", args=[conversation.slug])).status_code
            == 403
        )
        response = client.post(
            reverse("deliberation:statement-moderate", args=[conversation.slug, statement.pk]),
            {f"s{statement.pk}-decision": "accept"},
        )
        assert response.status_code == 403
        assert (
            client.post(
                reverse("deliberation:conversation-open-set", args=[conversation.slug]),
                {"open": "0"},
            ).status_code
            == 403
        )
        assert client.get(reverse("deliberation:conversation-create")).status_code == 403
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PENDING


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in_for_staff_pages(client, conversation):
    for url in (
        reverse("deliberation:moderation", args=[conversation.slug]),
        reverse("deliberation:conversation-create"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/konto/login/" in response.url


@pytest.mark.django_db
def test_a_statement_from_another_conversation_cannot_be_moderated_through_this_one(
    client, moderator, conversation, open_conversation
):
    _mfa(client, moderator)
    other = open_conversation.statements.first()
    response = client.post(
        reverse("deliberation:statement-moderate", args=[conversation.slug, other.pk]),
        {f"s{other.pk}-decision": "reject", f"s{other.pk}-reason": "hostile"},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_moderator_opens_a_conversation_with_links_and_first_statements(client, moderator):
    _mfa(client, moderator)
    from socius.core.models import Theme

    theme = Theme.objects.get(slug="faellesskaber-og-ensomhed")
    bad = client.post(
        reverse("deliberation:conversation-create"),
        {
            "theme": theme.pk,
            "title": "Unge og fritid",
            "question": "Hvad mangler unge i fritiden?",
            "moderation": "pre",
            "links": "Rapport javascript:alert(1)",
            "seed_statements": "",
        },
    )
    assert bad.status_code == 200
    assert not Conversation.objects.exists()
    response = client.post(
        reverse("deliberation:conversation-create"),
        {
            "theme": theme.pk,
            "title": "Unge og fritid",
            "question": "Hvad mangler unge i fritiden?",
            "moderation": "pre",
            "links": "Rapport om unge https://example.dk/rapport",
            "seed_statements": "Flere klubber.\nBilligere kontingent til sport.",
        },
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert conversation.statements.filter(shown=True).count() == 2
    assert conversation.background_links.get().url == "https://example.dk/rapport"


# --- privacy ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_page_or_export_puts_a_name_party_or_role_next_to_a_vote(
    client, conversation, crowd, results_ready
):
    politicians = [m.user for m in crowd if m.user.politician_profile_or_none] if False else []
    del politicians
    urls = [
        conversation.get_absolute_url(),
        reverse("deliberation:results", args=[conversation.slug]),
        reverse("deliberation:report", args=[conversation.slug]),
        reverse("deliberation:data-csv", args=[conversation.slug]),
    ]
    text = "".join(client.get(u).content.decode() for u in urls)
    for member in crowd:
        assert member.user.email not in text
        assert member.user.name not in text
    rows = list(
        csv.reader(
            io.StringIO(client.get(urls[-1]).content.decode().lstrip("\ufeff")), delimiter=";"
        )
    )
    assert rows[0][:6] == ["type", "statement_id", "participant", "value", "text", "status"]
    votes = [r for r in rows if r[0] == "vote"]
    groups = [r for r in rows if r[0] == "group"]
    assert groups
    assert {r[6] for r in groups} <= {"A", "B", "C", "D", "E"}
    assert all(r[2] == "" for r in groups)
    assert len(votes) == results_ready.vote_count
    for r in votes:
        assert r[2].isdigit()
        assert r[4] == ""
        assert r[5] == ""
    # The stored result holds no participant number next to a party, role or group.
    data = results_ready.data
    assert set(data["declared"]["party"]) == {"sizes", "seen"}
    assert all(len(p) == 3 and isinstance(p[2], str) for p in data["points"])


@pytest.mark.django_db
def test_small_parties_are_never_named_on_the_results_page(client, conversation, crowd, moderator):
    from socius.core.models import Party, PoliticianProfile

    lone = UserFactory(roles=[Role.POLITICIAN])
    PoliticianProfile.objects.create(
        user=lone,
        party=Party.objects.get(name="Liberal Alliance"),
        verified_at=moderator.date_joined,
    )
    crowd_vote(conversation, crowd)
    for statement in conversation.statements.filter(shown=True):
        services.vote_cast(actor=lone, statement=statement, value=-1)
    conversation_compute(conversation.pk)
    page = client.get(reverse("deliberation:results", args=[conversation.slug])).text
    assert "Liberal Alliance" not in page
    assert "Hvem var med" in page
    assert "Venstre" not in page  # four politicians: named only from five
