"""An advisor's answer becomes a guide draft with personal data removed."""

import pytest

from socius.advice import services
from socius.advice.redact import redact
from socius.advice.services.requests import knowledge_available

pytestmark = pytest.mark.django_db


def test_redaction_removes_contact_details_cpr_and_known_names():
    text = (
        "Skriv til jens.hansen@example.dk eller ring 22 33 44 55 / +45 87654321. "
        "CPR 010190-1234. Jens Hansen fra Spisefællesskabet Gellerup siger, at Hansen har styr på det. "
        "Mødet er 12. maj 2027 kl. 10, og der kommer 25 personer."
    )
    out = redact(text, organisation_names=["Spisefællesskabet Gellerup"], people=["Jens Hansen"])
    for secret in ("jens.hansen@", "22 33 44 55", "87654321", "010190-1234", "Jens", "Hansen", "Spisefællesskabet"):
        assert secret not in out, secret
    assert "[e-mail]" in out
    assert "[telefon]" in out or "[phone]" in out
    # Ordinary numbers and dates stay.
    assert "12. maj 2027 kl. 10" in out
    assert "25 personer" in out


def test_short_or_empty_names_do_not_eat_the_text():
    assert redact("Vi er en god forening", organisation_names=[""], people=["", "Bo"]) == (
        "Vi er en god forening"
    )


def _answer(advisor, advice_request):
    asker = advice_request.created_by.name
    return services.message_send(
        actor=advisor,
        request=advice_request,
        body=(
            f"Kære {asker} og Spisefællesskabet Gellerup. Kontakt mig, {advisor.name}, på "
            "sara@kommune.dk. Start med en fast dag og et fast sted."
        ),
        as_advisor=True,
    )


def test_the_advisor_sees_the_redacted_text_to_edit(client, advisor, advice_request, citizen):
    message = _answer(advisor, advice_request)
    client.force_login(advisor)
    url = f"/faellesskaber/raadgivning/koe/{advice_request.public_id}/vejledning/{message.pk}/"
    page = client.get(url).text
    assert "Start med en fast dag og et fast sted." in page
    assert "sara@kommune.dk" not in page.split("<textarea", 1)[1]
    assert "[foreningen]" in page
    # The request's own description (with a phone number) is redacted in the summary too.
    assert "22 33 44 55" not in page
    form = page.split("<textarea", 1)[1].split("</form>", 1)[0]
    for name in (citizen.name, advisor.name, "Rådgiver"):
        assert name not in form, name
    assert "[navn]" in form


def test_only_advisor_answers_of_a_visible_request_can_become_guides(
    client, advisor, citizen, advice_request, other_contact
):
    reply = services.message_send(actor=citizen, request=advice_request, body="Tak", as_advisor=False)
    client.force_login(advisor)
    base = f"/faellesskaber/raadgivning/koe/{advice_request.public_id}/vejledning/"
    assert client.get(f"{base}{reply.pk}/").status_code == 404
    assert client.get(f"{base}999999/").status_code == 404
    message = _answer(advisor, advice_request)
    for person in (citizen, other_contact):
        client.force_login(person)
        assert client.get(f"{base}{message.pk}/").status_code == 404
        assert client.post(f"{base}{message.pk}/", {"title": "x"}).status_code == 404


@pytest.mark.skipif(knowledge_available(), reason="the knowledge base is installed")
def test_without_the_knowledge_base_the_draft_is_refused_clearly(client, advisor, advice_request):
    message = _answer(advisor, advice_request)
    client.force_login(advisor)
    url = f"/faellesskaber/raadgivning/koe/{advice_request.public_id}/vejledning/{message.pk}/"
    response = client.post(
        url, {"title": "Sådan starter I en gå-gruppe", "summary": "Kort", "body": "Tekst"}
    )
    assert response.status_code == 200
    assert "Videnbasen er ikke klar endnu." in response.text
    message.refresh_from_db()
    assert message.guide_reference == ""


def test_hostile_guide_input_gets_a_clear_error(client, advisor, advice_request):
    message = _answer(advisor, advice_request)
    client.force_login(advisor)
    url = f"/faellesskaber/raadgivning/koe/{advice_request.public_id}/vejledning/{message.pk}/"
    for data in (
        {"title": "x" * 201, "summary": "Kort", "body": "Tekst"},
        {"title": "Titel", "summary": "x" * 601, "body": "Tekst"},
        {"title": "Titel", "summary": "Kort", "body": "x" * 20001},
        {"title": "Titel", "summary": "Kort", "body": "a\x00b"},
        {"title": "", "summary": "", "body": ""},
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "form-error-message" in response.text
