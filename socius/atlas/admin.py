"""The atlas in the Django admin (superusers): sources and indicator definitions are editable
and audited; versions, figures and their history only change through imports."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from socius.atlas.models import (
    Indicator,
    Observation,
    ObservationRevision,
    Source,
    SourceVersion,
)
from socius.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(Source)
class SourceAdmin(AuditedAdmin):
    list_display = ["title", "key", "publisher", "licence"]
    search_fields = ["title", "key"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "title", "unit", "direction", "theme", "source", "is_active"]
    list_filter = ["is_active", "is_structural", "direction", "theme"]
    search_fields = ["code", "title", "title_en"]
    list_select_related = ["theme", "source"]
    # The code is what pages, downloads and queries refer to; the loader owns it.
    readonly_fields = ["code"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else []


@admin.register(SourceVersion)
class SourceVersionAdmin(ReadOnlyAdmin):
    list_display = [
        "source",
        "fetched_at",
        "observations_created",
        "observations_revised",
        "checksum",
    ]
    list_filter = ["source"]
    list_select_related = ["source"]


class RevisionInline(admin.TabularInline[ObservationRevision, Observation]):
    model = ObservationRevision
    fk_name = "observation"
    fields = ["value", "numerator", "denominator", "status", "source_version", "replaced_by"]
    readonly_fields = [
        "value",
        "numerator",
        "denominator",
        "status",
        "source_version",
        "replaced_by",
    ]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "area_code", "period", "value", "status", "source_version"]
    list_filter = ["indicator", "level", "status"]
    search_fields = ["area_code", "period", "indicator__code"]
    list_select_related = ["indicator", "source_version__source"]
    inlines = [RevisionInline]
