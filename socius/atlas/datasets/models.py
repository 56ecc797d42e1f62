"""Researchers' datasets, published as Data Packages with versions.

A ``Dataset`` holds what stays across versions: title, description, theme, licence,
provenance (the atlas sources it is derived from, how, by whom), DOI, embargo date and the
knowledge hub publications that use it. Each upload is a ``DatasetVersion`` (numbered 1, 2,
...) with a changelog and its CSV files (``DatasetFile``), each with its Table Schema. A
version is a draft until its owner publishes it; a published version never changes, and
earlier published versions stay downloadable.

The dataset is public when it is published, not withdrawn, and its embargo date (if any) has
come: ``Dataset.objects.public()``.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socius.atlas.datasets.licences import Licence

DOI_VALIDATOR = RegexValidator(
    r"^10\.[0-9]{4,9}/[^\s]+$", _("Enter a DOI such as 10.5281/zenodo.1234567.")
)


class DatasetState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DatasetQuerySet(models.QuerySet["Dataset"]):
    def public(self, today: datetime.date | None = None) -> DatasetQuerySet:
        """Published, not withdrawn, and out of embargo (Danish local date)."""
        today = today or timezone.localdate()
        return self.filter(state=DatasetState.PUBLISHED).filter(
            models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=today)
        )


class Dataset(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=6000)
    theme = models.ForeignKey(
        "core.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="datasets"
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    # Names of the people who made the data with the owner, one per line (as they want to be
    # cited).
    contributors = models.TextField(_("contributors"), max_length=2000, blank=True)
    sources = models.ManyToManyField(
        "atlas.Source", verbose_name=_("derived from"), blank=True, related_name="datasets"
    )
    provenance = models.TextField(_("how the data was made"), max_length=6000)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[DOI_VALIDATOR])
    embargo_until = models.DateField(_("embargo until"), null=True, blank=True)
    publications = models.ManyToManyField(
        "knowledge.PublicationPage",
        verbose_name=_("publications that use it"),
        blank=True,
        related_name="datasets",
    )
    state = models.CharField(
        _("status"), max_length=20, choices=DatasetState.choices, default=DatasetState.DRAFT
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        indexes = [models.Index(fields=["state", "embargo_until"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("datasets:dataset-detail", args=[self.slug])

    def is_public(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state == DatasetState.PUBLISHED and (
            self.embargo_until is None or self.embargo_until <= today
        )

    def under_embargo(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.localdate()

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def contributor_names(self) -> list[str]:
        return [line.strip() for line in self.contributors.splitlines() if line.strip()]


class DatasetVersion(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    changelog = models.TextField(_("what changed"), max_length=4000)
    state = models.CharField(
        _("status"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT
    )
    # datapackage.json as published: fixed when the version is published.
    descriptor = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dataset", "-number"]
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="datasets_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.state == VersionState.PUBLISHED


def _file_path(instance: DatasetFile, filename: str) -> str:
    # Never the uploader's name: the dataset's id, the version and a name we chose.
    version = instance.version
    return f"datasets/{version.dataset.public_id}/{version.number}/{uuid.uuid4().hex}.csv"


class DatasetFile(models.Model):
    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("resource name"), max_length=80)
    filename = models.CharField(_("file name"), max_length=100)
    file = models.FileField(upload_to=_file_path, max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    delimiter = models.CharField(max_length=1, default=",")
    encoding = models.CharField(max_length=10, default="utf-8")
    schema = models.JSONField(_("Table Schema"), default=dict)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # The header and the first rows, as text (for the page's preview).
    preview = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("dataset file")
        verbose_name_plural = _("dataset files")
        constraints = [
            models.UniqueConstraint(fields=["version", "filename"], name="datasets_file_once")
        ]

    def __str__(self) -> str:
        return self.filename

    def fields(self) -> list[dict[str, Any]]:
        return list(self.schema.get("fields", []))

    def columns(self) -> list[dict[str, Any]]:
        """The schema's fields as the page shows them."""
        from socius.atlas.datasets.scans import counts_people
        from socius.atlas.datasets.validation import type_label

        return [
            {
                "name": f.get("name", ""),
                "type": type_label(str(f.get("type", "string"))),
                "counts_people": counts_people(f),
                "description": f.get("description", ""),
            }
            for f in self.fields()
        ]
