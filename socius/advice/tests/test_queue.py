"""Advisors work the queue: assignment, messages both ways, notes, closing, all audited."""

import pytest
from django.test import Client

from socius.advice import services
from socius.advice.models import AdviceRequest
from socius.core.audit import audit_verify
from socius.core.models import AuditEntry

pytestmark = pytest.mark.django_db

QUEUE = "/faellesskaber/raadgivning/koe/"


def _staff_url(advice):
    return f"{QUEUE}{advice.public_id}/"


@pytest.mark.parametrize("who", ["citizen", "outsider", "editor", "other_contact"])
def test_the_queue_and_its_pages_are_for_advisors_only(client, request, who, advice_request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(QUEUE).status_code == 403
    assert client.get(_staff_url(advice_request)).status_code == 404
    assert client.post(_staff_url(advice_request) + "tag/", {}).status_code == 404
    assert client.get("/faellesskaber/raadgivning/overblik/").status_code == 403
    assert client.get("/faellesskaber/raadgivning/overblik.csv").status_code == 403
    advice_request.refresh_from_db()
    assert advice_request.assigned_to is None


def test_anonymous_visitors_are_sent_to_log_in(client, advice_request):
    for url in (QUEUE, _staff_url(advice_request), "/faellesskaber/raadgivning/overblik/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]


def test_an_advisor_takes_a_request_and_gives_another_to_a_colleague(
    client, advisor, colleague, advice_request, citizen, mailbox, django_capture_on_commit_callbacks
):
    client.force_login(advisor)
    assert advice_request.title in client.get(QUEUE).text
    client.post(_staff_url(advice_request) + "tag/", {})
    advice_request.refresh_from_db()
    assert advice_request.assigned_to == advisor
    assert advice_request.state == "in_progress"
    assert advice_request.title in client.get(QUEUE, {"assigned": "me"}).text
    assert advice_request.title not in client.get(QUEUE, {"assigned": "none"}).text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_staff_url(advice_request) + "tildel/", {"assign-advisor": colleague.pk})
    advice_request.refresh_from_db()
    assert advice_request.assigned_to == colleague
    assert [m["to"] for m in mailbox.messages] == [colleague.email]
    assert "Du har fået en henvendelse" in mailbox.messages[0]["subject"]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("advice.request.assign") == 2
    assert "advice.request.start" in actions


def test_a_request_cannot_be_given_to_someone_who_is_not_an_advisor(
    client, advisor, citizen, advice_request
):
    client.force_login(advisor)
    response = client.post(_staff_url(advice_request) + "tildel/", {"assign-advisor": citizen.pk})
    assert response.status_code == 200
    assert "form-error-message" in response.text
    advice_request.refresh_from_db()
    assert advice_request.assigned_to is None
    with pytest.raises(Exception, match="rådgivere|advisors"):
        services.request_assign(actor=advisor, request=advice_request, advisor=citizen)


def test_messages_go_both_ways_with_e_mail_and_notes_stay_internal(
    client, advisor, citizen, advice_request, mailbox, django_capture_on_commit_callbacks
):
    # The advisor answers: the first answer is recorded, the organisation is told.
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _staff_url(advice_request) + "svar/",
            {"message-body": "Prøv at spørge på biblioteket om lokaler."},
        )
        client.post(
            _staff_url(advice_request) + "note/",
            {"note-body": "HEMMELIG NOTE: formanden virker presset."},
        )
    advice_request.refresh_from_db()
    assert advice_request.state == "awaiting_organisation"
    assert advice_request.first_response_at is not None
    assert advice_request.assigned_to == advisor
    assert [m["to"] for m in mailbox.messages] == [citizen.email]
    assert "En rådgiver har svaret" in mailbox.messages[0]["subject"]
    assert "HEMMELIG" not in mailbox.body_of(mailbox.messages[0])
    staff_page = client.get(_staff_url(advice_request)).text
    assert "HEMMELIG NOTE" in staff_page

    # The organisation reads the answer, never the note, and replies.
    mailbox.clear()
    client.force_login(citizen)
    page = client.get(advice_request.get_absolute_url()).text
    assert "Prøv at spørge på biblioteket" in page
    assert "HEMMELIG" not in page
    assert "Intern" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(advice_request.get_absolute_url(), {"body": "Tak! Det prøver vi."})
    advice_request.refresh_from_db()
    assert advice_request.state == "in_progress"
    assert [m["to"] for m in mailbox.messages] == [advisor.email]
    assert "Foreningen har svaret" in mailbox.messages[0]["subject"]
    assert all(isinstance(x, int) for x in audit_verify())
    assert AuditEntry.objects.filter(action="advice.note.add").count() == 1


def test_notes_are_not_in_the_organisations_data_or_api(client, citizen, advisor, advice_request):
    services.note_add(actor=advisor, request=advice_request, body="Kun for rådgivere")
    client.force_login(citizen)
    assert "Kun for rådgivere" not in client.get(advice_request.get_absolute_url()).text
    assert "Kun for rådgivere" not in client.get("/faellesskaber/raadgivning/").text
    with pytest.raises(Exception):  # noqa: B017, PT011  (PermissionDenied)
        services.note_add(actor=citizen, request=advice_request, body="Jeg er ikke rådgiver")


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("message", "message-body", "x" * 5001),
        ("message", "message-body", "   "),
        ("message", "message-body", "a\x00b"),
        ("note", "note-body", "x" * 5001),
        ("close", "close-outcome", "world-peace"),
        ("close", "close-people_reached", "-3"),
        ("assign", "assign-advisor", "999999"),
    ],
)
def test_hostile_staff_input_gets_a_clear_error(
    client, advisor, advice_request, action, field, value
):
    client.force_login(advisor)
    data = {"close-outcome": "created", field: value}
    segment = {"message": "svar", "note": "note", "close": "luk", "assign": "tildel"}[action]
    response = client.post(_staff_url(advice_request) + segment + "/", data)
    assert response.status_code == 200
    assert "form-error-message" in response.text
    advice_request.refresh_from_db()
    assert advice_request.state == "new"
    assert not advice_request.messages.exists()
    assert not advice_request.notes.exists()


def test_markup_in_messages_is_escaped(client, advisor, citizen, advice_request):
    client.force_login(advisor)
    client.post(
        _staff_url(advice_request) + "svar/",
        {"message-body": '<img src=x onerror="alert(1)">'},
    )
    client.force_login(citizen)
    page = client.get(advice_request.get_absolute_url()).text
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


def test_staff_forms_need_csrf(advisor, advice_request):
    client = Client(enforce_csrf_checks=True)
    client.force_login(advisor)
    response = client.post(_staff_url(advice_request) + "tag/", {})
    assert response.status_code == 403
    advice_request.refresh_from_db()
    assert advice_request.assigned_to is None


def test_closing_records_the_outcome_and_schedules_the_follow_up(
    client, advisor, citizen, advice_request, mailbox, django_capture_on_commit_callbacks
):
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _staff_url(advice_request) + "luk/",
            {
                "close-outcome": "created",
                "close-people_reached": "14",
                "close-what_helped": "Et lokale på biblioteket og en opslagstavle.",
            },
        )
    advice_request.refresh_from_db()
    assert advice_request.state == "closed"
    assert advice_request.outcome == "created"
    assert advice_request.people_reached == 14
    assert advice_request.follow_up_due is not None
    assert (advice_request.follow_up_due - advice_request.closed_at.date()).days in range(89, 93)
    assert any("lukket" in m["subject"] for m in mailbox.messages)

    # A closed request takes no more messages, until it is opened again.
    client.force_login(citizen)
    response = client.post(advice_request.get_absolute_url(), {"body": "Hallo?"})
    assert "Henvendelsen er lukket" in response.text
    client.force_login(advisor)
    client.post(_staff_url(advice_request) + "genaabn/", {})
    advice_request.refresh_from_db()
    assert advice_request.state == "in_progress"
    assert advice_request.follow_up_due is None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"advice.request.close", "advice.request.reopen"} <= actions


def test_the_queue_filters_by_state_theme_kind_of_help_and_deadline(
    client, advisor, advice_request, citizen, association
):
    from socius.core.models import Theme

    other = services.request_submit(
        actor=citizen,
        organisation=association,
        title="Vi søger penge til en sommerlejr",
        wants=["funding"],
        themes=[Theme.objects.get(slug="boern-og-unge")],
        target_group="Børn",
        size="small",
        description="Vi har brug for penge.",
    )
    AdviceRequest.objects.filter(pk=other.pk).update(response_due="2020-01-02")
    client.force_login(advisor)
    page = client.get(QUEUE).text
    assert page.index(other.title) < page.index(advice_request.title)  # most urgent first
    assert "Over fristen" in page
    assert other.title not in client.get(QUEUE, {"theme": "aeldre"}).text
    assert advice_request.title not in client.get(QUEUE, {"want": "funding"}).text
    assert other.title in client.get(QUEUE, {"want": "funding"}).text
    flagged = client.get(QUEUE, {"flag": "overdue"}).text
    assert other.title in flagged
    assert advice_request.title not in flagged
    assert advice_request.title not in client.get(QUEUE, {"state": "closed"}).text
    hostile = client.get(QUEUE, {"state": "<script>", "theme": "' OR 1=1", "want": "x" * 5000})
    assert hostile.status_code == 200


def test_the_queue_does_not_grow_its_query_count_with_requests(
    client, advisor, citizen, association, django_assert_max_num_queries
):
    for n in range(6):
        services.request_submit(
            actor=citizen,
            organisation=association,
            title=f"Henvendelse {n}",
            wants=["start"],
            themes=[],
            target_group="Alle",
            size="small",
            description="Tekst",
        )
    client.force_login(advisor)
    with django_assert_max_num_queries(15):
        assert client.get(QUEUE).status_code == 200


def test_the_queue_is_paged_and_keeps_its_filters(
    client, advisor, citizen, association, monkeypatch
):
    from socius.advice.views import advisors as views_advisors

    monkeypatch.setattr(views_advisors, "QUEUE_PAGE_SIZE", 2)
    for n in range(5):
        services.request_submit(
            actor=citizen,
            organisation=association,
            title=f"Henvendelse nummer {n}",
            wants=["start"],
            themes=[],
            target_group="Alle",
            size="small",
            description="Tekst",
        )
    client.force_login(advisor)
    first = client.get(QUEUE, {"want": "start"}).text
    assert "5 henvendelser" in first
    assert "Side 1 af 3" in first
    assert first.count("Henvendelse nummer") == 2
    assert "?want=start&amp;side=2" in first  # the next page keeps the filter
    last = client.get(QUEUE, {"want": "start", "side": "3"}).text
    assert last.count("Henvendelse nummer") == 1
    shown = {
        t
        for page in ("1", "2", "3")
        for t in range(5)
        if f"Henvendelse nummer {t}<" in client.get(QUEUE, {"want": "start", "side": page}).text
    }
    assert shown == set(range(5))
    # A page number out of range or not a number shows a page, never an error.
    for side in ("99", "x", "-1", "<script>"):
        assert client.get(QUEUE, {"side": side}).status_code == 200


def test_mail_is_in_the_recipients_language(
    advisor, colleague, advice_request, mailbox, django_capture_on_commit_callbacks
):
    colleague.language = "en"
    colleague.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.request_assign(actor=advisor, request=advice_request, advisor=colleague)
    (message,) = mailbox.messages
    assert message["subject"] == f"You have been given a request: {advice_request.title}"
    assert "/faellesskaber/raadgivning/koe/" in mailbox.body_of(message)
