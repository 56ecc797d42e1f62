"""The audit log page: staff only, readable action names, filters, paging, hostile input."""

import datetime

import pytest
from django.utils import timezone

from socius.core.audit import audit_record
from socius.core.models import AuditEntry, Theme
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/administration/log/"


@pytest.fixture
def logged_in(client, administrator):
    client.force_login(administrator)
    return client


def _rows(response):
    return [label for _entry, label in response.context["rows"]]


def test_an_outsider_is_denied(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_actions_show_their_readable_name_in_danish(logged_in, administrator):
    audit_record(actor=administrator, action="proposals.publish", target=Theme.objects.first())
    audit_record(actor=administrator, action="admin.theme.change")
    audit_record(actor=administrator, action="no.such.code")
    response = logged_in.get(URL, headers={"accept-language": "da"})
    content = response.content.decode()
    assert "Forslag offentliggjort" in content
    assert "Django-administration: theme.change" in content
    assert "no.such.code" in content


def test_it_filters_by_person_module_action_and_period(logged_in, administrator):
    # given
    anna = UserFactory(name="Anna Aagaard", email="anna@example.org")
    bo = UserFactory(name="Bo Berg")
    audit_record(actor=anna, action="grants.pool.create")
    audit_record(actor=anna, action="proposals.publish")
    audit_record(actor=bo, action="proposals.publish")
    today = timezone.localdate()
    # when / then
    by_person = logged_in.get(URL, {"person": "aagaard"})
    assert {e.actor_id for e, _label in by_person.context["rows"]} == {anna.pk}
    by_mail = logged_in.get(URL, {"person": "ANNA@example"})
    assert by_mail.context["page"].paginator.count == 2
    by_module = logged_in.get(URL, {"module": "grants"})
    assert {e.action for e, _label in by_module.context["rows"]} == {"grants.pool.create"}
    by_action = logged_in.get(URL, {"action": "proposals.publish", "person": "Bo"})
    assert [e.actor_id for e, _label in by_action.context["rows"]] == [bo.pk]
    in_period = logged_in.get(URL, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert in_period.context["page"].paginator.count == AuditEntry.objects.count()
    before = logged_in.get(URL, {"date_to": (today - datetime.timedelta(days=1)).isoformat()})
    assert before.context["page"].paginator.count == 0


def test_the_admin_module_matches_the_admins_codes(logged_in, administrator):
    audit_record(actor=administrator, action="admin.party.add")
    audit_record(actor=administrator, action="role.grant")
    response = logged_in.get(URL, {"module": "admin"})
    assert {e.action for e, _label in response.context["rows"]} == {"admin.party.add"}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "31-02-2026"}, "date_from", "Indtast en gyldig dato."),
        ({"date_from": "9999-12-31"}, "date_from", "Vælg en dato mellem 1970 og 9998."),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "date_to", "før"),
        ({"action": "made.up<script>"}, "action", "gyldig valgmulighed"),
        ({"module": "nowhere"}, "module", "gyldig valgmulighed"),
        ({"person": "a\x00b"}, "person", "ikke tilladt"),
        ({"person": "x" * 500}, "person", "højst have 150 tegn"),
    ],
)
def test_hostile_filters_get_a_clear_danish_error_and_no_500(logged_in, params, field, message):
    response = logged_in.get(URL, params, headers={"accept-language": "da"})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert "Nogle filtre kunne ikke bruges" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[-1].replace(
        "&lt;script&gt;", ""
    )


@pytest.mark.parametrize("side", ["999", "99999999999999999999999", "9" * 5000, "-1", "x"])
def test_huge_or_odd_page_numbers_show_a_page_and_no_500(logged_in, administrator, side):
    audit_record(actor=administrator, action="role.grant")
    response = logged_in.get(URL, {"side": side}, headers={"accept-language": "da"})
    assert response.status_code == 200
    if side.isdigit():
        assert "Der er kun 1 side" in response.content.decode()


def test_paging_keeps_the_filters(logged_in, administrator):
    for _ in range(51):
        audit_record(actor=administrator, action="role.grant")
    response = logged_in.get(URL, {"action": "role.grant"})
    assert response.context["page"].has_next()
    assert "action=role.grant&amp;side=2" in response.content.decode()


def test_the_query_count_does_not_grow_with_the_entries(
    logged_in, administrator, django_assert_max_num_queries
):
    people = [UserFactory() for _ in range(5)]
    for i in range(50):
        audit_record(actor=people[i % 5], action="role.grant")
    with django_assert_max_num_queries(8):
        response = logged_in.get(URL, {"module": "core", "person": "@"})
    assert len(response.context["rows"]) == 50
