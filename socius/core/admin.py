"""The Django admin is for superusers (behind MFA); everyday work uses the platform's own pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from socius.core.access import request_user
from socius.core.models import (
    AuditEntry,
    Membership,
    Municipality,
    Organisation,
    Party,
    PoliticianProfile,
    Region,
    RoleAssignment,
    Theme,
)
from socius.core.services import admin_change_record


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Changes made in the Django admin enter the audit chain like every service's."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            admin_change_record(
                actor=request_user(request),
                obj=obj,
                change="change" if change else "add",
                data={"fields": sorted(form.changed_data)},
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            if formset.has_changed():
                admin_change_record(
                    actor=request_user(request),
                    obj=form.instance,
                    change=formset.model._meta.model_name,
                    data={"rows": len(formset.forms), "deleted": len(formset.deleted_objects)},
                )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            admin_change_record(actor=request_user(request), obj=obj, change="delete")
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                admin_change_record(actor=request_user(request), obj=obj, change="delete")
            super().delete_queryset(request, queryset)


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Party)
class PartyAdmin(AuditedAdmin):
    list_display = ["name", "letter", "is_local_list", "municipality", "is_active"]
    list_filter = ["is_local_list", "is_active"]


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "cvr", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "cvr"]
    inlines = [MembershipInline]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Reference data and records that are changed by loaders and services, not by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "created_at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action"]


admin.site.register(Region, ReadOnlyAdmin)
admin.site.register(Municipality, ReadOnlyAdmin)
admin.site.register(RoleAssignment, ReadOnlyAdmin)
admin.site.register(PoliticianProfile, ReadOnlyAdmin)
