"""Every write to core data. Each service runs in one transaction and is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import forget_roles, organisation_can_manage, require, user_can
from socius.core.audit import (
    ADMIN_ACTION_PREFIX,
    AUDIT_MEMBERSHIP_REMOVED,
    AUDIT_MEMBERSHIP_SET,
    AUDIT_MUNICIPAL_SPACE_CREATED,
    AUDIT_MUNICIPAL_SPACE_UPDATED,
    AUDIT_ORGANISATION_CREATED,
    AUDIT_ORGANISATION_UPDATED,
    AUDIT_POLITICIAN_DECLARED,
    AUDIT_POLITICIAN_UNVERIFIED,
    AUDIT_POLITICIAN_VERIFIED,
    AUDIT_ROLE_GRANTED,
    AUDIT_ROLE_REVOKED,
    AUDIT_THEME_CREATED,
    AUDIT_THEME_UPDATED,
    audit_record,
)
from socius.core.models import (
    Membership,
    Municipality,
    MunicipalSpace,
    Organisation,
    Party,
    PoliticianProfile,
    RoleAssignment,
    Theme,
)
from socius.core.roles import PUBLIC_ROLES, STAFF_ROLES, Capability, Role
from socius.core.text import danish_slugify, slug_free

if TYPE_CHECKING:
    from socius.accounts.models import User


THEME_FIELDS = ("name", "name_en", "description", "description_en", "position", "is_active")
ORGANISATION_FIELDS = ("name", "kind", "cvr", "description", "website", "email", "municipality")


# --- Themes -----------------------------------------------------------------------------------
@transaction.atomic
def theme_save(*, actor: User, theme: Theme | None, slug: str = "", **fields: Any) -> Theme:
    """Create (``theme=None``) or change a theme. Editors and administrators only."""
    require(actor, Capability.THEME_EDIT)
    created = theme is None
    if theme is None:
        theme = Theme(slug=slug or danish_slugify(fields.get("name", "")))
    # Compare with what is stored: a ModelForm may already have changed ``theme`` in memory.
    stored = Theme.objects.filter(pk=theme.pk).first() if not created else theme
    changed = {k: v for k, v in fields.items() if k in THEME_FIELDS and getattr(stored, k) != v}
    for key, value in changed.items():
        setattr(theme, key, value)
    theme.full_clean()
    if created:
        theme.save()
    elif changed:
        theme.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_THEME_CREATED if created else AUDIT_THEME_UPDATED,
        target=theme,
        data={"fields": sorted(changed)},
    )
    return theme


# --- Roles ------------------------------------------------------------------------------------
@transaction.atomic
def role_grant(*, actor: User, user: User, role: str) -> RoleAssignment:
    """Give ``user`` a role. Staff roles only by an administrator; public roles by oneself."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if role in STAFF_ROLES:
        require(actor, Capability.ROLE_GRANT_STAFF)
    elif actor.pk != user.pk and not user_can(actor, Capability.ROLE_GRANT_STAFF):
        raise PermissionDenied
    if role == Role.POLITICIAN and not PoliticianProfile.objects.filter(user=user).exists():
        raise ValidationError(_("A politician must state a party first."))
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, defaults={"granted_by": actor}
    )
    if created:
        audit_record(actor=actor, action=AUDIT_ROLE_GRANTED, target=user, data={"role": role})
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, user: User, role: str) -> None:
    """Take a role away. Staff roles only by an administrator, who cannot demote themself
    from administrator (so the municipality is never left without one by accident)."""
    if role in STAFF_ROLES:
        require(actor, Capability.ROLE_GRANT_STAFF)
        if role == Role.ADMINISTRATOR and actor.pk == user.pk:
            raise ValidationError(_("You cannot remove your own administrator role."))
    elif actor.pk != user.pk and not user_can(actor, Capability.ROLE_GRANT_STAFF):
        raise PermissionDenied
    deleted, _detail = RoleAssignment.objects.filter(user=user, role=role).delete()
    if deleted:
        audit_record(actor=actor, action=AUDIT_ROLE_REVOKED, target=user, data={"role": role})
    forget_roles(user)


@transaction.atomic
def roles_set_public(*, actor: User, roles: set[str]) -> None:
    """Set which public roles the person holds; staff roles are left untouched."""
    if not roles <= PUBLIC_ROLES:
        raise ValidationError(_("You can only choose public roles yourself."))
    current = set(actor.role_assignments.values_list("role", flat=True)) & PUBLIC_ROLES
    for role in sorted(roles - current):
        role_grant(actor=actor, user=actor, role=role)
    for role in sorted(current - roles):
        role_revoke(actor=actor, user=actor, role=role)


# --- Politicians ------------------------------------------------------------------------------
@transaction.atomic
def politician_declare(*, actor: User, party: Party, office: str = "") -> PoliticianProfile:
    """State one's party; a change of party withdraws an earlier verification."""
    if not party.is_active:
        raise ValidationError(_("That party can no longer be chosen."))
    profile = PoliticianProfile.objects.filter(user=actor).first()
    if profile is None:
        profile = PoliticianProfile.objects.create(user=actor, party=party, office=office)
        audit_record(
            actor=actor, action=AUDIT_POLITICIAN_DECLARED, target=actor, data={"party": party.pk}
        )
    elif profile.party_id != party.pk or profile.office != office:
        party_changed = profile.party_id != party.pk
        profile.party, profile.office = party, office
        fields = ["party", "office", "updated_at"]
        if party_changed:
            profile.verified_at, profile.verified_by = None, None
            fields += ["verified_at", "verified_by"]
        profile.save(update_fields=fields)
        audit_record(
            actor=actor, action=AUDIT_POLITICIAN_DECLARED, target=actor, data={"party": party.pk}
        )
    role_grant(actor=actor, user=actor, role=Role.POLITICIAN)
    return profile


@transaction.atomic
def politician_verify(*, actor: User, profile: PoliticianProfile, verified: bool = True) -> None:
    """Mark (or unmark) a politician's declared party as checked by staff."""
    require(actor, Capability.POLITICIAN_VERIFY)
    profile.verified_at = timezone.now() if verified else None
    profile.verified_by = actor if verified else None
    profile.save(update_fields=["verified_at", "verified_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_POLITICIAN_VERIFIED if verified else AUDIT_POLITICIAN_UNVERIFIED,
        target=profile.user,
        data={"party": profile.party_id},
    )


# --- Organisations ----------------------------------------------------------------------------
def _unique_slug(name: str) -> str:
    base = danish_slugify(name)[:200] or "organisation"
    return slug_free(base, lambda slug: Organisation.objects.filter(slug=slug).exists())


def _check_cvr_required(organisation: Organisation) -> None:
    if organisation.kind in Organisation.KINDS_REQUIRING_CVR and not organisation.cvr:
        raise ValidationError({"cvr": _("This kind of organisation must have a CVR number.")})


@transaction.atomic
def organisation_create(
    *, actor: User, themes: list[Theme] | None = None, **fields: Any
) -> Organisation:
    """Register an organisation; the person who registers it becomes its contact."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    org = Organisation(**{k: v for k, v in fields.items() if k in ORGANISATION_FIELDS})
    org.slug = _unique_slug(org.name)
    _check_cvr_required(org)
    org.full_clean()
    org.save()
    if themes:
        org.themes.set(themes)
    Membership.objects.create(organisation=org, user=actor, role=Membership.Role.CONTACT)
    audit_record(actor=actor, action=AUDIT_ORGANISATION_CREATED, target=org, data={"cvr": org.cvr})
    return org


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, themes: list[Theme] | None = None, **fields: Any
) -> Organisation:
    """Change an organisation's details. Its contacts and administrators only."""
    if not organisation_can_manage(user=actor, organisation=organisation):
        raise PermissionDenied
    # Compare with what is stored: a ModelForm may already have changed the instance in memory.
    stored = Organisation.objects.get(pk=organisation.pk)
    changed = [k for k, v in fields.items() if k in ORGANISATION_FIELDS and getattr(stored, k) != v]
    for key in changed:
        setattr(organisation, key, fields[key])
    _check_cvr_required(organisation)
    organisation.full_clean()
    if changed:
        organisation.save(update_fields=[*changed, "updated_at"])
    if themes is not None:
        organisation.themes.set(themes)
    audit_record(
        actor=actor,
        action=AUDIT_ORGANISATION_UPDATED,
        target=organisation,
        data={"fields": changed},
    )
    return organisation


@transaction.atomic
def membership_set(*, actor: User, organisation: Organisation, user: User, role: str) -> Membership:
    """Add a person to an organisation, or change their role in it."""
    if not organisation_can_manage(user=actor, organisation=organisation):
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown membership role."))
    membership, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        _keep_a_contact(organisation, membership, new_role=role)
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_MEMBERSHIP_SET,
        target=organisation,
        data={"user": user.pk, "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Remove a person from an organisation; the last contact cannot be removed."""
    org = membership.organisation
    if actor.pk != membership.user_id and not organisation_can_manage(user=actor, organisation=org):
        raise PermissionDenied
    _keep_a_contact(org, membership, new_role=None)
    user_id = membership.user_id
    membership.delete()
    audit_record(actor=actor, action=AUDIT_MEMBERSHIP_REMOVED, target=org, data={"user": user_id})


def _keep_a_contact(org: Organisation, membership: Membership, *, new_role: str | None) -> None:
    if membership.role != Membership.Role.CONTACT or new_role == Membership.Role.CONTACT:
        return
    others = org.memberships.filter(role=Membership.Role.CONTACT).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("An organisation must keep at least one contact person."))


def admin_change_record(
    *, actor: Any, obj: models.Model, change: str, data: dict[str, Any] | None = None
) -> None:
    """Log a change made in the Django admin (``change``: add, change, delete, or the name of
    an inline's model). Call inside the admin's transaction; only staff reach the admin."""
    if not (getattr(actor, "is_active", False) and getattr(actor, "is_staff", False)):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=f"{ADMIN_ACTION_PREFIX}{obj._meta.model_name}.{change}",
        target=obj,
        data=data,
    )


# --- Municipal spaces -------------------------------------------------------------------------
MUNICIPAL_SPACE_FIELDS = (
    "slug",
    "participates",
    "authority",
    "intro",
    "contact_email",
    "contact_phone",
    "address",
    "runs_community_advice",
)


@transaction.atomic
def municipal_space_save(
    *, actor: Any, municipality: Municipality, **fields: Any
) -> MunicipalSpace:
    """Say whether ``municipality`` takes part and who answers for its schemes. Administrators
    only. Only one participating municipality can run the community advice service: choosing
    another moves the service to it (both changes are in the audit entry)."""
    require(actor, Capability.MUNICIPALITY_MANAGE)
    space = MunicipalSpace.objects.select_for_update().filter(municipality=municipality).first()
    created = space is None
    if space is None:
        space = MunicipalSpace(municipality=municipality)
    changed = sorted(
        k for k, v in fields.items() if k in MUNICIPAL_SPACE_FIELDS and getattr(space, k) != v
    )
    for key in changed:
        setattr(space, key, fields[key])
    if not space.slug:
        space.slug = danish_slugify(municipality.name)
    space.full_clean()
    moved_from: list[str] = []
    if space.runs_community_advice and space.participates:
        others = MunicipalSpace.objects.filter(runs_community_advice=True).exclude(pk=space.pk)
        moved_from = list(others.values_list("slug", flat=True))
        others.update(runs_community_advice=False, updated_at=timezone.now())
    if created:
        space.save()
    elif changed:
        space.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_MUNICIPAL_SPACE_CREATED if created else AUDIT_MUNICIPAL_SPACE_UPDATED,
        target=space,
        data={
            "municipality": municipality.code,
            "fields": changed,
            "advice_moved_from": moved_from,
        },
    )
    return space
