"""Pages awaiting review in the Wagtail workflow, on the staff workbench."""

from __future__ import annotations

import pytest

from socius.core.roles import Role
from socius.knowledge.setup import knowledge_index_ensure
from socius.knowledge.tests.test_cms import EASY_SUMMARY, _add_url, _report_form
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_page_submitted_for_review_waits_on_another_editors_workbench(client, editor):
    index = knowledge_index_ensure()
    second = UserFactory(roles=[Role.EDITOR], totp=True)
    client.force_login(editor)
    data = _report_form(
        client, index, title="Ensomhed i byen", summary=EASY_SUMMARY, action="action-submit"
    )
    client.post(_add_url(index), data)

    # The author does not review their own page ...
    html = client.get("/arbejde/").content.decode()
    section = html[html.index('id="queue-knowledge-review"') :]
    assert "Ensomhed i byen" not in section
    assert "Ingen sider venter på din godkendelse." in section

    # ... a second editor does, from a link into the CMS.
    client.force_login(second)
    html = client.get("/arbejde/").content.decode()
    section = html[html.index('id="queue-knowledge-review"') :]
    assert "Ensomhed i byen" in section
    assert 'href="/cms/pages/' in section
    assert 'href="/cms/"' in section
