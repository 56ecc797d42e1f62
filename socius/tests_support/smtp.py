"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for tests."""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from socius.tests_support.servers import free_port


class Stall:
    """The server's reply to the next DATA or QUIT, held until the test releases it.

    For DATA the message is taken (kept in ``messages``) only when the reply goes out: a
    client that disconnects while the reply is held gets nothing, and the server keeps
    nothing, as a server that had not yet taken responsibility for the message (RFC 5321,
    section 4.1.1.4). ``reached`` is set once the server holds the reply; ``abandoned`` once
    the client went away while it was held."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.reached = threading.Event()
        self.abandoned = threading.Event()
        self._lock = threading.Lock()
        self._released = False
        self._wake: Callable[[], None] | None = None

    def wait_reached(self, timeout: float) -> None:
        if not self.reached.wait(timeout):
            raise TimeoutError(f"No client reached the end of {self.command} in {timeout} s.")

    def wait_abandoned(self, timeout: float) -> None:
        if not self.abandoned.wait(timeout):
            raise TimeoutError(f"The client held at {self.command} did not go in {timeout} s.")

    def release(self) -> None:
        with self._lock:
            self._released = True
            if self._wake is not None:
                self._wake()

    async def hold(self) -> None:
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        with self._lock:
            self._wake = lambda: loop.call_soon_threadsafe(event.set)
            if self._released:
                event.set()
        self.reached.set()
        try:
            await event.wait()
        except asyncio.CancelledError:  # aiosmtpd cancels the session when the client goes
            self.abandoned.set()
            raise


class _Collector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.stalls: dict[str, Stall] = {}
        self.lock = threading.Lock()

    async def _stall(self, command: str) -> None:
        with self.lock:
            stall = self.stalls.pop(command, None)
        if stall is not None:
            await stall.hold()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        await self._stall("DATA")
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        await self._stall("QUIT")
        return "221 Bye"


class SMTPServer:
    """Start with ``start()``; read ``messages``; ``clear()`` between tests; ``stall()``
    to hold the reply to DATA or QUIT (a fault test's "the server has not answered yet").

    Each test process (each pytest-xdist worker) starts its own on a free port."""

    ATTEMPTS = 3

    def __init__(self) -> None:
        self._collector = _Collector()
        self._controller = self._new_controller()

    def _new_controller(self) -> Controller:
        # A loaded machine can take more than aiosmtpd's default 5 s to start the thread.
        return Controller(self._collector, hostname="127.0.0.1", port=free_port(), ready_timeout=30)

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
            stalls = list(self._collector.stalls.values())
            self._collector.stalls.clear()
        for stall in stalls:
            stall.release()

    def stall(self, command: str) -> Stall:
        """Hold the reply to the next ``command`` ("DATA" or "QUIT") until ``release()``."""
        if command not in {"DATA", "QUIT"}:
            raise ValueError(f"Only DATA and QUIT can be held, not {command}.")
        stall = Stall(command)
        with self._collector.lock:
            self._collector.stalls[command] = stall
        return stall

    def body_of(self, message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""
