"""Deployment checks: the receipt salt must be a secret of its own.

Unset, the salt is derived from SOCIUS_SECRET_KEY; rotating that key (which the operations guide
asks for after a leak) would then change every receipt's hash, and no reporter could open their
inbox again. A salt of its own survives a key rotation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def whistleblowing_deploy_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    salt = settings.WHISTLEBLOWING_RECEIPT_SALT
    if not salt:
        return [
            Warning(
                "SOCIUS_WHISTLEBLOWING_RECEIPT_SALT is not set: receipts are hashed with a salt "
                "derived from SOCIUS_SECRET_KEY.",
                hint=(
                    "Set a random value of its own once and never change it; otherwise rotating "
                    "the secret key locks every reporter out of their inbox."
                ),
                id="whistleblowing.W001",
            )
        ]
    if len(salt) < 16 or salt == settings.SECRET_KEY:
        return [
            Warning(
                "SOCIUS_WHISTLEBLOWING_RECEIPT_SALT is shorter than 16 characters or equals "
                "the secret key.",
                hint="Use a random value of its own, for example from `openssl rand -hex 16`.",
                id="whistleblowing.W002",
            )
        ]
    return []
