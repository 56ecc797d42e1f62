"""Report (HTML, PDF) and data (CSV) exports."""

from __future__ import annotations

import functools

import pytest
from django.urls import reverse

from socius.deliberation import services
from socius.deliberation.demo import crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import Statement
from socius.tests_support.csv_rule import csv_rows_checked

pytestmark = pytest.mark.django_db


def test_the_report_is_html_and_a_danish_pdf(client, conversation, crowd):
    crowd_vote(conversation, crowd)
    conversation_compute(conversation.pk)
    html = client.get(reverse("deliberation:report", args=[conversation.slug]))
    assert html.status_code == 200
    assert "Enighed" in html.text
    pdf = client.get(reverse("deliberation:report-pdf", args=[conversation.slug]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_the_report_works_before_any_vote(client, conversation):
    assert client.get(
        reverse("deliberation:report-pdf", args=[conversation.slug])
    ).content.startswith(b"%PDF-")
    assert (
        "ingen resultater"
        in client.get(reverse("deliberation:results", args=[conversation.slug])).text.lower()
    )


def test_the_csv_neutralises_formulas_and_leaves_out_pending_statements(
    client, citizen, moderator, conversation, open_conversation
):
    services.statement_add(
        actor=citizen, conversation=conversation, text='=HYPERLINK("http://x") skjult'
    )
    formula = services.statement_add(
        actor=citizen, conversation=open_conversation, text='=HYPERLINK("http://x") vist'
    )
    services.statement_moderate(actor=moderator, statement=formula, accept=True)
    hidden = client.get(reverse("deliberation:data-csv", args=[conversation.slug])).content.decode()
    assert "skjult" not in hidden
    shown = client.get(
        reverse("deliberation:data-csv", args=[open_conversation.slug])
    ).content.decode()
    assert "'=HYPERLINK" in shown
    rows = csv_rows_checked(
        client.get(reverse("deliberation:data-csv", args=[open_conversation.slug]))
    )
    assert rows[0][:3] == ["type", "statement_id", "participant"]


def test_the_pdf_copes_with_characters_outside_its_font(client, moderator):
    from socius.core.models import Theme

    conversation = services.conversation_create(
        actor=moderator,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        title="Fritid 🙂 ✓ 中文 «citat»",
        question="Hvad skal der til 🙂 – og hvorfor?",
    )
    pdf = client.get(reverse("deliberation:report-pdf", args=[conversation.slug]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")


def _pdf_texts(client, monkeypatch, slug: str) -> str:
    """The text the report PDF is written from (the font subset hides it in the file itself)."""
    from fpdf import FPDF

    texts: list[str] = []
    write = FPDF.multi_cell

    def spy(self, *args, **kwargs):
        texts.append(str(kwargs.get("text", "")))
        return write(self, *args, **kwargs)

    monkeypatch.setattr(FPDF, "multi_cell", spy)
    response = client.get(reverse("deliberation:report-pdf", args=[slug]))
    assert response.content.startswith(b"%PDF-")
    return "\n".join(texts)


def test_the_exports_hold_accepted_statements_only(
    client, monkeypatch, citizen, moderator, open_conversation, crowd
):
    # given a statement awaiting moderation, one rejected for naming a person after the crowd
    # voted on it, and one rejected for hostility before anybody voted
    slug = open_conversation.slug
    add = functools.partial(services.statement_add, actor=citizen, conversation=open_conversation)
    pending = add(text="Afventer stadig en moderator.")
    personal = add(text="Lærer Hansen på Byskolen er doven.")
    hostile = add(text="Folk fra Østbyen er noget pak.")
    reject = functools.partial(services.statement_moderate, actor=moderator, accept=False)
    reject(statement=hostile, reason=Statement.Reason.HOSTILE)
    crowd_vote(open_conversation, crowd)
    reject(statement=personal, reason=Statement.Reason.PERSONAL)
    conversation_compute(open_conversation.pk)
    accepted = set(
        open_conversation.statements.filter(status=Statement.Status.ACCEPTED).values_list(
            "pk", flat=True
        )
    )
    # when the three exports are fetched
    rows = csv_rows_checked(client.get(reverse("deliberation:data-csv", args=[slug])))
    html = client.get(reverse("deliberation:report", args=[slug])).text
    pdf = _pdf_texts(client, monkeypatch, slug)
    # then none holds the text of a statement that is not accepted ...
    for export in ("\n".join(";".join(row) for row in rows), html, pdf):
        assert "Klubber skal være gratis." in export
        for statement in (pending, personal, hostile):
            assert statement.text not in export
    # ... and the CSV's votes and group totals are about accepted statements only
    assert {int(row[1]) for row in rows[1:]} == accepted
