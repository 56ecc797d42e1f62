"""The services other modules call: guide and recommendation drafts, and the selector."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from socius.knowledge.models import GuidePage, KnowledgeIndexPage, RecommendationPage
from socius.knowledge.selectors import published_publications
from socius.knowledge.services import (
    guide_draft_create,
    plain_to_rich_text,
    recommendation_draft_create,
)
from socius.knowledge.tests.helpers import publish
from socius.tests_support.factories import theme

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _guide(editor, **kwargs):
    values = {
        "title": "Sådan finder I frivillige",
        "summary": "Spørg dem, I kender. Fortæl, hvad opgaven er.",
        "body": "Første afsnit.\n\nAndet afsnit.",
        "themes": [theme("hjemloeshed")],
        "created_by": editor,
    }
    values.update(kwargs)
    return guide_draft_create(**values)


def test_it_creates_an_unpublished_guide_draft_under_the_index(editor, client):
    page = _guide(editor, source_note="Fra rådgivningssag 12")

    assert isinstance(page, GuidePage)
    assert page.live is False
    assert page.get_parent().specific_class is KnowledgeIndexPage
    assert page.get_latest_revision().user == editor
    assert [t.slug for t in page.themes.all()] == ["hjemloeshed"]
    assert page.source_note == "Fra rådgivningssag 12"
    assert page.body == "<p>Første afsnit.</p><p>Andet afsnit.</p>"
    assert client.get(page.url).status_code == 404
    assert list(published_publications()) == []


def test_it_escapes_markup_in_every_text(editor, client):
    page = _guide(
        editor,
        title='<script>alert("x")</script> Guide',
        body='<img src=x onerror=alert(1)>\n\n<a href="javascript:alert(1)">klik</a>',
    )
    page = publish(page)

    html = client.get(page.url).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_plain_to_rich_text_keeps_lines_and_drops_nul():
    assert plain_to_rich_text("a\x00b\r\nc\n\n\n  \nd & e") == "<p>ab<br/>c</p><p>d &amp; e</p>"


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "x" * 256), ("title", "   "), ("summary", ""), ("summary", "y" * 3001)],
)
def test_it_refuses_bad_text_and_creates_nothing(editor, field, value):
    with pytest.raises(ValidationError):
        _guide(editor, **{field: value})
    assert not GuidePage.objects.exists()


def test_two_drafts_with_the_same_title_get_distinct_slugs(editor):
    first, second = _guide(editor), _guide(editor)
    assert first.slug != second.slug


def test_it_creates_a_recommendation_draft_with_evidence_and_attachment(editor, client):
    page = recommendation_draft_create(
        title="Giv flere adgang til fællesskaber",
        summary="Kommunen bør åbne flere lokaler. Det viser tre rapporter.",
        body="Baggrund.",
        themes=[theme("hjemloeshed")],
        created_by=editor,
        evidence=[("Rapport om ensomhed", "https://example.org/rapport"), ("Interview", "")],
        attachment_name="Bilag om lokaler",
        attachment_pdf=PDF,
    )

    assert isinstance(page, RecommendationPage)
    assert page.live is False
    assert [(e.label, e.url) for e in page.evidence.all()] == [
        ("Rapport om ensomhed", "https://example.org/rapport"),
        ("Interview", ""),
    ]
    assert page.attachment.file.read() == PDF
    assert page.attachment.file.name.endswith(".pdf")
    # The attachment of a draft is not public.
    assert client.get(page.attachment.url).status_code == 404
    page = publish(page)
    assert client.get(page.attachment.url).status_code == 200


@pytest.mark.parametrize(
    "kwargs",
    [
        {"attachment_pdf": b"<html>not a pdf</html>"},
        {"evidence": [("Ondt link", "javascript:alert(1)")]},
        {"evidence": [("Ikke et link", "ftp://example.org/x")]},
    ],
)
def test_it_refuses_a_bad_recommendation_and_creates_nothing(editor, kwargs):
    values = {
        "title": "Anbefaling",
        "summary": "Kort.",
        "body": "",
        "themes": [],
        "created_by": editor,
        "evidence": [],
    }
    values.update(kwargs)
    with pytest.raises(ValidationError):
        recommendation_draft_create(**values)
    assert not RecommendationPage.objects.exists()


def test_published_publications_filters_by_theme_and_kind(editor):
    guide = publish(_guide(editor))
    other = publish(
        _guide(editor, title="Anden guide", themes=[theme("faellesskaber-og-ensomhed")])
    )
    _guide(editor, title="Kladde")  # never published

    assert {p.pk for p in published_publications()} == {guide.pk, other.pk}
    assert [p.pk for p in published_publications(theme=theme("hjemloeshed"))] == [guide.pk]
    assert [p.pk for p in published_publications(theme="faellesskaber-og-ensomhed")] == [other.pk]
    assert list(published_publications(kind="report")) == []
    assert {p.pk for p in published_publications(kind="guide")} == {guide.pk, other.pk}


def test_personal_data_export_and_erasure(editor):
    from socius.core.personal_data import personal_data_erase, personal_data_export
    from socius.knowledge.models import PublicationAuthor

    page = _guide(editor)
    page.author_links.add(PublicationAuthor(user=editor))
    page.save()
    data = personal_data_export(editor)["knowledge"]
    assert data["authored_publications"][0]["title"] == "Sådan finder I frivillige"
    assert data["pages_created"] == ["Sådan finder I frivillige"]

    assert "knowledge" in personal_data_erase(editor)
    assert not PublicationAuthor.objects.filter(user=editor).exists()
