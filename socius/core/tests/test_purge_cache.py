"""`manage.py purge_cache`: expired rows of every database cache table go, live ones stay."""

from __future__ import annotations

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def _keys(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return {key for (key,) in cursor.fetchall()}


def test_expired_rows_of_every_database_cache_are_deleted(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "socius_cache",
        },
        "second": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "socius_cache_2",
        },
    }
    call_command("createcachetable", verbosity=0)
    for alias in ("default", "second"):
        caches[alias].clear()
        # A negative timeout writes a row that has already expired; Django leaves it in the
        # table until it is read or the table is culled.
        caches[alias].set("spent-counter", 3, -10)
        caches[alias].set("live-counter", 1, 600)
    assert _keys("socius_cache") == {":1:spent-counter", ":1:live-counter"}
    out = io.StringIO()
    call_command("purge_cache", stdout=out)
    assert _keys("socius_cache") == {":1:live-counter"}
    assert _keys("socius_cache_2") == {":1:live-counter"}
    assert "default: 1 expired rows deleted" in out.getvalue()
    # The memory caches are not tables and are left alone; a second run finds nothing.
    call_command("purge_cache", stdout=out)
    assert _keys("socius_cache") == {":1:live-counter"}
