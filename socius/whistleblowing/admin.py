from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from socius.core.access import user_can
from socius.core.admin import AuditedAdmin
from socius.core.roles import Capability
from socius.whistleblowing.models import Channel, DeletionRecord
from socius.whistleblowing.services import channels as channel_services


class ChannelAdminForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = "__all__"  # noqa: DJ007 - the admin shows every field

    def clean_handlers(self) -> Any:
        wanted = self.cleaned_data["handlers"]
        before = (
            set(self.instance.handlers.values_list("pk", flat=True)) if self.instance.pk else set()
        )
        errors: list[str] = []
        for user in wanted:
            if user.pk not in before:
                try:
                    channel_services.handler_add_check(channel=self.instance, user=user)
                except ValidationError as exc:
                    errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return wanted


@admin.register(Channel)
class ChannelAdmin(AuditedAdmin):
    """Channels and their handlers. Reports are deliberately not in the admin: an
    administrator who is not a handler must not see even their metadata by this route.
    Changes to the channel's own fields are audited like every admin change (AuditedAdmin).

    Handlers are added and removed only through services.channels (audited, mailed to the
    channel's handlers); the form's own many-to-many save is skipped for them. Who lacks the
    right to change handlers sees them read-only. Being added does not let anyone read:
    the new handler's key must be approved (whistleblowing/approvals.py)."""

    form = ChannelAdminForm
    list_display = ("name", "slug", "municipality", "retention_days", "is_active")
    filter_horizontal = ("handlers",)
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        if not user_can(request.user, Capability.MUNICIPALITY_MANAGE):
            return ("handlers",)
        return ()

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        wanted = form.cleaned_data.pop("handlers", None)
        super().save_related(request, form, formsets, change)
        if wanted is None:
            return
        channel = form.instance
        current = set(channel.handlers.all())
        for user in sorted(set(wanted) - current, key=lambda u: u.pk):
            channel_services.handler_add(actor=request.user, channel=channel, user=user)
        for user in sorted(current - set(wanted), key=lambda u: u.pk):
            channel_services.handler_remove(actor=request.user, channel=channel, user=user)


@admin.register(DeletionRecord)
class DeletionRecordAdmin(admin.ModelAdmin):
    list_display = ("channel", "received_month", "final_state", "deleted_on")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
