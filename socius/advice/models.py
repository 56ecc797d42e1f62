"""Communities that welcome new members, run by organisations on the platform ("Find et fællesskab")."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An entry nobody has confirmed for this long is flagged to visitors and its contacts are told;
# after the grace period it is hidden until someone confirms it again.
STALE_AFTER = datetime.timedelta(days=183)
HIDDEN_AFTER = STALE_AFTER + datetime.timedelta(days=30)


class CommunityQuerySet(models.QuerySet["Community"]):
    def visible(self) -> CommunityQuerySet:
        """What the public sees: active entries confirmed within the grace period."""
        return self.filter(is_active=True, confirmed_at__gte=timezone.now() - HIDDEN_AFTER)


class Community(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="communities",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("what"), max_length=160)
    description = models.TextField(_("description"), max_length=3000)
    audience = models.CharField(_("for whom"), max_length=200)
    when = models.CharField(
        _("when"), max_length=200, help_text=_("For example: every Thursday 17-19.")
    )
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, verbose_name=_("municipality")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, verbose_name=_("themes"))
    is_active = models.BooleanField(_("active"), default=True)
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    stale_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("advice:community-detail", args=[self.public_id])

    @property
    def is_stale(self) -> bool:
        return self.confirmed_at < timezone.now() - STALE_AFTER
