"""Every read in deliberation that is more than a ``.get()``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from socius.core.access import user_roles
from socius.core.models import PoliticianProfile, RoleAssignment
from socius.core.roles import PUBLIC_ROLES, Role
from socius.deliberation.engine import priority_for_viewer
from socius.deliberation.engine.routing import polis_priority, viewer_priority
from socius.deliberation.engine_bridge import ROLE_ORDER, cached_result
from socius.deliberation.models import (
    Conversation,
    Participant,
    ResultRun,
    RoleQuestion,
    SolutionProposal,
    Statement,
    Vote,
)

if TYPE_CHECKING:
    from socius.accounts.models import User


# A declared group is named on a page only when this many people share it; smaller ones are
# "a small group", so that nobody's vote can be read off a group of one or two.
MIN_NAMED_GROUP = 5
SHOWN_ROWS = 5
# A statement is listed as bridging when, with 90 % credibility, at least half of even the
# least convinced party, role and opinion group agrees.
BRIDGING_MIN_SCORE = 0.5


def conversation_list_public() -> QuerySet[Conversation]:
    """Every conversation, open first, with its number of shown statements."""
    return (
        Conversation.objects.select_related("theme")
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-is_open", "-created_at")
    )


def conversation_list_for(*, user: Any) -> QuerySet[Conversation]:
    """The conversations ``user`` has taken part in (voted or written), most recent first,
    each with ``my_votes``: how many statements the person has voted on."""
    if not getattr(user, "is_authenticated", False):
        return Conversation.objects.none()
    return (
        Conversation.objects.filter(participants__user=user)
        .annotate(
            my_votes=Count("participants__votes", filter=Q(participants__user=user)),
            joined_at=Max("participants__created_at", filter=Q(participants__user=user)),
        )
        .order_by("-joined_at", "-id")
    )


def conversation_list_open_data() -> QuerySet[Conversation]:
    """The public list with the numbers the open-data API gives: participants, accepted
    statements and the time of the latest engine run (subqueries: one query for the page)."""

    def counted(qs: QuerySet[Any]) -> Coalesce:
        total = qs.order_by().values("conversation_id").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(total, output_field=IntegerField()), 0)

    participants = Participant.objects.filter(conversation=OuterRef("pk"))
    accepted = Statement.objects.filter(
        conversation=OuterRef("pk"), status=Statement.Status.ACCEPTED
    )
    latest = ResultRun.objects.filter(conversation=OuterRef("pk")).order_by("-version")
    return conversation_list_public().annotate(
        participant_count=counted(participants),
        accepted_count=counted(accepted),
        results_at=Subquery(latest.values("created_at")[:1]),
    )


def statements_accepted_with_counts(conversation: Conversation) -> QuerySet[Statement]:
    """Accepted statements only, oldest first, with their agree/disagree/pass totals."""
    return (
        conversation.statements.filter(status=Statement.Status.ACCEPTED)
        .annotate(
            n_agree=Count("votes", filter=Q(votes__value=Vote.Value.AGREE)),
            n_disagree=Count("votes", filter=Q(votes__value=Vote.Value.DISAGREE)),
            n_pass=Count("votes", filter=Q(votes__value=Vote.Value.PASS)),
        )
        .order_by("pk")
    )


def latest_run(conversation: Conversation) -> ResultRun | None:
    return conversation.result_runs.order_by("-version").first()


def _viewer_labels(user: User) -> tuple[str | None, str | None]:
    party = (
        PoliticianProfile.objects.filter(user=user, verified_at__isnull=False)
        .values_list("party__name", flat=True)
        .first()
    )
    held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    role = next((r for r in ROLE_ORDER if r in held), None)
    return party, (str(role) if role else None)


def _priorities(run: ResultRun, participant: Participant | None, user: User) -> dict[int, float]:
    """Engine priority per statement for this viewer (from the cached engine result if any)."""
    party, role = _viewer_labels(user)
    result = cached_result(run)
    number = participant.number if participant is not None else 0
    if result is not None:
        state = result.state
        labels_p = dict(state.party)
        labels_r = dict(state.role)
        if party:
            labels_p[number] = party
        if role:
            labels_r[number] = role
        viewer_result = dataclasses.replace(
            result, state=dataclasses.replace(state, party=labels_p, role=labels_r)
        )
        pr = priority_for_viewer(viewer_result, number)
        return {int(t): float(v) for t, v in zip(state.matrix.statements, pr, strict=True)}
    # Cache lost (restart): the stored Polis priority and per-group counts give the same boost.
    data = run.data
    ids = data["statement_ids"]
    base = np.array([data["statements"][str(t)]["priority"] or 0.0 for t in ids])
    counts = [
        np.array(data["declared"][name]["seen"].get(label) or [0] * len(ids))
        for name, label in (("party", party), ("role", role))
        if label is not None
    ]
    if counts:
        base = viewer_priority(base, np.minimum.reduce(counts))
    return {int(t): float(v) for t, v in zip(ids, base, strict=True)}


NEW_STATEMENT_PRIORITY = float(
    polis_priority(
        np.zeros(1, np.int64), np.zeros(1, np.int64), np.zeros(1, np.int64), np.zeros(1)
    )[0]
)


def statement_next_for(*, conversation: Conversation, user: User) -> Statement | None:
    """The statement this person should see next: the engine's highest priority for them.

    Before the first engine run every statement has the same priority, so the one with the
    fewest votes comes first (then the oldest): every statement gets its first votes quickly.
    Statements newer than the last run get Polis's priority for an unseen statement."""
    participant = Participant.objects.filter(conversation=conversation, user=user).first()
    open_statements = conversation.statements.filter(shown=True).exclude(
        status=Statement.Status.REJECTED
    )
    if participant is not None:
        voted = Vote.objects.filter(participant=participant).values("statement_id")
        open_statements = open_statements.exclude(pk__in=voted)
    candidates = list(open_statements.annotate(n_votes=Count("votes")))
    if not candidates:
        return None
    run = latest_run(conversation)
    priorities = _priorities(run, participant, user) if run is not None else {}

    def key(s: Statement) -> tuple[float, int, int]:
        pr = priorities.get(s.pk, NEW_STATEMENT_PRIORITY) if run is not None else 0.0
        return (-pr, s.n_votes, s.pk)  # type: ignore[attr-defined]

    return min(candidates, key=key)


def participant_progress(*, conversation: Conversation, user: User) -> tuple[int, int]:
    """(statements this person voted on, statements open for voting)."""
    voted = Vote.objects.filter(participant__conversation=conversation, participant__user=user)
    shown = conversation.statements.filter(shown=True).exclude(status=Statement.Status.REJECTED)
    return voted.count(), shown.count()


def role_question_waiting_for(*, user: Any) -> bool:
    """Whether the question "how do you take part?" waits for this person: asked after a
    vote (services.role_question_after_vote), not answered or skipped yet, and the person
    still holds no public role (one stated on the profile meanwhile answers it)."""
    if not getattr(user, "is_authenticated", False) or user_roles(user) & PUBLIC_ROLES:
        return False
    return RoleQuestion.objects.filter(user=user, outcome=RoleQuestion.Outcome.WAITING).exists()


def moderation_queue(conversation: Conversation) -> QuerySet[Statement]:
    """Statements waiting for a decision, oldest first (post-moderated ones are already shown)."""
    return conversation.statements.filter(status=Statement.Status.PENDING).order_by("created_at")


def statements_moderated(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.exclude(status=Statement.Status.PENDING).order_by(
        "-moderated_at"
    )


def solutions_for(conversation: Conversation) -> QuerySet[SolutionProposal]:
    return conversation.solutions.annotate(n_comments=Count("comments")).order_by("-created_at")


# --- results -------------------------------------------------------------------------------


@dataclass
class StatementRow:
    id: int
    text: str
    agree: int
    disagree: int
    passed: int
    seen: int
    agree_share: float
    agree_lo: float
    agree_hi: float
    needs_votes: bool
    bridging: float | None = None
    weakest: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class GroupView:
    label: str
    size: int
    x: float
    y: float
    statements: list[dict[str, Any]]


@dataclass
class ResultsView:
    run: ResultRun | None
    stale: bool
    groups: list[GroupView]
    points: list[list[Any]]
    consensus_agree: list[StatementRow]
    consensus_disagree: list[StatementRow]
    bridging: list[StatementRow]
    divisive: list[StatementRow]
    needs_votes: list[StatementRow]
    statements: dict[int, StatementRow]
    participant_count: int = 0


def _group_key_label(key: str, data: dict[str, Any], labels: dict[str, str]) -> str:
    """A weakest-group key as people read it; small declared groups stay unnamed."""
    from django.utils.translation import gettext as _

    if not key:
        return ""
    kind, _sep, value = key.partition(":")
    if kind == "opinion":
        return _("opinion group %(label)s") % {"label": labels.get(value, "?")}
    if kind in ("party", "role"):
        size = data["declared"][kind]["sizes"].get(value, 0)
        if size >= MIN_NAMED_GROUP:
            return str(Role(value).label) if kind == "role" else value
    return _("a small group")


def results_for(conversation: Conversation) -> ResultsView:
    """The latest engine run, shaped for the results page and the report."""
    run = latest_run(conversation)
    if run is None:
        return ResultsView(None, conversation.vote_revision > 0, [], [], [], [], [], [], [], {})
    data = run.data
    # Accepted statements only, whatever the run saw: a rejected one may name a person or be
    # hostile, and one awaiting moderation (shown at once under post-moderation) has not been
    # read by a moderator yet. The report, its PDF and the API all come from here.
    accepted = conversation.statements.filter(status=Statement.Status.ACCEPTED)
    texts = dict(accepted.values_list("pk", "text"))
    mod_out = set(data.get("mod_out", []))
    opinion_labels = {f"g{g['id']}": g["label"] for g in data["groups"]}
    rows: dict[int, StatementRow] = {}
    for tid_s, st in data["statements"].items():
        tid = int(tid_s)
        if tid not in texts or tid in mod_out:
            continue
        rows[tid] = StatementRow(
            id=tid,
            text=texts[tid],
            agree=st["agree"],
            disagree=st["disagree"],
            passed=st["pass"],
            seen=st["seen"],
            agree_share=st["agree"] / st["seen"] if st["seen"] else 0.0,
            agree_lo=st["agree_lo"],
            agree_hi=st["agree_hi"],
            needs_votes=st["needs_votes"],
            bridging=st["bridging"],
            weakest=_group_key_label(st["weakest"], data, opinion_labels),
            extra=st,
        )
    groups = [
        GroupView(
            label=g["label"], size=g["size"], x=g["x"], y=g["y"],
            statements=[{**r, "text": texts.get(r["tid"], "")} for r in g["repness"]
                        if r["tid"] in rows],
        )
        for g in data["groups"]
    ]  # fmt: skip

    def pick(ids: list[int]) -> list[StatementRow]:
        return [rows[t] for t in ids if t in rows][:SHOWN_ROWS]

    consensus = data["consensus"]
    divisive = []
    for d in data["divisive"]:
        if d["tid"] in rows:
            row = dataclasses.replace(rows[d["tid"]], extra={**rows[d["tid"]].extra, **d})
            divisive.append(row)
    return ResultsView(
        run=run,
        stale=conversation.vote_revision > run.vote_revision,
        groups=groups,
        points=data["points"],
        consensus_agree=pick([c["tid"] for c in consensus["agree"] if not _needs(rows, c["tid"])]),
        consensus_disagree=pick(
            [c["tid"] for c in consensus["disagree"] if not _needs(rows, c["tid"])]
        ),
        bridging=pick(
            [
                t
                for t in data["bridging_ranking"]
                if t in rows and (rows[t].bridging or 0.0) >= BRIDGING_MIN_SCORE
            ]
        ),
        divisive=divisive,
        needs_votes=sorted((r for r in rows.values() if r.needs_votes), key=lambda r: r.seen),
        statements=rows,
        participant_count=run.participant_count,
    )


def _needs(rows: dict[int, StatementRow], tid: int) -> bool:
    return tid not in rows or rows[tid].needs_votes


def conversation_list_with_votes(*, theme: Any = None, open_only: bool = False) -> QuerySet[Any]:
    """Conversations with their number of votes and participants (subqueries: one query),
    open first, newest first; for the front page and the theme pages."""

    def counted(qs: QuerySet[Any], key: str) -> Coalesce:
        total = qs.order_by().values(key).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(total, output_field=IntegerField()), 0)

    votes = Vote.objects.filter(statement__conversation=OuterRef("pk"))
    participants = Participant.objects.filter(conversation=OuterRef("pk"))
    qs = Conversation.objects.select_related("theme").annotate(
        vote_count=counted(votes, "statement__conversation_id"),
        participant_count=counted(participants, "conversation_id"),
    )
    if open_only:
        qs = qs.filter(is_open=True)
    if theme is not None:
        qs = qs.filter(theme=theme)
    return qs.order_by("-is_open", "-created_at")
