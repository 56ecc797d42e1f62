"""A server error on a page of the scheme mails nothing about the report (errors.py).

Each view is made to fail inside, after it has the plaintext in hand, with ADMINS set as in
production; the mail that reaches the (real, loopback) SMTP server is then searched for the
report, the identity, the messages, the receipt and the cookie values.
"""

from __future__ import annotations

import io
import logging
import sys
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import URLPattern, get_resolver, reverse
from django.views.debug import get_exception_reporter_class, get_exception_reporter_filter

from socius.whistleblowing import services
from socius.whistleblowing.errors import SchemeExceptionReporterFilter
from socius.whistleblowing.models import Attachment
from socius.whistleblowing.services import handling
from socius.whistleblowing.tests.conftest import (
    PASSPHRASE,
    STORY,
    latest_report,
    open_inbox,
    pow_fields,
    submit,
    unlocked_client,
)
from socius.whistleblowing.views import handler as handler_views
from socius.whistleblowing.views import reporter as reporter_views

pytestmark = pytest.mark.django_db

IDENTITY = "Jens-Identitet-4410"
MESSAGE = "Svar-fra-indberetter-5521"
FILE_NAME = "filnavn-9954.txt"
FILE_TEXT = "Fil-indhold-8843"
GROUND = "Retsgrundlag-7301"
HOLD = "Bevaring-8402"
HANDLER_TEXT = "Behandler-notat-9503"


class Boom(RuntimeError):
    """Raised inside a view, quoting what it was given, as a careless error message would."""


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise Boom(f"failed with {args!r} {kwargs!r}")


@pytest.fixture
def admins(settings: Any) -> None:
    # As SOCIUS_ADMINS sets it in production; DEBUG is off in tests.
    settings.ADMINS = ["drift@kommune.example"]


@pytest.fixture
def captured() -> Any:
    """The full HTML report (with every frame's local variables) of each failure, as the
    debug page or an HTML mail handler would render it with the configured reporter."""
    reports: list[str] = []

    def capture(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info(), is_email=True)
        reports.append(reporter.get_traceback_html() + reporter.get_traceback_text())

    got_request_exception.connect(capture)
    yield reports
    got_request_exception.disconnect(capture)


def _reporter_with_inbox(channel: Any) -> tuple[Client, str]:
    client = Client(raise_request_exception=False)
    _, receipt = submit(
        client,
        channel,
        identity=IDENTITY,
        attachments=[SimpleUploadedFile(FILE_NAME, FILE_TEXT.encode() * 50)],
    )
    open_inbox(client, receipt)
    client.post("/whistleblower/indbakke/besked/", {"body": MESSAGE})
    return client, receipt.replace(" ", "")


def _secrets_absent(texts: list[str], client: Client, receipt: str) -> None:
    cookies = [c.value for c in client.cookies.values() if c.value]
    assert cookies, "the client holds no cookie to look for"
    for text in texts:
        for secret in [
            "hemmelig-markør-7731",
            "uden udbud (hemmelig-mark",
            IDENTITY,
            MESSAGE,
            FILE_NAME,
            FILE_TEXT,
            GROUND,
            HOLD,
            HANDLER_TEXT,
            PASSPHRASE,
            receipt,
            *cookies,
        ]:
            assert secret not in text, secret


def _mails(mailbox: Any) -> list[str]:
    return [
        str(m["Subject"]) + mailbox.body_of(m)
        for m in mailbox.messages
        if "drift@kommune.example" in str(m["To"])
    ]


# Each reporter view: the service (or render) it calls fails, and what the request carries.
REPORTER_CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "information": ("render", "get", {}),
    "privacy": ("render", "get", {}),
    "report-new": ("report_submit", "post", {"what": STORY, "identity": IDENTITY}),
    "inbox": ("render", "get", {}),
    "inbox-login": ("receipt_open", "post", {}),
    "inbox-logout": ("reporter_log_out", "post", {}),
    "inbox-message": ("reporter_message", "post", {"body": MESSAGE}),
    "inbox-files": ("attachments_add", "post", {}),
    "inbox-identity": ("reporter_identity_give", "post", {"identity": IDENTITY}),
    "inbox-minutes": ("reporter_minutes_answer", "post", {"comment": MESSAGE, "approve": "on"}),
    "inbox-exclude": ("reporter_exclude_handler", "post", {}),
    "inbox-file": ("attachment_read", "get", {}),
}


def _reporter_url(name: str, channel: Any) -> str:
    if name == "report-new":
        return reverse("whistleblowing:report-new", args=[channel.slug])
    if name == "inbox-file":
        attachment = Attachment.objects.get()
        return reverse("whistleblowing:inbox-file", args=[attachment.public_id])
    return reverse(f"whistleblowing:{name}")


@pytest.mark.parametrize("name", sorted(REPORTER_CASES))
def test_an_error_on_a_reporter_page_mails_nothing_about_the_report(
    name, channel, handler, admins, mailbox, monkeypatch, captured
):
    # given a reporter with an open inbox, and a view that fails with the plaintext in hand
    client, receipt = _reporter_with_inbox(channel)
    target, method, data = REPORTER_CASES[name]
    url = _reporter_url(name, channel)
    if name == "report-new":
        data = {**data, "kind": "written", **pow_fields(client, url)}
    if name == "inbox-login":
        data = {"receipt": receipt, **pow_fields(Client(), reverse("whistleblowing:inbox"))}
    if name == "inbox-files":
        data = {"attachments": SimpleUploadedFile(FILE_NAME, FILE_TEXT.encode())}
    if name == "inbox-minutes":
        data = {**data, "minutes": str(uuid.uuid4())}
    if name == "inbox-exclude":
        data = {"handler": handler.pk}
    if target == "render":
        monkeypatch.setattr(reporter_views, "render", _boom)
    else:
        monkeypatch.setattr(services, target, _boom)
    mailbox.clear()
    # when
    response = getattr(client, method)(url, data)
    # then the reporter sees the neutral page, the administrators get a mail that says where
    assert response.status_code == 500
    mails = _mails(mailbox)
    assert len(mails) == 1
    assert "Boom" in mails[0]
    assert url in mails[0]
    _secrets_absent([*mails, *captured], client, receipt)
    assert len(captured) == 1


def _handler_client(handler: Any) -> Client:
    client = unlocked_client(handler)
    client.raise_request_exception = False
    return client


def _case(report: Any, suffix: str = "") -> str:
    return f"/whistleblower/behandling/sag/{report.public_id}/{suffix}"


# Each handler view: what fails inside, and the request (method, url suffix, data).
HANDLER_CASES: dict[str, tuple[tuple[Any, str], str, str, dict[str, Any]]] = {
    "home": ((handler_views, "render"), "get", "/whistleblower/behandling/", {}),
    "key-unlock": (
        (handling, "handler_key_unlock"),
        "post",
        "/whistleblower/behandling/noegle/laas-op/",
        {"passphrase": PASSPHRASE},
    ),
    "key-recover": (
        (handling, "handler_key_unlock"),
        "post",
        "/whistleblower/behandling/noegle/gendan/",
        {"recovery_key": "AAAA-BBBB", "new_passphrase": PASSPHRASE},
    ),
    "inbox": (
        (handler_views, "inbox_for"),
        "get",
        "/whistleblower/behandling/kanal/medarbejdere/",
        {},
    ),
    "case": ((handler_views, "render"), "get", "case:", {}),
    "case-transition": (
        (handling, "case_transition"),
        "post",
        "case:status/",
        {"transition": "acknowledge", "message": HANDLER_TEXT},
    ),
    "case-message": (
        (handling, "handler_message"),
        "post",
        "case:besked/",
        {"kind": "message", "body": HANDLER_TEXT},
    ),
    "case-identity": (
        (handling, "identity_request"),
        "post",
        "case:identitet/",
        {"legal_ground": GROUND},
    ),
    "case-hold": ((handling, "legal_hold_set"), "post", "case:bevaring/", {"reason": HOLD}),
    "export": ((handler_views, "csv_response"), "get", "case:eksport.csv", {}),
    "identity-requests": (
        (handler_views, "render"),
        "get",
        "/whistleblower/behandling/identitet/",
        {},
    ),
}


@pytest.mark.parametrize("name", sorted(HANDLER_CASES))
def test_an_error_on_a_handler_page_mails_nothing_about_the_report(
    name, channel, handler, custodian, admins, mailbox, monkeypatch, captured
):
    # given a case with content, identity and messages, and an unlocked handler
    _, receipt = _reporter_with_inbox(channel)
    report = latest_report()
    (module, attribute), method, url, data = HANDLER_CASES[name]
    url = _case(report, url.removeprefix("case:")) if url.startswith("case:") else url
    user = custodian if name == "identity-requests" else handler
    if name == "identity-requests":
        handling.handler_key_create(actor=custodian, passphrase=PASSPHRASE)
        handling.identity_request(actor=handler, report=report, legal_ground=GROUND)
        client = _handler_client(custodian)
    else:
        client = _handler_client(user)
    monkeypatch.setattr(module, attribute, _boom)
    mailbox.clear()
    # when
    response = getattr(client, method)(url, data)
    # then
    assert response.status_code == 500
    mails = _mails(mailbox)
    assert len(mails) == 1
    assert url in mails[0]
    _secrets_absent([*mails, *captured], client, receipt)
    assert len(captured) == 1


def _scheme_views() -> list[tuple[str, Any]]:
    resolver = get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "whistleblowing":
            found = [
                (p.name, p.callback) for p in pattern.url_patterns if isinstance(p, URLPattern)
            ]
    return found


def _wrapped_by(view: Any) -> set[str]:
    names = set()
    while view is not None:
        names.add(getattr(view, "__code__", None) and view.__code__.co_name)
        view = getattr(view, "__wrapped__", None)
    return names


def test_every_view_of_the_scheme_hides_post_values_and_local_variables():
    views = _scheme_views()
    assert len(views) > 20
    for name, view in views:
        wrappers = _wrapped_by(view)
        assert "sensitive_post_parameters_wrapper" in wrappers, name
        assert "sensitive_variables_wrapper" in wrappers, name


def test_the_filter_is_the_default_and_masks_unlock_session_and_csrf_cookies_everywhere(
    settings,
):
    request = RequestFactory().get("/tilskud/", HTTP_USER_AGENT="Firefox/140")
    request.COOKIES = {
        "wb_unlock": "unlock-cookie-value",
        "wb_inbox": "inbox-cookie-value",
        settings.SESSION_COOKIE_NAME: "session-value",
        settings.CSRF_COOKIE_NAME: "csrf-value",
        "django_language": "da",
    }
    report_filter = get_exception_reporter_filter(request)
    assert isinstance(report_filter, SchemeExceptionReporterFilter)
    cookies = report_filter.get_safe_cookies(request)
    assert cookies["django_language"] == "da"
    assert not {"unlock-cookie-value", "inbox-cookie-value", "session-value", "csrf-value"} & set(
        cookies.values()
    )
    assert "Firefox/140" not in report_filter.get_safe_request_meta(request).values()
    settings.WHISTLEBLOWING_RECEIPT_SALT = "the-receipt-salt-value"
    safe = report_filter.get_safe_settings()
    assert safe["WHISTLEBLOWING_RECEIPT_SALT"] != "the-receipt-salt-value"


def test_a_failing_task_in_the_scheme_reports_no_local_variables(settings):
    """Without a request (a task, a command), frames of the scheme's code show no locals and
    the exception's message is hidden."""

    def run() -> None:
        services.case_content(latest_report_stub, b"\x00" * 32)

    latest_report_stub = type("R", (), {"sealed_content": STORY.encode()})()
    try:
        run()
    except Exception:  # noqa: BLE001 - any failure will do
        exc_info = sys.exc_info()
    reporter = get_exception_reporter_class(None)(None, *exc_info, is_email=True)
    text = reporter.get_traceback_html() + reporter.get_traceback_text()
    assert "hemmelig-markør-7731" not in text
    assert "uden udbud (hemmelig-mark" not in text
    assert "case_content" in text  # the code lines stay, to find the bug


def test_the_console_log_of_a_failure_on_a_reporter_page_quotes_no_value(
    channel, monkeypatch, settings
):
    stream = io.StringIO()
    console = next(h for h in logging.getLogger().handlers if getattr(h, "filters", None))
    old = console.setStream(stream)
    try:
        client, receipt = _reporter_with_inbox(channel)
        monkeypatch.setattr(services, "reporter_message", _boom)
        response = client.post("/whistleblower/indbakke/besked/", {"body": MESSAGE})
    finally:
        console.setStream(old)
    assert response.status_code == 500
    log = stream.getvalue()
    assert "Boom: [hidden]" in log
    assert "reporter_message" in log  # the code line, to find the bug
    _secrets_absent([log], client, receipt)
