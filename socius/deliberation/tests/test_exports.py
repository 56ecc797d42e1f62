"""Report (HTML, PDF) and data (CSV) exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.deliberation import services
from socius.deliberation.demo import crowd_vote
from socius.deliberation.engine_bridge import conversation_compute
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
    client, citizen, conversation, open_conversation
):
    services.statement_add(
        actor=citizen, conversation=conversation, text='=HYPERLINK("http://x") skjult'
    )
    services.statement_add(
        actor=citizen, conversation=open_conversation, text='=HYPERLINK("http://x") vist'
    )
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
