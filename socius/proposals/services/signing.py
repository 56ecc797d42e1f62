"""Signatures: online and on paper, withdrawal, and the daily published counts.

Exactness under load: the database's unique constraint (one valid signature per identity
hash and proposal) is the only guard against double signing, so two concurrent requests for
the same person cannot both win; the loser is told "you have already signed", which is also
what a client retrying after a timeout sees. The proposal's counts (its counter shards,
models.SignatureCount) change in the same statement or transaction as the row, so they never
drift from the rows.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.audit import audit_record
from socius.core.db import prepared_cursor
from socius.core.roles import Capability
from socius.proposals.audit import (
    AUDIT_PAPER_SIGNATURE_ADDED,
    AUDIT_PROPOSAL_OVERDUE,
    AUDIT_SIGNERS_EXPORTED,
)
from socius.proposals.identity import (
    IDENTIFIER_CPR,
    Identity,
    cpr_birth_date,
    cpr_identity_hash,
    cpr_normalise,
    eligibility_problems,
    identifier_kind,
    identity_hash,
    identity_key,
)
from socius.proposals.mail import MAIL_PROGRESS
from socius.proposals.merkle import merkle_root
from socius.proposals.models import PaperDetails, Proposal, Signature, Tally
from socius.proposals.services.lifecycle import (
    proposal_notify,
    proposal_transition,
    secretariat_notify,
    threshold_reached,
)
from socius.proposals.workflows import SIGNING_STATES, ProposalState

if TYPE_CHECKING:
    from socius.accounts.models import User


MILESTONES = (25, 50, 75, 100)


def receipt_token(signature: Signature) -> str:
    """The signer's receipt: derived from a random salt, so we can show it again to them."""
    return _receipt_token(signature.receipt_salt)


def _receipt_token(salt: str) -> str:
    raw = hmac.digest(identity_key(), b"receipt:" + salt.encode(), "sha256").hex()[:32]
    return f"{raw[:8]}-{raw[8:16]}-{raw[16:24]}-{raw[24:]}"


def receipt_hash(token: str) -> str:
    return hashlib.sha256(token.strip().lower().encode()).hexdigest()


class SignResult:
    """What signing did: ``created`` (False: the person had signed already) and the signature.

    A new signature's model instance is made only when someone asks for it: the signing
    view needs only ``created``, and a surge makes thousands of them a second."""

    __slots__ = ("_signature", "created")

    def __init__(self, signature: Signature | Callable[[], Signature], *, created: bool) -> None:
        self._signature = signature
        self.created = created

    @property
    def signature(self) -> Signature:
        if not isinstance(self._signature, Signature):
            self._signature = self._signature()
        return self._signature

    @property
    def receipt(self) -> str:
        return receipt_token(self.signature)


def _require_open(proposal: Proposal) -> None:
    if proposal.state not in SIGNING_STATES:
        raise ValidationError(_("The proposal is not open for signing."))
    if proposal.signing_ends_at is None or timezone.now() >= proposal.signing_ends_at:
        raise ValidationError(_("The signing period has ended."))


def signing_problems(
    proposal: Proposal, birth: datetime.date | None, municipality_code: str
) -> list[str]:
    """Which of the proposal's age and residence rules the signer does not meet (empty: none):
    the signing page shows them before anyone signs, and signing refuses with them."""
    return eligibility_problems(
        birth_date=birth,
        municipality_code=municipality_code,
        terms=proposal.terms,
        proposal_municipality_code=proposal.municipality.code,
        # The Danish date (the site's time zone; no request switches it): named, so the
        # date is not looked up through the active time zone for every signer in a surge.
        today=timezone.localdate(timezone=timezone.get_default_timezone()),
    )


def _check_rules(proposal: Proposal, birth: datetime.date | None, municipality_code: str) -> None:
    problems = signing_problems(proposal, birth, municipality_code)
    if problems:
        raise ValidationError(problems)


# The statements behind a signature. The row goes in only while the proposal is open (checked
# in the same statement, so a proposal closed a moment ago takes no more signatures) and only
# if the person has no valid signature (the partial unique index, ON CONFLICT DO NOTHING: no
# exception, no savepoint). The count moves in the same transaction, in one of the proposal's
# counter shards (models.SignatureCount): on PostgreSQL the shard of the database session, so
# signers on different connections never wait for each other's row lock and commit flush; on
# SQLite, which has one writer at a time anyway, shard 0. On PostgreSQL it is all one prepared
# statement (one round trip, planned once per connection); SQLite has no data-modifying WITH
# and runs the parts in a transaction. Only parameters vary.
_SIGN_INSERT = (
    "INSERT INTO proposals_signature (proposal_id, identity_hash, channel, receipt_salt,"
    " receipt_hash, signer_name, created_at) SELECT %s, %s, %s, %s, %s, %s, %s"
    " WHERE EXISTS (SELECT 1 FROM proposals_proposal WHERE id = %s AND state IN (%s, %s)"
    " AND signing_ends_at > %s)"
    " ON CONFLICT (proposal_id, identity_hash) WHERE withdrawn_at IS NULL DO NOTHING"
    " RETURNING id"
)
SHARDS = 32  # counter shards per proposal on PostgreSQL (the "% 32" below)
# Add (online, paper) to this session's shard of a proposal's counts.
_COUNT = {
    "postgresql": "INSERT INTO proposals_signaturecount (proposal_id, shard, online, paper)"
    " VALUES (%s, pg_backend_pid() %% 32, %s, %s) ON CONFLICT (proposal_id, shard) DO UPDATE"
    " SET online = proposals_signaturecount.online + excluded.online,"
    " paper = proposals_signaturecount.paper + excluded.paper",
    "sqlite": "INSERT INTO proposals_signaturecount (proposal_id, shard, online, paper)"
    " VALUES (%s, 0, %s, %s) ON CONFLICT (proposal_id, shard) DO UPDATE"
    " SET online = proposals_signaturecount.online + excluded.online,"
    " paper = proposals_signaturecount.paper + excluded.paper",
}
_SIGN_POSTGRESQL = " ".join(  # the constant statements above, nothing else
    [
        f"WITH signed AS ({_SIGN_INSERT}),",
        "counted AS (INSERT INTO proposals_signaturecount (proposal_id, shard, online, paper)",
        "SELECT %s, pg_backend_pid() %% 32, %s, %s FROM signed ON CONFLICT (proposal_id, shard)",
        "DO UPDATE SET online = proposals_signaturecount.online + excluded.online,",
        "paper = proposals_signaturecount.paper + excluded.paper)",
        # PostgreSQL runs a data-modifying WITH once whether or not the query reads it. The
        # total is read after the commit, and only when a milestone may be near
        # (_milestones_after): summing the shards here cost PostgreSQL about an eighth of the
        # statement for every signer.
        "SELECT id FROM signed",
    ]
)
# A proposal's count and last milestone, exact as of now (after the caller's commit).
_TOTAL = (
    "SELECT COALESCE(SUM(online + paper), 0), (SELECT milestone FROM proposals_proposal"
    " WHERE id = %s) FROM proposals_signaturecount WHERE proposal_id = %s"
)
_OPEN_STATES = sorted(state.value for state in SIGNING_STATES)  # the two %s of "state IN"


def _insert(proposal: Proposal, ident_hash: str, channel: str, name: str) -> SignResult:
    now = timezone.now()
    salt = secrets.token_hex(16)
    receipt = receipt_hash(_receipt_token(salt))
    online = int(channel == Signature.Channel.ONLINE)
    connection = connections[Signature.objects.db]
    stamp = connection.ops.adapt_datetimefield_value(now)
    values: list[Any] = [proposal.pk, ident_hash, channel, salt, receipt, name, stamp]
    values += [proposal.pk, *_OPEN_STATES, stamp]
    counts: list[Any] = [proposal.pk, online, 1 - online]
    row: tuple[Any, ...] | None
    exact = connection.vendor != "postgresql"
    if not exact:  # one statement: atomic on its own
        with prepared_cursor(connection.alias) as cursor:
            cursor.execute(_SIGN_POSTGRESQL, values + counts)
            row = cursor.fetchone()
    else:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(_SIGN_INSERT, values)
            inserted = cursor.fetchone()
            row = None
            if inserted is not None:
                cursor.execute(_COUNT["sqlite"], counts)
                cursor.execute(_TOTAL, [proposal.pk, proposal.pk])
                row = (inserted[0], *(cursor.fetchone() or ()))
    if row is None:
        existing = _signature_by_hash(proposal, ident_hash)
        if existing is not None:  # a second click, or a client retrying after a timeout
            _milestones_catch_up(proposal)
            return SignResult(existing, created=False)
        # Not a duplicate: the proposal closed a moment ago (or the person withdrew in the
        # same instant, and may simply sign again).
        proposal.refresh_from_db()
        _require_open(proposal)
        raise ValidationError(_("Your signature was not saved. Please try again."))
    pk = row[0]
    if exact:
        _milestones(proposal, int(row[1]), int(row[2]))
    else:
        _milestones_after(proposal)

    def stored() -> Signature:  # the row just inserted, as the model (see SignResult)
        signature = Signature(
            pk=pk,
            proposal=proposal,
            identity_hash=ident_hash,
            channel=channel,
            receipt_salt=salt,
            receipt_hash=receipt,
            signer_name=name,
            created_at=now,
        )
        signature._state.adding = False
        signature._state.db = connection.alias
        return signature

    return SignResult(stored, created=True)


# How close below a milestone the last exact count must be for every signer to read it again
# after their commit, and how old it may be before the next signer does (see _milestones_after).
MILESTONE_WINDOW = 1000
COUNT_FRESH_SECONDS = 0.1
# Per process: proposal id -> (time.monotonic() of the read, the exact count then).
_LAST_COUNTS: dict[int, tuple[float, int]] = {}


def _milestones_after(proposal: Proposal) -> None:
    """The milestones a new signature on PostgreSQL may have reached.

    The signing statement does not count. After their commit a signer reads the exact count
    (``_TOTAL``, the sum over the shards) when this process's last read is older than
    COUNT_FRESH_SECONDS, or when that read was within MILESTONE_WINDOW below the next
    milestone. Far from a milestone that is one signer per process about ten times a second;
    near one it is every signer, so the signature whose commit reaches a milestone records it.
    Between two reads a process can miss only what is signed in COUNT_FRESH_SECONDS, less than
    the window unless more than 10,000 people sign a second; a milestone missed that way is
    recorded by the next read in any process, by a signer pressing again
    (``_milestones_catch_up``) or by the daily run (``milestones_catch_up``). Each milestone is
    recorded and mailed once either way (``_milestones``). ``proposal`` is the signing path's
    copy (at most two seconds old): a milestone it shows is recorded, since they only grow."""
    threshold = proposal.threshold
    if not threshold or proposal.milestone >= MILESTONES[-1]:
        return
    now = time.monotonic()
    last = _LAST_COUNTS.get(proposal.pk)
    if last is not None and now - last[0] < COUNT_FRESH_SECONDS:
        upcoming = [m for m in MILESTONES if last[1] * 100 < m * threshold]
        # Every milestone reached at the last read (which recorded them), or the next one far.
        if not upcoming or (upcoming[0] * threshold + 99) // 100 - last[1] > MILESTONE_WINDOW:
            return
    with prepared_cursor(Signature.objects.db) as cursor:  # the alias _insert wrote to
        cursor.execute(_TOTAL, [proposal.pk, proposal.pk])
        total, milestone = cursor.fetchone()
    if len(_LAST_COUNTS) >= 256:  # bounded, as the signing copies of the proposals
        _LAST_COUNTS.clear()
    _LAST_COUNTS[proposal.pk] = (now, int(total))
    _milestones(proposal, int(total), int(milestone))


def _milestones(proposal: Proposal, total: int, milestone: int) -> None:
    """Notify at 25/50/75/100 %; exactly one signer's transaction wins each milestone."""
    threshold = proposal.threshold
    if not threshold:
        return
    reached = [m for m in MILESTONES if total * 100 >= m * threshold and m > milestone]
    if not reached:
        return
    top = reached[-1]
    with transaction.atomic():
        if not Proposal.objects.filter(pk=proposal.pk, milestone__lt=top).update(milestone=top):
            return
        proposal.refresh_from_db()
        proposal_notify(
            proposal, kind=MAIL_PROGRESS, template="milestone", context={"percent": top}
        )
        if top == 100 and proposal.state == ProposalState.PUBLISHED:
            threshold_reached(proposal)


def _milestones_catch_up(proposal: Proposal) -> None:
    """The milestones of the counter as it stands now. A signature commits on its own, before
    its milestones are checked: if the connection is lost between the two (PostgreSQL
    restarting during a surge), the milestone, and at 100 % the threshold, would wait for the
    next new signer. The retry of the signer whose answer was lost, and the daily expiry, catch
    it up; ``_milestones`` takes each milestone once."""
    proposal.refresh_from_db()
    _milestones(proposal, proposal.signature_count, proposal.milestone)


def milestones_catch_up() -> int:
    """The daily run: record any milestone the counts of a proposal open for signing have
    reached but no signer recorded (see ``_milestones_after``). Returns how many proposals
    moved on."""
    moved = 0
    for proposal in Proposal.objects.filter(state__in=SIGNING_STATES):
        before = proposal.milestone
        _milestones_catch_up(proposal)
        moved += proposal.milestone != before
    return moved


def signer_hash(proposal: Proposal, identity: Identity) -> str:
    """The one hash ``proposal`` counts this signer by (see identity.py's threat model).

    A proposal that also takes paper forms with CPR numbers counts everyone by CPR number; a
    sign-in without the CPR claim is refused rather than counted under another hash."""
    kind = identifier_kind(proposal.terms)
    found = identity.hash_for(kind)
    if found is None and kind != IDENTIFIER_CPR:
        raise ValidationError(_("The sign-in gave no identity."), code="subject_missing")
    if found is None:
        raise ValidationError(
            _(
                "The municipality also takes signatures on paper with a CPR number. So that "
                "nobody is counted twice, we need your CPR number from MitID, and your sign-in "
                "did not include it. Start again and allow MitID to share your CPR number."
            ),
            code="cpr_missing",
        )
    return found


def signature_add(*, proposal: Proposal, identity: Identity) -> SignResult:
    """Sign online with a verified identity. Signing twice returns the first signature."""
    _require_open(proposal)
    ident_hash = signer_hash(proposal, identity)
    _check_rules(proposal, identity.birth_date, identity.municipality_code)
    return _insert(proposal, ident_hash, Signature.Channel.ONLINE, identity.name)


def signature_for(proposal: Proposal, identity: Identity) -> Signature | None:
    """The person's valid signature on ``proposal`` (None: none, or the sign-in lacks the
    identifier the proposal counts by)."""
    ident_hash = identity.hash_for(identifier_kind(proposal.terms))
    if ident_hash is None:
        return None
    return _signature_by_hash(proposal, ident_hash)


def _signature_by_hash(proposal: Proposal, ident_hash: str) -> Signature | None:
    return Signature.objects.filter(
        proposal=proposal, identity_hash=ident_hash, withdrawn_at__isnull=True
    ).first()


@transaction.atomic
def signature_withdraw(*, proposal: Proposal, identity: Identity) -> Signature:
    """The signer takes back their support while signing is open (read fresh: the caller's
    copy of the proposal may be a moment old)."""
    _require_open(Proposal.objects.only("state", "signing_ends_at").get(pk=proposal.pk))
    ident_hash = signer_hash(proposal, identity)
    signature = (
        Signature.objects.select_for_update()
        .filter(proposal=proposal, identity_hash=ident_hash, withdrawn_at__isnull=True)
        .first()
    )
    if signature is None:
        raise ValidationError(_("We found no signature from you on this proposal."))
    signature.withdrawn_at = timezone.now()
    signature.save(update_fields=["withdrawn_at"])
    online = int(signature.channel == Signature.Channel.ONLINE)
    connection = connections[Signature.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(_COUNT[connection.vendor], [proposal.pk, -online, online - 1])
    return signature


@transaction.atomic
def paper_signature_add(
    *,
    actor: User,
    proposal: Proposal,
    name: str,
    address: str,
    birth_date: datetime.date,
    cpr: str = "",
    lives_in_municipality: bool,
) -> SignResult:
    """Staff enter a paper form: the same rules as online.

    A proposal that counts by CPR number needs the form's CPR number and hashes it exactly as an
    online sign-in's, so the same person is one signature in both channels. Otherwise the form
    takes no CPR number (it could not be matched with online signers, who are counted by the
    broker's subject) and is identified by name, birth date and address."""
    if not user_can(actor, Capability.PROPOSALS_PAPER):
        raise PermissionDenied
    _require_open(proposal)
    name, address = " ".join(name.split()), " ".join(address.split())
    if not name or not address:
        raise ValidationError(_("Write the signer's name and address."))
    by_cpr = identifier_kind(proposal.terms) == IDENTIFIER_CPR
    if not by_cpr and cpr.strip():
        raise ValidationError(
            _("This proposal's paper forms take no CPR number. Leave the field empty.")
        )
    digits = cpr_normalise(cpr) if cpr.strip() else None
    if by_cpr and not cpr.strip():
        raise ValidationError(_("Write the CPR number from the paper form."))
    if cpr.strip() and digits is None:
        raise ValidationError(_("The CPR number is not valid."))
    if digits and cpr_birth_date(digits) != birth_date:
        raise ValidationError(_("The birth date does not match the CPR number."))
    ident_hash = (
        cpr_identity_hash(digits)
        if digits
        else identity_hash(
            "paper:" + "|".join([name.lower(), birth_date.isoformat(), address.lower()])
        )
    )
    code = proposal.municipality.code if lives_in_municipality else ""
    _check_rules(proposal, birth_date, code)
    result = _insert(proposal, ident_hash, Signature.Channel.PAPER, name)
    if result.created:
        PaperDetails.objects.create(
            signature=result.signature,
            name=name,
            address=address,
            birth_date=birth_date,
            entered_by=actor,
        )
        audit_record(
            actor=actor,
            action=AUDIT_PAPER_SIGNATURE_ADDED,
            target=proposal,
            data={"signature": result.signature.pk},
        )
    return result


@transaction.atomic
def tally_publish(*, proposal: Proposal, day: datetime.date) -> tuple[Tally, bool]:
    """Publish the day's count and Merkle root; a second run on the same day changes nothing."""
    existing = Tally.objects.filter(proposal=proposal, day=day).first()
    if existing is not None:
        return existing, False
    rows = Signature.objects.filter(proposal=proposal, withdrawn_at__isnull=True).values_list(
        "receipt_hash", "channel"
    )
    leaves = sorted(h for h, _c in rows)
    paper = sum(1 for _h, c in rows if c == Signature.Channel.PAPER)
    tally = Tally.objects.create(
        proposal=proposal,
        day=day,
        online=len(leaves) - paper,
        paper=paper,
        merkle_root=merkle_root(leaves),
        leaves="\n".join(leaves),
    )
    return tally, True


def tallies_publish(day: datetime.date | None = None) -> int:
    """The daily run: every proposal that has been open for signing gets the day's tally."""
    day = day or timezone.localdate()
    created = 0
    for proposal in Proposal.objects.filter(published_at__isnull=False):
        created += tally_publish(proposal=proposal, day=day)[1]
    return created


def proposals_expire(now: datetime.datetime | None = None) -> int:
    """Close signing on proposals whose period ended below the threshold (idempotent).

    A proposal whose counter reached the threshold without the threshold being recorded (see
    ``_milestones_catch_up``) reaches it here instead of expiring."""
    now = now or timezone.now()
    expired = 0
    for proposal in Proposal.objects.filter(
        state=ProposalState.PUBLISHED, signing_ends_at__lte=now
    ):
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if locked.state != ProposalState.PUBLISHED:
                continue
            _milestones_catch_up(locked)
            if locked.state == ProposalState.PUBLISHED:
                proposal_transition(None, locked, "expire")
                expired += 1
    return expired


@transaction.atomic
def signers_exported(*, actor: Any, proposal: Proposal) -> None:
    """Log that a member of staff took the signer list (names, addresses) out of the platform."""
    if not user_can(actor, Capability.PROPOSALS_EXPORT):
        raise PermissionDenied
    audit_record(actor=actor, action=AUDIT_SIGNERS_EXPORTED, target=proposal)


def proposals_overdue_alert(today: datetime.date | None = None) -> int:
    """Tell the secretariat (and the proposer) once when the council's deadline has passed."""
    today = today or timezone.localdate()
    alerted = 0
    for proposal in Proposal.objects.filter(
        state__in=[ProposalState.THRESHOLD, ProposalState.COUNCIL],
        council_deadline__lt=today,
        overdue_alerted_at__isnull=True,
    ):
        with transaction.atomic():
            if not Proposal.objects.filter(pk=proposal.pk, overdue_alerted_at__isnull=True).update(
                overdue_alerted_at=timezone.now()
            ):
                continue
            audit_record(actor=None, action=AUDIT_PROPOSAL_OVERDUE, target=proposal)
            secretariat_notify(proposal, template="overdue")
            proposal_notify(proposal, kind=MAIL_PROGRESS, template="overdue")
            alerted += 1
    return alerted
