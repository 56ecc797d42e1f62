"""Writes after the event: materials, minutes (draft, second organiser's approval,
publication to the knowledge hub) and the follow-up survey.

Every service checks that the actor organises the event (``events.access.event_can_manage``)
and writes its audit entry in the same transaction.

Threat model of the survey link: it reaches whoever reads the participant's mail, without a
login. The link carries 256 random bits; only their SHA-256 is stored, so a copy of the
database gives no working link. It names one registration's invitation of one event (a token
used under another event's address is unknown there), works until ``SURVEY_OPEN_DAYS`` after
the event, and takes one answer: the invitation is locked and marked answered in the answer's
transaction, so a replayed or doubled request is refused. All it reveals is the event's title;
all it can do is answer once. The answer is stored without registration, person or time, so
the results cannot be traced back to a participant through the data model.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.mail import Address, notify
from socius.core.storage import files_removed_on_error, media_full_refused
from socius.events.access import event_can_manage
from socius.events.followup import audit
from socius.events.followup.access import token_hash
from socius.events.followup.mail import MAIL_SURVEY, MAIL_SURVEY_GUEST
from socius.events.followup.models import (
    ANSWER_TEXT_MAX,
    Material,
    Minutes,
    MinutesState,
    SurveyAnswer,
    SurveyInvite,
)
from socius.events.followup.uploads import slides_check
from socius.events.followup.workflows import MINUTES_WORKFLOW
from socius.events.models import Event, Registration

if TYPE_CHECKING:
    from socius.accounts.models import User

# The survey goes out to events that ended within this many days (a late run still sends it;
# a very old event does not get one) and takes answers this long after the event.
SURVEY_SEND_DAYS = 14
SURVEY_OPEN_DAYS = 60


def _require_organiser(actor: User, event: Event) -> None:
    if not event_can_manage(user=actor, event=event):
        raise PermissionDenied


def text_clean(value: str, limit: int) -> str:
    """Plain text as stored: no NUL or other control characters but line breaks and tabs,
    Windows line ends made plain, the ends stripped, at most ``limit`` characters."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
    return value.strip()[:limit]


# --- Materials ----------------------------------------------------------------------------


def material_slides_add(
    *, actor: User, event: Event, title: str, upload: UploadedFile | None
) -> Material:
    """Add slides (a PDF, checked by ``uploads.slides_check``) to the event. A failed
    transaction leaves no file behind."""
    _require_organiser(actor, event)
    slides_check(upload)
    if upload is None:  # refused by slides_check already; for the type checker
        raise ValidationError(_("Choose a PDF file."))
    with files_removed_on_error() as written, transaction.atomic():
        _require_organiser(actor, event)
        material = Material(
            event=event,
            kind=Material.Kind.SLIDES,
            title=text_clean(title, 200),
            file_size=upload.size or 0,
            created_by=actor,
        )
        material.full_clean(exclude=["file"])
        with media_full_refused("event slides (PDF)"):
            material.file.save("slides.pdf", upload, save=False)
        written.append(Path(material.file.path))
        material.save()
        audit_record(
            actor=actor,
            action=audit.AUDIT_MATERIAL_ADDED,
            target=event,
            data={"material": material.pk, "kind": material.kind},
        )
    return material


@transaction.atomic
def material_link_add(*, actor: User, event: Event, title: str, url: str) -> Material:
    """Add a recording's link (https only) to the event."""
    _require_organiser(actor, event)
    url = text_clean(url, 500)
    if not url.lower().startswith("https://"):
        raise ValidationError({"url": _("Give a link that starts with https://.")})
    material = Material(
        event=event,
        kind=Material.Kind.RECORDING,
        title=text_clean(title, 200),
        url=url,
        created_by=actor,
    )
    material.full_clean()
    material.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_MATERIAL_ADDED,
        target=event,
        data={"material": material.pk, "kind": material.kind},
    )
    return material


@transaction.atomic
def material_remove(*, actor: User, material: Material) -> None:
    """Remove a material; a stored PDF is deleted once the removal has committed."""
    event = material.event
    _require_organiser(actor, event)
    data = {"material": material.pk, "kind": material.kind, "title": material.title}
    file = material.file
    name = file.name if file else ""
    material.delete()
    if name:
        storage = file.storage
        transaction.on_commit(lambda: storage.delete(name))
    audit_record(actor=actor, action=audit.AUDIT_MATERIAL_REMOVED, target=event, data=data)


# --- Minutes ------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, actor: User, event: Event, text: str, summary: str) -> Minutes:
    """Create or change the event's draft minutes and their plain-language summary; the one
    who saves becomes the last editor (who cannot approve them)."""
    _require_organiser(actor, event)
    minutes = Minutes.objects.select_for_update().filter(event=event).first()
    if minutes is not None and minutes.state != MinutesState.DRAFT:
        raise ValidationError(_("The minutes have been approved and can no longer be changed."))
    if minutes is None:
        minutes = Minutes(event=event, author=actor)
    minutes.text = text_clean(text, 20000)
    minutes.summary = text_clean(summary, 3000)
    minutes.last_edited_by = actor
    minutes.full_clean(exclude=["event"])
    minutes.save()
    audit_record(actor=actor, action=audit.AUDIT_MINUTES_SAVED, target=event)
    return minutes


@transaction.atomic
def minutes_approve(*, actor: User, minutes: Minutes) -> Minutes:
    """A second organiser approves the minutes, which publishes them to the knowledge hub
    (a debate page for a debate, else a report page) linking back to the event.

    Raises ``PermissionDenied`` for the author, the last editor and anyone who does not
    organise the event; ``ValidationError`` when they are not a draft."""
    locked = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("event__theme")
        .get(pk=minutes.pk)
    )
    MINUTES_WORKFLOW.check(actor=actor, obj=locked, name="approve")
    from socius.knowledge.services import minutes_publish

    event = locked.event
    recording = (
        Material.objects.filter(event=event, kind=Material.Kind.RECORDING)
        .values_list("url", flat=True)
        .first()
    )
    now = timezone.now()
    MINUTES_WORKFLOW.apply(
        actor=actor,
        obj=locked,
        name="approve",
        changes={"approved_by": actor, "approved_at": now},
    )
    # The hub's content is Danish, whatever language the approver uses the platform in.
    with translation.override("da"):
        title = _("Minutes: %(title)s") % {"title": event.title}
        source_label = _("The event: %(title)s") % {"title": event.title}
    page = minutes_publish(
        title=title,
        summary=locked.summary,
        body=locked.text,
        themes=[event.theme],
        published_by=actor,
        source_url=event.get_absolute_url(),
        source_label=source_label,
        debate=event.kind == Event.Kind.DEBATE,
        starts_at=event.starts_at,
        location=event.venue_name,
        video_url=recording or "",
    )
    MINUTES_WORKFLOW.apply(
        actor=actor,
        obj=locked,
        name="publish",
        changes={"publication_id": page.pk},
        data={"publication": page.pk},
    )
    return locked


# --- The follow-up survey -----------------------------------------------------------------


def surveys_send(*, now: datetime.datetime | None = None) -> int:
    """Send the survey to every confirmed registration of published events that ended in
    the last ``SURVEY_SEND_DAYS`` days and has none yet. Running it twice, or two runs at
    once, sends nothing twice (one invitation per registration, made under its lock)."""
    now = now or timezone.now()
    due = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__status=Event.Status.PUBLISHED,
            event__ends_at__lte=now,
            event__ends_at__gte=now - datetime.timedelta(days=SURVEY_SEND_DAYS),
            followup_survey__isnull=True,
        )
        .order_by("event_id", "id")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        sent += _survey_send_one(pk, now)
    return sent


@transaction.atomic
def _survey_send_one(registration_pk: int, now: datetime.datetime) -> int:
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "user")
        .get(pk=registration_pk)
    )
    if registration.status != Registration.Status.CONFIRMED:
        return 0
    if SurveyInvite.objects.filter(registration=registration).exists():
        return 0  # another run got here first
    token = secrets.token_urlsafe(32)
    SurveyInvite.objects.create(
        registration=registration, token_hash=token_hash(token), sent_at=now
    )
    event = registration.event
    link = reverse("event_followup:survey", args=[event.slug, token])
    context = {"event": event, "name": registration.name, "open_days": SURVEY_OPEN_DAYS}
    user = registration.user
    if user is not None and user.is_active:
        notify(
            recipients=[user],
            kind=MAIL_SURVEY,
            template="event_followup/mail/survey",
            context=context,
            link=link,
        )
    else:
        notify(
            recipients=[Address(registration.email, registration.language)],
            kind=MAIL_SURVEY_GUEST,
            template="event_followup/mail/survey",
            context=context,
            link=link,
        )
    audit_record(actor=None, action=audit.AUDIT_SURVEY_SENT, target=event)
    return 1


class SurveyAlreadyAnswered(Exception):
    """The invitation's one answer has been given."""


@transaction.atomic
def survey_answer(
    *, invite: SurveyInvite, usefulness: int, come_again: str, differently: str
) -> SurveyAnswer:
    """Store the answer and close the link; raises ``SurveyAlreadyAnswered`` for a second
    answer with the same link (a replay, a double click, two tabs)."""
    locked = (
        SurveyInvite.objects.select_for_update(of=("self",))
        .select_related("registration")
        .get(pk=invite.pk)
    )
    if locked.answered:
        raise SurveyAlreadyAnswered
    answer = SurveyAnswer(
        event_id=locked.registration.event_id,
        usefulness=usefulness,
        come_again=come_again,
        differently=text_clean(differently, ANSWER_TEXT_MAX),
    )
    answer.full_clean(exclude=["event"])
    answer.save()
    # No time and no audit entry: either beside the answers' order would pair the invitation
    # (the registration) with its answer.
    locked.answered = True
    locked.save(update_fields=["answered"])
    return answer
