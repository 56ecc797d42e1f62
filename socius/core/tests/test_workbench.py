"""The staff workbench (/arbejde/): who gets in, which queues, and the header link."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socius.core.roles import Role
from socius.core.workbench import Queue, QueueItem, workbench_queues, workbench_register
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/arbejde/"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("who", ["citizen", "outsider"])
def test_people_without_a_staff_role_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_the_header_links_the_workbench_for_staff_only(client, citizen, editor):
    client.force_login(citizen)
    page = client.get("/").text
    assert 'href="/arbejde/"' not in page
    assert 'href="/mit/"' in page
    client.force_login(editor)
    assert 'href="/arbejde/"' in client.get("/").text


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        (Role.EDITOR, {"knowledge-review"}, {"whistleblowing", "advice", "people"}),
        (Role.ADVISOR, {"advice", "grants-review"}, {"proposals", "people", "knowledge-review"}),
        (Role.CASE_HANDLER, {"proposals", "grants-review"}, {"people", "advice"}),
        (
            Role.ADMINISTRATOR,
            {"proposals", "advice", "people", "knowledge-review"},
            # Administrators are custodians, not handlers: no case dates for them.
            {"whistleblowing"},
        ),
    ],
)
def test_each_role_sees_the_queues_its_roles_give(client, role, expected, absent):
    client.force_login(UserFactory(roles=[role], totp=True))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Arbejdsbord</h1>" in html
    for key in expected:
        assert f'id="queue-{key}"' in html
    for key in absent:
        assert f'id="queue-{key}"' not in html


def test_queues_with_overdue_items_come_first(editor, settings):
    def calm(user):
        return Queue(key="calm", title="Calm", url="/", link_text="x", count=1, items=[])

    def late(user):
        item = QueueItem(label="Late", url="/", overdue=True)
        return Queue(
            key="late", title="Late", url="/", link_text="x", items=[item], count=1, overdue=1
        )

    workbench_register("zz-calm", calm, order=1)
    workbench_register("zz-late", late, order=999)
    try:
        keys = [q.key for q in workbench_queues(editor)]
        assert keys.index("late") < keys.index("calm")
    finally:
        from socius.core import workbench

        workbench._PROVIDERS.pop("zz-calm")
        workbench._PROVIDERS.pop("zz-late")


def test_the_workbench_uses_a_fixed_number_of_queries(client, administrator):
    client.force_login(administrator)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for _ in range(3):
        UserFactory(roles=[Role.POLITICIAN])
    from socius.core.models import Party, PoliticianProfile

    for person in type(administrator).objects.filter(role_assignments__role=Role.POLITICIAN):
        PoliticianProfile.objects.create(user=person, party=Party.objects.get(letter="V"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.content.decode().count("Partiet skal verificeres") == 3
    assert len(many) == len(few)
