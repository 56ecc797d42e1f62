"""Error reports that reveal nothing about a report, a reporter or an unlocked key.

Threat model (docs/whistleblowing.md, section 1): a server error (a locked database, a full
disk, a bug) on a page of the scheme makes Django write an error report: the mail to
``ADMINS`` (``AdminEmailHandler`` on the ``django`` logger) and, with ``DEBUG`` on, the debug
page. By default that report holds the request's POST values (the report text, the
identity, messages), its cookies (``wb_inbox`` and ``wb_unlock`` are the browser's halves of
unlocked keys: with a database copy they open the report key), its files' names, the
exception's message and, in the HTML version, every frame's local variables (decrypted
content, private keys). Mail leaves the trust boundary and mailboxes are kept for years, so
for the scheme's paths (``/whistleblower/``) and for any traceback through the scheme's
code, the report keeps only what is needed to find the bug: the path, the method, the
exception's type and the code lines. Everywhere else the unlock, inbox, session and CSRF
cookies and the receipt salt are masked too.

Not covered: a server that is already compromised (it sees the plaintext anyway), and logs
written by code that formats plaintext into a message itself (no such code in the scheme;
``logging.ReporterPrivacyFilter`` is the second line for addresses).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.regex_helper import _lazy_re_compile
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from socius.whistleblowing.middleware import PREFIX

SCHEME_CODE = str(Path(__file__).resolve().parent) + os.sep
HIDDEN = SafeExceptionReporterFilter.cleansed_substitute
# Request headers that carry a credential or point to a person (a reporter's are also
# removed by ReporterPrivacyMiddleware before any view runs).
SENSITIVE_META = {
    "HTTP_COOKIE",
    "CSRF_COOKIE",  # the CSRF secret, set by CsrfViewMiddleware
    "HTTP_AUTHORIZATION",
    "HTTP_PROXY_AUTHORIZATION",
    "HTTP_X_CSRFTOKEN",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CLIENT_IP",
    "HTTP_REFERER",
    "HTTP_FROM",
    "REMOTE_ADDR",
    "REMOTE_HOST",
}


def on_scheme_path(request: HttpRequest | None) -> bool:
    return request is not None and str(getattr(request, "path", "")).startswith(PREFIX)


def _is_scheme_frame(frame: FrameType) -> bool:
    return str(Path(frame.f_code.co_filename).resolve()).startswith(SCHEME_CODE)


def private_errors[F: Callable[..., Any]](view: F) -> F:
    """For every view of the scheme: an error report names no POST value and no local
    variable of the view or anything it calls (the filter below hides them anyway on the
    scheme's paths; this also holds if a view is mounted elsewhere)."""
    return sensitive_post_parameters()(sensitive_variables()(view))


class SchemeExceptionReporterFilter(SafeExceptionReporterFilter):
    """``DEFAULT_EXCEPTION_REPORTER_FILTER``: masks the scheme's secrets in error reports."""

    hidden_settings = _lazy_re_compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|SALT|HTTP_COOKIE", flags=re.I
    )

    @staticmethod
    def _sensitive_cookie(name: str) -> bool:
        return name.startswith("wb_") or name in {
            settings.SESSION_COOKIE_NAME,
            settings.CSRF_COOKIE_NAME,
        }

    def get_safe_cookies(self, request: HttpRequest) -> dict[str, Any]:
        if not hasattr(request, "COOKIES"):
            return {}
        scheme = on_scheme_path(request)
        return {
            name: HIDDEN if scheme or self._sensitive_cookie(name) else value
            for name, value in super().get_safe_cookies(request).items()
        }

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        return {
            name: HIDDEN if name in SENSITIVE_META else value
            for name, value in super().get_safe_request_meta(request).items()
        }

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is not None and on_scheme_path(request):
            # Every value, whatever the view declared; the request body is never shown.
            return {name: HIDDEN for name in request.POST}
        return super().get_post_parameters(request)

    def get_cleansed_multivaluedict(self, request: HttpRequest, multivaluedict: Any) -> Any:
        if on_scheme_path(request):
            return {name: HIDDEN for name in multivaluedict}
        return super().get_cleansed_multivaluedict(request, multivaluedict)

    def get_traceback_frame_variables(
        self, request: HttpRequest | None, tb_frame: FrameType
    ) -> Any:
        """No local variable of any frame on the scheme's paths, nor of the scheme's own code
        anywhere (a task or command holds decrypted content and keys in its locals too)."""
        if on_scheme_path(request) or _is_scheme_frame(tb_frame):
            return [(name, HIDDEN) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)


class SchemeExceptionReporter(ExceptionReporter):
    """``DEFAULT_EXCEPTION_REPORTER``: what the filter cannot reach. On the scheme's paths,
    and for tracebacks through its code, the exception's message (which may quote a value),
    the names of uploaded files and the part of a string around a decoding error are hidden;
    the exception's type and the code lines stay, to find the bug."""

    def _touches_scheme(self) -> bool:
        if on_scheme_path(self.request):
            return True
        tb: TracebackType | None = self.tb
        while tb is not None:
            if _is_scheme_frame(tb.tb_frame):
                return True
            tb = tb.tb_next
        return False

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if not self._touches_scheme():
            return data
        if "exception_value" in data:
            data["exception_value"] = HIDDEN
        data.pop("exception_notes", None)
        data["unicode_hint"] = ""
        if self.request is not None:
            data["request_FILES_items"] = [(name, HIDDEN) for name in self.request.FILES]
            data["request_GET_items"] = [(name, HIDDEN) for name in self.request.GET]
        for frame in data.get("frames", []):
            # Also the frames above and below the scheme's own (Django's forms and templates
            # hold the same values), when the mail handler was given no request.
            frame["vars"] = [(name, HIDDEN) for name, _value in frame.get("vars", [])]
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = HIDDEN
        return data
