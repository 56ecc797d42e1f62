"""Conversations on the golden thread (the key is the conversation's slug).

Only public conversations resolve: one closed to an audience (a class, a council) is never
shown outside it, so it is left out for everyone. The summary names the statements that found
support across the groups, read from each conversation's latest engine run: a fixed number of
queries whatever the number of conversations, and only the run's small parts (its bridging
ranking and per-statement figures), never the participants' points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KeyTransform
from django.utils.text import Truncator
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from socius.core.threads import ORDER_CONVERSATION, StepInfo, StepKind, step_kind_register
from socius.deliberation.models import Conversation, Participant, ResultRun, Statement
from socius.deliberation.selectors import BRIDGING_MIN_SCORE

CANDIDATES = 20
NAMED = 2  # bridging statements quoted in a step's summary
STATEMENT_CHARS = 90
_SLUG_MAX = 120
# The most statements of one conversation looked at for the count (the ranking is best first).
_RANKED_MAX = 200


def _slugs(keys: Sequence[str]) -> list[str]:
    return [k for k in keys if 0 < len(k) <= _SLUG_MAX]


def _bridging_ids(run: dict[str, Any]) -> list[int]:
    """Statement ids the run ranks as bridging (score at least ``BRIDGING_MIN_SCORE``), best
    first, leaving out those moderated out after the run."""
    stats = run.get("statements") or {}
    mod_out = set(run.get("mod_out") or [])
    found: list[int] = []
    for tid in (run.get("ranking") or [])[:_RANKED_MAX]:
        score = (stats.get(str(tid)) or {}).get("bridging")
        if isinstance(tid, int) and tid not in mod_out and (score or 0.0) >= BRIDGING_MIN_SCORE:
            found.append(tid)
    return found


def _summary(participants: int, texts: list[str]) -> str:
    parts = []
    if participants:
        parts.append(
            ngettext("%(n)d person took part.", "%(n)d people took part.", participants)
            % {"n": participants}
        )
    if texts:
        quoted = "; ".join("“" + Truncator(t).chars(STATEMENT_CHARS) + "”" for t in texts[:NAMED])
        parts.append(
            ngettext(
                "%(n)d statement found support across the groups: %(quoted)s",
                "%(n)d statements found support across the groups, among them: %(quoted)s",
                len(texts),
            )
            % {"n": len(texts), "quoted": quoted}
        )
    return " ".join(parts)


def conversations_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """Public conversations among ``keys`` with their bridging statements: three queries (the
    conversations, their latest runs' rankings, the accepted statements' texts)."""
    latest = ResultRun.objects.filter(conversation=OuterRef("pk")).order_by("-version")
    conversations = list(
        Conversation.objects.filter(slug__in=_slugs(keys), audience="").annotate(
            run_id=Subquery(latest.values("pk")[:1])
        )
    )
    run_ids = [c.run_id for c in conversations if c.run_id]
    runs: dict[int, dict[str, Any]] = {
        r["pk"]: dict(r)
        for r in ResultRun.objects.filter(pk__in=run_ids).values(
            "pk",
            "participant_count",
            ranking=_key("bridging_ranking"),
            statements=_key("statements"),
            mod_out=_key("mod_out"),
        )
    } if run_ids else {}  # fmt: skip
    ranked = {pk: _bridging_ids(run) for pk, run in runs.items()}
    wanted = {tid for ids in ranked.values() for tid in ids}
    texts = dict(
        Statement.objects.filter(pk__in=wanted, status=Statement.Status.ACCEPTED).values_list(
            "pk", "text"
        )
    ) if wanted else {}  # fmt: skip
    steps = {}
    for c in conversations:
        run: dict[str, Any] = runs.get(c.run_id, {})
        bridging = [texts[t] for t in ranked.get(c.run_id, []) if t in texts]
        steps[c.slug] = StepInfo(
            title=c.title,
            url=c.get_absolute_url(),
            status=_("Open for votes") if c.is_open else _("Closed"),
            date=localdate(c.created_at),
            summary=_summary(int(run.get("participant_count") or 0), bridging),
        )
    return steps


def conversations_existing(keys: Sequence[str]) -> list[str]:
    """Public conversations among ``keys`` (a closed one never joins a thread)."""
    found = Conversation.objects.filter(slug__in=_slugs(keys), audience="")
    return list(found.values_list("slug", flat=True))


def _key(name: str) -> KeyTransform:
    """One top-level part of a run's data, decoded (the points are never read)."""
    return KeyTransform(name, "data")


def conversation_participants(keys: Sequence[str]) -> Iterable[int]:
    """People (all have accounts) who voted in the public conversations ``keys``: one query."""
    return (
        Participant.objects.filter(
            conversation__slug__in=_slugs(keys), conversation__audience="", votes__isnull=False
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def conversation_candidates(text: str) -> list[tuple[str, str]]:
    """Up to 20 public conversations whose title holds ``text``, newest first."""
    found = Conversation.objects.filter(audience="", title__icontains=text.strip())
    return list(found.order_by("-created_at").values_list("slug", "title")[:CANDIDATES])


step_kind_register(
    StepKind(
        key="conversation",
        label=gettext_lazy("Conversation"),
        plural=gettext_lazy("Conversations"),
        order=ORDER_CONVERSATION,
        resolve=conversations_for_thread,
        participants=conversation_participants,
        candidates=conversation_candidates,
        exists=conversations_existing,
    )
)
