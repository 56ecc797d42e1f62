"""Datasets in the Django admin: read-only (publishing, withdrawal and versions go through the
services, so they are checked and audited)."""

from __future__ import annotations

from django.contrib import admin

from socius.atlas.datasets.models import Dataset, DatasetFile, DatasetVersion
from socius.core.admin import ReadOnlyAdmin


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdmin):
    list_display = ["title", "state", "licence", "embargo_until", "published_at"]
    list_filter = ["state", "licence"]
    search_fields = ["title", "slug"]


@admin.register(DatasetVersion)
class DatasetVersionAdmin(ReadOnlyAdmin):
    list_display = ["dataset", "number", "state", "published_at"]
    list_filter = ["state"]


@admin.register(DatasetFile)
class DatasetFileAdmin(ReadOnlyAdmin):
    list_display = ["filename", "version", "size", "rows"]
