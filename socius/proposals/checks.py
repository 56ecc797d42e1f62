"""Deployment checks: the test identity path must never be on in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def proposals_deploy_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if settings.PROPOSALS_TEST_IDENTITY:
        problems.append(
            Error(
                "SOCIUS_PROPOSALS_TEST_IDENTITY is on: anyone could sign as anyone.",
                hint="Unset it; it exists only for tests and benchmarks.",
                id="proposals.E001",
            )
        )
    return problems
