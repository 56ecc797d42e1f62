"""Telling a person how an action went, the same way on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse


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


def form_service_call[T](
    request: HttpRequest,
    form: BaseForm,
    call: Callable[[dict[str, Any]], T],
    success: str,
    then: Callable[[T], HttpResponse],
) -> HttpResponse | None:
    """The POST half of a form view: a bound, valid ``form`` runs ``call(cleaned_data)``.

    A refusal (a ValidationError, already translated) goes on the form and the view renders
    it again (None); otherwise ``success`` is shown on the next page and ``then(result)`` is
    the answer, usually a redirect. An unbound or invalid form gives None too.

        if response := form_service_call(request, form, lambda data: save(**data),
                                         _("Saved."), lambda saved: redirect(saved)):
            return response
    """
    if not (form.is_bound and form.is_valid()):
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        service_error_to_form(form, exc)
        return None
    messages.success(request, success)
    return then(result)


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
