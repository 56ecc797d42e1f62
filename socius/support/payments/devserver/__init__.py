"""The development payment provider: a small real HTTP server that behaves like a provider.

It keeps payments, mandates and refunds in memory, sends the payer to a checkout page
("Testbetaling" with "Betal" / "Afvis", or "Godkend aftale" for a mandate) and back to the
platform, and posts signed webhooks in the contract's format (providers/dev.py) with the faults
real providers have: duplicates, reordering, delays, a refund before its capture, and HTTP 500
on the first try of a request. ``manage.py payments_devserver`` runs it for ``make run``; the
``payment_devserver`` test fixture runs it in a thread.

Threat model: development and tests only. Anyone who can reach it can approve any payment,
set its faults and read its state, and it moves no money. So it refuses to listen on anything
but a loopback address, posts webhooks only to loopback URLs (no request forgery towards other
hosts), caps request bodies, and keeps nothing on disk. The webhook secret it signs with is the
platform's development secret (SUPPORT_DEV_PROVIDER_SECRET), never a real provider's.
"""

from __future__ import annotations

import threading

from socius.support.payments.devserver.outbox import Outbox
from socius.support.payments.devserver.server import DevProviderServer
from socius.support.payments.devserver.state import Faults, Store

# Seconds between the server thread's checks for stop(): socketserver's default, 0.5 s, made
# every stop wait that long.
SHUTDOWN_POLL = 0.05

__all__ = ["DevServer", "Faults"]


class DevServer:
    """The server, its state and its outbox, started in a background thread."""

    def __init__(
        self,
        *,
        secret: str,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Faults | None = None,
        platform: str = "",
        retry_backoff: float = 0.2,
    ) -> None:
        self.store = Store(faults=faults, platform=platform)
        self.outbox = Outbox(secret, backoff=retry_backoff)
        try:
            self.httpd = DevProviderServer(host, port, self.store, self.outbox)
        except BaseException:
            self.outbox.stop()
            raise
        self.url = self.httpd.url
        self._thread: threading.Thread | None = None

    def start(self) -> DevServer:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL},
            name="devserver-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread (the management command) until interrupted."""
        try:
            self.httpd.serve_forever()
        finally:
            self.stop()

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()
        self.outbox.stop()

    def set_faults(self, faults: Faults) -> None:
        with self.store.lock:
            self.store.faults = faults

    def set_platform(self, platform: str) -> None:
        with self.store.lock:
            self.store.platform = platform.rstrip("/")
