"""The support pages and the box through the browser's door: visitors, politicians, editors,
forged and hostile POSTs, the fixed query count, and the open data."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from socius.council.models import Endorsement, EndorsementInvitation
from socius.tests_support.csv_rule import csv_rows_checked
from socius.tests_support.factories import UserFactory

from .endorsements_support import blocs_seed, politician_make, proposal_make, recommendation_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    blocs_seed()
    return recommendation_make()


def _urls(page):
    key = str(page.pk)
    return (
        reverse("council:endorsement-target", args=["recommendation", key]),
        reverse("council:endorsement-create", args=["recommendation", key]),
    )


def test_the_explanation_page_is_public(client):
    response = client.get("/byraad/opbakning/sadan-maales-det/")
    assert response.status_code == 200
    assert response.text.count("<h1") == 1
    assert "Shannon" in response.text


def test_a_politician_endorses_and_the_page_shows_party_measure_and_reason(client, page):
    target_url, create_url = _urls(page)
    lise = politician_make("Socialdemokratiet", name="Lise Hansen")
    client.force_login(lise)
    html = client.get(target_url).text
    assert "Støt for Socialdemokratiet" in html or "Endorse for Socialdemokratiet" in html
    response = client.post(create_url, {"endorse-reason": "Det virker.", "next": target_url})
    assert response.status_code == 302
    assert response["Location"] == target_url
    politician_make("Venstre")  # a politician of a second party, not yet endorsing
    html = client.get(target_url).text
    assert "Lise Hansen" in html
    assert "Det virker." in html
    assert lise.email not in html
    assert 'id="support-words"' in html
    # The chart comes with its table.
    assert "<table" in html
    assert "data:image/svg+xml" in html


def test_a_forged_post_for_someone_else_endorses_only_as_oneself(client, page):
    _target_url, create_url = _urls(page)
    other = politician_make("Venstre")
    citizen = UserFactory()
    client.force_login(citizen)
    response = client.post(
        create_url, {"endorse-reason": "Falsk", "politician": other.pk, "party": 1}
    )
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert (
        escape(gettext("Only politicians can endorse. State your party on your profile first."))
        in response.text
    )
    assert not Endorsement.objects.exists()
    lise = politician_make("Socialdemokratiet")
    client.force_login(lise)
    client.post(
        create_url,
        {
            "endorse-reason": "Ægte",
            "politician": other.pk,
            "party": other.politician_profile.party_id,
        },
    )
    endorsement = Endorsement.objects.get()
    assert endorsement.politician == lise
    assert endorsement.party.name == "Socialdemokratiet"


def test_hostile_reasons_are_shown_back_as_errors_and_nothing_is_kept(client, page):
    _target_url, create_url = _urls(page)
    client.force_login(politician_make())
    for reason in ["<script>alert(1)</script>", "x" * 501, "", "a\x00b"]:
        response = client.post(create_url, {"endorse-reason": reason})
        assert response.status_code == 200
        assert "error-summary" in response.text
        assert "<script>alert(1)</script>" not in response.text
    assert not Endorsement.objects.exists()


def test_visitors_get_a_login_hint_and_cannot_post(client, page):
    target_url, create_url = _urls(page)
    html = client.get(target_url).text
    assert "/konto/login/" in html or "account" in html
    assert 'name="endorse-reason"' not in html
    response = client.post(create_url, {"endorse-reason": "x"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(UserFactory())
    assert 'name="endorse-reason"' not in client.get(target_url).text


def test_unknown_draft_and_malformed_targets_are_404(client):
    draft = recommendation_make("Kladde", live=False)
    for kind, key in [("recommendation", draft.pk), ("recommendation", "123456789"), ("proposal", "x"),
                      ("proposal", proposal_make(state="draft").public_id), ("nothing", "1")]:  # fmt: skip
        assert (
            client.get(reverse("council:endorsement-target", args=[kind, key])).status_code == 404
        )
    client.force_login(politician_make())
    url = reverse("council:endorsement-create", args=["recommendation", draft.pk])
    assert client.post(url, {"endorse-reason": "x"}).status_code == 404


def test_withdraw_own_only(client, page):
    target_url, create_url = _urls(page)
    lise, jens = politician_make(), politician_make("Venstre")
    client.force_login(lise)
    client.post(create_url, {"endorse-reason": "Ja."})
    endorsement = Endorsement.objects.get()
    withdraw = reverse("council:endorsement-withdraw", args=[endorsement.public_id])
    client.force_login(jens)
    assert client.post(withdraw).status_code == 404
    client.force_login(lise)
    assert client.get(withdraw).status_code == 405
    response = client.post(withdraw, {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == target_url
    endorsement.refresh_from_db()
    assert endorsement.withdrawn_at is not None


def test_a_closed_proposal_shows_its_support_but_no_form(client):
    proposal = proposal_make(state="closed")
    client.force_login(politician_make())
    html = client.get(
        reverse("council:endorsement-target", args=["proposal", proposal.public_id])
    ).text
    assert 'name="endorse-reason"' not in html


def test_the_invite_page_is_for_editors(client, page, editor, citizen):
    url = reverse("council:endorsement-invite", args=["recommendation", page.pk])
    assert client.get(url).status_code == 302
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(editor)
    missing = reverse("council:endorsement-invite", args=["recommendation", "99999999"])
    assert client.get(missing).status_code == 404
    politician_make("Venstre")
    assert client.get(url).status_code == 200
    response = client.post(url, follow=True)
    assert EndorsementInvitation.objects.count() == 1
    assert "Venstre" in response.text
    response = client.post(url, follow=True)
    assert EndorsementInvitation.objects.count() == 1
    assert "7" in response.text


def _render_box(page, user):
    request = RequestFactory().get("/viden/x/")
    request.user = user
    template = Template('{% load council_support %}{% cross_party_support "recommendation" key %}')
    return template.render(Context({"request": request, "key": page.pk}))


def test_the_box_costs_the_same_queries_whatever_the_number_of_endorsements(page):
    viewer = politician_make("Moderaterne")
    _render_box(page, viewer)  # warm the chart and the site caches
    Endorsement.objects.create(target_kind="recommendation", target_key=str(page.pk),
                               politician=politician_make(), party=politician_make().politician_profile.party,
                               reason="En")  # fmt: skip
    with CaptureQueriesContext(connection) as one:
        _render_box(page, viewer)
    for name in [
        "Venstre",
        "SF – Socialistisk Folkeparti",
        "Radikale Venstre",
        "Venstre",
        "Moderaterne",
    ]:
        user = politician_make(name)
        Endorsement.objects.create(target_kind="recommendation", target_key=str(page.pk),
                                   politician=user, party=user.politician_profile.party, reason="Mere")  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        html = _render_box(page, viewer)
    assert len(many) == len(one)
    assert "Mere" in html


def test_the_box_is_empty_for_a_target_that_is_not_public():
    draft = recommendation_make("Kladde", live=False)
    assert _render_box(draft, UserFactory()).strip() == ""


def test_the_api_gives_parties_endorsements_and_the_measure_without_addresses(client, page):
    lise = politician_make("Socialdemokratiet", name="Lise Hansen")
    _target_url, create_url = _urls(page)
    client.force_login(lise)
    client.post(create_url, {"endorse-reason": "=SUM(A1)"})
    client.logout()
    response = client.get(f"/api/endorsements/recommendation/{page.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["measure"]["parties"] == 1
    assert data["measure"]["blocs_total"] == 3
    assert data["parties"] == [{"party": "Socialdemokratiet", "bloc": "red", "endorsements": 1}]
    assert data["endorsements"][0]["politician"] == "Lise Hansen"
    assert lise.email not in response.text
    csv = client.get(f"/api/endorsements/recommendation/{page.pk}/csv")
    rows = csv_rows_checked(csv)
    assert rows[0] == ["id", "politician", "party", "reason", "created_at", "counts"]
    assert rows[1][3] == "'=SUM(A1)"
    for path, status in [
        ("recommendation/99999999", 404),
        ("recommendation/" + "9" * 64, 404),
        ("proposal/abc", 404),
        ("council_item/1", 422),
        ("recommendation/%3Cscript%3E", 422),
        ("recommendation/" + "9" * 65, 422),
    ]:
        assert client.get(f"/api/endorsements/{path}").status_code == status
        assert client.get(f"/api/endorsements/{path}/csv").status_code == status
