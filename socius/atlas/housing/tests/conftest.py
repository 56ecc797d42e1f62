from __future__ import annotations

from decimal import Decimal as D

import pytest

from socius.atlas.housing import services
from socius.core.models import Municipality


def figures(**overrides: object) -> dict[str, object]:
    """Figures that meet no criterion; override one to reach a threshold."""
    data: dict[str, object] = {
        "residents": 2000,
        "outside_work_pct": D("10.00"),
        "convicted_pct": D("0.500"),
        "national_convicted_pct": D("1.000"),
        "basic_schooling_pct": D("20.00"),
        "income_pct_of_region": D("90.00"),
        "non_western_pct": D("10.00"),
        "source_note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def aarhus(db):
    return Municipality.objects.get(code="751")


@pytest.fixture
def area(administrator, aarhus):
    return services.area_create(
        actor=administrator,
        name="Skovparken",
        municipality=aarhus,
        housing_organisation="Boligforeningen Test",
        departments="Afdeling 1\nAfdeling 2",
    )


@pytest.fixture
def client(client, settings):
    """The pages in English: the module's Danish texts reach the catalogue when it is merged,
    and the tests must not depend on when that happens."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
