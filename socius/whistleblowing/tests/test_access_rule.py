"""The access rule for whistleblowing, and the choice made for it.

The handlers' pages (their start page, a channel's inbox, the custodian's list) are known to
exist: without the role they answer 403. A case is not: its pages answer 404 to everyone who may
not read it, including people without the role, the custodian, administrators and handlers of
other channels, exactly as for a case that does not exist, so an id reveals nothing."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from socius.whistleblowing.tests.conftest import latest_report, submit, unlocked_client

pytestmark = pytest.mark.django_db


def _case(public_id):
    return f"/whistleblower/behandling/sag/{public_id}/"


def test_the_handlers_pages_answer_403_without_the_role(channel, citizen, handler):
    client = Client()
    client.force_login(citizen)
    assert client.get("/whistleblower/behandling/").status_code == 403
    assert client.get(f"/whistleblower/behandling/kanal/{channel.slug}/").status_code == 403
    assert client.get("/whistleblower/behandling/identitet/").status_code == 403
    assert client.post("/whistleblower/behandling/noegle/ny/", {}).status_code == 403
    # a handler is not a custodian
    assert unlocked_client(handler).get("/whistleblower/behandling/identitet/").status_code == 403


def test_a_case_answers_404_to_everyone_who_may_not_read_it(
    channel, other_channel, citizen, custodian
):
    submit(Client(), channel)
    report = latest_report()
    stranger = _handler_of(other_channel)
    for user in (citizen, custodian, stranger):
        client = Client()
        client.force_login(user)
        for public_id in (report.public_id, uuid.uuid4()):
            assert client.get(_case(public_id)).status_code == 404
            assert client.post(_case(public_id) + "besked/", {"body": "x"}).status_code == 404
            assert client.get(_case(public_id) + "eksport.pdf").status_code == 404


def _handler_of(channel):
    from socius.core.roles import Role
    from socius.tests_support.factories import UserFactory

    user = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    channel.handlers.add(user)
    return user
