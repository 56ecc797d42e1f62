"""Uploading a bank statement: booking by reference, idempotency, hand matching, refusals."""

import io
import zipfile

import pytest
from django.urls import reverse

from socius.core.models import AuditEntry
from socius.support.payments.models import LedgerEntry, Payment
from socius.support.treasury.models import BankLine, BankStatement
from socius.support.treasury.tests.conftest import bank_payment, statement_bytes, upload

pytestmark = pytest.mark.django_db
S = BankLine.Status


def _lines(statement):
    return list(statement.lines.order_by("index"))


def test_it_books_credits_that_carry_a_reference_for_the_right_amount(treasurer_client, payments):
    response = upload(treasurer_client, statement_bytes())
    statement = BankStatement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("support_treasury:statement-detail", args=[statement.pk])
    anne, forening, per, fee = _lines(statement)
    assert (anne.status, anne.reference_found) == (S.MATCHED, "ST-7KQ4MX9A")  # free text
    assert (forening.status, forening.reference_found) == (S.MATCHED, "ST-HCT3N6WP")  # Strd
    assert (per.status, per.note) == (S.UNMATCHED, BankLine.Note.NO_REFERENCE)
    assert (fee.status, fee.note) == (S.IGNORED, BankLine.Note.DEBIT)
    entries = LedgerEntry.objects.order_by("amount_ore")
    assert [(e.payment, e.amount_ore, str(e.booked_on)) for e in entries] == [
        (payments["anne"], 25_000, "2026-11-03"),
        (payments["forening"], 30_000, "2026-11-10"),
    ]
    assert anne.ledger_entry == entries[0]
    assert (statement.line_count, statement.matched_count, statement.unmatched_count) == (4, 2, 1)
    payments["anne"].refresh_from_db()
    assert payments["anne"].status == Payment.Status.CAPTURED
    assert AuditEntry.objects.filter(action="treasury.statement.upload").count() == 1
    page = treasurer_client.get(response.url).text
    assert "Per Nielsen" in page
    assert "Book on this payment" in page
    assert "No payment reference found in the text." in page


def test_the_same_file_again_books_nothing_twice(treasurer_client, payments):
    upload(treasurer_client, statement_bytes())
    response = upload(treasurer_client, statement_bytes(), name="igen.xml")
    assert response.status_code == 400
    assert "uploaded before" in response.text
    assert BankStatement.objects.count() == 1
    assert LedgerEntry.objects.count() == 2


def test_an_overlapping_statement_books_the_same_bank_entry_once(treasurer_client, payments):
    upload(treasurer_client, statement_bytes())
    overlapping = statement_bytes().replace(b"2026-11-DK5000400440116243", b"2026-11-B")
    response = upload(treasurer_client, overlapping)
    assert response.status_code == 302
    assert LedgerEntry.objects.count() == 2
    second = BankStatement.objects.get(statement_id="2026-11-B")
    notes = {line.note for line in second.lines.filter(status=S.MATCHED)}
    assert notes == {BankLine.Note.ALREADY_BOOKED}


def test_a_wrong_amount_is_listed_with_the_reason(treasurer_client, db):
    bank_payment("ST-7KQ4MX9A", 20_000)
    upload(treasurer_client, statement_bytes())
    line = BankLine.objects.get(index=1)
    assert (line.status, line.note, line.expected_ore) == (
        S.UNMATCHED,
        BankLine.Note.AMOUNT_DIFFERS,
        20_000,
    )
    assert not LedgerEntry.objects.exists()
    page = treasurer_client.get(
        reverse("support_treasury:statement-detail", args=[line.statement_id])
    )
    assert "The payment is for 200 kr." in page.text


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("statement_malformed.xml", "not valid XML"),
        ("statement_bomb.xml", "document type"),
        ("statement_xxe.xml", "document type"),
    ],
)
def test_a_bad_file_books_nothing_and_says_why(treasurer_client, payments, name, says):
    response = upload(treasurer_client, statement_bytes(name))
    assert response.status_code == 400
    assert says in response.text
    assert not BankStatement.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_a_zip_bomb_is_refused(treasurer_client, payments):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("kontoudtog.xml", b"\0" * (50 * 1024 * 1024))
    response = upload(treasurer_client, buffer.getvalue(), name="kontoudtog.zip")
    assert response.status_code == 400
    assert "Unpack the statement" in response.text
    assert not BankStatement.objects.exists()


def test_a_huge_file_is_refused(treasurer_client, payments, settings):
    settings.MAX_UPLOAD_MB = 20
    data = statement_bytes().replace(b"<Stmt>", b"<Stmt>" + b" " * (6 * 1024 * 1024), 1)
    response = upload(treasurer_client, data)
    assert response.status_code == 400
    assert "too large" in response.text
    assert not LedgerEntry.objects.exists()


def test_a_failure_half_way_books_nothing(treasurer_client, payments, monkeypatch):
    from socius.support.treasury import services

    def fail(*args):
        raise RuntimeError("the counts could not be saved")

    monkeypatch.setattr(services, "_counts_update", fail)
    with pytest.raises(RuntimeError):
        upload(treasurer_client, statement_bytes())
    assert not LedgerEntry.objects.exists()
    assert not BankStatement.objects.exists()


def test_the_treasurer_matches_a_line_by_hand(treasurer_client, treasurer, payments):
    upload(treasurer_client, statement_bytes())
    line = BankLine.objects.get(index=3)
    response = treasurer_client.post(
        reverse("support_treasury:line-match", args=[line.pk]),
        {f"line-{line.pk}-match-reference": " st-d4gr 7jve "},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.note, line.matched_by) == (
        S.MATCHED,
        BankLine.Note.BY_HAND,
        treasurer,
    )
    assert line.ledger_entry.payment == payments["per"]
    assert line.statement.unmatched_count == 0
    assert AuditEntry.objects.filter(action="treasury.line.match").count() == 1
    # A second post cannot book it again.
    again = treasurer_client.post(
        reverse("support_treasury:line-match", args=[line.pk]),
        {f"line-{line.pk}-match-reference": "ST-D4GR7JVE"},
    )
    assert again.status_code == 400
    assert LedgerEntry.objects.filter(payment=payments["per"]).count() == 1


@pytest.mark.parametrize(
    ("reference", "says"),
    [
        ("", "This field is required."),
        ("ST-NOPE0000", "No bank-transfer payment has this reference."),
        ("<script>alert(1)</script>", "No bank-transfer payment has this reference."),
        ("x" * 41, "at most 40 characters"),
    ],
)
def test_a_hand_match_with_a_bad_reference_says_why(treasurer_client, payments, reference, says):
    upload(treasurer_client, statement_bytes())
    line = BankLine.objects.get(index=3)
    response = treasurer_client.post(
        reverse("support_treasury:line-match", args=[line.pk]),
        {f"line-{line.pk}-match-reference": reference},
    )
    assert response.status_code == 400
    assert says in response.text
    assert "<script>alert(1)</script>" not in response.text
    line.refresh_from_db()
    assert line.status == S.UNMATCHED


def test_the_treasurer_ignores_a_line_with_a_reason(treasurer_client, payments):
    upload(treasurer_client, statement_bytes())
    line = BankLine.objects.get(index=3)
    url = reverse("support_treasury:line-ignore", args=[line.pk])
    empty = treasurer_client.post(url, {f"line-{line.pk}-ignore-reason": "   "})
    assert empty.status_code == 400
    response = treasurer_client.post(url, {f"line-{line.pk}-ignore-reason": "Egen overførsel"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.reason) == (S.IGNORED, "Egen overførsel")


def test_a_debit_or_a_booked_line_cannot_be_matched(treasurer_client, payments):
    upload(treasurer_client, statement_bytes())
    for line in BankLine.objects.exclude(index=3):
        response = treasurer_client.post(
            reverse("support_treasury:line-match", args=[line.pk]),
            {f"line-{line.pk}-match-reference": "ST-D4GR7JVE"},
        )
        assert response.status_code == 400
    assert LedgerEntry.objects.count() == 2


@pytest.mark.parametrize("who", ["anonymous", "outsider", "board"])
def test_others_may_not(client, outsider, board_member, payments, who):
    if who != "anonymous":
        client.force_login(outsider if who == "outsider" else board_member)
    from django.core.files.uploadedfile import SimpleUploadedFile

    urls = [
        ("get", reverse("support_treasury:statement-upload"), {}),
        ("post", reverse("support_treasury:statement-upload"),
         {"file": SimpleUploadedFile("a.xml", statement_bytes())}),
        ("get", reverse("support_treasury:statement-detail", args=[999]), {}),
        ("post", reverse("support_treasury:line-match", args=[999]), {}),
        ("post", reverse("support_treasury:line-ignore", args=[999]), {}),
    ]  # fmt: skip
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == (302 if who == "anonymous" else 403), url
    assert not BankStatement.objects.exists()


def test_a_missing_statement_or_line_is_404_for_the_treasurer(treasurer_client):
    assert (
        treasurer_client.get(reverse("support_treasury:statement-detail", args=[999])).status_code
        == 404
    )
    assert (
        treasurer_client.post(reverse("support_treasury:line-match", args=[999])).status_code == 404
    )


def test_the_statement_list_has_a_fixed_number_of_queries(treasurer_client, payments):
    from socius.tests_support.pages import query_count

    url = reverse("support_treasury:statement-upload")
    upload(treasurer_client, statement_bytes())
    few = query_count(treasurer_client, url)
    upload(treasurer_client, statement_bytes().replace(b"2026-11-DK", b"2026-12-DK"))
    assert query_count(treasurer_client, url) == few


def test_payers_names_go_after_the_bookkeeping_years(treasurer_client, payments):
    import datetime

    from django.core.management import call_command

    from socius.support.treasury.services import bank_lines_prune

    upload(treasurer_client, statement_bytes())  # period ends 2026-11-30
    assert bank_lines_prune(today=datetime.date(2031, 12, 31)) == 0  # 2026 is kept to 2031
    assert BankLine.objects.filter(debtor_name="Per Nielsen").exists()
    assert bank_lines_prune(today=datetime.date(2032, 1, 1)) == 1
    line = BankLine.objects.get(index=1)
    assert (line.debtor_name, line.remittance, line.amount_ore) == ("", "", 25_000)
    assert line.ledger_entry is not None
    call_command("treasury_prune")  # nothing left to do
    assert BankStatement.objects.get().pruned_at is not None
