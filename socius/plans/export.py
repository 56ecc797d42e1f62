"""The whole plan for its owner: JSON (GDPR art. 20, data portability) and PDF (art. 15, the
right of access).

Everything the plan holds is opened here: the title and life domains, every goal (open and
closed) with its steps (proposed and declined included), ratings by the citizen and by
professionals, comments, notes, appointments, documents (their files in the JSON, base64),
the shares with their purpose and status, and the access log. Left out: the plan's internal
keys, the random id of its de-identified outcome record and the MitID binding (they are not
about the person, and the outcome id must not travel with the plan).

Threat model: only the owner calls this (views_account checks a strong session and the
owner); the file is built in memory and sent once, never stored or logged.
"""

from __future__ import annotations

import base64
import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socius.core.dates import date_text
from socius.core.pdf import FONT_FAMILY, pdf_document
from socius.plans import crypto
from socius.plans.models import (
    Access,
    Comment,
    Document,
    Domain,
    DomainRating,
    Entry,
    Goal,
    GoalRating,
    Part,
    Plan,
    Share,
    Step,
)

FORMAT = "socius-plan"
VERSION = 1
INTERNAL_META = {"outcome_id", "strong_identity"}


def _open(plan: Plan, kind: str, sealed: Any) -> dict[str, Any]:
    try:
        return crypto.unseal(plan, kind, sealed)
    except crypto.SealedValueError:
        return {}


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _name(user: Any) -> str:
    return user.display_name if user is not None else ""


def _rating(plan: Plan, kind: str, rating: GoalRating | DomainRating) -> dict[str, Any]:
    return {
        "rater": rating.rater,
        "rated_by": _name(rating.rated_by),
        "rated_on": _iso(rating.rated_on),
        **_open(plan, kind, rating.sealed),
    }


def _comment(plan: Plan, comment: Comment) -> dict[str, Any]:
    return {
        "author": _name(comment.author),
        "at": _iso(comment.created_at),
        "share": str(comment.share.public_id) if comment.share else None,
        **_open(plan, "comment", comment.sealed),
    }


def plan_export_data(plan: Plan, *, with_files: bool = True) -> dict[str, Any]:
    """The whole plan as JSON-ready values (see the module's docstring)."""
    meta = {k: v for k, v in _open(plan, "plan", plan.sealed).items() if k not in INTERNAL_META}
    goals = list(Goal.objects.filter(plan=plan).order_by("position", "created_at"))
    steps: dict[int, list[Step]] = {}
    for step in Step.objects.filter(goal__plan=plan).select_related("organisation", "proposed_by"):
        steps.setdefault(step.goal_id, []).append(step)
    ratings: dict[int, list[GoalRating]] = {}
    for rating in GoalRating.objects.filter(goal__plan=plan).select_related("rated_by"):
        ratings.setdefault(rating.goal_id, []).append(rating)
    comments = list(
        Comment.objects.filter(plan=plan).select_related("author", "share").order_by("created_at")
    )
    goal_ids = {g.pk: str(g.public_id) for g in goals}
    out_goals = []
    for goal in goals:
        out_goals.append(
            {
                "public_id": str(goal.public_id),
                "created_at": _iso(goal.created_at),
                "closed_at": _iso(goal.closed_at),
                **_open(plan, "goal", goal.sealed),
                "steps": [
                    {
                        "public_id": str(s.public_id),
                        "state": s.state,
                        "organisation": s.organisation.name if s.organisation else None,
                        "proposed_by": _name(s.proposed_by) if s.proposed_by else None,
                        "created_at": _iso(s.created_at),
                        **_open(plan, "step", s.sealed),
                    }
                    for s in steps.get(goal.pk, [])
                ],
                "ratings": [_rating(plan, "goal_rating", r) for r in ratings.get(goal.pk, [])],
                "comments": [_comment(plan, c) for c in comments if c.goal_id == goal.pk],
            }
        )
    documents = []
    for document in Document.objects.filter(plan=plan).order_by("created_at"):
        item: dict[str, Any] = {
            "public_id": str(document.public_id),
            "size": document.size,
            "created_at": _iso(document.created_at),
            **_open(plan, "document", document.sealed),
        }
        if with_files:
            try:
                with default_storage.open(document.blob, "rb") as handle:
                    content = crypto.unseal_bytes(plan, handle.read())
                item["content_base64"] = base64.b64encode(content).decode()
            except (OSError, crypto.SealedValueError):
                item["content_base64"] = None
        documents.append(item)
    shares = []
    for share in (
        Share.objects.filter(plan=plan)
        .select_related("professional", "team")
        .prefetch_related("goals")
        .order_by("created_at")
    ):
        shares.append(
            {
                "public_id": str(share.public_id),
                "professional": _name(share.professional) if share.professional else None,
                "team": share.team.name if share.team else None,
                "parts": list(share.parts),
                "goals": [goal_ids.get(g.pk) for g in share.goals.all()],
                "ends_on": _iso(share.ends_on),
                "revoked_at": _iso(share.revoked_at),
                "created_at": _iso(share.created_at),
                **_open(plan, "share", share.sealed),
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(timezone.now()),
        "plan": {
            "public_id": str(plan.public_id),
            "created_at": _iso(plan.created_at),
            "municipality": plan.municipality.name if plan.municipality else None,
            **meta,
        },
        "goals": out_goals,
        "domain_ratings": [
            _rating(plan, "domain_rating", r)
            for r in DomainRating.objects.filter(plan=plan).select_related("rated_by")
        ],
        "entries": [
            {
                "public_id": str(e.public_id),
                "kind": e.kind,
                "starts_on": _iso(e.starts_on),
                "created_at": _iso(e.created_at),
                **_open(plan, "entry", e.sealed),
            }
            for e in Entry.objects.filter(plan=plan).order_by("created_at")
        ],
        "documents": documents,
        "comments": [_comment(plan, c) for c in comments if c.goal_id is None],
        "shares": shares,
        "access_log": [
            {
                "action": a.action,
                "actor": _name(a.actor),
                "share": str(a.share.public_id) if a.share else None,
                "at": _iso(a.at),
            }
            for a in Access.objects.filter(plan=plan)
            .select_related("actor", "share")
            .order_by("at")
        ],
    }


# --- PDF ----------------------------------------------------------------------------------


class _Pdf:
    def __init__(self) -> None:
        # /Lang follows the texts: the language the person uses on the site.
        self.pdf = pdf_document(margins=20, language=translation.get_language() or "da")
        self.pdf.set_auto_page_break(True, margin=20)
        self.pdf.set_font(FONT_FAMILY, size=11)

    def heading(self, text: str, size: int = 14) -> None:
        self.pdf.ln(3)
        self.pdf.set_font(FONT_FAMILY, "B", size=size)
        self.pdf.multi_cell(0, 7, text=text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(FONT_FAMILY, size=11)

    def line(self, text: str, indent: int = 0) -> None:
        if not text:
            return
        self.pdf.set_x(20 + indent)
        self.pdf.multi_cell(0, 6, text=text, align="L", new_x="LMARGIN", new_y="NEXT")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _day(value: str | None) -> str:
    if not value:
        return ""
    try:
        return date_text(datetime.date.fromisoformat(value[:10]))
    except ValueError:
        return value


def _labels(choices: Any, values: list[str]) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(v, v)) for v in values)


def plan_export_pdf(plan: Plan) -> bytes:
    """The whole plan as a readable PDF, in the language the person uses on the site."""
    data = plan_export_data(plan, with_files=False)
    out = _Pdf()
    p = data["plan"]
    out.heading(p.get("title") or _("My plan"), 18)
    out.line(_("Made on %(day)s.") % {"day": _day(data["exported_at"])})
    if p.get("domains"):
        out.line(_("Life domains: %(names)s") % {"names": _labels(Domain, p["domains"])})
    out.heading(_("Goals"))
    if not data["goals"]:
        out.line(_("No goals yet."))
    for goal in data["goals"]:
        out.heading(str(goal.get("text", "")), 12)
        out.line(str(goal.get("why", "")), 4)
        if goal["closed_at"]:
            out.line(_("Closed on %(day)s.") % {"day": _day(goal["closed_at"])}, 4)
        for step in goal["steps"]:
            out.line(f"- {step.get('text', '')} ({step['state']})", 4)
            out.line(str(step.get("helper", "")), 8)
        for rating in goal["ratings"]:
            out.line(
                _("%(day)s: score %(score)s (%(rater)s) %(comment)s")
                % {
                    "day": _day(rating["rated_on"]),
                    "score": rating.get("score", ""),
                    "rater": rating["rated_by"] or rating["rater"],
                    "comment": rating.get("comment", ""),
                },
                4,
            )
        for comment in goal["comments"]:
            out.line(f"{comment['author']}: {comment.get('text', '')}", 4)
    out.heading(_("Life domains"))
    for rating in data["domain_ratings"]:
        domain = rating.get("domain", "")
        out.line(
            _("%(day)s: %(domain)s, score %(score)s (%(rater)s) %(comment)s")
            % {
                "day": _day(rating["rated_on"]),
                "domain": _labels(Domain, [domain]) if domain else "",
                "score": rating.get("score", ""),
                "rater": rating["rated_by"] or rating["rater"],
                "comment": rating.get("comment", ""),
            }
        )
    out.heading(_("Notes and appointments"))
    for entry in data["entries"]:
        details = " ".join(
            str(entry.get(k, "")) for k in ("starts", "place", "with") if entry.get(k)
        )
        out.line(f"- {entry.get('text', '')} {details}".strip())
    out.heading(_("Documents"))
    for document in data["documents"]:
        out.line(f"- {document.get('name', '')} ({document['size']} B)")
    if data["comments"]:
        out.heading(_("Comments"))
        for comment in data["comments"]:
            out.line(f"{comment['author']}: {comment.get('text', '')}")
    out.heading(_("Who you share with"))
    if not data["shares"]:
        out.line(_("You do not share your plan with anyone."))
    for share in data["shares"]:
        out.line(
            _("%(who)s: %(parts)s. Why: %(purpose)s. Until %(day)s.")
            % {
                "who": share["professional"] or share["team"] or "",
                "parts": _labels(Part, share["parts"]),
                "purpose": share.get("purpose", ""),
                "day": _day(share["ends_on"]),
            }
        )
        if share["revoked_at"]:
            out.line(_("Stopped on %(day)s.") % {"day": _day(share["revoked_at"])}, 4)
    out.heading(_("Who has seen your plan"))
    actions = dict(Access.Action.choices)
    for access in data["access_log"]:
        out.line(f"{_day(access['at'])}: {access['actor']}, {actions.get(access['action'], '')}")
    return out.output()


def plan_export_filename(plan: Plan, ext: str) -> str:
    with translation.override("da"):
        return f"min-plan-{timezone.localdate().isoformat()}.{ext}"
