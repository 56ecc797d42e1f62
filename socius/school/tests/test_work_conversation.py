"""The class conversation: the teacher starts and moderates it, pupils vote and write through
the forum's services, and nobody outside the class can find it anywhere."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.core.models import Theme
from socius.core.roles import Role
from socius.deliberation import search
from socius.deliberation import selectors as deliberation_selectors
from socius.deliberation.models import Conversation, Statement, Vote
from socius.school.conversations import class_audience
from socius.school.models import ClassConversation
from socius.school.tests.school_support import class_make, pupil_make, teacher_make
from socius.school.tests.work_support import THEME, conversation_start
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(school_class, name="school:class-conversation", *extra):
    return reverse(name, args=[school_class.public_id, *extra])


@pytest.fixture
def school_class():
    return class_make(name="8.B")


@pytest.fixture
def pupil(school_class):
    return pupil_make(school_class, "Ræven")


def test_it_lets_the_teacher_start_a_closed_conversation(client, school_class):
    client.force_login(school_class.teacher)
    theme = Theme.objects.get(slug=THEME)
    response = client.post(
        _url(school_class),
        {
            "theme": theme.pk,
            "question": "Hvad skal byen gøre for unge?",
            "seed_statements": "Flere klubber.\nGratis bus om aftenen.\n",
        },
    )
    assert response.status_code == 302
    link = ClassConversation.objects.get(school_class=school_class)
    assert link.conversation.audience == class_audience(school_class)
    assert link.conversation.statements.filter(shown=True).count() == 2


def test_it_keeps_what_was_typed_and_saves_nothing_on_bad_input(client, school_class):
    client.force_login(school_class.teacher)
    response = client.post(
        _url(school_class),
        {"theme": "999999", "question": "x" * 301, "seed_statements": "<script>x</script>"},
    )
    assert response.status_code == 400
    assert not ClassConversation.objects.exists()
    assert not Conversation.objects.exists()
    assert b"<script>x</script>" not in response.content


def test_a_pupil_votes_writes_and_the_teacher_moderates(client, school_class, pupil):
    link = conversation_start(school_class)
    client.force_login(pupil.user)
    page = client.get(_url(school_class))
    assert page.status_code == 200
    statement = page.context["next_statement"]
    response = client.post(
        _url(school_class, "school:class-conversation-vote"),
        {"statement": statement.pk, "value": "1"},
    )
    assert response.status_code == 302
    assert Vote.objects.filter(statement=statement, value=1).count() == 1
    response = client.post(
        _url(school_class, "school:class-conversation-statement"),
        {"text": "Vi skal have en skatepark."},
    )
    assert response.status_code == 302
    written = Statement.objects.get(text="Vi skal have en skatepark.")
    assert written.status == Statement.Status.PENDING
    assert not written.shown
    client.force_login(school_class.teacher)
    page = client.get(_url(school_class))
    assert [s.pk for s, _form in page.context["queue"]] == [written.pk]
    response = client.post(
        _url(school_class, "school:class-conversation-moderate", written.pk),
        {f"s{written.pk}-decision": "accept"},
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == Statement.Status.ACCEPTED
    assert link.conversation.pk == written.conversation_id


def test_the_teacher_closes_and_opens_it(client, school_class, pupil):
    link = conversation_start(school_class)
    client.force_login(school_class.teacher)
    client.post(_url(school_class, "school:class-conversation-status"), {"open": "0"})
    link.conversation.refresh_from_db()
    assert not link.conversation.is_open
    client.force_login(pupil.user)
    statement = link.conversation.statements.first()
    client.post(
        _url(school_class, "school:class-conversation-vote"),
        {"statement": statement.pk, "value": "1"},
    )
    assert not Vote.objects.exists()


def test_results_are_explained_with_a_chart_and_its_table(client, school_class):
    link = conversation_start(school_class, seeds=2)
    pupils = [pupil_make(school_class, f"Elev {n}") for n in range(4)]
    from socius.deliberation import services as deliberation

    first, second = link.conversation.statements.order_by("pk")
    for n, p in enumerate(pupils):
        deliberation.vote_cast(actor=p.user, statement=first, value=1)
        deliberation.vote_cast(actor=p.user, statement=second, value=1 if n % 2 else -1)
    client.force_login(pupils[0].user)
    response = client.get(_url(school_class))
    results = response.context["results"]
    assert [t.text for t in results.most_agree] == [first.text]
    assert [t.text for t in results.divided] == [second.text]
    assert results.chart is not None
    assert len(results.chart.rows) == 2
    assert b"<table" in response.content


def test_outsiders_get_404_everywhere(client, school_class, pupil):
    link = conversation_start(school_class)
    statement = link.conversation.statements.first()
    other_class = class_make(name="9.A")
    outsiders = [
        pupil_make(other_class, "Ulven").user,
        other_class.teacher,
        teacher_make(verified=False),
        UserFactory(roles=[Role.EDITOR], totp=True),
        UserFactory(roles=[Role.ADMINISTRATOR], totp=True),
        UserFactory(),
    ]
    for user in outsiders:
        client.force_login(user)
        assert client.get(_url(school_class)).status_code == 404
        vote = client.post(
            _url(school_class, "school:class-conversation-vote"),
            {"statement": statement.pk, "value": "1"},
        )
        assert vote.status_code == 404
        written = client.post(
            _url(school_class, "school:class-conversation-statement"), {"text": "Hej med jer."}
        )
        assert written.status_code == 404
        assert (
            client.get(
                reverse("deliberation:conversation-detail", args=[link.conversation.slug])
            ).status_code
            == 404
        )
    assert not Vote.objects.exists()
    client.logout()
    assert client.get(_url(school_class)).status_code == 302  # to the login page


def test_a_pupil_cannot_start_or_moderate_and_forged_ids_are_refused(client, school_class, pupil):
    link = conversation_start(school_class)
    other = conversation_start(class_make(name="9.C"))
    foreign = other.conversation.statements.first()
    client.force_login(pupil.user)
    response = client.post(_url(school_class), {"theme": "1", "question": "Hvad synes I?"})
    assert response.status_code == 403
    own = link.conversation.statements.first()
    moderate = _url(school_class, "school:class-conversation-moderate", own.pk)
    assert client.post(moderate, {f"s{own.pk}-decision": "reject"}).status_code == 404
    forged = client.post(
        _url(school_class, "school:class-conversation-vote"),
        {"statement": foreign.pk, "value": "1"},
    )
    assert forged.status_code == 404
    wrong = client.post(
        _url(school_class, "school:class-conversation-vote"), {"statement": own.pk, "value": "7"}
    )
    assert wrong.status_code == 302
    long = client.post(
        _url(school_class, "school:class-conversation-statement"), {"text": "å" * 281}
    )
    assert long.status_code == 400
    assert not Vote.objects.exists()
    assert not Statement.objects.filter(status=Statement.Status.PENDING).exists()


def test_html_in_a_statement_is_shown_as_text(client, school_class, pupil):
    conversation_start(school_class)
    client.force_login(pupil.user)
    client.post(
        _url(school_class, "school:class-conversation-statement"),
        {"text": "<script>alert(1)</script> mere frikvarter"},
    )
    client.force_login(school_class.teacher)
    page = client.get(_url(school_class))
    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;" in page.content


def test_the_class_conversation_is_in_no_public_list_search_or_api(client, school_class, pupil):
    link = conversation_start(school_class)
    question = link.conversation.question
    assert link.conversation.pk not in {
        c.pk for c in deliberation_selectors.conversation_list_public()
    }
    assert link.conversation.pk not in {c.pk for c in search.conversation_queryset()}
    assert question not in client.get(reverse("deliberation:conversation-list")).content.decode()
    assert question not in client.get("/api/samtaler").content.decode()
    assert client.get(f"/api/samtaler/{link.conversation.slug}").status_code == 404
    assert question not in client.get(reverse("core:home")).content.decode()
    client.force_login(pupil.user)
    assert question not in client.get(reverse("deliberation:conversation-list")).content.decode()


def test_the_page_costs_the_same_queries_with_more_statements_and_votes(client, school_class):
    from socius.deliberation import services as deliberation

    link = conversation_start(school_class, seeds=3)
    pupils = [pupil_make(school_class, f"Elev {n}") for n in range(3)]
    client.force_login(pupils[0].user)
    client.get(_url(school_class))  # warm the chart cache and the session

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(school_class)).status_code == 200
        return len(queries)

    small = count()
    for n in range(6):
        deliberation.statement_add(
            actor=school_class.teacher, conversation=link.conversation, text=f"Nyt udsagn {n}."
        )
    for s in link.conversation.statements.all():
        deliberation.statement_moderate(actor=school_class.teacher, statement=s, accept=True)
        for p in pupils[1:]:
            deliberation.vote_cast(actor=p.user, statement=s, value=1)
    client.get(_url(school_class))
    assert count() <= small
    client.force_login(school_class.teacher)
    client.get(_url(school_class))
    with CaptureQueriesContext(connection) as queries:
        client.get(_url(school_class))
    assert len(queries) <= 20
