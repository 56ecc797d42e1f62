"""Deployment checks: the test identity path must never be on in production, and the identity
key must be its own, long, stable secret."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


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
    key = settings.PROPOSALS_IDENTITY_KEY
    if not key:
        problems.append(
            Warning(
                "SOCIUS_PROPOSALS_IDENTITY_KEY is not set: signers' identity hashes are keyed "
                "with a key derived from SOCIUS_SECRET_KEY.",
                hint=(
                    "Set a long random key of its own and never change it. Otherwise rotating "
                    "the secret key lets everyone who signed sign the same proposals again."
                ),
                id="proposals.W001",
            )
        )
    elif len(key) < 32:
        problems.append(
            Warning(
                "SOCIUS_PROPOSALS_IDENTITY_KEY is shorter than 32 characters.",
                hint="Use a long random key, for example from `openssl rand -base64 48`.",
                id="proposals.W002",
            )
        )
    return problems
