"""The HTTP side: a JSON API for the adapter, a checkout page for the payer, admin endpoints.

API (JSON in and out; every POST that creates something honours ``Idempotency-Key``):
  POST /api/payments                  {reference, amount, description, return_url, webhook_url,
                                       faults?} -> {id, checkout_url, ...}
  POST /api/mandates                  {reference, amount, interval, ...} -> {id, checkout_url}
  POST /api/mandates/<id>/charges     {reference, amount, due} -> the new payment
  POST /api/mandates/<id>/stop        -> the mandate
  POST /api/payments/<id>/cancel      -> the payment
  POST /api/payments/<id>/refunds     {amount} -> the payment
  GET  /api/payments/<id>, /api/mandates/<id>
  GET/POST /checkout/<id>             the payer's page ("Betal" / "Afvis" / "Godkend aftale")
  POST /_faults                       replace the server's faults; GET /_faults shows them
  POST /_config                       {platform: "http://127.0.0.1:8000"}: where webhooks go
  GET  /_deliveries                   the webhooks sent and the platform's answers
"""

from __future__ import annotations

import dataclasses
import html
import ipaddress
import json
import re
import socket
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from socius.support.payments.devserver.outbox import Outbox
from socius.support.payments.devserver.state import (
    Conflict,
    Faults,
    Mandate,
    Payment,
    Store,
    mandate_view,
    payment_view,
)

MAX_BODY = 64 * 1024


def is_loopback_url(url: str) -> bool:
    """True for http(s) URLs on 127.0.0.0/8, ::1 or localhost (webhooks go nowhere else)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return is_loopback_host(parts.hostname)


def is_loopback_host(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class DevProviderServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, store: Store, outbox: Outbox) -> None:
        if not is_loopback_host(host):
            raise ValueError(f"the development provider listens on loopback only, not {host}")
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.store = store
        self.outbox = outbox
        super().__init__((host, port), Handler)

    @property
    def url(self) -> str:
        address, port = self.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class Handler(BaseHTTPRequestHandler):
    server: DevProviderServer
    server_version = "SociusDevProvider/1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the stdlib's name)
        pass  # quiet: the platform's own log says what happened

    # --- plumbing -----------------------------------------------------------------------------
    def _json_body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise Conflict("request too large", status=413)
        raw = self.rfile.read(length) if length else b"{}"
        try:
            data = json.loads(raw)
        except ValueError as error:
            raise Conflict("body is not JSON", status=400) from error
        if not isinstance(data, dict):
            raise Conflict("body must be a JSON object", status=400)
        return data

    def _form_body(self) -> dict[str, str]:
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        return dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8", "replace")))

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    def do_GET(self) -> None:  # noqa: N802  (the stdlib's name)
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        path = urllib.parse.urlsplit(self.path).path
        for route_method, pattern, handler in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                try:
                    with self.server.store.lock:
                        handler(self, *match.groups())
                except Conflict as error:
                    self._error(error.status, str(error))
                return
        self._error(HTTPStatus.NOT_FOUND, "not found")

    # --- helpers shared by the API ------------------------------------------------------------
    def _payment(self, payment_id: str) -> Payment:
        payment = self.server.store.payments.get(payment_id)
        if payment is None:
            raise Conflict("no such payment", status=404)
        return payment

    def _mandate(self, mandate_id: str) -> Mandate:
        mandate = self.server.store.mandates.get(mandate_id)
        if mandate is None:
            raise Conflict("no such mandate", status=404)
        return mandate

    def _faults(self, data: dict[str, Any]) -> Faults:
        try:
            return Faults.from_mapping(data.get("faults", {}), base=self.server.store.faults)
        except (TypeError, ValueError) as error:
            raise Conflict(str(error), status=400) from error

    def _checked_urls(self, data: dict[str, Any]) -> None:
        webhook_url = data.get("webhook_url", "")
        if webhook_url and not is_loopback_url(str(webhook_url)):
            raise Conflict("webhook_url must be on loopback", status=400)
        return_url = str(data.get("return_url", ""))
        if urllib.parse.urlsplit(return_url).scheme not in ("http", "https"):
            raise Conflict("return_url must be an http(s) URL", status=400)

    def _idempotent(self, data: dict[str, Any], create: Any) -> None:
        """Run ``create`` once per Idempotency-Key; a retry gets the first answer."""
        store = self.server.store
        key = self.headers.get("Idempotency-Key", "")
        if not key or len(key) > 200:
            raise Conflict("an Idempotency-Key header is required", status=400)
        known = store.remembered(key, data)
        if known is not None:
            obj = store.payments.get(known) or store.mandates[known]
            status = HTTPStatus.OK
        else:
            obj, events, faults = create()
            store.remember(key, data, obj.id)
            self.server.outbox.add(events, faults)
            status = HTTPStatus.CREATED
            if store.fail_first(key, faults):
                # The work is done and its answer is lost: the client must retry with the key.
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "injected fault: try again")
                return
        self._json(status, self._view(obj))

    def _view(self, obj: Payment | Mandate) -> dict[str, Any]:
        view = payment_view(obj) if isinstance(obj, Payment) else mandate_view(obj)
        if obj.status == "pending" and obj.return_url:
            view["checkout_url"] = f"{self.server.url}/checkout/{obj.id}"
        return view

    # --- the API ------------------------------------------------------------------------------
    def payment_create(self) -> None:
        data = self._json_body()
        self._checked_urls(data)
        faults = self._faults(data)
        self._idempotent(data, lambda: (self.server.store.payment_create(data, faults), [], faults))

    def mandate_create(self) -> None:
        data = self._json_body()
        self._checked_urls(data)
        faults = self._faults(data)
        self._idempotent(data, lambda: (self.server.store.mandate_create(data, faults), [], faults))

    def mandate_charge(self, mandate_id: str) -> None:
        data = self._json_body()
        mandate = self._mandate(mandate_id)

        def create() -> tuple[Payment, list[Any], Faults]:
            payment, events = self.server.store.mandate_charge(mandate, data)
            return payment, events, mandate.faults

        self._idempotent({**data, "mandate": mandate_id}, create)

    def mandate_stop(self, mandate_id: str) -> None:
        mandate = self._mandate(mandate_id)
        self.server.outbox.add(self.server.store.mandate_stop(mandate), mandate.faults)
        self._json(HTTPStatus.OK, mandate_view(mandate))

    def payment_cancel(self, payment_id: str) -> None:
        payment = self._payment(payment_id)
        self.server.outbox.add(self.server.store.payment_cancel(payment), payment.faults)
        self._json(HTTPStatus.OK, payment_view(payment))

    def payment_refund(self, payment_id: str) -> None:
        data = self._json_body()
        payment = self._payment(payment_id)

        def create() -> tuple[Payment, list[Any], Faults]:
            return (
                payment,
                self.server.store.payment_refund(payment, data.get("amount")),
                payment.faults,
            )

        self._idempotent({**data, "refund_of": payment_id}, create)

    def payment_get(self, payment_id: str) -> None:
        self._json(HTTPStatus.OK, self._view(self._payment(payment_id)))

    def mandate_get(self, mandate_id: str) -> None:
        self._json(HTTPStatus.OK, self._view(self._mandate(mandate_id)))

    # --- the payer's page ---------------------------------------------------------------------
    def checkout_show(self, object_id: str) -> None:
        obj = self._checkout_object(object_id)
        self._send(HTTPStatus.OK, checkout_page(obj).encode(), "text/html; charset=utf-8")

    def checkout_decide(self, object_id: str) -> None:
        obj = self._checkout_object(object_id)
        action = self._form_body().get("action")
        if action not in ("approve", "decline"):
            raise Conflict("action must be approve or decline", status=400)
        store = self.server.store
        if isinstance(obj, Payment):
            events = store.payment_decide(obj, approve=action == "approve")
        else:
            events = store.mandate_decide(obj, approve=action == "approve")
        self.server.outbox.add(events, obj.faults)
        self._send(HTTPStatus.SEE_OTHER, b"", "text/plain", Location=obj.return_url)

    def _checkout_object(self, object_id: str) -> Payment | Mandate:
        store = self.server.store
        obj = store.payments.get(object_id) or store.mandates.get(object_id)
        if obj is None or not obj.return_url:
            raise Conflict("no such payment", status=404)
        return obj

    # --- administration -----------------------------------------------------------------------
    def faults_set(self) -> None:
        try:
            self.server.store.faults = Faults.from_mapping(self._json_body())
        except (TypeError, ValueError) as error:
            raise Conflict(str(error), status=400) from error
        self.faults_get()

    def faults_get(self) -> None:
        self._json(HTTPStatus.OK, dataclasses.asdict(self.server.store.faults))

    def config_set(self) -> None:
        platform = str(self._json_body().get("platform", ""))
        if not is_loopback_url(platform):
            raise Conflict("platform must be a loopback URL", status=400)
        self.server.store.platform = platform.rstrip("/")
        self._json(HTTPStatus.OK, {"platform": self.server.store.platform})

    def deliveries_get(self) -> None:
        self._json(HTTPStatus.OK, list(self.server.outbox.log))


_ID = r"([a-z]{3}_[0-9]{6})"
ROUTES: list[tuple[str, str, Callable[..., None]]] = [
    ("POST", r"/api/payments", Handler.payment_create),
    ("POST", r"/api/mandates", Handler.mandate_create),
    ("POST", rf"/api/mandates/{_ID}/charges", Handler.mandate_charge),
    ("POST", rf"/api/mandates/{_ID}/stop", Handler.mandate_stop),
    ("POST", rf"/api/payments/{_ID}/cancel", Handler.payment_cancel),
    ("POST", rf"/api/payments/{_ID}/refunds", Handler.payment_refund),
    ("GET", rf"/api/payments/{_ID}", Handler.payment_get),
    ("GET", rf"/api/mandates/{_ID}", Handler.mandate_get),
    ("GET", rf"/checkout/{_ID}", Handler.checkout_show),
    ("POST", rf"/checkout/{_ID}", Handler.checkout_decide),
    ("GET", r"/_faults", Handler.faults_get),
    ("POST", r"/_faults", Handler.faults_set),
    ("POST", r"/_config", Handler.config_set),
    ("GET", r"/_deliveries", Handler.deliveries_get),
]

INTERVALS = {"month": "hver måned", "year": "hvert år"}
STATUSES = {
    "captured": "Betalingen er gennemført.",
    "failed": "Betalingen er afvist.",
    "cancelled": "Betalingen er annulleret.",
    "active": "Aftalen er godkendt.",
    "stopped": "Aftalen er afvist eller stoppet.",
}


def kroner(ore: int) -> str:
    """12345 -> "123,45 kr." (Danish: a point between thousands, a comma before øre)."""
    whole, rest = divmod(ore, 100)
    return f"{whole:,}".replace(",", ".") + f",{rest:02d} kr."


def checkout_page(obj: Payment | Mandate) -> str:
    """Plain, accessible HTML in Danish; no script, no external files."""
    amount = kroner(obj.amount)
    if isinstance(obj, Mandate):
        what = f"Fast betaling på {amount} {INTERVALS[obj.interval]}"
        approve = "Godkend aftale"
    else:
        what = f"Beløb: {amount}"
        approve = "Betal"
    if obj.status == "pending":
        action = (
            '<form method="post">'
            f'<button type="submit" name="action" value="approve">{approve}</button> '
            '<button type="submit" name="action" value="decline">Afvis</button>'
            "</form>"
        )
    else:
        action = (
            f'<p role="status">{STATUSES.get(obj.status, "")}</p>'
            f'<p><a href="{html.escape(obj.return_url)}">Tilbage</a></p>'
        )
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Testbetaling</title>"
        "<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;"
        "padding:0 1rem;color:#1a1a1a}button{font:inherit;padding:.5rem 1.25rem;margin:.25rem 0}"
        "button:focus,a:focus{outline:3px solid #0059b3;outline-offset:2px}</style></head><body>"
        "<main><h1>Testbetaling</h1>"
        "<p>Dette er en udviklingsudbyder. Der trækkes ingen rigtige penge.</p>"
        f"<p>{html.escape(obj.description)}</p>"
        f"<p><strong>{html.escape(what)}</strong></p>"
        f"{action}</main></body></html>"
    )
