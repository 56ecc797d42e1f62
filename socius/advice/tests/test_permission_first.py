"""Services check who acts before they write: a refused actor leaves no trace."""

import pytest
from django.core.exceptions import PermissionDenied

from socius.advice import services
from socius.advice.workflows import RequestState
from socius.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_the_organisation_cannot_close_its_own_request(advice_request, citizen):
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.request_close(
            actor=citizen,
            request=advice_request,
            outcome="created",
            people_reached=10,
            what_helped="Alt",
        )
    advice_request.refresh_from_db()
    assert advice_request.state == RequestState.NEW
    assert (advice_request.closed_at, advice_request.outcome) == (None, "")
    assert AuditEntry.objects.count() == entries


def test_an_advisor_cannot_withdraw_for_the_organisation(advice_request, advisor):
    with pytest.raises(PermissionDenied):
        services.request_withdraw(actor=advisor, request=advice_request)
    advice_request.refresh_from_db()
    assert advice_request.closed_at is None
