"""Loading the shipped indicators and figures with ``manage.py atlas_load``."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from socius.atlas.models import (
    ALL_DENMARK,
    AreaLevel,
    Indicator,
    Observation,
    ObservationRevision,
    SourceVersion,
    Status,
)
from socius.atlas.sources.embedded import definitions
from socius.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (message ids); Danish is the catalogue's."""
    with translation.override("en"):
        yield


def load(**options: object) -> str:
    out = StringIO()
    call_command("atlas_load", stdout=out, verbosity=0, **options)
    return out.getvalue()


def test_it_loads_every_indicator_for_the_98_municipalities():
    load()
    assert Indicator.objects.count() == len(definitions()["indicators"]) == 15
    municipal = Observation.objects.filter(level=AreaLevel.MUNICIPALITY)
    assert municipal.count() == 15 * 98
    gini = Observation.objects.get(indicator__code="gini", area_code="101")
    assert gini.value == Decimal("34.97")
    assert gini.period == "2024"
    assert gini.source_version.source.attribution == "Danmarks Statistik, StatBank IFOR41"


def test_it_keeps_missing_life_expectancy_as_no_value():
    load()
    missing = Observation.objects.filter(indicator__code="middellevetid", status=Status.MISSING)
    assert sorted(missing.values_list("area_code", flat=True)) == ["492", "563", "741", "825"]
    assert not missing.exclude(value=None).exists()


def test_it_stores_population_for_denmark_and_regions_as_sums():
    load()
    population = Observation.objects.filter(indicator__code="folketal")
    municipalities = sum(o.value for o in population.filter(level=AreaLevel.MUNICIPALITY))
    assert population.get(area_code=ALL_DENMARK).value == municipalities
    regions = population.filter(level=AreaLevel.REGION)
    assert sorted(regions.values_list("area_code", flat=True)) == [
        "1081",
        "1082",
        "1083",
        "1084",
        "1085",
    ]
    assert sum(r.value for r in regions) == municipalities
    # Rates have no all-Denmark figure: the file gives no counts to add up.
    assert (
        not Observation.objects.filter(area_code=ALL_DENMARK)
        .exclude(indicator__code="folketal")
        .exists()
    )


def test_it_is_idempotent():
    load()
    versions, entries = SourceVersion.objects.count(), AuditEntry.objects.count()
    output = load()
    assert SourceVersion.objects.count() == versions
    assert AuditEntry.objects.count() == entries
    assert ObservationRevision.objects.count() == 0
    assert "0 figures created, 0 revised; 12 of 12 sources already up to date." in output


def test_the_structural_indicators_feed_similarity():
    load()
    structural = set(Indicator.objects.filter(is_structural=True).values_list("code", flat=True))
    assert structural == {"folketal", "disponibel-indkomst", "uddannelse-30-34", "beskaeftigelse"}


def test_every_indicator_has_a_definition_in_both_languages_and_a_source():
    load()
    for indicator in Indicator.objects.select_related("source"):
        assert indicator.definition, indicator.code
        assert indicator.definition_en, indicator.code
        assert indicator.source.attribution, indicator.code
        if indicator.unit == "%":
            assert indicator.numerator, indicator.code
            assert indicator.denominator, indicator.code


def test_the_demo_set_up_loads_it(settings):
    from socius.atlas.demo import demo_seed

    assert demo_seed()
    assert demo_seed() == []
