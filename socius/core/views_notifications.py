"""A person's notification list, their e-mail preferences, and the unsubscribe link."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from socius.core import notifications
from socius.core.access import request_user
from socius.core.mail import UnsubscribeTokenError, unsubscribe_token_read
from socius.core.paging import page_with_query

PAGE_SIZE = 25


@login_required
@never_cache
def notification_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page, query = page_with_query(
        request, notifications.notification_list_for(user=user), PAGE_SIZE
    )
    unread = notifications.notification_unread_count(user=user)
    return render(
        request,
        "core/notification_list.html",
        {"page": page, "query": query, "unread": unread},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, public_id: str) -> HttpResponse:
    notifications.notification_mark_read(user=request_user(request), public_id=public_id)
    return redirect("core:notification-list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications.notifications_mark_all_read(user=request_user(request))
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("core:notification-list")


class PreferencesForm(forms.Form):
    """One checkbox per kind of mail the person can turn off."""

    def __init__(self, *args: object, preferences: list[notifications.KindPreference]) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        for pref in preferences:
            if pref.kind.unsubscribable:
                self.fields[pref.kind.key] = forms.BooleanField(
                    label=str(pref.kind.label), required=False, initial=pref.email
                )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    preferences = notifications.mail_preferences_for(user=user)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, preferences=preferences
    )
    if request.method == "POST" and form.is_valid():
        notifications.mail_preferences_set(user=user, email_on=form.cleaned_data)
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("core:notification-preferences")
    always = [p.kind for p in preferences if not p.kind.unsubscribable]
    return render(request, "core/notification_preferences.html", {"form": form, "always": always})


# Exempt from CSRF on purpose: RFC 8058 one-click unsubscribe means the mail client POSTs
# "List-Unsubscribe=One-Click" to this URL with no cookie, session or CSRF token. The signed
# token in the URL is the whole authority: it names one person and one kind, so a forged
# cross-site POST can do no more than its holder already could (turn that one kind off), and
# no login is needed, because people unsubscribe from a phone's mail app. GET never changes
# anything (link scanners and previews follow links); it shows a confirm button.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user, kind = unsubscribe_token_read(token)
    except UnsubscribeTokenError as exc:
        return render(
            request, "core/unsubscribe.html", {"error": True, "expired": exc.expired}, status=400
        )
    # The page speaks the mail's language unless the visitor chose one on the site.
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or user.language
    with translation.override(language if language in dict(settings.LANGUAGES) else None):
        if request.method == "POST":
            notifications.mail_unsubscribe(user=user, kind=kind)
            return render(request, "core/unsubscribe.html", {"done": True, "kind": kind})
        return render(request, "core/unsubscribe.html", {"kind": kind, "token": token})
