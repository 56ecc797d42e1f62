import pytest
from django.urls import reverse

from socius.core.models import AuditEntry, Theme

pytestmark = pytest.mark.django_db


def test_it_lists_the_themes_in_danish(client):
    response = client.get(reverse("core:theme-list"))
    assert response.status_code == 200
    assert "Fællesskaber og ensomhed" in response.text
    assert '<html lang="da">' in response.text


def test_the_theme_page_shows_its_organisations(client, django_assert_max_num_queries):
    theme = Theme.objects.get(slug="hjemloeshed")
    # One query per section (knowledge, conversations, proposals, communities, grant rounds,
    # organisations, indicators, research datasets), the theme and the hub's introduction,
    # and the first request's look-ups (test_shared_pages counts the steady state).
    with django_assert_max_num_queries(14):
        response = client.get(theme.get_absolute_url())
    assert response.status_code == 200
    assert "Hjemløshed" in response.text


def test_an_unknown_theme_is_404(client):
    assert client.get("/temaer/findes-ikke/").status_code == 404


def test_an_editor_edits_a_theme_and_it_is_audited(client, editor):
    client.force_login(editor)
    theme = Theme.objects.get(slug="hjemloeshed")
    response = client.post(
        reverse("core:theme-edit", args=[theme.slug]),
        {
            "name": "Hjemløshed og bolig",
            "name_en": "Homelessness",
            "description": "Kort.",
            "description_en": "",
            "position": 4,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Hjemløshed og bolig"
    entry = AuditEntry.objects.get(action="theme.update")
    assert entry.actor_id == editor.pk
    assert set(entry.data["fields"]) == {"name", "description", "description_en"}


def test_an_editor_adds_a_theme(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("core:theme-create"),
        {
            "name": "Ældre og ensomhed",
            "name_en": "",
            "description": "",
            "description_en": "",
            "position": 20,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Theme.objects.filter(slug="aeldre-og-ensomhed").exists()


@pytest.mark.parametrize("who", ["citizen", "outsider"])
def test_people_without_the_editor_role_are_denied(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("core:theme-edit", args=["hjemloeshed"])).status_code == 403
    assert (
        client.post(reverse("core:theme-edit", args=["hjemloeshed"]), {"name": "x"}).status_code
        == 403
    )
    assert Theme.objects.get(slug="hjemloeshed").name == "Hjemløshed"


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("core:theme-edit", args=["hjemloeshed"]))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_hostile_input_gets_clear_errors_and_changes_nothing(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("core:theme-edit", args=["hjemloeshed"]),
        {"name": "x" * 500, "description": "<script>alert(1)</script>", "position": "-1"},
    )
    assert response.status_code == 200
    assert "Denne værdi må højst have 120 tegn" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert Theme.objects.get(slug="hjemloeshed").name == "Hjemløshed"
