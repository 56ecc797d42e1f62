"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for tests."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Collector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SMTPServer:
    """Start with ``start()``; read ``messages``; ``clear()`` between tests.

    Each test process (each pytest-xdist worker) starts its own on a free port."""

    ATTEMPTS = 3

    def __init__(self) -> None:
        self._collector = _Collector()
        self._controller = self._new_controller()

    def _new_controller(self) -> Controller:
        # A loaded machine can take more than aiosmtpd's default 5 s to start the thread.
        return Controller(
            self._collector, hostname="127.0.0.1", port=_free_port(), ready_timeout=30
        )

    def start(self) -> None:
        # The port was free when chosen; another process may bind it before the server does.
        for attempt in range(self.ATTEMPTS):
            try:
                self._controller.start()
                return
            except OSError:
                if attempt == self.ATTEMPTS - 1:
                    raise
                self._controller = self._new_controller()

    def stop(self) -> None:
        self._controller.stop()

    @property
    def port(self) -> int:
        return int(self._controller.port)

    @property
    def messages(self) -> list[EmailMessage]:
        with self._collector.lock:
            return list(self._collector.messages)

    def clear(self) -> None:
        with self._collector.lock:
            self._collector.messages.clear()

    def body_of(self, message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""
