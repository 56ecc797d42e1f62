"""Telling a person how an action went, the same way on every page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def service_call_with_feedback(
    request: HttpRequest, call: Callable[[], object], success: str
) -> bool:
    """Run a service; show its refusal (a ValidationError, already translated) or ``success``.

    For POST-only views that redirect afterwards. Returns whether the call went through."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True
