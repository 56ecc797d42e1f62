"""Deployment checks: the test-only signing URLs must never be served in production, the
identity key must be its own, long, stable secret, and paper forms with CPR numbers need online
signing to ask for the CPR number too (or one person is counted twice)."""

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
    problems.extend(_paper_cpr_problems())
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


def _paper_cpr_problems() -> list[Any]:
    """With paper forms that carry a CPR number, every channel counts people by CPR number; a
    broker that is not asked for it refuses every online signer (identity.py)."""
    if not settings.PROPOSALS_PAPER_CPR or not settings.PROPOSALS_OIDC_ISSUER:
        return []
    scopes = settings.PROPOSALS_OIDC_SCOPES.split()
    if settings.PROPOSALS_OIDC_CPR_SCOPE in scopes and settings.PROPOSALS_OIDC_CLAIM_CPR:
        return []
    return [
        Error(
            "Paper signatures carry a CPR number (SOCIUS_PROPOSALS_PAPER_CPR), but online signing "
            "does not ask the sign-in broker for it: every online signer would be refused.",
            hint=(
                f"Add the scope '{settings.PROPOSALS_OIDC_CPR_SCOPE}' to "
                "SOCIUS_PROPOSALS_OIDC_SCOPES and name the claim in "
                "SOCIUS_PROPOSALS_OIDC_CLAIM_CPR (the broker must release the CPR number), or "
                "take paper forms without CPR numbers (SOCIUS_PROPOSALS_PAPER_CPR=0)."
            ),
            id="proposals.E002",
        )
    ]
