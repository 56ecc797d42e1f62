"""Keeping people on their way: a page that sends someone elsewhere first (register an
organisation before asking for advice) passes where they were as ``next``, and the detour
brings them back.

Threat model: ``next`` comes from the address bar, so anyone can forge it. Only a path on
this site is followed (``url_has_allowed_host_and_scheme`` against this host, never another
host, scheme or ``//evil``); anything else is ignored and the page's usual target is used.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

NEXT = "next"
MAX_NEXT_LENGTH = 2000


def safe_next(request: HttpRequest) -> str | None:
    """The ``next`` of the request (form field or query) if it is a path on this site."""
    target = str(request.POST.get(NEXT) or request.GET.get(NEXT) or "")
    if not target or len(target) > MAX_NEXT_LENGTH or not target.startswith("/"):
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target


def redirect_with_return(request: HttpRequest, url_name: str) -> HttpResponseRedirect:
    """Send the person to ``url_name`` with this page as ``next``, so they come back."""
    url = reverse(url_name) + "?" + urlencode({NEXT: request.get_full_path()})
    return HttpResponseRedirect(url)
