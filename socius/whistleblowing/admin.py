from typing import Any

from django.contrib import admin

from socius.whistleblowing.models import Channel, DeletionRecord


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    """Channels and their handlers. Reports are deliberately not in the admin: an
    administrator who is not a handler must not see even their metadata by this route."""

    list_display = ("name", "slug", "municipality", "retention_days", "is_active")
    filter_horizontal = ("handlers",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(DeletionRecord)
class DeletionRecordAdmin(admin.ModelAdmin):
    list_display = ("channel", "received_month", "final_state", "deleted_on")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
