"""The companies' and spin-offs' lists keep a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.procurement.enterprises import services
from socius.procurement.enterprises.models import Criterion

from .conftest import cvr_valid

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add(space, admin, n: int) -> None:
    company = services.company_create(
        actor=admin, space=space, name=f"Selskab {n}", cvr=cvr_valid(n), ownership="100",
        activity="x",
    )  # fmt: skip
    services.company_assess(
        actor=admin, company=company, year=2025,
        answers={c: ("met", "ok") for c in Criterion.values}, summary="",
    )  # fmt: skip
    spin_off = services.spinoff_create(
        actor=admin, space=space, name=f"Afknopning {n}", activity="x", department="y"
    )
    services.spinoff_step_sign(
        actor=admin, spin_off=spin_off, step="own_cvr", signed_by_name="A",
        signed_on=spin_off.created_at.date(), note="n",
    )  # fmt: skip


def test_the_lists_cost_the_same_for_more_rows(client, space, admin_companies):
    urls = [
        reverse("procurement_enterprises:company-list", args=["aarhus"]),
        reverse("procurement_enterprises:spinoff-list", args=["aarhus"]),
    ]
    _add(space, admin_companies, 1)
    few = [_queries(client, url) for url in urls]
    for n in range(2, 8):
        _add(space, admin_companies, n)
    assert [_queries(client, url) for url in urls] == few
