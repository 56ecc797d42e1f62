"""The newsletter: sign-up, confirmation and one-click unsubscribe. The links' GET shows a
button and changes nothing (mail scanners follow links); POST acts. The unsubscribe POST is
CSRF-exempt because RFC 8058 mail clients post ``List-Unsubscribe=One-Click`` without
cookies; it can do nothing but unsubscribe the address its secret names."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from socius.support import services_newsletter as services
from socius.support.forms import NewsletterForm


@require_http_methods(["GET", "POST"])
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.newsletter_signup(
            email=form.cleaned_data["email"], language=get_language() or "da"
        )
        # The same answer whether the address was new, pending or already confirmed.
        return redirect("support:newsletter-sent")
    return render(request, "support/newsletter_signup.html", {"form": form})


def newsletter_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "support/newsletter_sent.html")


@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, secret: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "support/newsletter_confirm.html", {"secret": secret})
    ok = services.newsletter_confirm(secret=secret)
    return render(
        request, "support/newsletter_confirmed.html", {"ok": ok}, status=200 if ok else 400
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def newsletter_unsubscribe(request: HttpRequest, secret: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "support/newsletter_unsubscribe.html", {"secret": secret})
    ok = services.newsletter_unsubscribe(secret=secret)
    return render(request, "support/newsletter_unsubscribed.html", {"ok": ok},
                  status=200 if ok else 400)  # fmt: skip
