"""The advisors' queue on the staff workbench."""

from __future__ import annotations

import datetime

import pytest

from socius.advice.models import AdviceRequest

pytestmark = pytest.mark.django_db


def test_advisors_see_open_requests_overdue_first(
    client, advisor, advice_request, citizen, association
):
    from socius.advice import services
    from socius.core.models import Theme

    late = services.request_submit(
        actor=citizen,
        organisation=association,
        title="Hjælp til en ny lektiecafé",
        wants=["start"],
        themes=[Theme.objects.get(slug="aeldre")],
        target_group="Børn",
        size="small",
        description="Vi vil starte en lektiecafé.",
    )
    AdviceRequest.objects.filter(pk=late.pk).update(response_due=datetime.date(2020, 1, 6))
    client.force_login(advisor)
    html = client.get("/arbejde/").content.decode()
    section = html[html.index('id="queue-advice"') :]
    assert section.index("Hjælp til en ny lektiecafé") < section.index(advice_request.title)
    assert "Første svar er overskredet" in section
    assert f'href="/faellesskaber/raadgivning/koe/{late.public_id}/"' in section
    assert 'href="/faellesskaber/raadgivning/koe/"' in section
    # Counts, not the request's text: the description never reaches the workbench.
    assert "Ring til Jens" not in html


def test_the_request_is_not_a_queue_for_its_own_organisation(client, citizen, advice_request):
    client.force_login(citizen)
    assert client.get("/arbejde/").status_code == 403
