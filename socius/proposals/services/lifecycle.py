"""Every write to citizen proposals. Each service runs in one transaction and is audited;
each state change also appears on the proposal's public timeline."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.audit import audit_record
from socius.core.calendar import add_months
from socius.core.dates import date_text
from socius.core.mail import Address, MailKind, notify
from socius.core.models import Municipality, Theme
from socius.core.roles import Capability
from socius.proposals import selectors
from socius.proposals.audit import (
    AUDIT_COPROPOSER_CONFIRMED,
    AUDIT_COPROPOSERS_INVITED,
    AUDIT_PROPOSAL_CORRECTED,
    AUDIT_PROPOSAL_CREATED,
    AUDIT_PROPOSAL_UPDATED,
    AUDIT_SETTINGS_CHANGED,
)
from socius.proposals.identity import identifier_kind_for_new_proposals
from socius.proposals.mail import MAIL_INVITE, MAIL_SECRETARIAT, MAIL_STATUS
from socius.proposals.models import CoProposer, Follower, MunicipalitySettings, Proposal, Track
from socius.proposals.models import TimelineEvent as Event
from socius.proposals.selectors import settings_for
from socius.proposals.workflows import PROPOSAL_WORKFLOW, Decision, ProposalState, RejectionRule

if TYPE_CHECKING:
    from socius.accounts.models import User


TEXT_FIELDS = ("title", "text", "remarks")


def proposal_transition(
    actor: User | None,
    proposal: Proposal,
    name: str,
    *,
    note: str = "",
    changes: dict[str, Any] | None = None,
    **data: Any,
) -> None:
    """Move ``proposal`` along transition ``name`` (socius.core.workflows checks and audits it),
    then show the step on the public timeline and tell the followers."""
    PROPOSAL_WORKFLOW.apply(actor=actor, obj=proposal, name=name, changes=changes, data=data)
    Event.objects.create(proposal=proposal, kind=name, state=proposal.state, note=note)
    proposal_notify(proposal, kind=MAIL_STATUS, template="status", context={"note": note})


def _check_texts(rules: MunicipalitySettings, title: str, text: str, remarks: str) -> None:
    errors: dict[str, str] = {}
    limits = {"title": rules.title_max, "text": rules.text_max, "remarks": rules.remarks_max}
    for field, value in (("title", title), ("text", text), ("remarks", remarks)):
        if len(value) > limits[field]:
            errors[field] = _("At most %(max)s characters (you have %(n)s).") % {
                "max": limits[field],
                "n": len(value),
            }
        elif "\x00" in value:
            errors[field] = _("The text contains characters that are not allowed.")
    if not title.strip():
        errors.setdefault("title", _("Write a title."))
    if not text.strip():
        errors.setdefault("text", _("Write the proposal."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    municipality: Municipality,
    title: str,
    text: str,
    remarks: str = "",
    theme: Theme | None = None,
    track: str = Track.CITIZEN,
) -> Proposal:
    """A citizen starts a draft in a municipality. A draft on the youth track (``track``) is
    started by the school module for a class's project (see proposal_create_youth)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    if track not in Track.values:
        raise ValidationError(_("Unknown kind of proposal."))
    rules = settings_for(municipality)
    if track == Track.YOUTH and not rules.youth_enabled:
        raise ValidationError(_("The municipality does not take youth proposals."))
    title, text, remarks = title.strip(), text.strip(), remarks.strip()
    _check_texts(rules, title, text, remarks)
    proposal = Proposal.objects.create(
        municipality=municipality,
        proposer=actor,
        title=title,
        text=text,
        remarks=remarks,
        theme=theme,
        track=track,
    )
    audit_record(actor=actor, action=AUDIT_PROPOSAL_CREATED, target=proposal, data={"track": track})
    Event.objects.create(proposal=proposal, kind="create", state=proposal.state)
    return proposal


@transaction.atomic
def proposal_create_youth(
    *,
    actor: User,
    municipality: Municipality,
    title: str,
    text: str,
    remarks: str = "",
    theme: Theme | None = None,
) -> Proposal:
    """A youth proposal, sent for review at once: the responsible adult (a class's teacher,
    whom the calling module has checked) is the proposer, and the youth track needs no
    co-proposers. Staff review and publish it like any proposal; publishing gives it the
    youth track's terms."""
    proposal = proposal_create(
        actor=actor,
        municipality=municipality,
        title=title,
        text=text,
        remarks=remarks,
        theme=theme,
        track=Track.YOUTH,
    )
    proposal_submit(actor=actor, proposal=proposal)
    return proposal


@transaction.atomic
def proposal_update(
    *, actor: User, proposal: Proposal, title: str, text: str, remarks: str, theme: Theme | None
) -> Proposal:
    """The proposer changes a draft (co-proposers have not been asked yet)."""
    if actor is None or actor.pk != proposal.proposer_id:
        raise PermissionDenied
    if proposal.state != ProposalState.DRAFT:
        raise ValidationError(_("Only drafts can be changed."))
    title, text, remarks = title.strip(), text.strip(), remarks.strip()
    _check_texts(settings_for(proposal.municipality), title, text, remarks)
    proposal.title, proposal.text, proposal.remarks, proposal.theme = title, text, remarks, theme
    proposal.save(update_fields=["title", "text", "remarks", "theme", "updated_at"])
    audit_record(actor=actor, action=AUDIT_PROPOSAL_UPDATED, target=proposal)
    return proposal


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def coproposers_invite(*, actor: User, proposal: Proposal, emails: list[str]) -> list[CoProposer]:
    """Send each co-proposer a link of their own; they have the municipality's days to confirm.

    The links are built from SITE_URL, never from the request's Host header."""
    if actor is None or actor.pk != proposal.proposer_id:
        raise PermissionDenied
    if proposal.state not in (ProposalState.DRAFT, ProposalState.INVITING):
        raise ValidationError(_("Co-proposers can only be invited before the proposal is sent."))
    rules = settings_for(proposal.municipality)
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if actor.email.lower() in wanted:
        raise ValidationError(_("You cannot be your own co-proposer."))
    existing = list(proposal.coproposers.values_list("email", flat=True))
    wanted = [e for e in wanted if e not in existing]
    if len(existing) + len(wanted) < rules.coproposers_required:
        raise ValidationError(
            _("Invite at least %(n)s different co-proposers.") % {"n": rules.coproposers_required}
        )
    expires = timezone.now() + datetime.timedelta(days=rules.coproposer_days)
    invited = []
    for email in wanted:
        token = secrets.token_urlsafe(32)
        invited.append(
            CoProposer.objects.create(
                proposal=proposal, email=email, token_hash=_token_hash(token), expires_at=expires
            )
        )
        notify(
            recipients=[Address(email)],
            kind=MAIL_INVITE,
            template="proposals/mail/invite",
            context={"proposal": proposal, "expires": expires},
            link=reverse("proposals:coproposer-confirm", args=[token]),
        )
    audit_record(
        actor=actor, action=AUDIT_COPROPOSERS_INVITED, target=proposal, data={"n": len(wanted)}
    )
    if proposal.state == ProposalState.DRAFT:
        proposal_transition(actor, proposal, "invite")
    return invited


def coproposer_for_token(token: str) -> CoProposer | None:
    return (
        CoProposer.objects.select_related("proposal")
        .filter(token_hash=_token_hash(token[:200]))
        .first()
    )


@transaction.atomic
def coproposer_confirm(*, actor: User, coproposer: CoProposer) -> CoProposer:
    """The invited person (logged in) stands behind the proposal."""
    proposal = coproposer.proposal
    if actor is None or not actor.is_authenticated or actor.pk == proposal.proposer_id:
        raise PermissionDenied
    if coproposer.confirmed_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if proposal.state != ProposalState.INVITING:
        raise ValidationError(_("The proposal no longer needs co-proposers."))
    if coproposer.expires_at <= timezone.now():
        raise ValidationError(_("The invitation has expired. Ask the proposer for a new one."))
    if proposal.coproposers.filter(user=actor).exists():
        raise ValidationError(_("You are already a co-proposer of this proposal."))
    coproposer.confirmed_at, coproposer.user = timezone.now(), actor
    coproposer.save(update_fields=["confirmed_at", "user"])
    audit_record(actor=actor, action=AUDIT_COPROPOSER_CONFIRMED, target=proposal)
    Event.objects.create(proposal=proposal, kind="coproposer", state=proposal.state)
    return coproposer


@transaction.atomic
def proposal_submit(*, actor: User, proposal: Proposal) -> None:
    """Send the proposal to review once enough co-proposers confirmed in time. A youth
    proposal goes from its draft, without co-proposers."""
    if proposal.track == Track.YOUTH:
        proposal_transition(
            actor, proposal, "submit_youth", changes={"submitted_at": timezone.now()}
        )
        return
    PROPOSAL_WORKFLOW.check(actor=actor, obj=proposal, name="submit")
    required = settings_for(proposal.municipality).coproposers_required
    confirmed = proposal.coproposers.filter(confirmed_at__isnull=False).count()
    if confirmed < required:
        raise ValidationError(
            _("%(n)s co-proposers must confirm first (%(c)s have).")
            % {"n": required, "c": confirmed}
        )
    proposal_transition(actor, proposal, "submit", changes={"submitted_at": timezone.now()})


@transaction.atomic
def proposal_reject(*, actor: User, proposal: Proposal, rules: list[str], reason: str) -> None:
    """Staff refuse a submitted proposal, naming the rule(s) broken and why."""
    PROPOSAL_WORKFLOW.check(actor=actor, obj=proposal, name="reject")
    rules = [r for r in dict.fromkeys(rules) if r in RejectionRule.values]
    reason = reason.strip()
    if not rules:
        raise ValidationError(_("Choose the rule or rules the proposal breaks."))
    if not reason:
        raise ValidationError(_("Write the reason: the proposer reads it."))
    labels = "; ".join(str(RejectionRule(r).label) for r in rules)
    proposal_transition(
        actor,
        proposal,
        "reject",
        note=f"{labels} {reason}",
        changes={"rejection_rules": rules, "rejection_reason": reason},
        rules=rules,
    )


@transaction.atomic
def proposal_publish(*, actor: User, proposal: Proposal) -> None:
    """Staff approve: the proposal opens for signing under today's terms, which it keeps."""
    rules = settings_for(proposal.municipality)
    # The terms also fix what the proposal counts signers by, so a later change of the
    # deployment's paper-with-CPR setting cannot split one person into two hashes.
    now, terms = (
        timezone.now(),
        {**rules.terms(proposal.track), "identifier": identifier_kind_for_new_proposals()},
    )
    proposal_transition(
        actor,
        proposal,
        "publish",
        changes={
            "terms": terms,
            "published_at": now,
            "signing_ends_at": now + datetime.timedelta(days=rules.period_days),
        },
        terms=terms,
    )


@transaction.atomic
def proposal_withdraw(*, actor: User, proposal: Proposal) -> None:
    """The proposer withdraws, at the latest before the threshold is reached."""
    proposal_transition(actor, proposal, "withdraw")


@transaction.atomic
def proposal_council(*, actor: User, proposal: Proposal, meeting_date: datetime.date) -> None:
    """The proposal is on a council meeting's agenda. Called by the council module when the
    secretariat puts the proposal's council item on a meeting (socius.council.services_items
    .item_schedule); the proposer and followers are told."""
    note = _("On the agenda of the council meeting on %(date)s.") % {
        "date": date_text(meeting_date)
    }
    proposal_transition(
        actor,
        proposal,
        "council",
        note=note,
        changes={"meeting_date": meeting_date},
        meeting=meeting_date,
    )


@transaction.atomic
def proposal_decide(
    *, actor: User, proposal: Proposal, decision: str, reasons: str, minutes_url: str
) -> None:
    """Record the council's decision with its reasons and the minutes; the proposal closes.
    Called by the council module when the secretariat records the decision on the proposal's
    council item (adopted → adopted, adopted as amended → partly, rejected → rejected; a
    referral to a committee keeps the proposal with the council)."""
    PROPOSAL_WORKFLOW.check(actor=actor, obj=proposal, name="decide")
    if decision not in Decision.values:
        raise ValidationError(_("Choose the council's decision."))
    if not reasons.strip():
        raise ValidationError(_("Write the council's reasons."))
    proposal_transition(
        actor,
        proposal,
        "decide",
        note=str(Decision(decision).label),
        changes={
            "decision": decision,
            "decision_reasons": reasons.strip(),
            "minutes_url": minutes_url,
            "decided_at": timezone.now(),
        },
        decision=decision,
    )


@transaction.atomic
def proposal_correct(
    *, actor: User, proposal: Proposal, field: str, value: str, reason: str
) -> None:
    """Staff correct a published proposal's text (a typo, personal data); audited and shown."""
    if not user_can(actor, Capability.PROPOSALS_REVIEW):
        raise PermissionDenied
    if proposal.published_at is None:
        raise ValidationError(_("Only published proposals are corrected by staff."))
    if field not in TEXT_FIELDS:
        raise ValidationError(_("That field cannot be corrected."))
    if not reason.strip():
        raise ValidationError(_("Write why the text is corrected."))
    values = {f: getattr(proposal, f) for f in TEXT_FIELDS} | {field: value.strip()}
    _check_texts(settings_for(proposal.municipality), **values)
    before = getattr(proposal, field)
    setattr(proposal, field, value.strip())
    proposal.save(update_fields=[field, "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_PROPOSAL_CORRECTED,
        target=proposal,
        data={"field": field, "before": before, "after": value.strip(), "reason": reason},
    )
    Event.objects.create(proposal=proposal, kind="correct", state=proposal.state, note=reason)


@transaction.atomic
def proposal_follow(*, actor: User, proposal: Proposal, follow: bool) -> None:
    """Follow (or stop following) a proposal's news by e-mail."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied
    if follow:
        Follower.objects.get_or_create(proposal=proposal, user=actor)
    else:
        Follower.objects.filter(proposal=proposal, user=actor).delete()


@transaction.atomic
def settings_update(
    *, actor: User, municipality: Municipality, values: dict[str, Any]
) -> MunicipalitySettings:
    """The administrator changes the scheme's rules; published proposals keep their terms."""
    if not user_can(actor, Capability.PROPOSALS_SETTINGS):
        raise PermissionDenied
    rules = settings_for(municipality)
    changed = {k: v for k, v in values.items() if getattr(rules, k, v) != v}
    for key, value in changed.items():
        setattr(rules, key, value)
    rules.full_clean()
    rules.save()
    audit_record(
        actor=actor, action=AUDIT_SETTINGS_CHANGED, target=rules, data={"changed": changed}
    )
    return rules


def threshold_reached(proposal: Proposal) -> None:
    """Called once, by the signature that reached the threshold."""
    now = timezone.now()
    months = int(proposal.terms.get("council_months", 3))
    proposal_transition(
        None,
        proposal,
        "reach_threshold",
        changes={
            "threshold_reached_at": now,
            "council_deadline": add_months(timezone.localdate(now), months),
        },
    )
    secretariat_notify(proposal, template="secretariat")


def proposal_notify(
    proposal: Proposal, *, kind: MailKind, template: str, context: dict[str, Any] | None = None
) -> None:
    """Tell the proposer and the followers with ``proposals/mail/<template>_*.txt``."""
    notify(
        recipients=selectors.proposal_followers(proposal),
        kind=kind,
        template=f"proposals/mail/{template}",
        context={"proposal": proposal, **(context or {})},
        link=proposal.get_absolute_url(),
    )


def secretariat_notify(proposal: Proposal, *, template: str) -> None:
    """Tell the municipality's council secretariat (an address, not an account)."""
    notify(
        recipients=selectors.proposal_secretariat(proposal),
        kind=MAIL_SECRETARIAT,
        template=f"proposals/mail/{template}",
        context={"proposal": proposal},
        link=proposal.get_absolute_url(),
    )
