"""The results in plain words: one number format, and a short summary of the latest run.

Every share on the results page is written the same way: a whole per cent, with the 90 %
credible interval in words - "73 % (probably between 65 and 80 %)" - and a bridging score,
which is a lower bound, as "probably at least 58 %". The interval is widened, where it must
be, to hold the observed share: with few votes the observed 0 % or 100 % lies just outside a
Beta interval, and a span that leaves out the number beside it confuses more than it helps
(the wider span is still at least 90 % credible).

The summary says, from the computed results and quoting the statements, what most people
agree on, where the opinion groups differ and what bridges parties, roles and opinion groups.
It is written for everybody (LIX under 35, ``socius.core.plain_language``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socius.deliberation.selectors import ResultsView, StatementRow
from socius.deliberation.serialise import credible_interval

# How many statements each part of the summary quotes: the rest is in the tables below it.
AGREE_ITEMS = 3
DISAGREE_ITEMS = 2
DIVISIVE_ITEMS = 2
BRIDGING_ITEMS = 3
# A declared group with fewer people never gates the bridging score (engine/bridging.py), so
# a party or role counts as "every party/role" only from this size.
BRIDGING_MIN_GROUP = 3


def _percent(x: float) -> int:
    # Half up, as people round (Python's round() would turn 0.5 % into 0).
    return math.floor(100 * x + 0.5)


def _unbroken(text: str) -> str:
    # A number and its per cent sign stay on one line.
    return text.replace(" %", "\u00a0%")


def share_text(share: float, lo: float, hi: float) -> str:
    """``73 % (probably between 65 and 80 %)``: a share with its 90 % interval in words."""
    value, low, high = _percent(share), _percent(min(lo, share)), _percent(max(hi, share))
    if low == high:
        return _unbroken(_("%(share)s %%") % {"share": value})
    return _unbroken(
        _("%(share)s %% (probably between %(lo)s and %(hi)s %%)")
        % {"share": value, "lo": low, "hi": high}
    )


def count_share_text(successes: int, trials: int) -> str:
    """The share ``successes / trials`` with its interval (uniform prior, as everywhere)."""
    if trials <= 0:
        return _("no votes yet")
    lo, hi = credible_interval(successes, trials)
    return share_text(successes / trials, lo, hi)


def at_least_text(bound: float | None) -> str:
    """A lower bound, such as the bridging score: ``probably at least 58 %``."""
    if bound is None:
        return "–"
    return _unbroken(_("probably at least %(share)s %%") % {"share": _percent(bound)})


@dataclass(frozen=True)
class GroupShare:
    """How many in one opinion group agree with a statement."""

    label: str
    agree: int
    seen: int

    @property
    def text(self) -> str:
        return count_share_text(self.agree, self.seen)


@dataclass(frozen=True)
class DivisiveRow:
    """A divisive statement with the opinion groups that agree most and least."""

    row: StatementRow
    most: GroupShare
    least: GroupShare


def divisive_rows(view: ResultsView) -> list[DivisiveRow]:
    """The divisive statements, each with its most and least agreeing opinion group (ranked
    by (agree + 1) / (seen + 2), as the engine ranks the gap; shown as plain shares)."""
    if view.run is None:
        return []
    groups = view.run.data["groups"]
    out = []
    for row in view.divisive:
        shares = [
            GroupShare(g["label"], *_agree_seen(g["votes"].get(str(row.id))))
            for g in groups
            if (g["votes"].get(str(row.id)) or [0, 0, 0])[2] > 0
        ]
        if len(shares) < 2:
            continue

        def smoothed(s: GroupShare) -> float:
            return (s.agree + 1) / (s.seen + 2)

        out.append(DivisiveRow(row, max(shares, key=smoothed), min(shares, key=smoothed)))
    return out


def _agree_seen(votes: list[int] | None) -> tuple[int, int]:
    agree, _disagree, seen = votes or [0, 0, 0]
    return int(agree), int(seen)


@dataclass(frozen=True)
class SummaryItem:
    statement: str  # quoted on the page
    sentence: str


@dataclass(frozen=True)
class SummarySection:
    title: str
    intro: str = ""
    items: list[SummaryItem] = field(default_factory=list)
    empty: str = ""  # said instead of the items when there are none
    note: str = ""


@dataclass(frozen=True)
class Summary:
    sections: list[SummarySection]


def _agreement(view: ResultsView) -> list[SummarySection]:
    agree = SummarySection(
        title=_("What most people agree on"),
        items=[
            SummaryItem(
                r.text,
                _("%(share)s agree.")
                % {"share": share_text(r.agree_share, r.agree_lo, r.agree_hi)},
            )
            for r in view.consensus_agree[:AGREE_ITEMS]
        ],
        empty=_("There is no statement yet that most people agree on."),
    )
    if not view.consensus_disagree:
        return [agree]
    disagree = SummarySection(
        title=_("What most people say no to"),
        items=[
            SummaryItem(
                r.text, _("%(share)s disagree.") % {"share": count_share_text(r.disagree, r.seen)}
            )
            for r in view.consensus_disagree[:DISAGREE_ITEMS]
        ],
    )
    return [agree, disagree]


def _differences(view: ResultsView) -> SummarySection:
    return SummarySection(
        title=_("Where the opinion groups differ"),
        items=[
            SummaryItem(
                d.row.text,
                _(
                    "In group %(most)s, %(most_share)s agree. In group %(least)s, %(least_share)s agree."
                )
                % {
                    "most": d.most.label,
                    "most_share": d.most.text,
                    "least": d.least.label,
                    "least_share": d.least.text,
                },
            )
            for d in divisive_rows(view)[:DIVISIVE_ITEMS]
        ],
        empty=_("The opinion groups do not clearly disagree about any statement yet."),
    )


def _bridging_intro(declared: dict[str, Any]) -> str:
    parties = any(n >= BRIDGING_MIN_GROUP for n in declared["party"]["sizes"].values())
    roles = any(n >= BRIDGING_MIN_GROUP for n in declared["role"]["sizes"].values())
    if parties and roles:
        return _(
            "These statements have support in every party, every role and every opinion group."
        )
    if roles:
        return _("These statements have support in every role and every opinion group.")
    if parties:
        return _("These statements have support in every party and every opinion group.")
    return _("These statements have support in every opinion group.")


def _declared_note(declared: dict[str, Any], total: int) -> str:
    with_role = sum(declared["role"]["sizes"].values())
    if not with_role:
        return _(
            "Nobody has told us their role yet. So we cannot say what bridges roles and parties."
        )
    return ngettext(
        "%(declared)d of %(total)d participants has told us their role. Only their votes count in the role groups.",
        "%(declared)d of %(total)d participants have told us their role. Only their votes count in the role groups.",
        with_role,
    ) % {"declared": with_role, "total": total}


def _bridging(view: ResultsView, declared: dict[str, Any]) -> SummarySection:
    if view.needs_votes:
        empty = _(
            "No statement bridges the divides yet. Some statements still need votes from a party, a role or an opinion group."
        )
    else:
        empty = _("No statement bridges the divides yet.")
    return SummarySection(
        title=_("What bridges the divides"),
        intro=_bridging_intro(declared) if view.bridging else "",
        items=[
            SummaryItem(
                r.text,
                _("Even in the group that agrees least, %(share)s agree.")
                % {"share": at_least_text(r.bridging)},
            )
            for r in view.bridging[:BRIDGING_ITEMS]
        ],
        empty=empty,
        note=_declared_note(declared, view.participant_count),
    )


def results_summary(view: ResultsView) -> Summary | None:
    """The summary of the latest run, or None before the first run."""
    if view.run is None:
        return None
    declared = view.run.data["declared"]
    return Summary([*_agreement(view), _differences(view), _bridging(view, declared)])
