"""Every write to deliberation. Each service runs in one transaction and is audited.

Votes are not audited one by one (a vote is personal data and the audit log is kept for years);
the moderation and publishing decisions that staff take are.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core import services as core_services
from socius.core.access import require, user_roles
from socius.core.audit import audit_record
from socius.core.models import Theme
from socius.core.roles import PUBLIC_ROLES, Capability, Role
from socius.core.text import danish_slugify
from socius.deliberation.audiences import audience_may_moderate, audience_may_take_part
from socius.deliberation.audit import (
    AUDIT_CONVERSATION_CLOSED,
    AUDIT_CONVERSATION_CREATED,
    AUDIT_CONVERSATION_OPENED,
    AUDIT_SOLUTION_COMMENT_HIDDEN,
    AUDIT_SOLUTION_CREATED,
    AUDIT_SOLUTION_PUBLISHED,
    AUDIT_STATEMENT_ACCEPTED,
    AUDIT_STATEMENT_REJECTED,
)
from socius.deliberation.models import (
    STATEMENT_MAX_LENGTH,
    BackgroundLink,
    Conversation,
    Participant,
    RoleQuestion,
    SolutionComment,
    SolutionProposal,
    SolutionStatement,
    SolutionVote,
    Statement,
    Vote,
)

if TYPE_CHECKING:
    from socius.accounts.models import User


STATEMENT_MIN_LENGTH = 5
# The public roles a person ticks for themself, as on the profile: a politician states a
# party instead (staff verify it), and staff roles are granted only by an administrator.
SELF_CHOSEN_ROLES: frozenset[str] = frozenset(PUBLIC_ROLES - {Role.POLITICIAN})


def clean_text(value: str, *, max_length: int, field: str, min_length: int = 1) -> str:
    """Plain text as people typed it, with control characters refused and spaces tidied.

    Markup is kept as text (templates escape it); NUL and other control characters are refused
    because they have no place in a sentence and break exports."""
    # U+FFFD is what invalid UTF-8 decodes to: the text was damaged on the way.
    if any(
        (unicodedata.category(ch) in {"Cc", "Cs"} and ch not in "\n\t") or ch == "\ufffd"
        for ch in value
    ):
        raise ValidationError({field: _("The text contains characters that are not allowed.")})
    text = " ".join(value.split()) if "\n" not in value else value.strip()
    if len(text) < min_length:
        raise ValidationError({field: _("Write at least %(n)d characters.") % {"n": min_length}})
    if len(text) > max_length:
        raise ValidationError(
            {field: _("Keep it to at most %(n)d characters.") % {"n": max_length}}
        )
    return text


def _require_moderator(actor: User, audience: str) -> None:
    """Public conversations are moderated by holders of the capability; a closed one only by
    its audience's moderator (deliberation.audiences), never by the platform's editors."""
    if audience:
        if not audience_may_moderate(actor, audience):
            raise PermissionDenied
        return
    require(actor, Capability.DELIBERATION_MODERATE)


def _require_member(actor: User, audience: str) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if audience and not audience_may_take_part(actor, audience):
        raise PermissionDenied


def _unique_slug(title: str) -> str:
    base = danish_slugify(title)[:100] or "samtale"
    slug, n = base, 2
    while Conversation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def conversation_create(
    *,
    actor: User,
    theme: Theme,
    title: str,
    question: str,
    description: str = "",
    moderation: str = Conversation.Moderation.PRE,
    links: Sequence[tuple[str, str]] = (),
    seed_statements: Iterable[str] = (),
    audience: str = "",
) -> Conversation:
    """Open a conversation on one question; moderators may add the first statements.

    With ``audience`` the conversation is closed to that audience (deliberation.audiences)
    and only its moderator may open it; its slug is random, so it tells nothing."""
    _require_moderator(actor, audience)
    conversation = Conversation(
        audience=audience,
        theme=theme,
        title=clean_text(title, max_length=140, field="title", min_length=3),
        question=clean_text(question, max_length=300, field="question", min_length=5),
        description=clean_text(description, max_length=3000, field="description", min_length=0),
        moderation=moderation,
        created_by=actor,
    )
    conversation.slug = (
        f"lukket-{uuid.uuid4().hex}" if audience else _unique_slug(conversation.title)
    )
    conversation.full_clean()
    conversation.save()
    for position, (link_title, url) in enumerate(links):
        link = BackgroundLink(
            conversation=conversation,
            title=clean_text(link_title, max_length=200, field="links"),
            url=url,
            position=position,
        )
        link.full_clean()
        link.save()
    for text in seed_statements:
        statement = _statement_new(conversation, participant_for(conversation, actor), text)
        _accept(statement, actor)
    audit_record(actor=actor, action=AUDIT_CONVERSATION_CREATED, target=conversation)
    return conversation


@transaction.atomic
def conversation_set_open(*, actor: User, conversation: Conversation, is_open: bool) -> None:
    """Open or close a conversation for new statements and votes (results stay visible)."""
    _require_moderator(actor, conversation.audience)
    conversation.is_open = is_open
    conversation.save(update_fields=["is_open", "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_CONVERSATION_OPENED if is_open else AUDIT_CONVERSATION_CLOSED,
        target=conversation,
    )


def participant_for(conversation: Conversation, user: User) -> Participant:
    """The person's number in the conversation, created on their first statement or vote."""
    existing = Participant.objects.filter(conversation=conversation, user=user).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        number = (
            Participant.objects.filter(conversation=conversation).aggregate(n=Max("number"))["n"]
            or 0
        ) + 1
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    conversation=conversation, user=user, number=number
                )
        except IntegrityError:
            found = Participant.objects.filter(conversation=conversation, user=user).first()
            if found is not None:
                return found
    raise ValidationError(_("Too many people joined at once. Please try again."))


def _require_open(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise ValidationError(_("The conversation is closed. You can still read the results."))


def _statement_new(conversation: Conversation, author: Participant, text: str) -> Statement:
    cleaned = clean_text(
        text, max_length=STATEMENT_MAX_LENGTH, field="text", min_length=STATEMENT_MIN_LENGTH
    )
    if conversation.statements.filter(text__iexact=cleaned).exists():
        raise ValidationError({"text": _("That statement is already in the conversation.")})
    statement = Statement(conversation=conversation, author=author, text=cleaned)
    statement.shown = conversation.moderation == Conversation.Moderation.POST
    statement.save()
    return statement


@transaction.atomic
def statement_add(*, actor: User, conversation: Conversation, text: str) -> Statement:
    """A participant's statement: shown at once (post-moderation) or after approval (pre)."""
    _require_member(actor, conversation.audience)
    _require_open(conversation)
    return _statement_new(conversation, participant_for(conversation, actor), text)


def _accept(statement: Statement, actor: User) -> None:
    statement.status = Statement.Status.ACCEPTED
    statement.shown = True
    statement.reason = ""
    statement.reason_note = ""
    statement.moderated_by = actor
    statement.moderated_at = timezone.now()
    statement.save(
        update_fields=[
            "status", "shown", "reason", "reason_note", "moderated_by", "moderated_at",
            "updated_at",
        ]
    )  # fmt: skip


@transaction.atomic
def statement_moderate(
    *, actor: User, statement: Statement, accept: bool, reason: str = "", note: str = ""
) -> Statement:
    """Accept a statement, or reject it with one of the published reasons (and a note)."""
    _require_moderator(actor, statement.conversation.audience)
    if accept:
        _accept(statement, actor)
    else:
        if reason not in Statement.Reason.values:
            raise ValidationError({"reason": _("Choose the reason for rejecting the statement.")})
        statement.status = Statement.Status.REJECTED
        statement.shown = False
        statement.reason = reason
        statement.reason_note = clean_text(note, max_length=300, field="note", min_length=0)
        statement.moderated_by = actor
        statement.moderated_at = timezone.now()
        statement.save()
        # Votes already cast stay (Polis keeps them for the maths) but the engine sets them
        # aside; a new run is needed either way.
        recompute_request(statement.conversation_id)
    audit_record(
        actor=actor,
        action=AUDIT_STATEMENT_ACCEPTED if accept else AUDIT_STATEMENT_REJECTED,
        target=statement,
        data={"reason": statement.reason},
    )
    return statement


def recompute_request(conversation_id: int) -> None:
    """Queue one engine run for the conversation, once the current transaction commits.

    The conversation's ``recompute_queued`` flag is set in the same transaction, so a
    transaction that casts many votes (an import, the demo), and every transaction after it
    until the run starts, queue a single run; a rolled-back transaction rolls the flag back
    and queues none (Django drops its on-commit callbacks)."""
    from socius.deliberation.tasks import conversation_recompute

    if not Conversation.objects.filter(pk=conversation_id, recompute_queued=False).update(
        recompute_queued=True
    ):
        return

    def enqueue() -> None:
        try:
            conversation_recompute.enqueue(conversation_id)
        except Exception:
            # Nothing is queued: let the next vote try again.
            Conversation.objects.filter(pk=conversation_id).update(recompute_queued=False)
            raise

    transaction.on_commit(enqueue)


@transaction.atomic
def vote_cast(*, actor: User, statement: Statement, value: int) -> Vote:
    """One vote per person per statement; voting again changes it (the last vote counts)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if value not in Vote.Value.values:
        raise ValidationError({"value": _("Choose agree, disagree or pass.")})
    # One statement raises the conversation's vote revision and reads it back, with what the
    # vote needs to know (UPDATE ... RETURNING, PostgreSQL and SQLite 3.35+): no separate
    # locking read and no refresh. Its row lock orders the votes of a conversation (their
    # revisions, new participants' numbers, one person's two votes on one statement at the
    # same moment) until the transaction ends; a refused vote rolls the revision back.
    revision, is_open, queued, audience = _vote_revision_next(statement.conversation_id)
    # A closed conversation: only its audience votes (the raised revision rolls back).
    _require_member(actor, audience)
    # What was read of the row (the rest of the code uses its id only).
    conversation = Conversation(pk=statement.conversation_id, is_open=is_open)
    _require_open(conversation)
    if not statement.shown:
        raise ValidationError(_("This statement cannot be voted on."))
    participant = participant_for(conversation, actor)
    # One INSERT ... ON CONFLICT DO UPDATE (both databases), without a savepoint: a changed
    # vote keeps its created_at (the engine replays votes in the order first cast) and gets
    # the new revision. (The returned object's created_at is this call's time.)
    (vote,) = Vote.objects.bulk_create(
        [Vote(statement=statement, participant=participant, value=value, revision=revision)],
        update_conflicts=True,
        unique_fields=["statement", "participant"],
        update_fields=["value", "revision", "updated_at"],
    )
    if not queued:
        # A run queued and not started yet covers this vote too (the flag is read under the
        # row lock, so it is current; the run clears it only after this transaction ends).
        recompute_request(conversation.pk)
    return vote


def _vote_revision_next(conversation_id: int) -> tuple[int, bool, bool, str]:
    """Raise the conversation's vote revision by one; return it, whether the conversation is
    open, whether an engine run is queued and its audience. A ``save()`` would also re-index the
    conversation for search; an ``update()`` and a read would be two round trips."""
    table = connection.ops.quote_name(Conversation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET vote_revision = vote_revision + 1"  # noqa: S608 (constant)
            " WHERE id = %s RETURNING vote_revision, is_open, recompute_queued, audience",
            [conversation_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Conversation.DoesNotExist
    return int(row[0]), bool(row[1]), bool(row[2]), str(row[3] or "")


@transaction.atomic
def solution_create(
    *,
    actor: User,
    conversation: Conversation,
    title: str,
    summary: str,
    body: str,
    statements: Sequence[Statement],
    support: dict[int, dict[str, Any]],
) -> SolutionProposal:
    """An editor's solution proposal built on chosen (bridging) statements and their support."""
    require(actor, Capability.DELIBERATION_SOLUTION)
    if not statements:
        raise ValidationError({"statements": _("Choose at least one statement to build on.")})
    if any(
        s.conversation_id != conversation.pk or s.status != Statement.Status.ACCEPTED
        for s in statements
    ):
        raise ValidationError(
            {"statements": _("Choose accepted statements from this conversation.")}
        )
    proposal = SolutionProposal.objects.create(
        conversation=conversation,
        title=clean_text(title, max_length=140, field="title", min_length=3),
        summary=clean_text(summary, max_length=500, field="summary", min_length=3),
        body=clean_text(body, max_length=10000, field="body", min_length=3),
        created_by=actor,
    )
    for statement in statements:
        SolutionStatement.objects.create(
            proposal=proposal, statement=statement, support=support.get(statement.pk, {})
        )
    audit_record(actor=actor, action=AUDIT_SOLUTION_CREATED, target=proposal)
    return proposal


def _require_solution_open(proposal: SolutionProposal) -> None:
    if proposal.state != SolutionProposal.State.OPEN:
        raise ValidationError(_("The proposal has been published and is closed for comments."))


@transaction.atomic
def solution_comment_add(*, actor: User, proposal: SolutionProposal, body: str) -> SolutionComment:
    """A participant's comment on a proposal."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    _require_solution_open(proposal)
    text = clean_text(body, max_length=2000, field="body", min_length=2)
    return SolutionComment.objects.create(proposal=proposal, author=actor, body=text)


@transaction.atomic
def solution_vote_cast(*, actor: User, proposal: SolutionProposal, value: int) -> SolutionVote:
    """One vote per person per proposal, changeable."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    _require_solution_open(proposal)
    if value not in SolutionVote.Value.values:
        raise ValidationError({"value": _("Choose support, no support or unsure.")})
    vote, _created = SolutionVote.objects.update_or_create(
        proposal=proposal, user=actor, defaults={"value": value}
    )
    return vote


@transaction.atomic
def solution_publish(*, actor: User, proposal: SolutionProposal) -> SolutionProposal:
    """Send the proposal to the knowledge hub as a draft policy recommendation with the report.

    The hub returns an unpublished page that editors review and publish there."""
    require(actor, Capability.DELIBERATION_SOLUTION)
    if proposal.state == SolutionProposal.State.PUBLISHED:
        raise ValidationError(_("The proposal has already been sent to the knowledge hub."))
    from socius.deliberation.handoff import recommendation_from_solution

    page_id = recommendation_from_solution(actor=actor, proposal=proposal)
    proposal.state = SolutionProposal.State.PUBLISHED
    proposal.recommendation_page_id = page_id
    proposal.published_at = timezone.now()
    proposal.save(update_fields=["state", "recommendation_page_id", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_SOLUTION_PUBLISHED,
        target=proposal,
        data={"page": page_id},
    )
    return proposal


@transaction.atomic
def solution_comment_hide(*, actor: User, comment: SolutionComment, reason: str) -> None:
    """Hide a comment that breaks the rules, with one of the published reasons."""
    require(actor, Capability.DELIBERATION_MODERATE)
    if reason not in Statement.Reason.values:
        raise ValidationError({"reason": _("Choose the reason for hiding the comment.")})
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_reason"])
    audit_record(
        actor=actor,
        action=AUDIT_SOLUTION_COMMENT_HIDDEN,
        target=comment,
        data={"reason": reason},
    )


# --- the role question after a person's first vote ------------------------------------------


def _holds_public_role(user: User) -> bool:
    return bool(user_roles(user) & PUBLIC_ROLES)


def _role_question_close(actor: User, outcome: str) -> None:
    RoleQuestion.objects.update_or_create(user=actor, defaults={"outcome": outcome})


@transaction.atomic
def role_question_after_vote(*, actor: User) -> bool:
    """Ask once, after a vote, how the person takes part; returns whether the question waits.

    The question starts waiting at the first vote a person casts while they hold no public
    role and have never been asked. The next vote closes it - as answered if they have
    declared a role meanwhile (say, stated a party on the profile), else as skipped - so
    the question never comes back on later votes. Called after the vote has committed: the
    vote never depends on it."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    question = RoleQuestion.objects.select_for_update().filter(user=actor).first()
    if question is None:
        if _holds_public_role(actor):
            return False
        # get_or_create: two first votes at the same moment ask once.
        RoleQuestion.objects.get_or_create(user=actor)
        return True
    if question.outcome == RoleQuestion.Outcome.WAITING:
        question.outcome = (
            RoleQuestion.Outcome.ANSWERED
            if _holds_public_role(actor)
            else RoleQuestion.Outcome.SKIPPED
        )
        question.save(update_fields=["outcome", "updated_at"])
    return False


@transaction.atomic
def role_question_answer(*, actor: User, roles: set[str]) -> None:
    """Record the roles a person chose in the question after a vote, and close the question.

    The same rules as the profile: only roles a person may tick for themself
    (``SELF_CHOSEN_ROLES``); never a politician (a party is stated and verified on the
    profile) nor a staff role. The roles are added to those the person holds, never removed,
    through core's ``roles_set_public``, which audits every role granted.

    Threat model: whoever is logged in can post anything to the question's form. They must
    not gain a role that staff verify (politician) or grant (editor, administrator, ...),
    nor change another person's roles. So the person is always ``actor`` (the form names
    nobody), roles outside ``SELF_CHOSEN_ROLES`` are refused here, and core refuses them
    again (``roles_set_public`` takes public roles only; ``role_grant`` gives no politician
    role without a stated party)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role, or skip the question.")})
    if not roles <= SELF_CHOSEN_ROLES:
        raise ValidationError({"roles": _("Choose among the roles shown.")})
    held = set(user_roles(actor) & PUBLIC_ROLES)
    core_services.roles_set_public(actor=actor, roles=held | roles)
    _role_question_close(actor, RoleQuestion.Outcome.ANSWERED)


@transaction.atomic
def role_question_skip(*, actor: User) -> None:
    """The person does not want to answer: the question is not asked again."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    _role_question_close(actor, RoleQuestion.Outcome.SKIPPED)
