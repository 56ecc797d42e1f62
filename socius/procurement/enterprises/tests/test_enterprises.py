"""Registering a social-economy enterprise, its five criteria with evidence, the 30 % rule
and the 12-month flag on the RSV claim; outsiders and hostile input."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socius.core.models import AuditEntry, Membership, Organisation
from socius.procurement.enterprises import services
from socius.procurement.enterprises.forms import parse_share
from socius.procurement.enterprises.models import CriterionAnswer, Offer, SocialEnterprise
from socius.tests_support.factories import OrganisationFactory, UserFactory

from .conftest import CVR_B, PDF, TODAY, enterprise_make, facts, pdf

pytestmark = pytest.mark.django_db


def _post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "organisation": "groen-vask",
        "rsv_status": "registered",
        "rsv_source": "https://datacvr.virk.dk/",
        "rsv_stated_on": "2026-01-10",
        "share": "30,0",
        "share_note": "Fleksjob",
        "share_evidence_url": "https://example.dk/andel.pdf",
        "capacity": "Ti medarbejdere.",
        "cpv_codes": "90910000-9\n77314000-4",
        "areas": ["751", "461"],
    }
    data.update(changes)
    return data


def test_a_contact_registers_the_organisation_and_it_is_in_the_catalogue(
    client, contact, organisation
):
    client.force_login(contact)
    page = client.get(reverse("procurement_enterprises:register")).content.decode()
    assert "Grøn Vask ApS" in page
    response = client.post(reverse("procurement_enterprises:register"), _post())
    assert response.status_code == 302
    enterprise = SocialEnterprise.objects.get(organisation=organisation)
    assert enterprise.share_tenths == 300
    assert enterprise.can_bid_reserved
    assert sorted(Offer.objects.values_list("cpv_code", flat=True)) == [
        "77314000-4",
        "90910000-9",
    ]
    assert sorted(enterprise.areas.values_list("code", flat=True)) == ["461", "751"]
    assert AuditEntry.objects.filter(
        action="procurement_enterprises.enterprise_register", actor_id=contact.pk
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "Can bid for reserved contracts" in detail


@pytest.mark.parametrize(
    ("typed", "tenths", "reserved"),
    [("30", 300, True), ("30,0", 300, True), ("30.0", 300, True), ("29,9", 299, False),
     ("100", 1000, True), ("0", 0, False), ("30,1 %", 301, True)],
)  # fmt: skip
def test_the_30_percent_rule_at_its_boundary(contact, organisation, typed, tenths, reserved):
    share = parse_share(typed)
    assert share == tenths
    enterprise = enterprise_make(organisation, contact, share_tenths=share)
    assert enterprise.can_bid_reserved is reserved
    assert SocialEnterprise.objects.can_bid_reserved().filter(pk=enterprise.pk).exists() is reserved


def test_without_evidence_the_share_does_not_qualify(contact, organisation):
    enterprise = enterprise_make(organisation, contact, share_tenths=500, evidence=False)
    assert not enterprise.can_bid_reserved
    assert not SocialEnterprise.objects.can_bid_reserved().exists()


@pytest.mark.parametrize(
    ("stated", "old"),
    [(datetime.date(2025, 6, 15), False), (datetime.date(2025, 6, 14), True),
     (datetime.date(2026, 6, 15), False), (None, True)],
)  # fmt: skip
def test_the_rsv_claim_is_flagged_when_older_than_12_months(stated, old):
    enterprise = SocialEnterprise(rsv_stated_on=stated)
    assert enterprise.rsv_claim_is_old(today=TODAY) is old


def test_the_old_claim_is_flagged_on_the_page_as_stated_by_the_enterprise(
    client, contact, organisation
):
    enterprise_make(organisation, contact, rsv_stated_on=datetime.date(2020, 1, 1))
    page = client.get(reverse("procurement_enterprises:enterprise-detail", args=["groen-vask"]))
    body = page.content.decode()
    assert "stated by the enterprise" in body
    assert "more than 12 months ago" in body


@pytest.mark.parametrize("cvr", ["", "12345678"])
def test_an_organisation_without_a_valid_cvr_cannot_register(contact, cvr):
    org = OrganisationFactory(name="Uden CVR", slug="uden-cvr", contact=contact)
    Organisation.objects.filter(pk=org.pk).update(cvr=cvr)  # a bad number from before the check
    org.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        enterprise_make(org, contact)
    assert "gyldige CVR-nummer" in str(exc.value)
    assert not SocialEnterprise.objects.exists()


def test_the_form_refuses_an_organisation_without_cvr(client, contact):
    OrganisationFactory(name="Uden CVR", slug="uden-cvr", contact=contact)
    client.force_login(contact)
    response = client.post(
        reverse("procurement_enterprises:register"), _post(organisation="uden-cvr")
    )
    assert response.status_code == 400
    # The page is in the person's own language; the form names the CVR number as the reason.
    assert "CVR" in " ".join(response.context["form"].errors["organisation"])
    assert not SocialEnterprise.objects.exists()


def test_a_second_registration_is_refused(contact, organisation):
    enterprise_make(organisation, contact)
    with pytest.raises(ValidationError):
        enterprise_make(organisation, contact)


def test_only_contacts_and_board_members_may_register(organisation):
    member = UserFactory()
    Membership.objects.create(organisation=organisation, user=member, role=Membership.Role.MEMBER)
    with pytest.raises(PermissionDenied):
        enterprise_make(organisation, member)
    board = UserFactory()
    Membership.objects.create(
        organisation=organisation, user=board, role=Membership.Role.BOARD_MEMBER
    )
    assert enterprise_make(organisation, board).pk


def test_another_persons_organisation_cannot_be_chosen(client, outsider, organisation):
    client.force_login(outsider)
    response = client.post(reverse("procurement_enterprises:register"), _post())
    assert response.status_code == 400
    assert not SocialEnterprise.objects.exists()


def test_register_needs_a_login(client):
    response = client.get(reverse("procurement_enterprises:register"))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("share", "5 mio.", "at most one decimal"),
        ("share", "-5", "at most one decimal"),
        ("share", "1e9", "at most one decimal"),
        ("share", "30,05", "at most one decimal"),
        ("share", "100,1", "more than 100"),
        ("share", "", "required"),
        ("share", "<script>alert(1)</script>", "at most 10 characters"),
        ("cpv_codes", "12345678-9", "CPV"),
        ("cpv_codes", "90910000-1", "check digit"),
        ("cpv_codes", "<b>x</b>", "CPV code"),
        ("capacity", "x" * 3001, "at most 3000"),
        ("rsv_stated_on", "2999-01-01", "future"),
        ("rsv_stated_on", "31-31-2026", "valid date"),
        ("share_evidence_url", "javascript:alert(1)", "https://"),
        ("areas", ["999"], "valid choice"),
        ("rsv_status", "proof", "valid choice"),
    ],
)
def test_hostile_input_is_refused_clearly_and_nothing_is_saved(
    client, contact, organisation, field, value, message
):
    client.force_login(contact)
    response = client.post(reverse("procurement_enterprises:register"), _post(**{field: value}))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert "<script>alert(1)</script>" not in body
    assert 'value="https://datacvr.virk.dk/"' in body  # what was typed is kept
    assert not SocialEnterprise.objects.exists()
    assert not Offer.objects.exists()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bevis.pdf", PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /JS (app.alert(1)) >>"),
         "scripts"),
        ("bevis.pdf", b"<html><script>alert(1)</script></html>", "does not match"),
        ("bevis.exe", b"MZ\x90\x00", "cannot be added"),
        ("bevis.docx", _zip_bomb(), "zip bomb"),
        ("bevis.pdf", b"", "empty"),
    ],
)  # fmt: skip
def test_dangerous_evidence_is_refused(client, contact, organisation, name, content, message):
    client.force_login(contact)
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("procurement_enterprises:register"), _post(share_evidence_file=upload)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SocialEnterprise.objects.exists()


def test_evidence_over_the_size_limit_is_refused(client, contact, organisation, settings):
    settings.MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024 + 1)
    # The request as a whole is refused before it is read (RequestSizeLimitMiddleware) ...
    client.force_login(contact)
    response = client.post(
        reverse("procurement_enterprises:register"),
        _post(share_evidence_file=SimpleUploadedFile("bevis.pdf", big)),
    )
    assert response.status_code == 413
    # ... and the service refuses the file on its own too.
    with pytest.raises(ValidationError) as exc:
        services.enterprise_register(
            actor=contact, organisation=organisation, facts=facts(), areas=[],
            cpv_codes=["90910000-9"], evidence=SimpleUploadedFile("bevis.pdf", big), today=TODAY,
        )  # fmt: skip
    assert "1 MB" in exc.value.message_dict["share_evidence_file"][0]
    assert not SocialEnterprise.objects.exists()


def test_a_criterion_is_answered_with_a_document_and_only_buyers_and_contacts_download_it(
    client, contact, organisation, buyer, outsider
):
    enterprise = enterprise_make(organisation, contact)
    url = reverse(
        "procurement_enterprises:enterprise-criterion", args=["groen-vask", "social_purpose"]
    )
    client.force_login(contact)
    response = client.post(url, {"answer": "Vi skaber job for udsatte.", "evidence_file": pdf()})
    assert response.status_code == 302
    answer = CriterionAnswer.objects.get(enterprise=enterprise)
    assert answer.has_evidence
    download = reverse(
        "procurement_enterprises:evidence-download", args=["groen-vask", "social_purpose"]
    )
    got = client.get(download)
    assert got.status_code == 200
    assert got["Content-Disposition"].startswith("attachment")
    assert got["X-Content-Type-Options"] == "nosniff"
    client.force_login(buyer)
    assert client.get(download).status_code == 200
    client.force_login(outsider)
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 404
    public = client.get(enterprise.get_absolute_url()).content.decode()
    assert "Vi skaber job for udsatte." in public
    assert download not in public


def test_a_criterion_needs_words_and_evidence(client, contact, organisation):
    enterprise_make(organisation, contact)
    url = reverse("procurement_enterprises:enterprise-criterion", args=["groen-vask", "governance"])
    client.force_login(contact)
    response = client.post(url, {"answer": "Medarbejderne sidder i bestyrelsen."})
    assert response.status_code == 400
    assert "document or a link" in response.content.decode()
    response = client.post(url, {"answer": "", "evidence_url": "https://example.dk/v"})
    assert response.status_code == 400
    assert not CriterionAnswer.objects.exists()


def test_outsiders_cannot_edit_and_an_unknown_criterion_is_404(
    client, contact, organisation, outsider
):
    enterprise_make(organisation, contact)
    client.force_login(outsider)
    for url in [
        reverse("procurement_enterprises:enterprise-edit", args=["groen-vask"]),
        reverse("procurement_enterprises:enterprise-criterion", args=["groen-vask", "governance"]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "x"}).status_code == 404
    client.force_login(contact)
    bad = reverse("procurement_enterprises:enterprise-criterion", args=["groen-vask", "nonsense"])
    assert client.get(bad).status_code == 404
    assert (
        client.get(
            reverse("procurement_enterprises:enterprise-detail", args=["findes-ikke"])
        ).status_code
        == 404
    )


def test_the_contact_edits_the_offer(client, contact, organisation):
    enterprise_make(organisation, contact)
    client.force_login(contact)
    url = reverse("procurement_enterprises:enterprise-edit", args=["groen-vask"])
    assert (
        'value="90910000-9"' in client.get(url).content.decode()
        or "90910000-9" in client.get(url).content.decode()
    )
    data = _post(cpv_codes="77314000-4", share="29,9")
    del data["organisation"]
    response = client.post(url, data)
    assert response.status_code == 302
    enterprise = SocialEnterprise.objects.get()
    assert list(enterprise.offers.values_list("cpv_code", flat=True)) == ["77314000-4"]
    assert not enterprise.can_bid_reserved
    assert AuditEntry.objects.filter(action="procurement_enterprises.enterprise_update").exists()


def test_services_refuse_outsiders(contact, organisation, outsider):
    enterprise = enterprise_make(organisation, contact)
    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            actor=outsider, enterprise=enterprise, facts=facts(), areas=[], cpv_codes=[]
        )
    with pytest.raises(PermissionDenied):
        services.criterion_answer_save(
            actor=outsider, enterprise=enterprise, criterion="governance", answer="x",
            evidence_url="https://example.dk",
        )  # fmt: skip


def test_a_second_organisation_of_the_contact_can_be_registered(contact, organisation):
    other = OrganisationFactory(name="Anden", slug="anden", cvr=CVR_B, contact=contact)
    enterprise_make(organisation, contact)
    assert enterprise_make(other, contact).organisation == other
