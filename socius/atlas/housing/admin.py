"""Housing in the Django admin: read-only. Figures change through the platform's own pages
(services), so statuses are recomputed and every change is audited; interests are personal
data and are not listed here at all."""

from __future__ import annotations

from django.contrib import admin

from socius.atlas.housing.models import (
    AreaYear,
    HousingArea,
    IncomeImport,
    Initiative,
    IntergenerationalProject,
    RuleSet,
)
from socius.core.admin import ReadOnlyAdmin


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ["year", "legal_reference"]


@admin.register(HousingArea)
class HousingAreaAdmin(ReadOnlyAdmin):
    list_display = ["name", "municipality", "housing_organisation", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name"]


@admin.register(AreaYear)
class AreaYearAdmin(ReadOnlyAdmin):
    list_display = ["area", "year", "residents", "status"]
    list_filter = ["year", "status"]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "area", "kind", "starts_on"]


@admin.register(IncomeImport)
class IncomeImportAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "year", "rows_accepted", "is_demo"]


@admin.register(IntergenerationalProject)
class IntergenerationalProjectAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "municipality", "status", "is_demo"]
