"""The caches a test runs against: each process's memory, or Redis when SOCIUS_CACHE_URL is set.

`scripts/test.sh` runs the tests marked `cache` once more against a throwaway Redis server
(scripts/redis.sh). Parallel workers then each use a Redis database of their own, because
clearing a Redis cache empties its whole database (FLUSHDB).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ALIASES = ("default", "pages", "reporter")


def _redis_location(url: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    database = int(worker or 0) % 15 + 1  # 1-15; Redis has 16 databases by default
    return urlunsplit(urlsplit(url)._replace(path=f"/{database}"))


def caches_for_tests() -> dict[str, dict[str, Any]]:
    url = os.environ.get("SOCIUS_CACHE_URL", "")
    if url:
        return {
            alias: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": _redis_location(url),
                "KEY_PREFIX": alias,
            }
            for alias in ALIASES
        }
    return {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ALIASES
    }
