"""Deployment checks: the test-only signing URLs must never be served in production, and the
identity key must be its own, long, stable secret."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.urls import NoReverseMatch, reverse


def _serves_test_signing() -> bool:
    from socius.proposals.testing_urls import TEST_SIGN_URL_NAME

    try:
        reverse(TEST_SIGN_URL_NAME, args=["00000000-0000-0000-0000-000000000000"])
    except NoReverseMatch:
        return False
    return True


@register(deploy=True)
def proposals_deploy_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if _serves_test_signing():
        problems.append(
            Error(
                "The root URLconf serves the test-only signing URLs (socius.proposals."
                "testing_urls): anyone could sign as anyone.",
                hint="Unset SOCIUS_ROOT_URLCONF; that URLconf exists only for tests and "
                "benchmarks.",
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
