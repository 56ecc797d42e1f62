"""An advisor's answer becomes a guide draft with personal data removed."""

import pytest

from socius.advice import services
from socius.advice.redact import redact

pytestmark = pytest.mark.django_db


def test_redaction_removes_contact_details_cpr_and_known_names():
    text = (
        "Skriv til jens.hansen@example.dk eller ring 22 33 44 55 / +45 87654321. "
        "CPR 010190-1234. Jens Hansen fra Spisefællesskabet Gellerup siger, at Hansen har styr på det. "
        "Mødet er 12. maj 2027 kl. 10, og der kommer 25 personer."
    )
    out = redact(text, organisation_names=["Spisefællesskabet Gellerup"], people=["Jens Hansen"])
    for secret in (
        "jens.hansen@",
        "22 33 44 55",
        "87654321",
        "010190-1234",
        "Jens",
        "Hansen",
        "Spisefællesskabet",
    ):
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
    reply = services.message_send(
        actor=citizen, request=advice_request, body="Tak", as_advisor=False
    )
    client.force_login(advisor)
    base = f"/faellesskaber/raadgivning/koe/{advice_request.public_id}/vejledning/"
    assert client.get(f"{base}{reply.pk}/").status_code == 404
    assert client.get(f"{base}999999/").status_code == 404
    message = _answer(advisor, advice_request)
    for person in (citizen, other_contact):
        client.force_login(person)
        assert client.get(f"{base}{message.pk}/").status_code == 404
        assert client.post(f"{base}{message.pk}/", {"title": "x"}).status_code == 404


def test_the_edited_text_becomes_an_unpublished_guide_draft_for_the_editors(
    client, advisor, advice_request, editor
):
    from socius.core.models import AuditEntry, Theme
    from socius.knowledge.models import GuidePage

    message = _answer(advisor, advice_request)
    client.force_login(advisor)
    url = f"/faellesskaber/raadgivning/koe/{advice_request.public_id}/vejledning/{message.pk}/"
    response = client.post(
        url,
        {
            "title": "Sådan starter I en gå-gruppe",
            "summary": "Start med en fast dag og et fast sted.",
            "body": "Start med en fast dag og et fast sted.\n\nSpørg biblioteket om et lokale.",
            "themes": [Theme.objects.get(slug="aeldre").pk],
        },
    )
    assert response.status_code == 302
    guide = GuidePage.objects.get()
    assert guide.live is False
    assert guide.title == "Sådan starter I en gå-gruppe"
    assert "Spørg biblioteket om et lokale." in guide.body
    draft = guide.get_latest_revision_as_object()  # what the editors open in the CMS
    assert [t.slug for t in draft.themes.all()] == ["aeldre"]
    assert guide.owner == advisor
    assert "fællesskabsrådgivning" in guide.source_note
    message.refresh_from_db()
    assert message.guide_reference == str(guide.pk)
    assert AuditEntry.objects.filter(action="advice.message.guide_draft").count() == 1
    # The public cannot see the draft; the advisor's page says it went to the editors.
    client.logout()
    assert client.get(guide.url).status_code == 404
    client.force_login(advisor)
    page = client.get(f"/faellesskaber/raadgivning/koe/{advice_request.public_id}/").text
    assert "Sendt til redaktørerne som udkast til en vejledning" in page
    # The same answer cannot be sent twice.
    again = client.post(url, {"title": "Igen", "summary": "Igen", "body": "Igen"})
    assert again.status_code == 200
    assert GuidePage.objects.count() == 1


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
