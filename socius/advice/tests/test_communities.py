import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone

from socius.advice.models import Community
from socius.advice.stale import communities_check_stale
from socius.core.models import Municipality, Theme
from socius.tests_support.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(citizen):
    return OrganisationFactory(name="Fællesskabshuset", contact=citizen)


def _form(organisation=None, **overrides):
    data = {
        "title": "Torsdagsspisning",
        "description": "Vi laver mad sammen.",
        "audience": "Ældre, der bor alene",
        "when": "Hver torsdag kl. 17-19",
        "municipality": Municipality.objects.get(code="751").pk,
        "address": "Gudrunsvej 3",
        "contact_email": "",
        "contact_phone": "",
        "is_active": "on",
        "themes": [Theme.objects.get(slug="aeldre").pk],
    }
    if organisation is not None:
        data["organisation"] = organisation.pk
    data.update(overrides)
    return data


def _listed(client, citizen, organisation, **overrides):
    client.force_login(citizen)
    client.post("/faellesskaber/ny/", _form(organisation, **overrides))
    client.logout()
    return Community.objects.get()


def test_a_contact_lists_a_community_and_anyone_finds_it_without_an_account(
    client, citizen, organisation
):
    community = _listed(client, citizen, organisation)
    response = client.get(
        "/faellesskaber/", {"municipality": "751", "theme": "aeldre", "q": "torsdag"}
    )
    assert "Torsdagsspisning" in response.text
    assert "1 fællesskab" in response.text
    assert (
        client.get("/faellesskaber/", {"municipality": "101"}).text.count("Torsdagsspisning") == 0
    )
    assert client.get(community.get_absolute_url()).status_code == 200


def test_outsiders_cannot_list_for_or_edit_an_organisation(client, citizen, organisation, outsider):
    community = _listed(client, citizen, organisation)
    client.force_login(outsider)
    response = client.post("/faellesskaber/ny/", _form(organisation))
    assert response.status_code == 302  # not a member of any organisation: sent to register one
    assert Community.objects.count() == 1
    assert client.get(f"/faellesskaber/{community.public_id}/rediger/").status_code == 404
    assert client.post(f"/faellesskaber/{community.public_id}/bekraeft/").status_code == 404


def test_hostile_input_is_refused_and_escaped(client, citizen, organisation):
    client.force_login(citizen)
    response = client.post(
        "/faellesskaber/ny/",
        _form(organisation, title="<script>x</script>" * 20, contact_email="ikke-en-mail"),
    )
    assert response.status_code == 200
    assert "<script>x</script>" not in response.text
    assert not Community.objects.exists()


def test_stale_entries_are_flagged_then_hidden_and_confirming_brings_them_back(
    client, citizen, organisation, mailbox, django_capture_on_commit_callbacks
):
    community = _listed(client, citizen, organisation)
    Community.objects.filter(pk=community.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=200)
    )
    assert "spørg, før du går" in client.get("/faellesskaber/").text
    with django_capture_on_commit_callbacks(execute=True):
        assert communities_check_stale() == (1, 0)
        assert communities_check_stale() == (0, 0)  # one reminder only
    assert len(mailbox.messages) == 1
    Community.objects.filter(pk=community.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=230)
    )
    caches["pages"].clear()  # anonymous pages are cached for 30 seconds
    assert "Torsdagsspisning" not in client.get("/faellesskaber/").text
    assert client.get(community.get_absolute_url()).status_code == 404
    client.force_login(citizen)
    assert (
        client.get(community.get_absolute_url()).status_code == 200
    )  # the organisation still sees it
    client.post(f"/faellesskaber/{community.public_id}/bekraeft/")
    client.logout()
    caches["pages"].clear()
    assert "Torsdagsspisning" in client.get("/faellesskaber/").text


def test_the_directory_keeps_its_query_count(
    client, citizen, organisation, django_assert_max_num_queries
):
    client.force_login(citizen)
    for i in range(12):
        client.post("/faellesskaber/ny/", _form(organisation, title=f"Fællesskab {i}"))
    client.logout()
    with django_assert_max_num_queries(6):
        response = client.get("/faellesskaber/")
    assert "12 fællesskaber" in response.text


def test_communities_are_found_by_the_platform_search(
    client, citizen, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        community = _listed(client, citizen, organisation, title="Strikkecafé for alle")
    response = client.get("/soeg/", {"q": "strikkecaféer"})  # an inflected form
    assert "1 resultat" in response.text
    assert community.get_absolute_url() in response.text
