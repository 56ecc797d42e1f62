"""Grant reviews assigned to the person, on the staff workbench; applications in the
applicant's own overview."""

from __future__ import annotations

import pytest

from socius.grants import services
from socius.grants.tests.conftest import application_data

pytestmark = pytest.mark.django_db


def test_reviewers_see_only_their_own_open_reviews(
    client, citizen, association, open_round, case_handler, reviewers
):
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    services.application_submit(actor=citizen, app=app)
    assignment = services.review_assign(actor=case_handler, app=app, reviewer=reviewers[0])
    client.force_login(reviewers[0])
    html = client.get("/arbejde/").content.decode()
    section = html[html.index('id="queue-grants-review"') :]
    assert "Fællesspisning for ensomme ældre" in section
    assert f'href="/tilskud/bedoemmelser/{assignment.pk}/"' in section
    client.force_login(reviewers[1])
    html = client.get("/arbejde/").content.decode()
    assert "Fællesspisning for ensomme ældre" not in html
    assert "Ingen bedømmelser venter på dig." in html


def test_the_applicant_finds_the_application_in_my_overview(
    client, citizen, association, open_round
):
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    client.force_login(citizen)
    html = client.get("/mit/").content.decode()
    assert f'href="/tilskud/ansoegning/{app.public_id}/"' in html
    assert "Fællesspisning for ensomme ældre" in html
