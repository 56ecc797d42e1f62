"""Fixtures for the support module's tests: the development payment provider on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from socius.support.payments.devserver import DevServer
from socius.tests_support.servers import POLL_INTERVAL

RECORDINGS = Path(__file__).parent / "payments" / "tests" / "recordings"


@pytest.fixture
def payment_devserver(settings: Any, request: pytest.FixtureRequest) -> Iterator[DevServer]:
    """A fresh development provider per test (its state and faults start empty), on a free
    port on 127.0.0.1, with the platform's settings pointed at it. With ``live_server`` the
    webhooks of payments that name no webhook URL go to the live server."""
    server = DevServer(secret=settings.SUPPORT_DEV_PROVIDER_SECRET, retry_backoff=0.05)
    if "live_server" in request.fixturenames:
        server.set_platform(request.getfixturevalue("live_server").url)
    server.start()
    settings.SUPPORT_DEV_PROVIDER_URL = server.url
    if "dev" not in settings.SUPPORT_PROVIDERS:
        settings.SUPPORT_PROVIDERS = [*settings.SUPPORT_PROVIDERS, "dev"]
    yield server
    server.stop()


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.requests: list[dict[str, Any]] = []
        self.changed = threading.Condition()
        self.thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, handler: BaseHTTPRequestHandler) -> dict[str, Any]:
        length = int(handler.headers.get("Content-Length") or 0)
        request = {
            "method": handler.command,
            "path": handler.path,
            "headers": {k.lower(): v for k, v in handler.headers.items()},
            "body": handler.rfile.read(length) if length else b"",
        }
        with self.changed:
            self.requests.append(request)
            self.changed.notify_all()
        return request

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The requests once at least ``count`` have arrived (an AssertionError after timeout)."""
        with self.changed:
            arrived = self.changed.wait_for(lambda: len(self.requests) >= count, timeout)
            assert arrived, f"{len(self.requests)} of {count} requests arrived"
            return list(self.requests)

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class WebhookReceiver(_Recorder):
    """The platform's webhook address, played by a tiny loopback server: it records every
    delivery and answers 500 to the first ``fail`` of them (the provider must retry)."""

    def __init__(self) -> None:
        receiver = self
        self.fail = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                receiver.record(self)
                status = 500 if receiver.fail > 0 else 200
                receiver.fail -= 1
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        super().__init__(Handler)


class ReplayServer(_Recorder):
    """A provider's API played back from recordings (tests/recordings/<provider>/<name>.json:
    {"method", "path", "status", "body"}), one per request, in the order given. It records what
    was asked, and answers 599 when the request is not the next recording's method and path."""

    def __init__(self) -> None:
        replay = self
        self.queue: list[dict[str, Any]] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                request = replay.record(self)
                expected = replay.queue.pop(0) if replay.queue else None
                path = request["path"].split("?")[0]
                if expected is None or (expected["method"], expected["path"]) != (
                    request["method"],
                    path,
                ):
                    status, body = 599, {"unexpected": f"{request['method']} {request['path']}"}
                else:
                    status, body = expected["status"], expected["body"]
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in expected.get("headers", {}).items() if expected else ():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_DELETE = _answer

        super().__init__(Handler)

    def play(self, provider: str, *names: str) -> None:
        """Queue the recordings to answer the next requests with."""
        for name in names:
            self.queue.append(json.loads((RECORDINGS / provider / f"{name}.json").read_text()))


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    server = ReplayServer()
    yield server
    server.close()
