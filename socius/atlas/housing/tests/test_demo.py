"""The demo content: loads through the services, is marked as demo data, and loads once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.atlas.housing import demo
from socius.atlas.housing.models import AreaYear, HousingArea, IncomeImport
from socius.core import demo as core_demo

pytestmark = pytest.mark.django_db


def test_the_demo_is_marked_and_idempotent(client):
    core_demo.demo_seed()
    assert demo.demo_seed()
    assert demo.demo_seed() == []
    assert HousingArea.objects.filter(is_demo=False).count() == 0
    assert IncomeImport.objects.get().is_demo
    # The demo holds each status a page can show.
    statuses = set(AreaYear.objects.values_list("status", flat=True))
    assert {"omdannelse", "udsat", "forebyggelse", "none"} <= statuses
    area = HousingArea.objects.get(name="Tingbjerg/Husum (demo)")
    page = client.get(area.get_absolute_url()).content.decode()
    assert "Demo data" in page
    assert "Transformation area (§ 61 a)" in page
    assert client.get(reverse("housing:segregation-detail", args=["751"])).status_code == 200
    assert "Generationernes Hus" in client.get(reverse("housing:project-list")).content.decode()
