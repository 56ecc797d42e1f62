"""Signed webhooks, sent by one background thread, retried until the platform answers 2xx.

Faults shape the sending: extra copies, newest first, a delay, and a capture held back until
its payment's refund has gone out.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from socius.support.payments.devserver.state import Event, Faults
from socius.support.payments.providers.dev import SIGNATURE_HEADER, dev_webhook_sign


@dataclass(order=True)
class _Delivery:
    due: float
    seq: int
    event: Event = field(compare=False)
    delay: float = field(compare=False, default=0.0)
    attempt: int = field(compare=False, default=0)


class Outbox:
    """A queue ordered by when each delivery is due; one thread sends them."""

    def __init__(self, secret: str, *, attempts: int = 8, backoff: float = 0.2) -> None:
        self.secret = secret
        self.attempts = attempts
        self.backoff = backoff  # seconds before the first retry, doubled after each failure
        self.log: list[dict[str, Any]] = []  # what was sent and how the platform answered
        self._queue: list[_Delivery] = []
        self._held: dict[str, list[Event]] = {}  # payment id -> captures waiting for a refund
        self._seq = itertools.count()
        self._busy = 0
        self._wake = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="devserver-outbox", daemon=True)
        self._thread.start()

    def add(self, events: list[Event], faults: Faults) -> None:
        """Queue what one action caused, shaped by ``faults`` (the payment's or the server's)."""
        ordered = list(reversed(events)) if faults.reorder else list(events)
        with self._wake:
            now = time.monotonic()
            for event in ordered:
                payment = event.body["data"]["payment"]
                if event.hold:
                    self._held.setdefault(payment, []).append(event)
                    continue
                self._push(event, faults, now)
                if event.body["type"] == "payment.refunded":
                    for held in self._held.pop(payment, []):
                        self._push(held, faults, now)
            self._wake.notify()

    def _push(self, event: Event, faults: Faults, now: float) -> None:
        for _copy in range(1 + faults.duplicates):
            heapq.heappush(self._queue, _Delivery(now, next(self._seq), event, delay=faults.delay))

    def release_held(self) -> None:
        """Send the held captures now (a payment that was never refunded, at shutdown)."""
        with self._wake:
            for events in self._held.values():
                for event in events:
                    heapq.heappush(self._queue, _Delivery(time.monotonic(), next(self._seq), event))
            self._held.clear()
            self._wake.notify()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once nothing is queued or being sent (held captures do not count)."""
        end = time.monotonic() + timeout
        with self._wake:
            while self._queue or self._busy:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(min(left, 0.05))
        return True

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify_all()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopped and (
                    not self._queue or self._queue[0].due > time.monotonic()
                ):
                    wait = self._queue[0].due - time.monotonic() if self._queue else None
                    self._wake.wait(wait)
                if self._stopped:
                    return
                delivery = heapq.heappop(self._queue)
                self._busy += 1
            ok = False
            try:
                if delivery.delay and delivery.attempt == 0:
                    time.sleep(delivery.delay)
                ok = self._send(delivery)
            finally:
                with self._wake:
                    self._busy -= 1
                    if not ok and delivery.attempt + 1 < self.attempts:
                        delivery.attempt += 1
                        delivery.due = time.monotonic() + self.backoff * 2 ** (delivery.attempt - 1)
                        heapq.heappush(self._queue, delivery)
                    self._wake.notify_all()

    def _send(self, delivery: _Delivery) -> bool:
        event = delivery.event
        if not event.target:
            self.log.append({"id": event.body["id"], "status": None, "note": "no webhook URL"})
            return True
        body = json.dumps(event.body).encode()
        request = urllib.request.Request(  # noqa: S310  (the target is checked to be loopback)
            event.target,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: dev_webhook_sign(body, secret=self.secret, t=int(time.time())),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        self.log.append({"id": event.body["id"], "type": event.body["type"], "status": status})
        return 200 <= status < 300
