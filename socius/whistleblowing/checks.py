"""Checks: the receipt salt must be a secret of its own; the CSRF middleware must be there.

Unset, the salt is derived from SOCIUS_SECRET_KEY; rotating that key (which the operations guide
asks for after a leak) would then change every receipt's hash, and no reporter could open their
inbox again. A salt of its own survives a key rotation.

The CSRF middleware is ``ReporterCsrfViewMiddleware``, a subclass of Django's (socius/
whistleblowing/csrf.py). Django's own checks look for the exact name of its class: they would
warn that CSRF protection is off (security.W003, silenced in settings) and skip the check of
``CSRF_COOKIE_SECURE`` (security.W016). ``csrf_check`` below takes their place for any
subclass.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string


@register(Tags.security)
def csrf_check(app_configs: Any, **kwargs: Any) -> list[Any]:
    """A CSRF middleware (Django's or a subclass) is installed and, in production, its cookie
    is sent over HTTPS only."""
    installed = [
        path
        for path in settings.MIDDLEWARE
        if isinstance(cls := import_string(path), type) and issubclass(cls, CsrfViewMiddleware)
    ]
    if not installed:
        return [
            Error(
                "No CSRF middleware is in MIDDLEWARE: forms can be posted from other sites.",
                hint="Add socius.whistleblowing.csrf.ReporterCsrfViewMiddleware.",
                id="whistleblowing.E001",
            )
        ]
    if not settings.DEBUG and not settings.CSRF_COOKIE_SECURE:
        return [
            Warning(
                "CSRF_COOKIE_SECURE is off: the CSRF cookie may travel over plain HTTP.",
                hint="Serve the site over HTTPS only and set CSRF_COOKIE_SECURE = True.",
                id="whistleblowing.W003",
            )
        ]
    return []


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
