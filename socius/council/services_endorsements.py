"""Every write of cross-party support: endorse, withdraw, invite every party.

Threat model:

- **Forged endorsements.** Only a person whose PoliticianProfile staff have verified may
  endorse, and only for themself: the service takes the actor and nothing that names another
  person, so a POST that names someone else endorses, at most, as the person logged in. The
  party is the profile's party at that moment, never a form value.
- **Party changes.** The endorsement keeps the party it was made for. Changing party withdraws
  the verification (core ``politician_declare``), and the measure counts an endorsement only
  while its politician is still verified for that party (``selectors.endorsement_counts``), so
  a defector's old endorsements do not speak for a party they left, nor for the new one.
- **Many endorsements by one party.** The measure counts parties, not people: a party's
  hundredth endorser changes nothing. One standing endorsement per politician and target
  (a database constraint too), so nobody can be counted twice even in a race.
- **Hostile text.** The reason is plain text: markup and control characters are refused,
  everything shown is escaped, at most 500 characters.
- **Invitation spam.** Only editors (ENDORSEMENTS_INVITE) invite; one invitation per party
  and target in 7 days; politicians can turn the mail off; those who already endorse get none.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.mail import notify
from socius.core.models import Party, PoliticianProfile
from socius.core.roles import Capability
from socius.core.thread_services import thread_moved
from socius.council import mail_endorsements as mail
from socius.council import selectors_endorsements as selectors
from socius.council.audit import council_action
from socius.council.models import Endorsement, EndorsementInvitation

if TYPE_CHECKING:
    from socius.accounts.models import User

AUDIT_ENDORSED = council_action("council.endorsement.create", gettext_lazy("Endorsement given"))
AUDIT_WITHDRAWN = council_action(
    "council.endorsement.withdraw", gettext_lazy("Endorsement withdrawn")
)
AUDIT_INVITED = council_action(
    "council.endorsement.invite", gettext_lazy("Parties invited to endorse")
)

REASON_MAX = 500
INVITE_PAUSE = datetime.timedelta(days=7)
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|&#?[a-zA-Z0-9]+;")


def reason_clean(text: str) -> str:
    """The reason as plain text, or a translated ValidationError (field ``reason``)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"reason": _("Write a short reason for your support.")})
    if len(text) > REASON_MAX:
        raise ValidationError({"reason": _("Write at most 500 characters.")})
    if any(unicodedata.category(c) in {"Cc", "Cf", "Co", "Cs"} and c != "\n" for c in text):
        raise ValidationError({"reason": _("The reason contains characters that cannot be shown.")})
    if _MARKUP.search(text):
        raise ValidationError({"reason": _("Write the reason as plain text, without HTML.")})
    return text


def _target_open(kind: str, key: str) -> selectors.Target:
    target = selectors.target_get(kind, key)
    if target is None:
        raise ValidationError(_("This recommendation or proposal does not exist or is not public."))
    if not target.is_open:
        raise ValidationError(_("This proposal is closed. It can no longer be endorsed."))
    return target


def _profile_verified(actor: User) -> PoliticianProfile:
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    profile = (
        PoliticianProfile.objects.select_for_update()
        .select_related("party")
        .filter(user=actor)
        .first()
    )
    if profile is None:
        raise ValidationError(
            _("Only politicians can endorse. State your party on your profile first.")
        )
    if not profile.is_verified:
        raise ValidationError(
            _("Your party has not been verified yet. You can endorse once staff have checked it.")
        )
    if not profile.party.is_active:
        raise ValidationError(_("Your party can no longer be chosen, so you cannot endorse."))
    return profile


@transaction.atomic
def endorsement_create(*, actor: User, kind: str, key: str, reason: str) -> Endorsement:
    """The actor, a verified politician, endorses a recommendation or an open public proposal
    with a short reason, for the party they are verified for now."""
    profile = _profile_verified(actor)
    target = _target_open(kind, str(key))
    text = reason_clean(reason)
    if Endorsement.objects.filter(
        target_kind=target.kind, target_key=target.key, politician=actor, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError(_("You already endorse this. Withdraw it first to write it anew."))
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                target_kind=target.kind,
                target_key=target.key,
                politician=actor,
                party=profile.party,
                reason=text,
            )
    except IntegrityError as exc:  # the same person, twice at once
        raise ValidationError(
            _("You already endorse this. Withdraw it first to write it anew.")
        ) from exc
    audit_record(
        actor=actor,
        action=AUDIT_ENDORSED,
        target=endorsement,
        data={"kind": target.kind, "key": target.key, "party": profile.party_id},
    )
    thread_moved(  # the thread's people hear of it once this commits
        kind=target.kind,
        key=target.key,
        text=_("%(name)s (%(party)s) endorses it: %(reason)s")
        % {"name": actor.name or _("A politician"), "party": profile.party.name, "reason": text},
        actor=actor,
    )
    return endorsement


@transaction.atomic
def endorsement_withdraw(*, actor: User, endorsement: Endorsement) -> Endorsement:
    """The politician takes their endorsement back; it is kept with the time it was withdrawn,
    and they may endorse again later."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.politician_id != actor.pk:
        raise PermissionDenied
    if endorsement.withdrawn_at is not None:
        raise ValidationError(_("You have already withdrawn this endorsement."))
    endorsement.withdrawn_at = timezone.now()
    endorsement.save(update_fields=["withdrawn_at"])
    audit_record(
        actor=actor,
        action=AUDIT_WITHDRAWN,
        target=endorsement,
        data={"kind": endorsement.target_kind, "key": endorsement.target_key},
    )
    return endorsement


@dataclass
class InviteResult:
    invited: list[Party] = field(default_factory=list)
    recipients: int = 0
    # Parties invited less than 7 days ago, with the day they can be invited again.
    too_soon: list[tuple[Party, datetime.datetime]] = field(default_factory=list)


def support_path(kind: str, key: str) -> str:
    return reverse("council:endorsement-target", args=[kind, key])


@transaction.atomic
def endorsement_invite_all(
    *, actor: User, kind: str, key: str, now: datetime.datetime | None = None
) -> InviteResult:
    """Invite every active party with verified politicians to endorse the target: one
    invitation per party, a mail to each of its verified politicians who do not endorse it
    yet. A party invited less than 7 days ago is left out; if every party was, it is refused."""
    require(actor, Capability.ENDORSEMENTS_INVITE)
    now = now or timezone.now()
    target = _target_open(kind, str(key))
    endorsers = set(
        Endorsement.objects.filter(
            target_kind=target.kind, target_key=target.key, withdrawn_at__isnull=True
        ).values_list("politician_id", flat=True)
    )
    latest: dict[int, datetime.datetime] = {}
    for invitation in selectors.invitations_recent(target.kind, target.key).filter(
        invited_at__gt=now - INVITE_PAUSE
    ):
        latest.setdefault(invitation.party_id, invitation.invited_at)
    by_party: dict[int, list[PoliticianProfile]] = {}
    for profile in selectors.invitable_profiles(target):
        by_party.setdefault(profile.party_id, []).append(profile)
    result = InviteResult()
    for profiles in by_party.values():
        party = profiles[0].party
        if party.pk in latest:
            result.too_soon.append((party, latest[party.pk] + INVITE_PAUSE))
            continue
        recipients = [p.user for p in profiles if p.user_id not in endorsers]
        EndorsementInvitation.objects.create(
            target_kind=target.kind,
            target_key=target.key,
            party=party,
            invited_by=actor,
            recipients=len(recipients),
        )
        notify(
            recipients=recipients,
            kind=mail.MAIL_ENDORSEMENT_INVITE,
            template="council/mail/endorsement_invite",
            context={"title": target.title, "party": party.name, "kind": target.kind},
            link=support_path(target.kind, target.key),
        )
        result.invited.append(party)
        result.recipients += len(recipients)
    if not result.invited:
        if result.too_soon:
            raise ValidationError(
                _("Every party was invited less than 7 days ago. You can invite again later.")
            )
        raise ValidationError(_("No party has verified politicians to invite yet."))
    audit_record(
        actor=actor,
        action=AUDIT_INVITED,
        data={
            "kind": target.kind,
            "key": target.key,
            "parties": [p.pk for p in result.invited],
            "recipients": result.recipients,
            "too_soon": [p.pk for p, _when in result.too_soon],
        },
    )
    return result
