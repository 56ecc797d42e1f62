"""The Wagtail admin: who gets in, its CSP, the LIX warning and the review by a second editor."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from socius.core.roles import Role
from socius.knowledge.models import KnowledgeIndexPage, ReportPage
from socius.knowledge.setup import EDITORS_GROUP, PUBLISHERS_GROUP, knowledge_index_ensure
from socius.tests_support.factories import UserFactory, theme
from socius.tests_support.pages import main_of

pytestmark = pytest.mark.django_db

HARD_SUMMARY = (
    "Undersøgelsens konklusioner dokumenterer betydelige sammenhænge mellem socioøkonomiske "
    "baggrundsvariabler, helbredsmæssige udfordringer og kommunale indsatsprioriteringer."
)
EASY_SUMMARY = "Mange er ensomme. Vi har talt med dem. De vil gerne ses. Det kan vi alle gøre."


def _add_url(index: KnowledgeIndexPage) -> str:
    return reverse("wagtailadmin_pages:add", args=["knowledge", "reportpage", index.pk])


def _report_form(client, index, *, title, summary, action):
    """The admin's own add form, filled in as an editor would."""
    html = client.get(_add_url(index)).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data["title"] = title
    data["slug"] = slugify(title)
    data["summary"] = summary
    data.setlist("themes", [str(theme("faellesskaber-og-ensomhed").pk)])
    data[action] = "1"
    return data


def test_anonymous_visitors_are_sent_to_our_login(client):
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/cms/"


def test_wagtails_own_login_goes_to_our_login(client):
    response = client.get("/cms/login/?next=/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "user_kwargs",
    [
        {"roles": [Role.CITIZEN]},
        {"roles": [Role.RESEARCHER]},
        {"roles": [Role.ADVISOR], "totp": True},
        {"roles": [Role.CASE_HANDLER], "totp": True},
    ],
)
def test_people_without_the_editor_capability_are_refused(client, user_kwargs):
    client.force_login(UserFactory(**user_kwargs))
    assert client.get("/cms/").status_code == 403
    assert client.get("/cms/pages/").status_code == 403


def test_an_editor_without_totp_is_sent_to_set_it_up(client):
    client.force_login(UserFactory(roles=[Role.EDITOR]))
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_an_editor_with_totp_gets_the_admin_with_its_own_csp(client, editor):
    client.force_login(editor)
    response = client.get("/cms/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    public = client.get("/viden/")
    assert public.status_code == 200
    assert "unsafe-inline" not in public["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]


def test_a_role_change_moves_people_in_and_out_of_the_editor_groups(client, editor):
    index = knowledge_index_ensure()
    client.force_login(editor)
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert client.get(f"/cms/pages/{index.pk}/").status_code == 200
    editor.role_assignments.filter(role=Role.EDITOR).delete()
    assert not editor.groups.exists()
    assert client.get(f"/cms/pages/{index.pk}/").status_code == 403


def test_an_administrator_is_also_a_publisher(administrator):
    assert set(administrator.groups.values_list("name", flat=True)) == {
        EDITORS_GROUP,
        PUBLISHERS_GROUP,
    }


def test_the_lix_panel_warns_above_35_without_blocking(client, editor):
    index = knowledge_index_ensure()
    client.force_login(editor)
    data = _report_form(client, index, title="Svær rapport", summary=HARD_SUMMARY, action="")
    response = client.post(_add_url(index), data, follow=True)

    page = ReportPage.objects.get(title="Svær rapport")
    assert page.live is False
    html = response.content.decode()
    assert "LIX" in html
    assert "is above 35" in html or "over 35" in html
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "help-warning" in edit


LIX_URL = "/cms/knowledge/lix/"


def test_the_lix_box_follows_the_summary_while_it_is_typed(client, editor):
    client.force_login(editor)
    index = knowledge_index_ensure()
    editor_page = client.get(_add_url(index)).content.decode()
    assert "knowledge/lix.js" in editor_page
    assert f'data-url="{LIX_URL}"' in editor_page

    hard = client.post(LIX_URL, {"summary": HARD_SUMMARY})
    assert hard.status_code == 200
    assert "help-warning" in hard.content.decode()
    assert "over 35" in hard.content.decode()
    easy = client.post(LIX_URL, {"summary": EASY_SUMMARY}).content.decode()
    assert "Godt: under 35" in easy
    assert "help-warning" not in easy
    assert "Skriv resuméet" in client.post(LIX_URL, {}).content.decode()


@pytest.mark.parametrize(
    "summary",
    [
        "<script>alert(1)</script> Kort. Tekst.",
        "x" * 3001,
        "\x00" * 10,
        "Ærø " * 500 + "\u202e",
    ],
)
def test_the_lix_box_answers_hostile_text_without_echoing_it(client, editor, summary):
    client.force_login(editor)
    response = client.post(LIX_URL, {"summary": summary})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>" not in html
    assert summary[:20] not in html or summary[:20].strip() == ""
    if len(summary) > 3000 and response.status_code == 200:
        assert "længere end 3000 tegn" in html


def test_the_lix_box_is_for_editors_only_and_only_by_post(client, editor):
    anonymous = client.post(LIX_URL, {"summary": EASY_SUMMARY})
    assert anonymous.status_code == 302
    assert "LIX" not in anonymous.content.decode()
    client.force_login(UserFactory(roles=[Role.ADVISOR], totp=True))
    assert client.post(LIX_URL, {"summary": EASY_SUMMARY}).status_code in (302, 403)
    client.force_login(editor)
    assert client.get(LIX_URL).status_code == 405
    csrf = type(client)(enforce_csrf_checks=True)
    csrf.force_login(editor)
    assert csrf.post(LIX_URL, {"summary": EASY_SUMMARY}).status_code == 403


def test_a_second_editor_approves_and_the_author_cannot(client, editor):
    index = knowledge_index_ensure()
    second = UserFactory(roles=[Role.EDITOR], totp=True)
    client.force_login(editor)
    data = _report_form(
        client, index, title="Ensomhed i byen", summary=EASY_SUMMARY, action="action-submit"
    )
    client.post(_add_url(index), data)
    page = ReportPage.objects.get(title="Ensomhed i byen")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )

    # The author may not approve (not even by posting the action directly) ...
    refused = client.post(approve)
    assert (refused.status_code, refused.get("Location")) in {(403, None), (302, "/cms/")}
    page.refresh_from_db()
    assert page.live is False
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_IN_PROGRESS
    # ... nor publish past the workflow.
    data = _report_form(client, index, title="Omvej", summary=EASY_SUMMARY, action="action-publish")
    client.post(_add_url(index), data)
    assert ReportPage.objects.get(title="Omvej").live is False

    client.force_login(second)
    response = client.post(approve)
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live is True
    assert client.get(page.url).status_code == 200


def _contentstate(text: str, url: str) -> str:
    import json

    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 4, "key": 0}],
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def test_hostile_rich_text_from_the_admin_is_neutralised(client, editor, administrator):
    index = knowledge_index_ensure()
    client.force_login(editor)
    data = _report_form(client, index, title="Farlig tekst", summary=EASY_SUMMARY, action="")
    data["body"] = _contentstate(
        'Klik <script>alert(1)</script><img src=x onerror="alert(2)">', "javascript:alert(3)"
    )
    client.post(_add_url(index), data)
    page = ReportPage.objects.get(title="Farlig tekst")
    page.get_latest_revision().publish(user=administrator)
    page.refresh_from_db()

    html = main_of(client, page.url)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "x" * 300, "255"),
        ("publication_date", "2026-02-30", "date"),
        ("publication_date", "1066-10-14", "1900"),
        ("publication_date", "ikke en dato", "date"),
    ],
)
def test_bad_admin_input_is_refused_with_a_message(client, editor, field, value, message):
    client.cookies["django_language"] = "en"
    index = knowledge_index_ensure()
    client.force_login(editor)
    data = _report_form(client, index, title="Rapport", summary=EASY_SUMMARY, action="")
    data[field] = value
    response = client.post(_add_url(index), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportPage.objects.exists()


def test_another_editor_on_the_page_is_a_named_button(client, editor):
    """Wagtail's button for another editor who is viewing the page held only an avatar; our
    template override (socius/templates/wagtailadmin/shared/editing_sessions/list.html) names it."""
    index = knowledge_index_ensure()
    client.force_login(editor)
    data = _report_form(
        client, index, title="Ensomhed i byen", summary=EASY_SUMMARY, action="action-save"
    )
    client.post(_add_url(index), data)
    page = ReportPage.objects.get(title="Ensomhed i byen")
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.get(edit).status_code == 200

    second = UserFactory(roles=[Role.EDITOR], totp=True, name="Birte Redaktør")
    other = type(client)()
    other.force_login(second)
    html = other.get(edit).content.decode()
    ping = re.search(r'data-w-swap-src-value="([^"]+)"', html)
    assert ping, "the edit page has no editing-sessions module"
    answer = other.post(ping.group(1), HTTP_ACCEPT="application/json").json()
    name = editor.get_full_name() or editor.email
    assert f'aria-label="{name} – ser siden lige nu"' in answer["html"]


CHOOSER_URL = "/cms/knowledge/authors/"


def test_authors_are_chosen_in_a_searchable_dialog_of_eligible_people(client, editor):
    researcher = UserFactory(roles=[Role.RESEARCHER], name="Rikke Forsker")
    UserFactory(roles=[Role.RESEARCHER], name="Rasmus Forsker", is_active=False)
    citizen = UserFactory(name="Rikke Borger")
    client.force_login(editor)
    index = knowledge_index_ensure()

    # The editor's form offers the dialog, not a select of every person.
    add = client.get(_add_url(index)).content.decode()
    assert "Vælg en forfatter" in add
    assert citizen.name not in add

    listing = client.get(CHOOSER_URL).content.decode()
    assert researcher.name in listing
    assert citizen.name not in listing
    assert "Rasmus Forsker" not in listing  # no longer active
    assert researcher.email not in listing

    found = client.get(CHOOSER_URL + "results/", {"q": "rikke"}).content.decode()
    assert researcher.name in found
    assert citizen.name not in found
    assert editor.name not in found
    assert client.get(CHOOSER_URL + "results/", {"q": "ingen-med-det-navn"}).status_code == 200


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "x" * 5000, "\x00", "' OR 1=1 --"])
def test_the_author_search_answers_hostile_text_safely(client, editor, query):
    UserFactory(roles=[Role.RESEARCHER], name="Rikke Forsker")
    client.force_login(editor)
    response = client.get(CHOOSER_URL + "results/", {"q": query})
    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_author_dialog_is_for_editors_only(client):
    assert client.get(CHOOSER_URL).status_code == 302
    client.force_login(UserFactory(roles=[Role.RESEARCHER], totp=True))
    assert client.get(CHOOSER_URL).status_code in (302, 403)


def test_a_person_who_may_not_write_cannot_be_made_an_author(client, editor):
    citizen = UserFactory(name="Rikke Borger")
    client.force_login(editor)
    index = knowledge_index_ensure()
    data = _report_form(
        client, index, title="Med forfatter", summary=EASY_SUMMARY, action="action-save"
    )
    data["author_links-TOTAL_FORMS"] = "1"
    data["author_links-0-user"] = str(citizen.pk)
    data["author_links-0-ORDER"] = "1"
    data["author_links-0-id"] = ""
    data["author_links-0-DELETE"] = ""
    response = client.post(_add_url(index), data)
    assert response.status_code == 200
    assert not ReportPage.objects.filter(title="Med forfatter").exists()

    researcher = UserFactory(roles=[Role.RESEARCHER], name="Rikke Forsker")
    data["author_links-0-user"] = str(researcher.pk)
    client.post(_add_url(index), data)
    page = ReportPage.objects.get(title="Med forfatter")
    assert page.authors == [researcher]


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_two_saves_of_one_new_page_at_once_keep_the_first_and_answer_the_second(
    client, editor, monkeypatch, accept
):
    """Autosave and "Save draft" (or two autosaves) of a new page at the same moment: both pass
    the form's check that the address is free, and the second insert finds it taken. That is
    answered as an invalid form (autosave) or with a message (a person), never a 500."""
    from wagtail.models import Page

    index = knowledge_index_ensure()
    client.force_login(editor)
    data = _report_form(client, index, title="Samme øjeblik", summary=EASY_SUMMARY, action="")
    assert client.post(_add_url(index), data).status_code == 302  # the first save
    # the second request validated its form before the first one's insert
    real = Page._slug_is_available
    answers = iter([True])
    monkeypatch.setattr(
        Page,
        "_slug_is_available",
        staticmethod(lambda *args, **kwargs: next(answers, None) or real(*args, **kwargs)),
    )
    response = client.post(_add_url(index), data, HTTP_ACCEPT=accept)

    assert ReportPage.objects.filter(title="Samme øjeblik").count() == 1
    if accept == "application/json":
        assert response.status_code == 400
        assert response.json()["success"] is False
        assert "samme øjeblik" in response.json()["error_message"]
    else:
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "samme øjeblik" in page


def test_an_autosave_sent_with_the_approve_fields_saves_the_draft_but_approves_nothing(
    client, editor
):
    # given a report in review, and a second editor with its edit form open
    index = knowledge_index_ensure()
    second = UserFactory(roles=[Role.EDITOR], totp=True)
    client.force_login(editor)
    client.post(
        _add_url(index),
        _report_form(client, index, title="Unge i Vollsmose", summary=EASY_SUMMARY,
                     action="action-submit"),
    )  # fmt: skip
    page = ReportPage.objects.get(title="Unge i Vollsmose")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    client.force_login(second)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(edit).content.decode(), form_id="page-edit-form")
    # ... who clicks "Godkend": Wagtail's script adds these fields to the form, and an
    # autosave (JSON) may post the form while the button's own request is on its way.
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    autosave = client.post(edit, data, HTTP_ACCEPT="application/json")
    # then the autosave approves nothing ...
    assert autosave.status_code == 200
    page.refresh_from_db()
    assert page.live is False
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_IN_PROGRESS
    # ... and the button's own request approves and publishes.
    assert client.post(edit, data).status_code in (200, 302)
    page.refresh_from_db()
    assert page.live is True
