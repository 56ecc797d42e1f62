from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socius.core.roles import Role


class RoleAssignment(models.Model):
    """That a person holds a role. Staff roles record who granted them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="core_role_once_per_user"),
        ]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"


class Party(models.Model):
    """A political party: one in the Folketing, or a local list in a municipality."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    letter = models.CharField(_("list letter"), max_length=2, blank=True)
    is_local_list = models.BooleanField(_("local list"), default=False)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
        help_text=_("Only for local lists."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["is_local_list", "name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.name} ({self.letter})" if self.letter else self.name


class PoliticianProfile(models.Model):
    """A politician's declared party. Only staff can mark it verified."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="politician_profile"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name=_("party"))
    office = models.CharField(
        _("office"),
        max_length=120,
        blank=True,
        help_text=_("For example: member of the city council in Aarhus."),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("politician profile")
        verbose_name_plural = _("politician profiles")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.party}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None
