import re
import uuid

import pytest
from django.core import mail as _mail  # noqa: F401
from django.db import connection
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.support.models import Supporter
from socius.support.tax import services
from socius.support.tax.models import Commitment, DonorIdentity
from socius.support.tax.tests.conftest import MARKER_CPR, book
from socius.tests_support.factories import UserFactory

FORMS = (MARKER_CPR, f"{MARKER_CPR[:6]}-{MARKER_CPR[6:]}")


def _leaks(text: str) -> bool:
    return any(form in text for form in FORMS)


def test_cpr_given_once_then_stored_and_deletable(client, donor_user):
    client.force_login(donor_user)
    r = client.post(
        reverse("support_tax:cpr-give"), {"cpr": MARKER_CPR, "consent": "on"}, follow=True
    )
    assert "Dit CPR-nummer er gemt" in r.content.decode() or DonorIdentity.objects.count() == 1
    page = client.get(reverse("support_tax:cpr-give")).content.decode()
    assert 'id="cpr-stored"' in page
    client.post(reverse("support_tax:cpr-delete"))
    assert not DonorIdentity.objects.exists()


@pytest.mark.parametrize(
    "bad", ["", "3102901234", "<script>alert(1)</script>", "1" * 500, "0101901236x"]
)
def test_bad_cpr_is_refused_and_not_echoed(client, donor_user, bad):
    client.force_login(donor_user)
    r = client.post(reverse("support_tax:cpr-give"), {"cpr": bad, "consent": "on"})
    assert r.status_code == 200
    assert not DonorIdentity.objects.exists()
    body = r.content.decode()
    assert "error" in body
    if bad:
        assert bad not in body


def test_commitment_outsider_gets_404(client, donor, donor_user):
    services.cpr_give(actor=donor_user, supporter=donor, cpr=MARKER_CPR)
    c = services.commitment_create(
        actor=donor_user, supporter=donor, yearly_amount_ore=120_000, accepted=True
    )
    client.force_login(UserFactory(email="anden@example.dk"))
    assert (
        client.get(reverse("support_tax:commitment-detail", args=[c.public_id])).status_code == 404
    )
    assert client.get(reverse("support_tax:commitment-pdf", args=[c.public_id])).status_code == 404
    assert (
        client.get(reverse("support_tax:commitment-detail", args=[uuid.uuid4()])).status_code == 404
    )


@pytest.mark.parametrize("amount", ["1.000,50", "-5", "1e9", "0,001", "", "<b>"])
def test_commitment_hostile_amounts(client, donor_user, amount):
    client.force_login(donor_user)
    r = client.post(
        reverse("support_tax:commitment-create"),
        {"yearly_amount": amount, "accept": "on", "cpr-cpr": MARKER_CPR, "cpr-consent": "on"},
    )
    if amount == "1.000,50":
        assert r.status_code == 302
        assert Commitment.objects.get().yearly_amount_ore == 100_050
    else:
        assert r.status_code == 200
        assert not Commitment.objects.exists()
        assert not _leaks(r.content.decode())


def test_commitment_needs_explicit_acceptance(client, donor_user):
    client.force_login(donor_user)
    r = client.post(
        reverse("support_tax:commitment-create"),
        {"yearly_amount": "1.200", "cpr-cpr": MARKER_CPR, "cpr-consent": "on"},
    )
    assert r.status_code == 200
    assert not Commitment.objects.exists()
    assert not DonorIdentity.objects.exists()  # nothing half-written


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_cpr_number_appears_nowhere(client, caplog, mailbox, settings, django_db_blocker):
    caplog.set_level("DEBUG")
    settings.SUPPORT_TAX_CVR = "12345678"
    from socius.core.roles import Role

    user = UserFactory(email="marker@example.dk")
    treasurer = UserFactory(roles=[Role.TREASURER], totp=True, email="k@example.dk")
    client.force_login(user)
    bodies = []
    # a wrong form first: the number must not come back
    bodies.append(client.post(reverse("support_tax:cpr-give"), {"cpr": MARKER_CPR}).content)
    bodies.append(
        client.post(
            reverse("support_tax:cpr-give"), {"cpr": MARKER_CPR, "consent": "on"}, follow=True
        ).content
    )
    supporter = Supporter.objects.get(user=user)
    book(supporter, 500_000)
    r = client.post(
        reverse("support_tax:commitment-create"),
        {"yearly_amount": "1.200", "accept": "on"},
        follow=True,
    )
    bodies.append(r.content)
    c = Commitment.objects.get()
    for name, args in [
        ("support_tax:deduction", []),
        ("support_tax:cpr-give", []),
        ("support_tax:commitment-create", []),
        ("support_tax:commitment-detail", [c.public_id]),
    ]:
        bodies.append(client.get(reverse(name, args=args)).content)
    bodies.append(client.get(reverse("support_tax:commitment-pdf", args=[c.public_id])).content)
    services.statements_send(actor=None, year=__import__("django").utils.timezone.localdate().year)
    client.force_login(treasurer)
    bodies.append(
        client.post(reverse("support_tax:report-build"), {"year": "2026"}, follow=True).content
    )
    bodies.append(client.get(reverse("support_tax:report-list")).content)
    for body in bodies:
        assert not _leaks(body.decode("latin-1"))
    assert len(mailbox.messages) >= 2
    for message in mailbox.messages:
        assert not _leaks(str(message))
    assert not _leaks(caplog.text)
    assert not _leaks(str(list(AuditEntry.objects.values())))
    # every table, the search index included
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            assert not _leaks(repr(cursor.fetchall())), table
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        if isinstance(name, str) and not name.startswith("file:") and ":memory:" not in name:
            with open(name, "rb") as fh:
                raw = fh.read()
            assert not any(f.encode() in raw for f in FORMS)
    assert re.fullmatch(r"v1:.+", DonorIdentity.objects.get().cpr_sealed)
