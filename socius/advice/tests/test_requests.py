"""An organisation asks for advice: the two-step form, its guide suggestions and hostile input."""

import pytest

from socius.advice.models import AdviceRequest, Community
from socius.advice.services import community_create
from socius.core.audit import audit_verify
from socius.core.models import AuditEntry, Municipality, Theme

from .conftest import request_form

pytestmark = pytest.mark.django_db


_STEP_URLS = {"check": "forslag/", "edit": "ret/", "submit": "send/"}


def _post(client, data, action):
    """Each button of the two-step form posts to a URL of its own."""
    return client.post(f"/faellesskaber/raadgivning/ny/{_STEP_URLS[action]}", data)


@pytest.fixture
def walking_group(citizen, association, django_capture_on_commit_callbacks):
    # A community with the same words: public, but not a guide, so never suggested.
    with django_capture_on_commit_callbacks(execute=True):
        return community_create(
            actor=citizen,
            organisation=association,
            themes=[Theme.objects.get(slug="aeldre")],
            title="Gå-gruppe for ældre",
            description="Vi går en tur hver tirsdag og drikker kaffe bagefter.",
            audience="Ældre",
            when="Tirsdag kl. 10",
            municipality=Municipality.objects.get(code="751"),
        )


@pytest.fixture
def guide(editor, django_capture_on_commit_callbacks):
    """A published guide; the search index is written by a task once the transaction commits."""
    from socius.knowledge.services import guide_draft_create
    from socius.knowledge.tests.helpers import publish

    with django_capture_on_commit_callbacks(execute=True):
        page = guide_draft_create(
            title="Sådan starter I en gå-gruppe",
            summary="En gå-gruppe er let at starte. Her er de første skridt.",
            body="Find en fast dag. Find et sted at mødes. Sig det til biblioteket.",
            themes=[Theme.objects.get(slug="aeldre")],
            created_by=editor,
        )
        return publish(page)


def test_the_organisation_sees_suggestions_first_and_loses_nothing_on_the_way(
    client,
    citizen,
    association,
    guide,
    walking_group,
    mailbox,
    advisor,
    django_capture_on_commit_callbacks,
):
    client.force_login(citizen)
    data = request_form(association)

    # Step 1 → step 2: suggestions, nothing stored yet.
    response = _post(client, data, "check")
    assert response.status_code == 200
    assert "Disse vejledninger kan måske hjælpe" in response.text
    assert "Sådan <mark>starter</mark> I en gå-gruppe" in response.text
    assert guide.url in response.text
    assert walking_group.get_absolute_url() not in response.text  # guides only
    assert not AdviceRequest.objects.exists()
    for value in (data["title"], data["target_group"], data["description"]):
        assert f'value="{value}"' in response.text

    # Back to edit: everything is still filled in.
    response = _post(client, data, "edit")
    assert data["description"] in response.text
    assert 'value="start" checked' in response.text or "checked" in response.text

    # Submit anyway.
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, data, "submit")
    advice = AdviceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == advice.get_absolute_url()
    assert advice.wants == ["start", "volunteers"]
    assert advice.state == "new"
    assert list(advice.themes.values_list("slug", flat=True)) == ["aeldre"]
    assert advice.created_by == citizen
    assert AuditEntry.objects.filter(action="advice.request.submit").count() == 1
    assert all(isinstance(x, int) for x in audit_verify())
    subjects = sorted(m["subject"] for m in mailbox.messages)
    assert any("Vi har modtaget din henvendelse" in s for s in subjects)
    assert any("Ny henvendelse om fællesskabsrådgivning" in s for s in subjects)
    recipients = {m["to"] for m in mailbox.messages}
    assert {citizen.email, advisor.email} <= recipients


def test_no_suggestions_still_lets_the_organisation_send(client, citizen, association):
    client.force_login(citizen)
    data = request_form(association, title="Qwertyzx", themes=[])
    response = _post(client, data, "check")
    assert "Vi fandt ingen vejledninger" in response.text
    _post(client, data, "submit")
    assert AdviceRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "x" * 161),
        ("target_group", "x" * 201),
        ("description", "x" * 5001),
        ("description", "Hej\x00med"),
        ("wants", ["nothing-real"]),
        ("wants", []),
        ("size", "gigantic"),
        ("title", ""),
    ],
)
def test_hostile_input_gets_a_clear_error_and_nothing_is_lost(
    client, citizen, association, field, value
):
    client.force_login(citizen)
    data = request_form(association, **{field: value})
    for action in ("check", "submit"):
        response = _post(client, data, action)
        assert response.status_code == 200
        assert "form-error-message" in response.text
        assert data["target_group" if field != "target_group" else "title"] in response.text
    assert not AdviceRequest.objects.exists()


def test_markup_and_search_syntax_are_escaped_and_harmless(client, citizen, association):
    client.force_login(citizen)
    hostile = '<script>alert(1)</script> NEAR( "fæl* OR 1=1; DROP TABLE advice_advicerequest --'
    data = request_form(association, title=hostile[:160], description=hostile)
    response = _post(client, data, "check")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text
    _post(client, data, "submit")
    advice = AdviceRequest.objects.get()
    page = client.get(advice.get_absolute_url())
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_an_organisation_cannot_ask_on_behalf_of_another(
    client, citizen, association, other_association
):
    client.force_login(citizen)
    response = _post(client, request_form(other_association), "submit")
    assert response.status_code == 200
    assert "form-error-message" in response.text
    assert not AdviceRequest.objects.exists()


def test_people_without_an_organisation_are_sent_to_register_one(client, outsider):
    client.force_login(outsider)
    response = client.get("/faellesskaber/raadgivning/ny/")
    assert response.status_code == 302
    # ... and brought back here afterwards.
    assert response["Location"] == "/organisationer/ny/?next=%2Ffaellesskaber%2Fraadgivning%2Fny%2F"


def test_each_step_has_its_own_url_and_takes_only_post(client, citizen, association):
    client.force_login(citizen)
    data = request_form(association)
    # The first page only shows the form; a POST to it (the old single URL) changes nothing.
    assert (
        client.post("/faellesskaber/raadgivning/ny/", {**data, "action": "submit"}).status_code
        == 405
    )
    for step in _STEP_URLS.values():
        assert client.get(f"/faellesskaber/raadgivning/ny/{step}").status_code == 405
    # Step 1 posts to the suggestions; on step 2 the send button posts to its own URL and the
    # edit button overrides it with its own, so the flow works without scripts.
    page = client.get("/faellesskaber/raadgivning/ny/").text
    assert 'action="/faellesskaber/raadgivning/ny/forslag/"' in page
    page = _post(client, data, "check").text
    assert 'action="/faellesskaber/raadgivning/ny/send/"' in page
    assert 'formaction="/faellesskaber/raadgivning/ny/ret/"' in page
    assert 'name="action"' not in page
    assert not AdviceRequest.objects.exists()


@pytest.mark.parametrize("step", list(_STEP_URLS))
def test_people_without_an_organisation_cannot_use_any_step(client, outsider, association, step):
    client.force_login(outsider)
    response = _post(client, request_form(association), step)
    assert response.status_code == 302
    assert response["Location"].startswith("/organisationer/ny/")
    assert not AdviceRequest.objects.exists()


@pytest.mark.parametrize("step", list(_STEP_URLS))
def test_anonymous_visitors_cannot_use_any_step(client, association, step):
    response = _post(client, request_form(association), step)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert not AdviceRequest.objects.exists()


def test_anonymous_visitors_must_log_in(client):
    response = client.get("/faellesskaber/raadgivning/ny/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert client.get("/faellesskaber/raadgivning/").status_code == 200


def test_csrf_is_required(citizen, association):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = _post(client, request_form(association), "submit")
    assert response.status_code == 403
    assert not AdviceRequest.objects.exists()


def test_another_organisation_cannot_see_or_answer_or_withdraw_a_request(
    client, advice_request, other_contact, outsider
):
    for person in (other_contact, outsider):
        client.force_login(person)
        url = advice_request.get_absolute_url()
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Hej"}).status_code == 404
        assert client.post(url + "tilbagetraek/").status_code == 404
    advice_request.refresh_from_db()
    assert advice_request.state == "new"
    assert not advice_request.messages.exists()


def test_the_organisation_lists_its_requests_and_withdraws_one(client, citizen, advice_request):
    client.force_login(citizen)
    assert advice_request.title in client.get("/faellesskaber/raadgivning/").text
    client.post(advice_request.get_absolute_url() + "tilbagetraek/")
    advice_request.refresh_from_db()
    assert advice_request.state == "withdrawn"
    assert AuditEntry.objects.filter(action="advice.request.withdraw").exists()


def test_communities_still_work_next_to_the_advice_service(client, walking_group):
    assert Community.objects.count() == 1
    assert "Gå-gruppe for ældre" in client.get("/faellesskaber/").text


@pytest.mark.parametrize("body", ["x" * 5001, "   ", "a\x00b"])
def test_hostile_messages_from_the_organisation_get_a_clear_error(
    client, citizen, advice_request, body
):
    client.force_login(citizen)
    response = client.post(advice_request.get_absolute_url(), {"body": body})
    assert response.status_code == 200
    assert "form-error-message" in response.text
    assert not advice_request.messages.exists()
