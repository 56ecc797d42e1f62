"""Open data on researchers' datasets: the public ones, exactly as ``/atlas/datasaet/`` lists
them (``selectors.dataset_list_public``), with their published versions, files and Table
Schemas, and the addresses of the downloads. Never a draft, a dataset under embargo or a
withdrawn one (404, as for a missing one), and never the owner's account: only the names the
dataset is cited with.
"""

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from socius.atlas.datasets import selectors
from socius.atlas.datasets.licences import LICENCE_URLS, Licence
from socius.atlas.datasets.models import Dataset, DatasetFile, DatasetVersion
from socius.atlas.datasets.package import author_names
from socius.core.api_support import Pagination, responses, slug_or_404
from socius.core.models import Theme

router = Router(tags=["datasets"])

SLUG_MAX = 120  # Dataset.slug's max_length


class DatasetFilter(Schema):
    theme: str | None = Field(
        None,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="An active theme's slug from /api/themes.",
    )
    licence: Licence | None = Field(None, description="The licence's SPDX identifier.")


class FileOut(Schema):
    name: str
    filename: str
    bytes: int = Field(..., alias="size")
    sha256: str
    rows: int
    table_schema: dict[str, Any] = Field(..., alias="schema")
    url: str

    @staticmethod
    def resolve_url(obj: DatasetFile) -> str:
        version = obj.version
        return reverse(
            "datasets:file-download",
            args=[version.dataset.slug, version.number, obj.filename],
        )


class VersionOut(Schema):
    number: int
    changelog: str
    published_at: datetime.datetime | None
    datapackage_url: str
    zip_url: str
    files: list[FileOut]

    @staticmethod
    def resolve_datapackage_url(obj: DatasetVersion) -> str:
        return reverse("datasets:version-datapackage", args=[obj.dataset.slug, obj.number])

    @staticmethod
    def resolve_zip_url(obj: DatasetVersion) -> str:
        return reverse("datasets:version-zip", args=[obj.dataset.slug, obj.number])

    @staticmethod
    def resolve_files(obj: DatasetVersion) -> list[DatasetFile]:
        return list(obj.files.all())


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    theme: str = Field(..., alias="theme.slug")
    licence: str
    licence_url: str
    doi: str
    published_at: datetime.datetime | None
    embargo_until: datetime.date | None
    latest_version: int | None
    url: str

    @staticmethod
    def resolve_licence_url(obj: Dataset) -> str:
        return LICENCE_URLS.get(obj.licence, "")

    @staticmethod
    def resolve_url(obj: Dataset) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_latest_version(obj: Dataset) -> int | None:
        return getattr(obj, "latest_version", None)


class DatasetDetailOut(DatasetOut):
    provenance: str
    authors: list[str]
    sources: list[str]
    versions: list[VersionOut]

    @staticmethod
    def resolve_authors(obj: Dataset) -> list[str]:
        return author_names(obj)

    @staticmethod
    def resolve_sources(obj: Dataset) -> list[str]:
        return [s.title for s in obj.sources.all()]

    @staticmethod
    def resolve_versions(obj: Dataset) -> list[DatasetVersion]:
        versions = selectors.dataset_versions(obj, drafts=False)
        for v in versions:
            v.dataset = obj
        return versions


@router.get("/datasaet", response=responses(list[DatasetOut], 422))
@paginate(Pagination)
def dataset_list(request: HttpRequest, filters: Query[DatasetFilter]) -> Any:
    """Public datasets, newest first. A theme that does not exist gives an empty list."""
    theme = None
    if filters.theme:
        theme = Theme.objects.filter(slug=filters.theme, is_active=True).first()
        if theme is None:
            return Dataset.objects.none()
    licence = filters.licence.value if filters.licence else ""
    return selectors.dataset_list_public(theme=theme, licence=licence)


@router.get("/datasaet/{slug}", response=responses(DatasetDetailOut, 404))
def dataset_detail(request: HttpRequest, slug: str) -> Any:
    slug_or_404(slug, SLUG_MAX)
    dataset = selectors.dataset_list_public().select_related("owner").filter(slug=slug).first()
    if dataset is None:
        raise Http404
    return dataset
