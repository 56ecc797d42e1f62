"""Release and record packages, written as JSON text piece by piece.

A yearly package of a large municipality holds thousands of releases; building it as one
object would hold all of them in memory at once. The writers here yield the package's
envelope, then one release (or record) at a time from the selectors' chunked iterator, so
memory stays bounded by one chunk of contracts whatever the size of the package. The text
is exactly what ``json.dumps`` of the whole package would give (tested).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from socius.core.models import MunicipalSpace
from socius.procurement.ocds import builder, selectors
from socius.procurement.ocds.schemas import OCDS_VERSION, SUSTAINABILITY_EXTENSION_URL


@dataclass(frozen=True)
class Period:
    """A package's period: a year, or a month of it."""

    year: int
    month: int | None = None

    @property
    def slug(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"


def _cpv_label() -> Callable[[str], str]:
    from socius.procurement.cpv import cpv_label  # noqa: PLC0415 - the contracts part's vocabulary

    return cpv_label


def release_package_path(space: MunicipalSpace, period: Period) -> str:
    if period.month is None:
        return reverse("procurement_ocds:release-package-year", args=[space.slug, period.year])
    return reverse("procurement_ocds:release-package", args=[space.slug, period.year, period.month])


def record_package_path(space: MunicipalSpace, year: int) -> str:
    return reverse("procurement_ocds:record-package", args=[space.slug, year])


def _publisher(space: MunicipalSpace) -> dict[str, Any]:
    return {
        "name": space.authority or space.name,
        "scheme": builder.MUNICIPALITY_SCHEME,
        "uid": space.municipality.code,
        "uri": selectors.absolute(reverse("procurement:space-home", args=[space.slug])),
    }


def package_envelope(space: MunicipalSpace, uri: str, now: datetime.datetime) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [SUSTAINABILITY_EXTENSION_URL],
        "publishedDate": builder.date_time(now),
        "publisher": _publisher(space),
        "publicationPolicy": selectors.absolute(reverse("procurement_ocds:data-home")),
        # The licence the municipality publishes its contract data under (a setting).
        "license": settings.PROCUREMENT_OCDS_LICENSE,
    }


def _stream(envelope: dict[str, Any], key: str, items: Iterable[dict[str, Any]]) -> Iterator[str]:
    head = json.dumps(envelope, ensure_ascii=False)
    yield head[:-1] + f', "{key}": ['
    first = True
    for item in items:
        yield ("" if first else ", ") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "]}"


def releases(
    facts: Iterable[builder.ContractFacts], space: MunicipalSpace
) -> Iterator[dict[str, Any]]:
    """One release per contract, in Danish."""
    buyer = selectors.buyer_for(space)
    prefix = settings.PROCUREMENT_OCID_PREFIX
    cpv_label = _cpv_label()
    with translation.override("da"):
        for contract in facts:
            yield builder.release_for(contract, buyer, prefix=prefix, cpv_label=cpv_label)


def release_package_stream(
    *, space: MunicipalSpace, period: Period, now: datetime.datetime | None = None
) -> Iterator[str]:
    """The period's release package as JSON text, streamed."""
    uri = selectors.absolute(release_package_path(space, period))
    contracts = selectors.contracts_for_data(space=space, year=period.year, month=period.month)
    items = releases(selectors.contract_facts_iter(contracts), space)
    return _stream(package_envelope(space, uri, now or timezone.now()), "releases", items)


def records(
    facts: Iterable[builder.ContractFacts], space: MunicipalSpace, *, package_url: str
) -> Iterator[dict[str, Any]]:
    for release in releases(facts, space):
        yield builder.record_for(release, package_url=package_url)


def record_package_stream(
    *, space: MunicipalSpace, year: int, now: datetime.datetime | None = None
) -> Iterator[str]:
    """The year's record package as JSON text, streamed. The caller checks that the year has
    contracts: a record package needs at least one record."""
    uri = selectors.absolute(record_package_path(space, year))
    package_url = selectors.absolute(release_package_path(space, Period(year)))
    envelope = package_envelope(space, uri, now or timezone.now())
    envelope["packages"] = [package_url]
    contracts = selectors.contracts_for_data(space=space, year=year)
    items = records(selectors.contract_facts_iter(contracts), space, package_url=package_url)
    return _stream(envelope, "records", items)
