"""Services check who acts before they write: a refused actor leaves no trace."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from socius.core.models import AuditEntry
from socius.grants import services
from socius.grants.models import GateCheck
from socius.grants.tests.conftest import application_data
from socius.grants.workflows import ApplicationState

pytestmark = pytest.mark.django_db


def test_an_outsider_cannot_submit_and_nothing_is_saved(open_round, association, citizen, outsider):
    # given: a complete draft of the association's
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    entries = AuditEntry.objects.count()
    # when: someone outside the organisation submits it
    with pytest.raises(PermissionDenied):
        services.application_submit(actor=outsider, app=app)
    # then: no snapshot, no time of submission, no gate checks, no audit entry
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT
    assert app.submitted_at is None
    assert app.form_snapshot in ([], None, {})
    assert not GateCheck.objects.filter(application=app).exists()
    assert AuditEntry.objects.count() == entries


def test_withdrawing_twice_names_the_state_in_danish(open_round, association, citizen):
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    services.application_withdraw(actor=citizen, app=app)
    with translation.override("da"), pytest.raises(ValidationError) as error:
        services.application_withdraw(actor=citizen, app=app)
    assert error.value.messages == [
        "Det er ikke muligt, mens ansøgningen har status “Trukket tilbage”."
    ]
