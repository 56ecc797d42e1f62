"""The audit log page in a real browser at desktop and phone width, with axe on each view."""

import pytest

from socius.core.audit import audit_record
from socius.core.roles import Role
from socius.tests_support.browser import log_in
from socius.tests_support.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_administrator_filters_the_log_and_reads_plain_names(live_server, browser_page):
    # given
    administrator = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    anna = UserFactory(name="Anna Aagaard")
    audit_record(actor=anna, action="proposals.publish")
    audit_record(actor=anna, action="grants.pool.create")
    b, page = browser_page, browser_page.page
    log_in(b, live_server.url, administrator, mfa=True)
    # when: the log is filtered by module
    b.visit(live_server.url + "/administration/log/")
    page.get_by_label("Modul").select_option(label="Borgerforslag")
    page.get_by_role("button", name="Filtrer").click()
    b.check(shows=page.get_by_text("1 post", exact=True))
    # then: the action has its Danish name, and the other module's entry is gone
    table = page.get_by_role("table", name="Revisionslog")
    assert "Forslag offentliggjort" in table.inner_text()
    assert "Pulje oprettet" not in table.inner_text()
    # and a broken date is named above the list, linked to its field
    b.visit(live_server.url + "/administration/log/?date_from=2026-13-45")
    b.check(shows=page.get_by_text("Nogle filtre kunne ikke bruges"))
    page.get_by_role("link", name="Fra: Indtast en gyldig dato.").click()
    assert page.evaluate("document.activeElement.id") == "id_date_from"
