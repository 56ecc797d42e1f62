"""Writes of the knowledge hub that other modules call.

``guide_draft_create`` and ``recommendation_draft_create`` put a draft under the knowledge
index for editors to review and publish in Wagtail's admin; they never publish.
``minutes_publish`` publishes at once minutes that the calling module has had approved by a
second person (an event's minutes, socius/events/followup). Text comes in
plain (paragraphs separated by blank lines) and is escaped before it becomes rich text, so
nothing a caller passes can become markup on the public site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection

from socius.core.audit import audit_record
from socius.core.storage import media_full_refused
from socius.core.text import danish_slugify
from socius.core.validators import validate_upload_size
from socius.knowledge.audit import AUDIT_GUIDE_DRAFT_CREATED, AUDIT_RECOMMENDATION_DRAFT_CREATED
from socius.knowledge.models import (
    DebatePage,
    GuidePage,
    KnowledgeIndexPage,
    PublicationPage,
    RecommendationEvidence,
    RecommendationPage,
    ReportPage,
    atlas_indicators,
)
from socius.knowledge.setup import knowledge_index_ensure

if TYPE_CHECKING:
    from socius.accounts.models import User


_BLANK_LINE = re.compile(r"\n\s*\n")
_URL_PREFIXES = ("https://", "http://")


def plain_to_rich_text(text: str) -> str:
    """Plain text to Wagtail rich text: one ``<p>`` per paragraph, every character escaped,
    single line breaks kept as ``<br/>``."""
    text = (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in _BLANK_LINE.split(text) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )


def _unique_slug(parent: KnowledgeIndexPage, title: str) -> str:
    base = danish_slugify(title)[:60].strip("-") or "udgivelse"
    slug, n = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


def _draft_add(page: PublicationPage, *, themes: Iterable[Any], created_by: Any) -> None:
    """Validate ``page``, add it unpublished under the index and save its first revision."""
    index = knowledge_index_ensure()
    page.slug = _unique_slug(index, page.title)
    page.live = False
    page.owner = created_by
    page.full_clean(exclude=["path", "depth", "url_path", "numchild"])
    index.add_child(instance=page)
    page.themes.set(list(themes))
    page.save_revision(user=created_by, log_action=True)


@transaction.atomic
def guide_draft_create(
    *, title: str, summary: str, body: str, themes: Any, created_by: Any, source_note: str = ""
) -> GuidePage:
    """An unpublished guide draft under the knowledge index, for editors to review and publish.

    Raises ``ValidationError`` for a missing or over-long title or summary."""
    page = GuidePage(
        title=_clean_text(title),
        summary=_clean_text(summary),
        body=plain_to_rich_text(body),
        source_note=_clean_text(source_note)[:2000],
    )
    _draft_add(page, themes=themes, created_by=created_by)
    audit_record(actor=created_by, action=AUDIT_GUIDE_DRAFT_CREATED, target=page)
    return page


@transaction.atomic
def recommendation_draft_create(
    *,
    title: str,
    summary: str,
    body: str,
    themes: Any,
    created_by: Any,
    evidence: list[tuple[str, str]],
    attachment_name: str = "",
    attachment_pdf: bytes | None = None,
    publications: Sequence[int] = (),
    indicator_codes: Sequence[str] = (),
) -> RecommendationPage:
    """An unpublished policy recommendation citing ``evidence`` ((label, url) pairs); a PDF
    given as ``attachment_pdf`` is stored as a Wagtail document and attached.

    ``publications`` (ids of live publications on the hub) are cited as evidence too, and
    each, like each atlas indicator in ``indicator_codes``, is linked to the recommendation on
    the golden thread (the recommendation rests on it). An id or a code that names nothing
    public is refused with a ``ValidationError``."""
    cited = _publications_cited(publications)
    codes = _indicators_cited(indicator_codes)
    page = RecommendationPage(
        title=_clean_text(title), summary=_clean_text(summary), body=plain_to_rich_text(body)
    )
    for label, url in evidence:
        label, url = _clean_text(label), _clean_text(url)
        if url and not url.lower().startswith(_URL_PREFIXES):
            raise ValidationError(_("Give a web address starting with https://."))
        item = RecommendationEvidence(label=label[:300] or url[:300], url=url)
        item.full_clean(exclude=["page", "sort_order"])
        page.evidence.add(item)
    for publication in cited:
        page.evidence.add(
            RecommendationEvidence(label=publication.title[:300], publication=publication)
        )
    if attachment_pdf is not None:
        page.attachment = _pdf_store(
            name=_clean_text(attachment_name) or page.title, data=attachment_pdf, user=created_by
        )
    _draft_add(page, themes=themes, created_by=created_by)
    audit_record(actor=created_by, action=AUDIT_RECOMMENDATION_DRAFT_CREATED, target=page)
    _evidence_link(page, cited=cited, codes=codes, actor=created_by)
    return page


def _publications_cited(ids: Sequence[int]) -> list[PublicationPage]:
    """The live public publications ``ids`` (not recommendations), in the order given."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    found = {
        p.pk: p
        for p in PublicationPage.objects.live().public().filter(pk__in=wanted, expired=False)
        if p.kind != RecommendationPage.KIND
    }
    if len(found) != len(wanted):
        raise ValidationError(_("Only published publications on the hub can be cited."))
    return [found[i] for i in wanted]


def _indicators_cited(codes: Sequence[str]) -> list[str]:
    """The atlas's active indicators ``codes``, in the order given."""
    wanted = list(dict.fromkeys(str(c).strip().lower() for c in codes if str(c).strip()))
    if wanted and set(atlas_indicators(wanted)) != set(wanted):
        raise ValidationError(_("Only figures that are in the atlas can be cited."))
    return wanted


def _evidence_link(
    page: RecommendationPage, *, cited: list[PublicationPage], codes: list[str], actor: Any
) -> None:
    """Put the recommendation on the thread of the evidence it rests on."""
    if not cited and not codes:
        return
    from socius.core.thread_services import thread_link

    target = ("recommendation", str(page.pk))
    for publication in cited:
        thread_link(source=("publication", str(publication.pk)), target=target, actor=actor)
    for code in codes:
        thread_link(source=("indicator", code), target=target, actor=actor)


def _pdf_store(*, name: str, data: bytes, user: User) -> Any:
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("The attachment must be a PDF file."))
    file = ContentFile(data, name=(danish_slugify(name)[:60] or "bilag") + ".pdf")
    validate_upload_size(file)
    document_model = get_document_model()
    document = document_model(
        title=name[:255],
        file=file,
        uploaded_by_user=user,
        collection=Collection.get_first_root_node(),
    )
    document.full_clean()
    # A full disk refuses the draft with a message; the storage leaves no partial file.
    with media_full_refused("a knowledge hub document (PDF)"):
        document.save()
    return document


@transaction.atomic
def minutes_publish(
    *,
    title: str,
    summary: str,
    body: str,
    themes: Any,
    published_by: Any,
    source_url: str,
    source_label: str,
    debate: bool = False,
    starts_at: Any = None,
    location: str = "",
    video_url: str = "",
) -> PublicationPage:
    """Publish minutes another module has had approved by a second person (an event's
    minutes): a debate page when ``debate``, else a report page, live at once.

    The second-person review happened in the calling module, so the hub's editorial
    workflow is not started; Wagtail's page history records the publication. The text is
    plain and escaped like the drafts'; a last paragraph links back to ``source_url`` (a path
    on this site) with ``source_label``. Raises ``ValidationError`` for a missing or
    over-long title or summary, or a recording link that is not https."""
    source_url = _clean_text(source_url)
    if not source_url.startswith("/") or source_url.startswith("//"):
        raise ValidationError(_("The source must be a page on this site."))
    back = f'<p><a href="{escape(source_url)}">{escape(_clean_text(source_label))}</a></p>'
    fields: dict[str, Any] = {
        "title": _clean_text(title),
        "summary": _clean_text(summary),
        "body": plain_to_rich_text(body) + back,
    }
    page: PublicationPage
    if debate:
        page = DebatePage(
            **fields,
            starts_at=starts_at,
            location=_clean_text(location)[:200],
            video_url=_clean_text(video_url),
        )
    else:
        page = ReportPage(**fields)
    _draft_add(page, themes=themes, created_by=published_by)
    page.get_latest_revision().publish(user=published_by, skip_permission_checks=True)
    page.refresh_from_db()
    return page
