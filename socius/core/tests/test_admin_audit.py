"""Changes made in the Django admin are logged through a service, under readable names."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from socius.core.audit import audit_action_label
from socius.core.models import AuditEntry, Theme
from socius.core.services import admin_change_record
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_theme_changed_in_the_admin_is_audited(client):
    superuser = UserFactory(is_superuser=True, is_staff=True, totp=True)
    client.force_login(superuser)
    theme = Theme.objects.order_by("pk").first()
    url = f"/django-admin/core/theme/{theme.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"name": "Nyt navn", "is_active": "on"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor_id, entry.target_id) == (
        "admin.theme.change",
        superuser.pk,
        str(theme.pk),
    )
    assert "name" in entry.data["fields"]
    with translation.override("da"):
        assert audit_action_label(entry.action) == "Django-administration: theme.change"


def test_only_staff_can_be_logged_as_admin_changes(citizen):
    theme = Theme.objects.first()
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        admin_change_record(actor=citizen, obj=theme, change="change")
    assert AuditEntry.objects.count() == before
