"""A detour to register an organisation brings the person back where they came from."""

from __future__ import annotations

import pytest

from socius.core.models import Municipality, Organisation

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "name": "Fællesskabshuset Vest",
        "kind": "association",
        "cvr": "",
        "municipality": Municipality.objects.get(code="751").pk,
        "description": "Spisefællesskab hver torsdag.",
        "website": "",
        "email": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("start", ["/faellesskaber/raadgivning/ny/", "/faellesskaber/ny/"])
def test_advice_sends_people_to_register_an_organisation_and_back(client, outsider, start):
    client.force_login(outsider)
    detour = client.get(start)
    assert detour.status_code == 302
    form_url = detour["Location"]
    assert form_url.startswith("/organisationer/ny/?next=")
    page = client.get(form_url).content.decode()
    assert f'name="next" value="{start}"' in page
    assert "kommer du tilbage, hvor du var" in page

    response = client.post("/organisationer/ny/", {**_form(), "next": start})
    assert response.status_code == 302
    assert response["Location"] == start
    assert Organisation.objects.filter(memberships__user=outsider).exists()
    assert client.get(start).status_code == 200


@pytest.mark.parametrize(
    "forged",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "https:/evil.example",
        "javascript:alert(1)",
        " /faellesskaber/",
        "http://testserver.evil.example/",
        "/" + "a" * 3000,
    ],
)
def test_a_forged_next_is_ignored(client, citizen, forged):
    client.force_login(citizen)
    page = client.get("/organisationer/ny/", {"next": forged}).content.decode()
    assert 'name="next"' not in page
    response = client.post("/organisationer/ny/", {**_form(), "next": forged})
    org = Organisation.objects.get()
    assert response["Location"] == org.get_absolute_url()
