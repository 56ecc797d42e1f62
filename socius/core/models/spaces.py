"""Which municipalities take part in the platform, and who answers for their schemes.

The think tank runs the platform nationally (knowledge, deliberation, membership). A
municipality that takes part runs its own schemes here (citizen proposals, whistleblower
channels, grant funds, community advice) and is the data controller for them. Which
municipalities take part is data an administrator edits, never a setting.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socius.core.models.geography import Municipality


class MunicipalSpaceQuerySet(models.QuerySet["MunicipalSpace"]):
    def participating(self) -> MunicipalSpaceQuerySet:
        return self.filter(participates=True)


class MunicipalSpace(models.Model):
    """A municipality's space on the platform (``/kommuner/<slug>/``)."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        related_name="space",
        verbose_name=_("municipality"),
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    participates = models.BooleanField(_("takes part in the platform"), default=True)
    authority = models.CharField(
        _("responsible authority (data controller)"),
        max_length=200,
        help_text=_("For example: Aarhus Kommune, Sociale Forhold og Beskæftigelse."),
    )
    intro = models.TextField(_("short introduction"), max_length=1000, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    runs_community_advice = models.BooleanField(
        _("runs the community advice service"),
        default=False,
        help_text=_("The municipality answers for the community advice service on the platform."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MunicipalSpaceQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("municipal space")
        verbose_name_plural = _("municipal spaces")

    def __str__(self) -> str:
        return self.authority

    def get_absolute_url(self) -> str:
        return reverse("core:municipality-space", args=[self.slug])

    @property
    def name(self) -> str:
        return self.municipality.name
