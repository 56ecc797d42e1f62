"""200 people register at once for 50 seats through the real view, served by the production
web server against the test's PostgreSQL: exactly 50 confirmed, 150 waiting with numbers
1..150, nobody lost or doubled, no seat oversold."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.events_registration import checks, event_create, surge
from socius.tests_support.servers import database_url_for_test, production_env, web_server

pytestmark = [
    pytest.mark.postgresql(reason="the seat lock is select_for_update on the event's row"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_200_people_at_once_for_50_seats(tmp_path: Path):
    event_id = event_create(50, slug="surge-test")
    env = production_env(database_url=database_url_for_test(), media_root=tmp_path)
    with web_server(env, log=tmp_path / "server.log", workers=2, threads=8) as server:
        _elapsed, answers = surge(server.base, "surge-test", 200, 200)
        log = server.log_text()
    assert sorted(person for person, _ in answers) == list(range(200))
    assert {status for _, status in answers} == {302}, log
    result = checks(event_id, 200, 50)
    assert all(value for key, value in result.items() if key.startswith("ok_")), result
