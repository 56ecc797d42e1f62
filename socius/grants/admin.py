from django.contrib import admin

from socius.core.admin import AuditedAdmin
from socius.grants.models import Pool


@admin.register(Pool)
class PoolAdmin(AuditedAdmin):
    """Funds are set up rarely, by an administrator; rounds are run from the platform's pages."""

    list_display = ["name", "legal_basis", "municipality", "requires_cvr"]
    prepopulated_fields = {"slug": ["name"]}
