"""A test-only URLconf: which worker answered and what name it gives one fixed address.

Used by socius/whistleblowing/tests/test_source_key_workers.py to see whether the workers of one
server share the whistleblower scheme's source key. Never mounted in the platform's URLconf.
"""

from __future__ import annotations

import os

from django.http import HttpRequest, JsonResponse
from django.urls import path

from socius.whistleblowing import abuse

# An address from TEST-NET-1 (RFC 5737): nobody's.
ADDRESS = "192.0.2.7"


def source(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"pid": os.getpid(), "source": abuse.source_id(ADDRESS)})


urlpatterns = [path("source/", source)]
