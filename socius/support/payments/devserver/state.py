"""What the development provider remembers: payments, mandates, refunds, all in memory.

Every change returns the webhook events it causes; the caller hands them to the outbox. One
lock guards everything: the server is small and its state is tiny.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import itertools
import json
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Faults:
    """The faults real providers have, switched on at start or per request."""

    duplicates: int = 0  # extra deliveries of every webhook
    reorder: bool = False  # the events one action causes are sent newest first
    delay: float = 0.0  # seconds before each webhook is sent
    refund_before_capture: bool = False  # a capture's webhook is held until its refund's is sent
    fail_first: bool = False  # the API answers 500 to the first try of each idempotency key
    decline_charges: bool = False  # charges under a mandate fail

    @classmethod
    def from_mapping(cls, data: Any, base: Faults | None = None) -> Faults:
        """``base`` with the fields named in ``data`` replaced; unknown names are refused."""
        if not isinstance(data, dict):
            raise ValueError("faults must be a JSON object")
        names = {f.name: f.type for f in dataclasses.fields(cls)}
        unknown = set(data) - set(names)
        if unknown:
            raise ValueError(f"unknown faults: {', '.join(sorted(unknown))}")
        values = dataclasses.asdict(base or cls())
        for name, value in data.items():
            if names[name] == "bool":
                values[name] = bool(value)
            elif names[name] == "int":
                values[name] = max(0, min(int(value), 10))
            else:
                values[name] = max(0.0, min(float(value), 30.0))
        return cls(**values)

    @classmethod
    def from_option(cls, text: str) -> Faults:
        """``--faults duplicates=2,reorder,delay=0.5`` (a bare name switches a fault on)."""
        data: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, value = part.partition("=")
            data[name.replace("-", "_")] = value or True
        return cls.from_mapping(data)


class Conflict(Exception):
    """The request does not fit the object's state (HTTP 409) or reuses a key (HTTP 422)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Event:
    """One webhook to send: the contract's body, and where to send it."""

    body: dict[str, Any]
    target: str
    hold: bool = False  # refund_before_capture: wait for this payment's refund


@dataclass
class Payment:
    id: str
    reference: str
    amount: int
    description: str
    return_url: str
    webhook_url: str
    faults: Faults
    mandate: str = ""
    status: str = "pending"  # pending, captured, failed, cancelled
    refunded: int = 0


@dataclass
class Mandate:
    id: str
    reference: str
    amount: int
    interval: str
    description: str
    return_url: str
    webhook_url: str
    faults: Faults
    status: str = "pending"  # pending, active, stopped
    charges: list[str] = field(default_factory=list)


class Store:
    """The provider's books. Ids are short and sequential: this is a development tool."""

    def __init__(self, faults: Faults | None = None, platform: str = "") -> None:
        self.faults = faults or Faults()
        self.platform = platform.rstrip("/")
        self.payments: dict[str, Payment] = {}
        self.mandates: dict[str, Mandate] = {}
        self.lock = threading.RLock()
        self._keys: dict[str, tuple[str, str]] = {}  # idempotency key -> (fingerprint, id)
        self._failed_once: set[str] = set()
        self._ids = itertools.count(1)

    def _id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):06d}"

    # Idempotency: the same key with the same request gives the same object; with another
    # request it is an error, as at Stripe.
    def remembered(self, key: str, request: dict[str, Any]) -> str | None:
        fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        seen = self._keys.get(key)
        if seen is None:
            return None
        if seen[0] != fingerprint:
            raise Conflict("idempotency key reused with another request", status=422)
        return seen[1]

    def remember(self, key: str, request: dict[str, Any], object_id: str) -> None:
        fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        self._keys[key] = (fingerprint, object_id)

    def fail_first(self, key: str, faults: Faults) -> bool:
        """True once per key when the fault is on: the work is done, the answer is lost."""
        if not (faults.fail_first or self.faults.fail_first) or key in self._failed_once:
            return False
        self._failed_once.add(key)
        return True

    def target(self, webhook_url: str) -> str:
        return webhook_url or (
            f"{self.platform}/stoet/betaling/webhook/dev/" if self.platform else ""
        )

    def event(
        self,
        kind: str,
        *,
        payment: Payment | None = None,
        mandate: Mandate | None = None,
        amount: int | None = None,
        hold: bool = False,
    ) -> Event:
        owner: Payment | Mandate | None = payment or mandate
        if owner is None:
            raise ValueError("an event belongs to a payment or a mandate")
        body = {
            "id": self._id("evt"),
            "type": kind,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "data": {
                "payment": payment.id if payment else "",
                "mandate": mandate.id if mandate else (payment.mandate if payment else ""),
                "amount": owner.amount if amount is None else amount,
                "reference": owner.reference,
            },
        }
        return Event(body=body, target=self.target(owner.webhook_url), hold=hold)

    def payment_create(self, data: dict[str, Any], faults: Faults, mandate: str = "") -> Payment:
        payment = Payment(
            id=self._id("pay"),
            reference=str(data.get("reference", ""))[:64],
            amount=_amount(data.get("amount")),
            description=str(data.get("description", ""))[:200],
            return_url=str(data.get("return_url", "")),
            webhook_url=str(data.get("webhook_url", "")),
            faults=faults,
            mandate=mandate,
        )
        self.payments[payment.id] = payment
        return payment

    def mandate_create(self, data: dict[str, Any], faults: Faults) -> Mandate:
        interval = data.get("interval")
        if interval not in ("month", "year"):
            raise Conflict("interval must be month or year", status=400)
        mandate = Mandate(
            id=self._id("man"),
            reference=str(data.get("reference", ""))[:64],
            amount=_amount(data.get("amount")),
            interval=interval,
            description=str(data.get("description", ""))[:200],
            return_url=str(data.get("return_url", "")),
            webhook_url=str(data.get("webhook_url", "")),
            faults=faults,
        )
        self.mandates[mandate.id] = mandate
        return mandate

    def payment_decide(self, payment: Payment, approve: bool) -> list[Event]:
        """The payer pressed "Betal" or "Afvis" on the checkout page."""
        if payment.status != "pending":
            return []
        if not approve:
            payment.status = "failed"
            return [self.event("payment.failed", payment=payment)]
        payment.status = "captured"
        hold = payment.faults.refund_before_capture or self.faults.refund_before_capture
        return [
            self.event("payment.authorised", payment=payment),
            self.event("payment.captured", payment=payment, hold=hold),
        ]

    def mandate_decide(self, mandate: Mandate, approve: bool) -> list[Event]:
        if mandate.status != "pending":
            return []
        mandate.status = "active" if approve else "stopped"
        return [self.event(f"mandate.{mandate.status}", mandate=mandate)]

    def mandate_charge(self, mandate: Mandate, data: dict[str, Any]) -> tuple[Payment, list[Event]]:
        if mandate.status != "active":
            raise Conflict(f"mandate is {mandate.status}")
        payment = self.payment_create(
            {**data, "return_url": "", "webhook_url": mandate.webhook_url},
            mandate.faults,
            mandate=mandate.id,
        )
        mandate.charges.append(payment.id)
        declined = mandate.faults.decline_charges or self.faults.decline_charges
        return payment, self.payment_decide(payment, approve=not declined)

    def mandate_stop(self, mandate: Mandate) -> list[Event]:
        if mandate.status == "stopped":
            return []
        mandate.status = "stopped"
        return [self.event("mandate.stopped", mandate=mandate)]

    def payment_cancel(self, payment: Payment) -> list[Event]:
        if payment.status == "cancelled":
            return []
        if payment.status != "pending":
            raise Conflict(f"payment is {payment.status}")
        payment.status = "cancelled"
        return [self.event("payment.cancelled", payment=payment)]

    def payment_refund(self, payment: Payment, amount: Any) -> list[Event]:
        value = _amount(amount, minimum=1)
        if payment.status != "captured":
            raise Conflict(f"payment is {payment.status}")
        if payment.refunded + value > payment.amount:
            raise Conflict("refund exceeds what was captured")
        payment.refunded += value
        return [self.event("payment.refunded", payment=payment, amount=value)]


def _amount(value: Any, minimum: int = 100) -> int:
    """Whole øre only: a float, a string or a bool is refused, as is anything under 1 krone."""
    if type(value) is not int or not minimum <= value <= 100_000_000_00:
        raise Conflict("amount must be whole øre (an integer of at least 100)", status=400)
    return value


def payment_view(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "reference": payment.reference,
        "amount": payment.amount,
        "status": payment.status,
        "captured": payment.amount if payment.status == "captured" else 0,
        "refunded": payment.refunded,
        "mandate": payment.mandate,
    }


def mandate_view(mandate: Mandate) -> dict[str, Any]:
    return {
        "id": mandate.id,
        "reference": mandate.reference,
        "amount": mandate.amount,
        "interval": mandate.interval,
        "status": mandate.status,
        "charges": list(mandate.charges),
    }
