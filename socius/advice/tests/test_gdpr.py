"""Advice requests and messages in a person's data export; erasure unlinks the person."""

import pytest

from socius.advice import services
from socius.core.personal_data import personal_data_erase, personal_data_export

pytestmark = pytest.mark.django_db


def test_export_and_erase(citizen, advisor, advice_request):
    services.message_send(
        actor=citizen, request=advice_request, body="Mit spørgsmål", as_advisor=False
    )
    services.note_add(actor=advisor, request=advice_request, body="Intern note")
    mine = personal_data_export(citizen)["advice"]
    assert mine["requests"][0]["title"] == advice_request.title
    assert mine["messages"][0]["text"] == "Mit spørgsmål"
    assert mine["notes"] == []
    assert personal_data_export(advisor)["advice"]["notes"][0]["text"] == "Intern note"

    assert "advice" in personal_data_erase(citizen)
    advice_request.refresh_from_db()
    assert advice_request.created_by is None
    assert personal_data_export(citizen)["advice"]["requests"] == []
