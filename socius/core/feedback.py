"""Telling a person how an action went, the same way on every page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def service_call_with_feedback(
    request: HttpRequest, call: Callable[[], object], success: str
) -> bool:
    """Run a service; show its refusal (a ValidationError, already translated) or ``success``.

    For POST-only views that redirect afterwards. Returns whether the call went through."""
    try:
        call()
    except ValidationError as exc:
        service_error_to_messages(request, exc)
        return False
    messages.success(request, success)
    return True


def service_error_to_form(form: BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form that asked for it.

    Errors a service names a field for go on that field when the form has it; everything else
    goes at the top of the form. Use it in every view: ``except ValidationError as exc:
    service_error_to_form(form, exc)``."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def service_error_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    """Show a service's refusal as an error message on the next page (POST, then redirect)."""
    messages.error(request, " ".join(exc.messages))
