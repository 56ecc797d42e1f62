"""Every read in deliberation that is more than a ``.get()``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.cache import caches
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from socius.core.access import user_roles
from socius.core.models import PoliticianProfile
from socius.core.roles import PUBLIC_ROLES, Role
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
    """Every public conversation (closed audiences never), open first, with its number of
    shown statements."""
    return (
        Conversation.objects.filter(audience="")
        .select_related("theme")
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-is_open", "-created_at")
    )


def conversation_list_for(*, user: Any) -> QuerySet[Conversation]:
    """The conversations ``user`` has taken part in (voted or written), most recent first,
    each with ``my_votes``: how many statements the person has voted on."""
    if not getattr(user, "is_authenticated", False):
        return Conversation.objects.none()
    # Closed conversations are reached through their audience's own pages, not this list.
    return (
        Conversation.objects.filter(participants__user=user, audience="")
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


def conversation_for_audience(*, audience: str) -> Conversation | None:
    """The conversation closed to ``audience`` (the newest, if several), or None. The caller
    (the audience's own module) has already checked who asks."""
    if not audience:
        return None
    return Conversation.objects.filter(audience=audience).order_by("-created_at").first()


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


def latest_run_id(conversation: Conversation) -> int | None:
    """The id of the latest engine run (one small query), to key what is derived from it."""
    return conversation.result_runs.order_by("-version").values_list("pk", flat=True).first()


def conversation_counts(conversation: Conversation) -> tuple[int, int]:
    """(participants, votes) in the conversation now: two counts, no rows read."""
    participants = Participant.objects.filter(conversation=conversation).count()
    votes = Vote.objects.filter(statement__conversation=conversation).count()
    return participants, votes


def _viewer_labels(user: User) -> tuple[str | None, str | None]:
    """The viewer's verified party and primary public role, as they stand now (the roles come
    from ``core.access.user_roles``: read with the user, once per request object)."""
    party = (
        PoliticianProfile.objects.filter(user=user, verified_at__isnull=False)
        .values_list("party__name", flat=True)
        .first()
    )
    held = user_roles(user)
    role = next((r for r in ROLE_ORDER if r in held), None)
    return party, (str(role) if role else None)


# A run's routing table, kept per process (the "pages" cache: counts per statement and group,
# never a person) for as long as the run may be the latest. Decoding the engine state it comes
# from took about 15 ms per request; the table is a few kilobytes.
ROUTING_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class _Routing:
    """What routing needs from one engine run: the Polis priority per statement and, per
    declared group (party, role), how many of its members have seen each statement."""

    statement_ids: list[int]
    base: list[float]
    seen: dict[str, dict[str, list[int]]]  # "party"/"role" -> label -> seen, as statement_ids


def _routing_build(run: ResultRun) -> _Routing:
    result = cached_result(run)
    if result is not None:
        state = result.state
        matrix = state.matrix
        seen: dict[str, dict[str, list[int]]] = {}
        for name, labels in (("party", state.party), ("role", state.role)):
            present = [labels.get(p) for p in matrix.participants]
            seen[name] = {
                label: [int(n) for n in matrix.counts(np.array([x == label for x in present]))[2]]
                for label in {x for x in present if x is not None}
            }
        return _Routing(
            [int(t) for t in matrix.statements], [float(v) for v in result.priority], seen
        )
    # Cache lost (restart): the stored Polis priority and per-group counts give the same boost.
    data = run.data
    ids = [int(t) for t in data["statement_ids"]]
    return _Routing(
        ids,
        [data["statements"][str(t)]["priority"] or 0.0 for t in ids],
        {name: dict(data["declared"][name]["seen"]) for name in ("party", "role")},
    )


def _routing(run: ResultRun) -> _Routing:
    key = f"deliberation:routing:{run.conversation_id}:{run.pk}:{run.version}"
    cache = caches["pages"]
    routing: _Routing | None = cache.get(key)
    if routing is None:
        routing = _routing_build(run)
        cache.set(key, routing, ROUTING_CACHE_SECONDS)
    return routing


def _priorities(run: ResultRun, participant: Participant | None, user: User) -> dict[int, float]:
    """Engine priority per statement for this viewer: the run's Polis priority, raised where
    the viewer's party or role has seen a statement least (``engine.priority_for_viewer``).

    The counts per group are the run's (the routing table above); the viewer's own party and
    role are those they hold now. The statements a participant has voted on are left out by
    the caller (``statement_next_for``), so ``participant`` is not needed here."""
    del participant
    routing = _routing(run)
    party, role = _viewer_labels(user)
    base = np.array(routing.base, dtype=np.float64)
    zeros = [0] * len(routing.statement_ids)
    counts = [
        np.array(routing.seen[name].get(label) or zeros)
        for name, label in (("party", party), ("role", role))
        if label is not None
    ]
    if counts:
        base = viewer_priority(base, np.minimum.reduce(counts))
    return {t: float(v) for t, v in zip(routing.statement_ids, base, strict=True)}


NEW_STATEMENT_PRIORITY = float(
    polis_priority(
        np.zeros(1, np.int64), np.zeros(1, np.int64), np.zeros(1, np.int64), np.zeros(1)
    )[0]
)


def statement_next_with_progress(
    *, conversation: Conversation, user: User
) -> tuple[Statement | None, int, int]:
    """``statement_next_for`` and ``participant_progress`` from the same few small reads.

    Reads only what routing needs: the conversation's statement ids, each with whether it is
    open and whether the person voted on it (one query), the latest run's id (its routing
    table is kept per run, see ``_routing``), the viewer's party and the chosen statement;
    the statements' vote counts (the tie-break) only when several share the top priority."""
    # Per statement, one probe of the vote's unique index (statement, participant).
    participant = Participant.objects.filter(conversation=conversation, user=user).values("pk")
    mine = Vote.objects.filter(statement=OuterRef("pk"), participant=Subquery(participant[:1]))
    rows = (
        conversation.statements.order_by()
        .annotate(mine=Exists(mine))
        .values_list("pk", "shown", "status", "mine")
    )
    voted: set[int] = set()
    open_ids: list[int] = []
    for pk, shown, status, is_mine in rows:
        if is_mine:
            voted.add(pk)
        if shown and status != Statement.Status.REJECTED:
            open_ids.append(pk)
    candidates = [pk for pk in open_ids if pk not in voted]
    if not candidates:
        return None, len(voted), len(open_ids)
    run = (
        conversation.result_runs.order_by("-version")
        .only("pk", "conversation_id", "version")
        .first()
    )
    priorities = _priorities(run, None, user) if run is not None else {}

    def priority(pk: int) -> float:
        return priorities.get(pk, NEW_STATEMENT_PRIORITY) if run is not None else 0.0

    best = max(priority(pk) for pk in candidates)
    tied = [pk for pk in candidates if priority(pk) == best]
    if len(tied) > 1:
        n_votes = dict(
            Vote.objects.filter(statement_id__in=tied)
            .order_by()
            .values("statement_id")
            .annotate(n=Count("pk"))
            .values_list("statement_id", "n")
        )
        tied = [min(tied, key=lambda pk: (n_votes.get(pk, 0), pk))]
    statement = Statement.objects.filter(pk=tied[0]).first()
    return statement, len(voted), len(open_ids)


def statement_next_for(*, conversation: Conversation, user: User) -> Statement | None:
    """The statement this person should see next: the engine's highest priority for them.

    Before the first engine run every statement has the same priority, so the one with the
    fewest votes comes first (then the oldest): every statement gets its first votes quickly.
    Statements newer than the last run get Polis's priority for an unseen statement."""
    return statement_next_with_progress(conversation=conversation, user=user)[0]


def statement_shown(*, conversation: Conversation, statement_id: int) -> Statement | None:
    """A statement of ``conversation`` that people can vote on now, or None."""
    return Statement.objects.filter(conversation=conversation, pk=statement_id, shown=True).first()


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
    """Public conversations with their number of votes and participants (subqueries: one query),
    open first, newest first; for the front page and the theme pages."""

    def counted(qs: QuerySet[Any], key: str) -> Coalesce:
        total = qs.order_by().values(key).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(total, output_field=IntegerField()), 0)

    votes = Vote.objects.filter(statement__conversation=OuterRef("pk"))
    participants = Participant.objects.filter(conversation=OuterRef("pk"))
    qs = (
        Conversation.objects.filter(audience="")
        .select_related("theme")
        .annotate(
            vote_count=counted(votes, "statement__conversation_id"),
            participant_count=counted(participants, "conversation_id"),
        )
    )
    if open_only:
        qs = qs.filter(is_open=True)
    if theme is not None:
        qs = qs.filter(theme=theme)
    return qs.order_by("-is_open", "-created_at")
