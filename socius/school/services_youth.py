"""Class projects: the teacher starts one, the pupils add to it, the teacher publishes it under
the class's name and raises it as a youth proposal through the proposals module.

Threat model: pupils are children known to the public by nothing at all. What the class sees
(the contributions and who wrote them) must never reach a public page; what the teacher
publishes is the project's own text, checked for the class's pseudonyms (a pupil named in
public could be found by classmates' parents, neighbours, anyone). The check is a guard
against slips, not against a teacher set on naming a child: pupils have no real names here,
so the pseudonyms are all it can look for. Only the class's verified teacher writes the
project; only the class's pupils who may take part (consent recorded where needed) add to
it. Audit entries name the project, never a pupil's words or pseudonym."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.proposals import services as proposal_services
from socius.proposals.selectors import settings_for
from socius.school.access import pupil_of, teacher_is_verified
from socius.school.audit_youth import (
    AUDIT_PROJECT_CONTRIBUTED,
    AUDIT_PROJECT_CREATED,
    AUDIT_PROJECT_PROPOSED,
    AUDIT_PROJECT_PUBLISHED,
    AUDIT_PROJECT_UPDATED,
)
from socius.school.models import (
    ClassProject,
    ProjectContribution,
    ProjectStatus,
    Pupil,
    SchoolClass,
)
from socius.school.models.youth import CONTRIBUTION_MAX

if TYPE_CHECKING:
    from socius.accounts.models import User

LIMITS = {"title": 140, "problem": 2000, "idea": 2000}


def _check_texts(**values: str) -> dict[str, str]:
    """Stripped texts, or a ValidationError naming each field that is empty or too long."""
    cleaned = {name: value.strip() for name, value in values.items()}
    errors: dict[str, str] = {}
    for name, value in cleaned.items():
        if not value:
            errors[name] = _("Write something here.")
        elif len(value) > LIMITS[name]:
            errors[name] = _("At most %(max)s characters (you have %(n)s).") % {
                "max": LIMITS[name],
                "n": len(value),
            }
        elif "\x00" in value:
            errors[name] = _("The text contains characters that are not allowed.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _require_teacher(actor: Any, school_class: SchoolClass) -> None:
    if (
        actor is None
        or actor.pk != school_class.teacher_id
        or not teacher_is_verified(actor)
        or school_class.archived_at is not None
    ):
        raise PermissionDenied


@transaction.atomic
def project_create(
    *, actor: User, school_class: SchoolClass, title: str, problem: str, idea: str
) -> ClassProject:
    """The class's teacher starts a project (a draft only the class sees)."""
    _require_teacher(actor, school_class)
    texts = _check_texts(title=title, problem=problem, idea=idea)
    project = ClassProject.objects.create(school_class=school_class, created_by=actor, **texts)
    audit_record(actor=actor, action=AUDIT_PROJECT_CREATED, target=project)
    return project


@transaction.atomic
def project_update(
    *, actor: User, project: ClassProject, title: str, problem: str, idea: str
) -> ClassProject:
    """The teacher changes a draft (a published project is what the public has read)."""
    project = ClassProject.objects.select_for_update().get(pk=project.pk)
    _require_teacher(actor, project.school_class)
    if project.status != ProjectStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed."))
    texts = _check_texts(title=title, problem=problem, idea=idea)
    for name, value in texts.items():
        setattr(project, name, value)
    project.save(update_fields=[*texts, "updated_at"])
    audit_record(actor=actor, action=AUDIT_PROJECT_UPDATED, target=project)
    return project


@transaction.atomic
def contribution_add(*, actor: User, project: ClassProject, text: str) -> ProjectContribution:
    """A pupil of the class adds an idea or argument (seen by the class and the teacher)."""
    pupil = pupil_of(actor)
    if (
        pupil is None
        or pupil.school_class_id != project.school_class_id
        or not pupil.may_take_part
        or project.school_class.archived_at is not None
    ):
        raise PermissionDenied
    if project.status == ProjectStatus.PROPOSED:
        raise ValidationError(_("The project is already with the city council."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write something here.")})
    if len(text) > CONTRIBUTION_MAX:
        raise ValidationError(
            {
                "text": _("At most %(max)s characters (you have %(n)s).")
                % {"max": CONTRIBUTION_MAX, "n": len(text)}
            }
        )
    if "\x00" in text:
        raise ValidationError({"text": _("The text contains characters that are not allowed.")})
    contribution = ProjectContribution.objects.create(project=project, pupil=pupil, text=text)
    audit_record(actor=actor, action=AUDIT_PROJECT_CONTRIBUTED, target=project)
    return contribution


_WORD = r"[^\W_]"


def _pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words, any case, any run of spaces or hyphens between its words."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", phrase.strip()) if w]
    return re.compile(rf"(?<!{_WORD})" + r"[\s\-]+".join(words) + rf"(?!{_WORD})", re.IGNORECASE)


# Two capitalised words in a row, as a person's full name is written ("Mads Hansen").
_FULL_NAME = re.compile(r"\b([A-ZÆØÅ][a-zæøåéü]+)[\s\-]+[A-ZÆØÅ][a-zæøåéü]+")


def names_found(texts: list[str], pupils: list[Pupil]) -> list[str]:
    """The pseudonyms of ``pupils`` that the texts name: a pseudonym as a whole word (any
    case), or the first word of a pseudonym of several words written as a full name
    ("Mads K" in the class, "Mads Kristensen" in the text)."""
    found: list[str] = []
    for pupil in pupils:
        pseudonym = pupil.pseudonym.strip()
        if not pseudonym:
            continue
        first = re.split(r"[\s\-]+", pseudonym)[0]
        several = first != pseudonym and len(first) >= 2
        for text in texts:
            normalised = text.replace("\u00ad", "")  # soft hyphens hide nothing
            if _pattern(pseudonym).search(normalised) or (
                several
                and any(
                    m.group(1).casefold() == first.casefold()
                    for m in _FULL_NAME.finditer(normalised)
                )
            ):
                found.append(pseudonym)
                break
    return found


@transaction.atomic
def project_publish(
    *, actor: User, project: ClassProject, now: datetime.datetime | None = None
) -> ClassProject:
    """The teacher publishes the project under the class's name: the title, what is wrong and
    the idea, never the contributions. Refused while the text names a pupil of the class."""
    project = ClassProject.objects.select_for_update().get(pk=project.pk)
    _require_teacher(actor, project.school_class)
    if project.status != ProjectStatus.DRAFT:
        raise ValidationError(_("The project is already published."))
    pupils = list(Pupil.objects.filter(school_class_id=project.school_class_id))
    named = names_found([project.title, project.problem, project.idea], pupils)
    if named:
        raise ValidationError(
            _(
                "The text names a pupil in the class (%(names)s). Pupils are never named in "
                "public. Change the text, then publish."
            )
            % {"names": ", ".join(named)}
        )
    project.status = ProjectStatus.PUBLISHED
    project.published_at = now or timezone.now()
    project.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action=AUDIT_PROJECT_PUBLISHED, target=project)
    return project


def proposal_remarks(project: ClassProject) -> str:
    school_class = project.school_class
    return "\n\n".join(
        [
            project.problem,
            _(
                "The class %(class)s at %(school)s made this proposal in the citizenship "
                "elective. Their teacher stands behind it as the responsible adult."
            )
            % {"class": school_class.name, "school": school_class.school.name},
        ]
    )


@transaction.atomic
def project_propose(*, actor: User, project: ClassProject) -> ClassProject:
    """The teacher raises the published project as a youth proposal in the school's
    municipality, as its proposer and responsible adult. The proposals module reviews and
    publishes it like any proposal, under the youth track's terms."""
    project = (
        ClassProject.objects.select_for_update()
        .select_related("school_class__school__municipality")
        .get(pk=project.pk)
    )
    _require_teacher(actor, project.school_class)
    if project.status == ProjectStatus.PROPOSED:
        raise ValidationError(_("The project is already a youth proposal."))
    if project.status != ProjectStatus.PUBLISHED:
        raise ValidationError(_("Publish the project under the class's name first."))
    municipality = project.school_class.school.municipality
    if not settings_for(municipality).youth_enabled:
        raise ValidationError(
            _("%(municipality)s does not take youth proposals at the moment.")
            % {"municipality": municipality.name}
        )
    try:
        proposal = proposal_services.proposal_create_youth(
            actor=actor,
            municipality=municipality,
            title=project.title,
            text=project.idea,
            remarks=proposal_remarks(project),
        )
    except ValidationError as exc:
        # The scheme's own limits (title, text length) speak of the proposal's fields.
        raise ValidationError(" ".join(exc.messages)) from exc
    project.proposal, project.status = proposal, ProjectStatus.PROPOSED
    project.save(update_fields=["proposal", "status", "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_PROJECT_PROPOSED,
        target=project,
        data={"proposal": str(proposal.public_id)},
    )
    return project
