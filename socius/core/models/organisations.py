from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socius.core.validators import validate_cvr


class Organisation(models.Model):
    """An association, club, company, social-economy enterprise or public body."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        CLUB = "club", _("Club")
        COMPANY = "company", _("Company")
        SOCIAL_ECONOMY = "social_economy", _("Social-economy enterprise")
        PUBLIC_BODY = "public_body", _("Public body")

    # Kinds that are legal persons and must have their own CVR number (RSV requires it for
    # social-economy enterprises; companies and public bodies always have one).
    KINDS_REQUIRING_CVR = frozenset({Kind.COMPANY, Kind.SOCIAL_ECONOMY, Kind.PUBLIC_BODY})

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    cvr = models.CharField(
        _("CVR number"), max_length=8, blank=True, validators=[validate_cvr], db_index=True
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    themes = models.ManyToManyField(
        "core.Theme", blank=True, related_name="organisations", verbose_name=_("themes")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"],
                condition=~models.Q(cvr=""),
                name="core_organisation_cvr_unique",
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation-detail", args=[self.slug])


class Membership(models.Model):
    """A person's place in an organisation. Contacts manage the organisation's page."""

    class Role(models.TextChoices):
        CONTACT = "contact", _("Contact person")
        BOARD_MEMBER = "board_member", _("Board member")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_id", "role", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="core_membership_once_per_org"
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user_id} in {self.organisation_id} ({self.role})"
