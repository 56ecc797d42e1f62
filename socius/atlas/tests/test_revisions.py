"""Revisions: a source that changes a published value keeps the old one in the history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from socius.atlas.models import Observation, ObservationRevision, Source, SourceVersion, Status
from socius.atlas.services import observations_import
from socius.atlas.sources.embedded import definitions_sync
from socius.atlas.sources.parsers import Cell
from socius.core.roles import Role
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (message ids); Danish is the catalogue's."""
    with translation.override("en"):
        yield


@pytest.fixture
def source(db):
    definitions_sync()
    return Source.objects.get(key="dst-ifor41")


def gini(area: str, value: str | None, status: str = Status.VALUE) -> Cell:
    return Cell("gini", area, "2024", Decimal(value) if value else None, status, f"area {area}")


def run(source, rows, checksum, *, actor=None, day=1):
    return observations_import(
        actor=actor,
        source=source,
        rows=rows,
        fetched_at=datetime.datetime(2026, 3, day, 9, tzinfo=datetime.UTC),
        origin="test",
        checksum=checksum,
    )


def test_a_changed_value_moves_to_the_history_and_unchanged_ones_stay(source):
    first = run(source, [gini("101", "34.97"), gini("147", "36.54")], "a").version
    copenhagen_updated = Observation.objects.get(area_code="101").updated_at
    result = run(source, [gini("101", "34.97"), gini("147", "36.60")], "b", day=2)
    assert (result.created, result.revised, result.unchanged) == (0, 1, 1)
    frederiksberg = Observation.objects.get(area_code="147")
    assert frederiksberg.value == Decimal("36.60")
    assert frederiksberg.source_version == result.version
    revision = frederiksberg.revisions.get()
    assert (revision.value, revision.source_version, revision.replaced_by) == (
        Decimal("36.54"),
        first,
        result.version,
    )
    copenhagen = Observation.objects.get(area_code="101")
    assert copenhagen.source_version == first
    assert copenhagen.updated_at == copenhagen_updated


def test_each_change_adds_to_the_history(source):
    run(source, [gini("101", "34.97")], "a")
    run(source, [gini("101", None, Status.MISSING)], "b", day=2)
    run(source, [gini("101", "35.10")], "c", day=3)
    history = list(
        ObservationRevision.objects.order_by("pk").values_list(
            "status", "value", "replaced_by__checksum"
        )
    )
    assert history == [(Status.VALUE, Decimal("34.97"), "b"), (Status.MISSING, None, "c")]
    assert Observation.objects.get().value == Decimal("35.10")


def test_the_same_checksum_again_is_skipped_before_reading(source):
    run(source, [gini("101", "34.97")], "a")

    def never():
        raise AssertionError("read")
        yield

    assert run(source, never(), "a").skipped
    assert SourceVersion.objects.count() == 1


def test_a_stream_whose_checksum_turns_out_unchanged_leaves_no_version(source):
    run(source, [gini("101", "34.97")], "a")
    result = run(source, iter([gini("101", "34.97")]), lambda: "a", day=2)
    assert result.skipped
    assert result.unchanged == 1
    assert SourceVersion.objects.count() == 1


def test_an_indicator_of_another_source_is_refused(source):
    cell = Cell("folketal", "101", "2026K1", Decimal(5), Status.VALUE, "row 1")
    with pytest.raises(Exception, match="“folketal” is not an indicator of this source"):
        run(source, [cell], "a")
    assert not SourceVersion.objects.exists()


def test_only_atlas_managers_import(source):
    citizen = UserFactory(roles=[Role.CITIZEN])
    with pytest.raises(PermissionDenied):
        run(source, [gini("101", "34.97")], "a", actor=citizen)
    editor = UserFactory(roles=[Role.EDITOR])
    assert run(source, [gini("101", "34.97")], "a", actor=editor).created == 1


def test_fetched_at_must_be_aware(source):
    with pytest.raises(ValueError, match="timezone-aware"):
        observations_import(
            actor=None,
            source=source,
            rows=[],
            fetched_at=datetime.datetime(2026, 3, 1),  # noqa: DTZ001 (the point of the test)
            origin="test",
            checksum="a",
        )


def test_the_admin_shows_a_figure_with_its_history_read_only(source, client):
    run(source, [gini("101", "34.97")], "a")
    run(source, [gini("101", "35.10")], "b", day=2)
    observation = Observation.objects.get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True, totp=True))
    page = client.get(f"/django-admin/atlas/observation/{observation.pk}/change/")
    assert page.status_code == 200
    assert "34,970000" in page.content.decode()  # the replaced value, Danish decimal comma
    assert client.get("/django-admin/atlas/observation/add/").status_code == 403
    assert client.get("/django-admin/atlas/sourceversion/").status_code == 200
    assert client.get("/django-admin/atlas/indicator/").status_code == 200


def test_an_outsider_is_refused_by_the_admin(source, client):
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    response = client.get("/django-admin/atlas/observation/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "konto" in response["Location"]
