"""Pupils' own pages: joining a class, the one showing of the personal code, and signing in
again. No e-mail address and no password: see ``services_pupils`` for the threat model.

The sign-in page counts failures in the shared cache through allauth's rate limiter (the same
one that guards the e-mail login, with the same trusted-proxy setting for the client
address): per client address, and per class code and pseudonym. A school's pupils share one
address behind the school's router, so the per-address limit is set for a class signing in at
once with a few typing mistakes, not for one person.
"""

from __future__ import annotations

from typing import Any

from allauth.core.internal import ratelimit
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socius.core.feedback import service_error_to_form
from socius.school import access, services_pupils
from socius.school.forms_classes import AGE_UNDER_15, JoinForm, PupilLoginForm

GET_POST = ["GET", "POST"]
BACKEND = "socius.accounts.backends.ModelBackend"
SESSION_CODE = "school_pupil_code"  # the personal code, until the welcome page shows it once
RATE_APP = "socius.school"
RATE_ACTION = "pupil_login_failed"
RATE_LIMITS = {
    # Failures only. Per address: a class behind one router; per class code and pseudonym: one
    # pupil's account, whoever guesses.
    RATE_ACTION: "30/m/ip,200/h/ip,10/15m/key",
}


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def _elsewhere(request: HttpRequest) -> HttpResponse | None:
    """Someone signed in already: a pupil goes to their class; anyone else is told on the
    page (an adult cannot join as a pupil with their own account)."""
    pupil = access.pupil_of(request.user)
    if pupil is not None:
        return redirect("school:class-detail", public_id=pupil.school_class.public_id)
    return None


@require_http_methods(GET_POST)
def join(request: HttpRequest) -> HttpResponse:
    """Join a class with its code and a made-up name."""
    if (elsewhere := _elsewhere(request)) is not None:
        return elsewhere
    signed_in = request.user.is_authenticated
    form = JoinForm(_posted(request))
    if request.method == "POST" and not signed_in and form.is_valid():
        data = form.cleaned_data
        try:
            pupil, personal_code = services_pupils.pupil_join(
                code=data["code"], pseudonym=data["pseudonym"], under_15=data["age"] == AGE_UNDER_15
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            login(request, pupil.user, backend=BACKEND)
            request.session[SESSION_CODE] = personal_code
            return redirect("school:pupil-welcome")
    return _no_store(
        render(request, "school/pupil_join.html", {"form": form, "signed_in": signed_in})
    )


@require_http_methods(["GET"])
def welcome(request: HttpRequest) -> HttpResponse:
    """The personal code, shown once: the session forgets it as this page is made."""
    pupil = access.pupil_of(request.user)
    if pupil is None:
        return redirect("school:join")
    personal_code = request.session.pop(SESSION_CODE, None)
    if personal_code is None:
        return redirect("school:class-detail", public_id=pupil.school_class.public_id)
    return _no_store(
        render(
            request,
            "school/pupil_welcome.html",
            {"pupil": pupil, "school_class": pupil.school_class, "personal_code": personal_code},
        )
    )


def _limited(request: HttpRequest, key: str, *, dry_run: bool) -> bool:
    """Whether the failures so far (or this one, when not ``dry_run``) pass the limits."""
    usage = ratelimit.consume(
        request,
        app=RATE_APP,
        action=RATE_ACTION,
        config=RATE_LIMITS,
        key=key,
        dry_run=dry_run,
        limit_get=True,
    )
    return usage is None


@require_http_methods(GET_POST)
def pupil_login(request: HttpRequest) -> HttpResponse:
    """Sign in with the class code, the made-up name and the personal code. Any wrong
    combination gets the same answer."""
    if (elsewhere := _elsewhere(request)) is not None:
        return elsewhere
    form = PupilLoginForm(_posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = services_pupils.class_code_normalise(data["code"]) + "/" + data["pseudonym"].lower()
        if _limited(request, key, dry_run=True):
            form.add_error(None, _("Too many tries. Wait a few minutes and try again."))
            status = 429
        else:
            pupil = services_pupils.pupil_authenticate(
                code=data["code"], pseudonym=data["pseudonym"], personal_code=data["personal_code"]
            )
            if pupil is not None:
                login(request, pupil.user, backend=BACKEND)
                return redirect("school:class-detail", public_id=pupil.school_class.public_id)
            _limited(request, key, dry_run=False)
            form.add_error(
                None,
                _(
                    "The class code, the name or the personal code is wrong. Check them, or ask "
                    "your teacher for a new personal code."
                ),
            )
    return _no_store(render(request, "school/pupil_login.html", {"form": form}, status=status))
