"""From a solution proposal to a policy recommendation in the knowledge hub.

The knowledge hub owns recommendations; it takes a draft with evidence links and the
conversation report as a PDF attachment and returns an unpublished page for editors to review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from socius.deliberation import report, selectors
from socius.deliberation.models import SolutionProposal

if TYPE_CHECKING:
    from socius.accounts.models import User


def _absolute(path: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost:8000"
    return base.rstrip("/") + path


def recommendation_from_solution(*, actor: User, proposal: SolutionProposal) -> int:
    """Create the hub's draft recommendation and put it on the conversation's thread (the
    recommendation came from the conversation); returns its page id."""
    try:
        from socius.knowledge.services import recommendation_draft_create
    except ImportError as exc:
        raise ValidationError(_("The knowledge hub is not available on this platform.")) from exc
    conversation = proposal.conversation
    view = selectors.results_for(conversation)
    evidence = [
        (
            _("Conversation: %(title)s") % {"title": conversation.title},
            _absolute(reverse("deliberation:results", args=[conversation.slug])),
        ),
        (_("Solution proposal: %(title)s") % {"title": proposal.title},
         _absolute(proposal.get_absolute_url())),
    ]  # fmt: skip
    lines = [proposal.body, "", _("The proposal builds on these statements:")]
    for basis in proposal.basis.select_related("statement"):
        s = basis.support
        lines.append(
            "• " + basis.statement.text + " — "
            + _("%(agree)d of %(seen)d agree; bridging score %(score)s")
            % {"agree": s.get("agree", 0), "seen": s.get("seen", 0),
               "score": report.pct(s.get("bridging"))}
        )  # fmt: skip
    page = recommendation_draft_create(
        title=proposal.title,
        summary=proposal.summary,
        body="\n".join(lines),
        themes=[conversation.theme],
        created_by=actor,
        evidence=evidence,
        attachment_name=f"{conversation.slug}-rapport.pdf",
        attachment_pdf=report.report_pdf(conversation, view),
    )
    from socius.core.thread_services import thread_link

    thread_link(
        source=("conversation", conversation.slug),
        target=("recommendation", str(page.pk)),
        actor=actor,
        note=_("Solution proposal: %(title)s") % {"title": proposal.title},
    )
    return int(page.pk)
