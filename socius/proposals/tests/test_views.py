"""Pages, the API and hostile input."""

import csv
import io

import pytest
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.proposals.merkle import merkle_root, merkle_verify
from socius.proposals.models import Proposal
from socius.proposals.services.signing import (
    paper_signature_add,
    receipt_token,
    signature_add,
    tally_publish,
)
from socius.proposals.tests.conftest import adult, make_published
from socius.tests_support.csv_rule import csv_rows_checked
from socius.tests_support.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_list_filters_searches_and_sorts(
    client, published, proposer, case_handler, aarhus, django_assert_max_num_queries
):
    other = make_published(proposer, case_handler, aarhus, title="Gratis svømning for børn")
    signature_add(proposal=other, identity=adult("x"))
    url = reverse("proposals:proposal-list")
    with django_assert_max_num_queries(8):
        page = client.get(url, {"sort": "signed"})
    assert page.text.index("Gratis svømning") < page.text.index("Flere bænke")
    assert "Flere bænke" not in client.get(url, {"q": "svømning"}).text
    assert client.get(url, {"state": "closed"}).context["proposals"].count() == 0
    hostile = client.get(
        url, {"q": "' OR 1=1 -- \"<script>", "sort": "'; DROP", "state": "x" * 500}
    )
    assert hostile.status_code == 200


def test_drafts_are_hidden_from_others(client, proposer, aarhus, rules, citizen):
    from socius.proposals import services

    draft = services.proposal_create(
        actor=proposer, municipality=aarhus, title="Hemmelig kladde", text="Tekst."
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(citizen)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("proposals:proposal-edit", args=[draft.public_id])).status_code == 404
    assert (
        client.post(reverse("proposals:proposal-submit", args=[draft.public_id])).status_code == 404
    )
    client.force_login(proposer)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_draft_form_refuses_over_long_and_escapes_markup(client, proposer, aarhus, rules):
    client.force_login(proposer)
    url = reverse("proposals:proposal-create")
    response = client.post(url, {"municipality": aarhus.pk, "title": "x" * 141, "text": "Tekst."})
    assert response.status_code == 200
    assert "Højst 140 tegn" in response.text
    response = client.post(
        url, {"municipality": aarhus.pk, "title": "Null\x00tegn", "text": "Tekst."}
    )
    assert response.status_code == 200
    assert not Proposal.objects.exists()
    response = client.post(
        url,
        {
            "municipality": aarhus.pk,
            "title": "<script>alert(1)</script>",
            "text": "**fed** <b>x</b>",
        },
    )
    proposal = Proposal.objects.get()
    page = client.get(proposal.get_absolute_url())
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "<b>x</b>" not in page.text


def test_writing_help_counts_lix_personal_data_and_similar(client, published, aarhus):
    response = client.post(
        reverse("proposals:writing-help"),
        {
            "municipality": aarhus.pk,
            "title": "Flere bænke",
            "text": "Ring til 12 34 56 78 eller skriv til a@b.dk. CPR 010180-1234.",
            "remarks": "",
        },
    )
    assert "CPR-nummer" in response.text
    assert "e-mailadresse" in response.text
    assert "Læsbarhed (LIX)" in response.text
    assert "/ 140" in response.text


def test_open_data_has_no_signer_identities(client, published, case_handler):
    import datetime

    signature_add(proposal=published, identity=adult("open", name="Hemmelig Person"))
    paper_signature_add(
        actor=case_handler,
        proposal=published,
        name="Papir Person",
        address="Aarhus",
        birth_date=datetime.date(1980, 1, 1),
        lives_in_municipality=True,
    )
    data = client.get("/api/proposals").json()
    assert data[0]["signatures_online"] == 1
    assert data[0]["signatures_paper"] == 1
    text = client.get("/api/proposals").text + client.get("/api/proposals.csv").text
    assert "Hemmelig" not in text
    assert "Papir Person" not in text


def _proof(client, receipt):
    return client.post(
        "/api/proposals/receipts/proof", {"receipt": receipt}, content_type="application/json"
    )


def test_receipts_prove_inclusion_and_forged_ones_are_refused(client, published):
    import datetime

    results = [signature_add(proposal=published, identity=adult(f"r{i}")) for i in range(3)]
    tally, _created = tally_publish(proposal=published, day=datetime.date(2026, 11, 22))
    assert merkle_root(tally.leaf_list()) == tally.merkle_root
    proof = _proof(client, results[1].receipt).json()
    assert merkle_verify(
        proof["leaf"], proof["index"], proof["size"], proof["proof"], tally.merkle_root
    )
    leaves = client.get(f"/api/proposals/{published.public_id}/counts/2026-11-22/leaves").json()
    assert merkle_root(leaves) == tally.merkle_root
    page = client.post(reverse("proposals:receipt-check"), {"receipt": results[0].receipt})
    assert "Din underskrift er talt med." in page.text
    forged = client.post(
        reverse("proposals:receipt-check"), {"receipt": "deadbeef-00000000-00000000-00000000"}
    )
    assert "ikke med i nogen offentlig optælling" in forged.text
    assert _proof(client, "forged").status_code == 404
    # the receipt never goes in a URL: the old query form is not an address for it
    url = "/api/proposals/receipts/proof?receipt=" + results[1].receipt
    assert client.get(url).status_code == 405
    # a withdrawn signature leaves the next day's tree
    from socius.proposals.services.signing import signature_withdraw

    signature_withdraw(proposal=published, identity=adult("r0"))
    next_day, _created = tally_publish(proposal=published, day=datetime.date(2026, 11, 23))
    assert results[0].signature.receipt_hash not in next_day.leaf_list()
    assert len(next_day.leaf_list()) == 2
    assert receipt_token(results[1].signature) == results[1].receipt


def test_the_receipt_check_takes_the_receipt_only_in_a_post_body(client, published):
    import datetime

    from django.test import Client

    # given a counted signature and its receipt
    signed = signature_add(proposal=published, identity=adult("kvittering"))
    tally_publish(proposal=published, day=datetime.date(2026, 11, 22))
    url = reverse("proposals:receipt-check")
    # when an old link carries the receipt in its query string
    old_link = client.get(url, {"receipt": signed.receipt})
    # then nothing is looked up: it is sent on to the bare address, which shows the empty
    # form and a note, never the receipt, and is never cached
    assert old_link.status_code == 302
    assert old_link["Location"] == url
    assert "no-store" in old_link["Cache-Control"]
    empty = client.get(old_link["Location"])
    assert "tally" not in empty.context
    assert signed.receipt not in empty.text
    assert "Indsæt din kvittering" in empty.text
    assert 'method="post"' in empty.text
    assert "no-store" in empty["Cache-Control"]
    # a POST looks it up, and the answer is not cacheable either
    posted = client.post(url, {"receipt": signed.receipt.upper()})
    assert "Din underskrift er talt med." in posted.text
    assert posted.context["tally"].day == datetime.date(2026, 11, 22)
    assert "no-store" in posted["Cache-Control"]
    # the signing page offers the check as a form, never as a link with the receipt in it
    from django.template.loader import render_to_string

    sign_page = render_to_string(
        "proposals/proposal_sign.html",
        {"proposal": published, "signed": signed.signature, "receipt": signed.receipt},
    )
    assert "?receipt=" not in sign_page
    assert f'name="receipt" value="{signed.receipt}"' in sign_page
    # without the CSRF token the POST is refused
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"receipt": signed.receipt}).status_code == 403


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "' OR 1=1 --", "x" * 101, "1a2b3c4d", "g" * 32, "\x00"],
)
def test_the_receipt_check_answers_hostile_input_with_a_clear_error(client, hostile):
    response = client.post(reverse("proposals:receipt-check"), {"receipt": hostile})
    assert response.status_code == 200
    assert "tally" not in response.context
    assert response.context["form"].errors["receipt"]
    assert "<script>alert" not in response.text
    if hostile == "\x00":
        assert "Null-tegn" in response.text
    elif len(hostile) <= 100:
        assert "En kvittering er 32 tegn" in response.text


def test_staff_pages_deny_outsiders(client, citizen, published):
    client.force_login(citizen)
    # pages a citizen knows of but lacks the role for: 403
    for url in (reverse("proposals:staff-queue"), reverse("proposals:staff-settings")):
        assert client.get(url).status_code == 403
    # pages about one proposal, which may not be public yet: 404, as for a missing one
    for url in (
        reverse("proposals:staff-proposal", args=[published.public_id]),
        reverse("proposals:signer-export", args=[published.public_id]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("proposals:staff-action", args=[published.public_id, "paper"])
        ).status_code
        == 404
    )


def _staff_login(client, user):
    from socius.tests_support.factories import totp_code

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    code = totp_code()
    client.post(reverse("mfa_authenticate"), {"code": code})


def test_signer_export_is_audited_and_formula_safe(client, case_handler, published):
    import datetime

    paper_signature_add(
        actor=case_handler,
        proposal=published,
        name='=HYPERLINK("http://x")',
        address="+Aarhus",
        birth_date=datetime.date(1980, 1, 1),
        lives_in_municipality=True,
    )
    _staff_login(client, case_handler)
    response = client.get(reverse("proposals:signer-export", args=[published.public_id]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2].startswith("'=")
    assert rows[1][3].startswith("'+")
    assert csv_rows_checked(response) == rows
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="proposals.signers.export").count() == 1


def test_the_feed_lists_new_proposals(client, published):
    response = client.get(reverse("proposals:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Nyt forslag: Flere bænke i Riis Skov" in response.text


def test_a_page_in_english(client, published):
    client.cookies["django_language"] = "en"
    page = client.get(published.get_absolute_url())
    assert "Sign the proposal" in page.text
    assert "Open for signing" in page.text


def test_posts_without_a_csrf_token_are_refused(published, proposer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(proposer)
    assert strict.post(reverse("proposals:proposal-create"), {"title": "x"}).status_code == 403
    sign = reverse("proposals:proposal-sign", args=[published.public_id])
    assert strict.post(sign, {"action": "sign"}).status_code == 403


def test_invalid_utf8_and_garbage_in_queries_are_answered_calmly(client, published):
    list_url = reverse("proposals:proposal-list")
    assert client.get(list_url + "?q=%ff%fe%00&theme=%ff&sort=%00").status_code == 200
    assert client.get(reverse("proposals:receipt-check") + "?receipt=%ff%00").status_code == 302
    assert client.post(reverse("proposals:receipt-check"), {"receipt": "%ff"}).status_code == 200
    assert _proof(client, "x" * 500).status_code == 422
    assert _proof(client, "\x00\ud800").status_code == 422
    bad_json = client.post(
        "/api/proposals/receipts/proof", b"{receipt", content_type="application/json"
    )
    assert bad_json.json() == {"detail": "Cannot parse request body"}
    leaves = reverse("proposals:tally-leaves", args=[published.public_id, "2026-13-45"])
    assert client.get(leaves).status_code == 404
    assert client.get(reverse("proposals:oidc-callback") + "?state=%ff&code=%00").status_code == 400


def test_a_coproposer_link_of_someone_else_or_made_up_is_refused(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("proposals:coproposer-confirm", args=["made-up"])).status_code == 404


def test_settings_are_edited_by_the_administrator_and_audited(client, administrator, aarhus, rules):
    _staff_login(client, administrator)
    url = reverse("proposals:staff-settings") + "?kommune=751"
    assert client.get(url).status_code == 200
    data = {
        "threshold": "1500", "period_days": "180", "minimum_age": "15", "residents_only": "on",
        "coproposers_required": "3", "coproposer_days": "14", "title_max": "140", "text_max": "2000",
        "remarks_max": "10000", "council_months": "3", "secretariat_email": "<script>ikke en adresse",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200  # the bad e-mail address is refused with the form
    data["secretariat_email"] = "byraad@aarhus.dk"
    data["threshold"] = "0"
    assert client.post(url, data).status_code == 200
    data["threshold"] = "1200"
    assert client.post(url, data).status_code == 302
    rules.refresh_from_db()
    assert rules.threshold == 1200
    assert AuditEntry.objects.filter(action="proposals.settings").exists()


def test_a_list_reads_the_counts_with_the_proposals_not_one_query_each(
    published, proposer, case_handler, aarhus, django_assert_num_queries
):
    from socius.proposals.selectors import proposal_list_public

    for title in ("Gratis svømning for børn", "Længere åbent på biblioteket"):
        signature_add(
            proposal=make_published(proposer, case_handler, aarhus, title=title),
            identity=adult(title),
        )
    with django_assert_num_queries(1):
        counts = {p.title: p.signature_count for p in proposal_list_public()}
    assert counts["Gratis svømning for børn"] == 1
    assert len(counts) == 3
