"""Writes for intergenerational housing: projects (by the housing organisation's own people)
and a person's interest (by the person alone)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.atlas.housing import audit
from socius.atlas.housing.mail import MAIL_PROJECT_OPEN
from socius.atlas.housing.models import (
    AgeGroup,
    Group,
    HousingInterest,
    IntergenerationalProject,
    Need,
    ProjectStatus,
)
from socius.core.access import user_acts_for_organisation
from socius.core.audit import audit_record
from socius.core.mail import notify
from socius.core.text import danish_slugify

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.models import Municipality, Organisation

PROJECT_FIELDS = (
    "name",
    "municipality",
    "description",
    "homes",
    "groups",
    "opening_year",
    "apply_url",
)


def _require_acts_for(actor: User, organisation_id: int) -> None:
    """Only a contact or board member of the housing organisation publishes for it."""
    if not user_acts_for_organisation(actor, organisation_id):
        raise PermissionDenied


def _groups(values: Iterable[str], *, allowed: Iterable[str], field: str) -> list[str]:
    chosen = list(dict.fromkeys(values))
    if any(v not in set(allowed) for v in chosen):
        raise ValidationError({field: _("Choose from the list.")})
    return chosen


def _unique_slug(name: str) -> str:
    base = danish_slugify(name)[:200] or "projekt"
    slug, n = base, 2
    while IntergenerationalProject.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def project_create(
    *, actor: User, organisation: Organisation, is_demo: bool = False, **fields: Any
) -> IntergenerationalProject:
    """Publish a project for ``organisation`` (planned; it opens with ``project_status_set``)."""
    _require_acts_for(actor, organisation.pk)
    if set(fields) - set(PROJECT_FIELDS):
        raise TypeError("unknown project fields")
    fields["groups"] = _groups(fields.get("groups", []), allowed=Group.values, field="groups")
    if not fields["groups"]:
        raise ValidationError({"groups": _("Choose at least one group.")})
    project = IntergenerationalProject(
        organisation=organisation, slug=_unique_slug(fields["name"]), is_demo=is_demo, **fields
    )
    project.full_clean()
    project.save()
    audit_record(
        actor=actor, action=audit.AUDIT_PROJECT_CREATED, target=project, data={"name": project.name}
    )
    return project


@transaction.atomic
def project_update(
    *, actor: User, project: IntergenerationalProject, **fields: Any
) -> IntergenerationalProject:
    _require_acts_for(actor, project.organisation_id)
    if set(fields) - set(PROJECT_FIELDS):
        raise TypeError("unknown project fields")
    if "groups" in fields:
        fields["groups"] = _groups(fields["groups"], allowed=Group.values, field="groups")
        if not fields["groups"]:
            raise ValidationError({"groups": _("Choose at least one group.")})
    changed = [k for k, v in fields.items() if getattr(project, k) != v]
    for key in changed:
        setattr(project, key, fields[key])
    project.full_clean()
    if changed:
        project.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action=audit.AUDIT_PROJECT_UPDATED,
            target=project,
            data={"fields": changed},
        )
    return project


def interests_matching(project: IntergenerationalProject) -> list[HousingInterest]:
    """Interests that fit ``project``: its municipality wanted and a group in common."""
    groups = set(project.groups)
    return [
        interest
        for interest in HousingInterest.objects.filter(
            municipalities=project.municipality, user__is_active=True
        ).select_related("user")
        if groups & set(interest.groups)
    ]


@transaction.atomic
def project_status_set(*, actor: User, project: IntergenerationalProject, status: str) -> int:
    """Move the project to ``status``; when it opens for applications, tell everyone whose
    interest fits it (a notification and a mail after commit). Returns how many were told."""
    _require_acts_for(actor, project.organisation_id)
    if status not in ProjectStatus.values:
        raise ValidationError(_("Choose from the list."))
    if status == project.status:
        return 0
    before = project.status
    project.status = status
    project.save(update_fields=["status", "updated_at"])
    told = 0
    if status == ProjectStatus.OPEN:
        people = [i.user for i in interests_matching(project)]
        notify(
            recipients=people,
            kind=MAIL_PROJECT_OPEN,
            template="housing/mail/project_open",
            context={"project": project, "organisation": project.organisation.name},
            link=reverse("housing:project-detail", args=[project.slug]),
        )
        told = len(people)
    audit_record(
        actor=actor,
        action=audit.AUDIT_PROJECT_STATUS,
        target=project,
        data={"from": before, "to": status, "told": told},
    )
    return told


@transaction.atomic
def interest_save(
    *,
    actor: User,
    age_group: str,
    household_size: int,
    groups: Iterable[str],
    needs: Iterable[str],
    municipalities: Iterable[Municipality],
    consent: bool,
    consent_text: str,
) -> HousingInterest:
    """Register or change the person's own interest. Needs their explicit consent each time."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    if not consent:
        raise ValidationError({"consent": _("We can only keep your interest with your consent.")})
    chosen_groups = _groups(groups, allowed=Group.values, field="groups")
    if not chosen_groups:
        raise ValidationError({"groups": _("Choose at least one group.")})
    places = list(municipalities)
    if not places:
        raise ValidationError({"municipalities": _("Choose at least one municipality.")})
    interest = HousingInterest.objects.filter(user=actor).first() or HousingInterest(user=actor)
    interest.age_group = age_group if age_group in AgeGroup.values else ""
    interest.household_size = household_size
    interest.groups = chosen_groups
    interest.needs = _groups(needs, allowed=Need.values, field="needs")
    interest.consent_text = consent_text
    interest.consented_at = timezone.now()
    interest.full_clean()
    interest.save()
    interest.municipalities.set(places)
    audit_record(actor=actor, action=audit.AUDIT_INTEREST_SAVED, target=interest)
    return interest


@transaction.atomic
def interest_delete(*, actor: User) -> bool:
    """Delete the person's interest (withdrawing consent); False when there was none."""
    deleted = HousingInterest.objects.filter(user=actor).delete()[0] > 0
    if deleted:
        audit_record(actor=actor, action=audit.AUDIT_INTEREST_DELETED)
    return deleted
