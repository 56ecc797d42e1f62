"""Every write to council meetings and items: register an item from its source (a citizen
proposal that reached its threshold, a recommendation a party brought in, a programme
action's milestone, another matter), put it on a meeting's agenda, record the decision with
each party's vote, refer it to a committee, follow it up.

The item's states are data (council.workflows, run by core.workflows, which audits each
step). An item from a citizen proposal moves the proposal too, through the proposals
module's own services, so its proposer and followers get the mails they always got. Each
item is linked to its source on the golden thread, and a decision moves the thread.

Threat model: the secretariat (COUNCIL_SECRETARIAT) is trusted to record what the council
did, not to rewrite it: a decided item is final (a follow-up note is all that can be added),
every step is in the audit chain, votes can only name parties that sit on the council, and
only https links to decision documents are published. Text is plain (no markup).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.dates import date_text
from socius.core.roles import Capability
from socius.core.thread_services import thread_link, thread_moved
from socius.core.threads import step_kind
from socius.council import selectors
from socius.council.audit_items import (
    AUDIT_ITEM_CREATED,
    AUDIT_ITEM_FOLLOW_UP,
    AUDIT_ITEM_UPDATED,
    AUDIT_MEETING_CREATED,
)
from socius.council.checks import https_link, plain_text
from socius.council.models import (
    Committee,
    Council,
    CouncilGroup,
    CouncilItem,
    Decision,
    ItemState,
    Meeting,
    PartyVote,
    Source,
    Vote,
)
from socius.council.workflows import ITEM_WORKFLOW

if TYPE_CHECKING:
    from socius.accounts.models import User

THREAD_KIND = "council_item"
# The thread kind of each source (the key is the object's id in that kind).
SOURCE_KINDS: dict[str, str] = {
    Source.PROPOSAL: "proposal",
    Source.RECOMMENDATION: "recommendation",
    Source.MILESTONE: "action",
}
# How a council decision closes a citizen proposal (proposals.workflows.Decision).
PROPOSAL_DECISIONS: dict[str, str] = {
    Decision.ADOPTED: "adopted",
    Decision.AMENDED: "partly",
    Decision.REJECTED: "rejected",
}
MEETINGS_BACK = datetime.timedelta(days=2 * 366)
MEETINGS_AHEAD = datetime.timedelta(days=3 * 366)
FINAL = frozenset({ItemState.DECIDED, ItemState.WITHDRAWN})


# --- Meetings ---------------------------------------------------------------------------------
@transaction.atomic
def meeting_create(
    *,
    actor: User,
    council: Council,
    date: datetime.date,
    committee: Committee | None = None,
    agenda_url: str = "",
) -> Meeting:
    """A meeting of ``council`` (or of one of its committees) on ``date``, with a link to
    its agenda. Dates more than two years back or three years ahead are refused."""
    require(actor, Capability.COUNCIL_SECRETARIAT)
    if committee is not None and committee.council_id != council.pk:
        raise ValidationError({"committee": _("This committee belongs to another council.")})
    today = timezone.localdate()
    if not today - MEETINGS_BACK <= date <= today + MEETINGS_AHEAD:
        raise ValidationError(
            {"date": _("Give a date no more than two years back or three years ahead.")}
        )
    agenda_url = https_link(agenda_url, field="agenda_url")
    if Meeting.objects.filter(council=council, committee=committee, date=date).exists():
        raise ValidationError({"date": _("There is already a meeting on that day.")})
    meeting = Meeting.objects.create(
        council=council, committee=committee, date=date, agenda_url=agenda_url
    )
    audit_record(actor=actor, action=AUDIT_MEETING_CREATED, target=meeting, data={
        "date": date.isoformat(), "committee": committee.name if committee else ""})  # fmt: skip
    return meeting


# --- Items ------------------------------------------------------------------------------------
def _source_title(council: Council, source: str, key: str) -> str:
    """Check that the source exists and may become an item of ``council``; its title."""
    if source == Source.PROPOSAL:
        proposal = selectors.proposal_awaiting_item(council.municipality_id, key)
        if proposal is None:
            raise ValidationError(
                {"source_key": _("Choose a citizen proposal of the municipality that has "
                                 "reached its threshold and is not on the council yet.")}
            )  # fmt: skip
        return str(proposal.title)
    if source == Source.RECOMMENDATION:
        page = selectors.recommendation_published(key)
        if page is None:
            raise ValidationError({"source_key": _("Choose a published recommendation.")})
        return str(page.title)
    if source == Source.MILESTONE:
        kind = step_kind("action")
        found = kind.resolve([key], None) if kind is not None and key else {}
        if key not in found:
            raise ValidationError({"source_key": _("Choose an action of the programme.")})
        return str(found[key].title)
    return ""


@transaction.atomic
def item_create(
    *,
    actor: User,
    council: Council,
    source: str,
    title: str = "",
    summary: str = "",
    source_key: str = "",
    brought_by: Any = None,
    committee: Committee | None = None,
) -> CouncilItem:
    """Register an item for ``council``. ``source_key`` names the source: a proposal's
    public id, a recommendation's page id or a programme action's public id (nothing for
    another matter). A recommendation needs the party that brought it in (``brought_by``, a
    core Party with seats on the council). The title defaults to the source's. One item per
    citizen proposal. The source is linked to the item on the thread."""
    require(actor, Capability.COUNCIL_SECRETARIAT)
    if source not in Source.values:
        raise ValidationError({"source": _("Choose where the item comes from.")})
    # One writer per council at a time, so two clicks cannot make two items of one proposal.
    council = Council.objects.select_for_update().select_related("municipality").get(pk=council.pk)
    source_key = str(source_key or "").strip()[:64] if source != Source.OTHER else ""
    source_title = _source_title(council, source, source_key)
    if source == Source.RECOMMENDATION:
        if (
            brought_by is None
            or not CouncilGroup.objects.filter(council=council, party=brought_by).exists()
        ):
            raise ValidationError(
                {"brought_by": _("Choose the party that brought it in (a party on the council).")}
            )
    elif source != Source.RECOMMENDATION:
        brought_by = None
    if committee is not None and committee.council_id != council.pk:
        raise ValidationError({"committee": _("This committee belongs to another council.")})
    title = plain_text(title or source_title, field="title", max_length=300, required=True)
    summary = plain_text(summary, field="summary", max_length=3000)
    item = CouncilItem.objects.create(
        council=council,
        committee=committee,
        title=title,
        summary=summary,
        source=source,
        source_kind=SOURCE_KINDS.get(source, ""),
        source_key=source_key,
        brought_by=brought_by,
        created_by=actor,
    )
    audit_record(actor=actor, action=AUDIT_ITEM_CREATED, target=item, data={
        "source": source, "key": source_key, "title": title})  # fmt: skip
    if item.source_kind:
        thread_link(source=(item.source_kind, source_key),
                    target=(THREAD_KIND, str(item.public_id)), actor=actor)  # fmt: skip
    return item


def _not_final(item: CouncilItem) -> None:
    if item.state == ItemState.DECIDED:
        raise ValidationError(
            _("The council has decided this item, so it can no longer be changed. "
              "You can add a follow-up note.")
        )  # fmt: skip
    if item.state == ItemState.WITHDRAWN:
        raise ValidationError(_("The item is withdrawn and can no longer be changed."))


@transaction.atomic
def item_update(*, actor: User, item: CouncilItem, title: str, summary: str) -> CouncilItem:
    """Change an undecided item's title and summary."""
    require(actor, Capability.COUNCIL_SECRETARIAT)
    item = CouncilItem.objects.select_for_update().get(pk=item.pk)
    _not_final(item)
    before = {"title": item.title, "summary": item.summary}
    item.title = plain_text(title, field="title", max_length=300, required=True)
    item.summary = plain_text(summary, field="summary", max_length=3000)
    item.save(update_fields=["title", "summary", "updated_at"])
    audit_record(actor=actor, action=AUDIT_ITEM_UPDATED, target=item, data={
        "before": before, "after": {"title": item.title, "summary": item.summary}})  # fmt: skip
    return item


def _proposal_of(item: CouncilItem) -> Any:
    if item.source != Source.PROPOSAL:
        return None
    return selectors.proposal_of_item(item)


@transaction.atomic
def item_schedule(*, actor: User, item: CouncilItem, meeting: Meeting) -> CouncilItem:
    """Put the item on ``meeting``'s agenda (a meeting of its council or of one of its
    committees). A citizen proposal moves to "with the city council" and its followers are
    told, by the proposals module."""
    require(actor, Capability.COUNCIL_SECRETARIAT)
    item = CouncilItem.objects.select_for_update().get(pk=item.pk)
    _not_final(item)
    ITEM_WORKFLOW.check(actor=actor, obj=item, name="schedule")
    if meeting.council_id != item.council_id:
        raise ValidationError({"meeting": _("Choose a meeting of this item's council.")})
    ITEM_WORKFLOW.apply(
        actor=actor,
        obj=item,
        name="schedule",
        changes={"meeting": meeting, "committee": meeting.committee},
        data={"meeting": meeting.date.isoformat()},
    )
    proposal = _proposal_of(item)
    if proposal is not None and proposal.state == "threshold":
        from socius.proposals.services import proposal_council

        proposal_council(actor=actor, proposal=proposal, meeting_date=meeting.date)
    moved = _("On the agenda on %(date)s.") % {"date": date_text(meeting.date)}
    thread_moved(kind=THREAD_KIND, key=str(item.public_id), text=moved, actor=actor)
    return item


VoteRow = tuple[Any, str, int | None]  # (party or its id, Vote value, seats voting or None)


def _checked_votes(item: CouncilItem, votes: Iterable[VoteRow]) -> list[PartyVote]:
    """The votes as rows to save, or a ValidationError naming what is wrong: a party that
    does not sit on the council, a party twice, an unknown vote, more seats than it holds."""
    groups = {g.party_id: g for g in CouncilGroup.objects.filter(council_id=item.council_id)
              .select_related("party")}  # fmt: skip
    rows: list[PartyVote] = []
    seen: set[int] = set()
    for party, vote, seats in votes:
        party_id = getattr(party, "pk", party)
        group = groups.get(party_id) if isinstance(party_id, int) else None
        if group is None or not isinstance(party_id, int):
            raise ValidationError({"votes": _("A vote names a party that is not on the council.")})
        if party_id in seen:
            raise ValidationError(
                {"votes": _("%(party)s has two votes.") % {"party": group.party.name}}
            )
        seen.add(party_id)
        if vote not in Vote.values:
            raise ValidationError(
                {"votes": _("Choose for, against or abstained for %(party)s.")
                 % {"party": group.party.name}}
            )  # fmt: skip
        if seats is not None and not 0 < int(seats) <= group.seats:
            raise ValidationError(
                {"votes": _("%(party)s has %(seats)s seats: give between 1 and %(seats)s.")
                 % {"party": group.party.name, "seats": group.seats}}
            )  # fmt: skip
        rows.append(PartyVote(item=item, party_id=party_id, vote=vote, seats=seats))
    return rows


def _decision_checks(item: CouncilItem, decision: str, follow_up_by: datetime.date | None) -> None:
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose the council's decision.")})
    meeting = item.meeting
    if meeting is None:
        raise ValidationError(_("Put the item on a meeting's agenda first."))
    if meeting.date > timezone.localdate():
        raise ValidationError(
            _("The meeting on %(date)s has not been held yet: record the decision after it.")
            % {"date": date_text(meeting.date)}
        )
    if follow_up_by is not None and follow_up_by <= max(meeting.date, timezone.localdate()):
        raise ValidationError(
            {"follow_up_by": _("The follow-up deadline must be a day after today.")}
        )


@transaction.atomic
def item_decide(
    *,
    actor: User,
    item: CouncilItem,
    decision: str,
    text: str,
    decision_url: str = "",
    votes: Iterable[VoteRow] = (),
    follow_up_by: datetime.date | None = None,
    referred_to: Committee | None = None,
) -> CouncilItem:
    """Record what the meeting decided: the decision, the decision in words, the link to the
    decision document (https), each party's vote and a follow-up deadline.

    ``Decision.REFERRED`` sends the item to ``referred_to`` (a committee of the council): the
    item stays open for the committee's meeting and no votes are kept. Any other decision is
    final; a citizen proposal closes with it (the proposals module tells its proposer and
    followers) and the thread moves."""
    require(actor, Capability.COUNCIL_SECRETARIAT)
    item = (
        CouncilItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "council")
        .get(pk=item.pk)
    )
    _not_final(item)
    name = "refer" if decision == Decision.REFERRED else "decide"
    ITEM_WORKFLOW.check(actor=actor, obj=item, name=name)
    _decision_checks(item, decision, follow_up_by)
    text = plain_text(text, field="text", max_length=5000, required=True)
    decision_url = https_link(decision_url, field="decision_url")
    if name == "refer":
        return _refer(actor, item, text, decision_url, referred_to)
    rows = _checked_votes(item, votes)
    ITEM_WORKFLOW.apply(
        actor=actor,
        obj=item,
        name="decide",
        changes={
            "decision": decision,
            "decision_text": text,
            "decision_url": decision_url,
            "decided_at": timezone.now(),
            "follow_up_by": follow_up_by,
        },  # fmt: skip
        data={
            "decision": decision,
            "text": text,
            "url": decision_url,
            "votes": [[r.party_id, r.vote, r.seats] for r in rows],
        },  # fmt: skip
    )
    PartyVote.objects.filter(item=item).delete()
    PartyVote.objects.bulk_create(rows)
    proposal = _proposal_of(item)
    if proposal is not None and proposal.state == "council":
        from socius.proposals.services import proposal_decide

        proposal_decide(actor=actor, proposal=proposal, decision=PROPOSAL_DECISIONS[decision],
                        reasons=text, minutes_url=decision_url)  # fmt: skip
    label = str(Decision(decision).label)
    moved = _("The council decided: %(decision)s.") % {"decision": label}
    thread_moved(kind=THREAD_KIND, key=str(item.public_id), text=moved, actor=actor)
    return item


def _refer(
    actor: User, item: CouncilItem, text: str, url: str, committee: Committee | None
) -> CouncilItem:
    if committee is None or committee.council_id != item.council_id:
        raise ValidationError({"referred_to": _("Choose the committee the item is sent to.")})
    ITEM_WORKFLOW.apply(
        actor=actor,
        obj=item,
        name="refer",
        changes={
            "decision": Decision.REFERRED,
            "decision_text": text,
            "decision_url": url,
            "committee": committee,
            "meeting": None,
        },  # fmt: skip
        data={"committee": committee.name, "text": text, "url": url},
    )
    moved = _("Sent to %(committee)s.") % {"committee": committee.name}
    thread_moved(kind=THREAD_KIND, key=str(item.public_id), text=moved, actor=actor)
    return item


@transaction.atomic
def item_follow_up(*, actor: User, item: CouncilItem, note: str, done: bool = False) -> CouncilItem:
    """Add or change the follow-up note of a decided item (the one change a decided item
    takes); ``done`` marks the follow-up as done. The audit keeps every earlier note."""
    require(actor, Capability.COUNCIL_SECRETARIAT)
    item = CouncilItem.objects.select_for_update().get(pk=item.pk)
    if item.state != ItemState.DECIDED:
        raise ValidationError(_("Only a decided item is followed up."))
    before = item.follow_up_note
    item.follow_up_note = plain_text(note, field="note", max_length=3000, required=True)
    if done and item.follow_up_done_at is None:
        item.follow_up_done_at = timezone.now()
    item.save(update_fields=["follow_up_note", "follow_up_done_at", "updated_at"])
    audit_record(actor=actor, action=AUDIT_ITEM_FOLLOW_UP, target=item, data={
        "before": before, "after": item.follow_up_note, "done": bool(done)})  # fmt: skip
    return item


@transaction.atomic
def item_withdraw(*, actor: User, item: CouncilItem, reason: str) -> CouncilItem:
    """Take an undecided item off the council's list (registered in error, withdrawn by the
    party), with the reason. A citizen proposal can then get a new item."""
    require(actor, Capability.COUNCIL_SECRETARIAT)
    item = CouncilItem.objects.select_for_update().get(pk=item.pk)
    _not_final(item)
    reason = plain_text(reason, field="reason", max_length=500, required=True)
    ITEM_WORKFLOW.apply(
        actor=actor, obj=item, name="withdraw", changes={"follow_up_note": reason},
        data={"reason": reason},
    )  # fmt: skip
    return item


def follow_ups_remind(today: datetime.date | None = None) -> int:
    """Mail the secretariat (everyone with COUNCIL_SECRETARIAT) the decided items whose
    follow-up is due within 14 days or overdue and not done. Run daily; each item is in at
    most one reminder a day, so a second run the same day sends nothing. Returns the number
    of items reminded of."""
    from socius.core.access import users_with_capability
    from socius.core.mail import notify
    from socius.council.mail_items import MAIL_FOLLOW_UP

    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(
            selectors.follow_ups_due(today)
            .select_for_update(of=("self",))
            .exclude(follow_up_reminded_on=today)
        )
        if not due:
            return 0
        notify(
            recipients=users_with_capability(Capability.COUNCIL_SECRETARIAT),
            kind=MAIL_FOLLOW_UP,
            template="council/mail/follow_up",
            context={"items": due},
            link=reverse("council:secretariat"),
        )
        CouncilItem.objects.filter(pk__in=[i.pk for i in due]).update(follow_up_reminded_on=today)
    return len(due)
