"""The registry behind the staff workbench (``core:workbench``, /arbejde/).

Each module that gives staff work to do registers one queue provider from its
``AppConfig.ready()``. A provider takes the person and returns their queue, or ``None`` when
the person's roles do not give them that queue, so the workbench shows exactly the queues a
person's roles give them, and core never imports a module to know its queues.

Providers read through their module's selectors and return only what a list needs: labels,
dates and counts. A provider must never put protected content (a whistleblower report, an
advice request's description) into a queue item.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# How many items each queue lists on the workbench; the module's own page has the rest.
SHOWN_ITEMS = 5


@dataclass(frozen=True)
class QueueItem:
    label: str
    url: str
    due: datetime.date | None = None
    overdue: bool = False
    # A short status the person needs to act on: "First answer due soon", "Waiting for review"
    note: str = ""
    # When the item came in (a case received, a page submitted for review).
    since: datetime.date | None = None


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    url: str  # the module's own page for this queue
    link_text: str
    items: list[QueueItem] = field(default_factory=list)
    count: int = 0
    overdue: int = 0
    empty_text: str = ""

    @property
    def shown(self) -> list[QueueItem]:
        """Overdue items first, then by date due (undated last)."""
        ordered = sorted(
            self.items,
            key=lambda i: (not i.overdue, i.due is None, i.due or datetime.date.max),
        )
        return ordered[:SHOWN_ITEMS]


QueueProvider = Callable[[Any], Queue | None]

_PROVIDERS: dict[str, tuple[int, QueueProvider]] = {}


def workbench_register(key: str, provider: QueueProvider, *, order: int = 100) -> None:
    """Add (or replace) the queue ``key``; ``order`` places it among queues without overdue
    items."""
    _PROVIDERS[key] = (order, provider)


def workbench_queues(user: Any) -> list[Queue]:
    """Every queue ``user``'s roles give them: queues with overdue items first, then the
    queues with work, then the empty ones, each group in registration order."""
    found: list[tuple[int, Queue]] = []
    for _key, (order, provider) in sorted(_PROVIDERS.items(), key=lambda kv: kv[1][0]):
        queue = provider(user)
        if queue is not None:
            found.append((order, queue))
    found.sort(key=lambda oq: (oq[1].overdue == 0, oq[1].count == 0, oq[0]))
    return [queue for _order, queue in found]
