"""Reading ISO 20022 camt.053 bank statements (BkToCstmrStmt), versions 001.02 and later.

Only what reconciliation needs is read: per statement its id, account, currency and period;
per entry (Ntry) the amount and its sign (CdtDbtInd), the booking date, the debtor's name, the
remittance text (unstructured Ustrd and structured CdtrRefInf/Ref), the end-to-end id and the
bank's own entry reference (AcctSvcrRef). Namespaces are matched by prefix, so
camt.053.001.02 to .13 read alike.

Threat model: the file comes from the treasurer's bank, but it is uploaded through a web form,
so it is treated as hostile. A billion-laughs or external-entity attack (XXE) is refused
because defusedxml forbids every DTD, entity declaration and external reference. A huge file
is refused before it is parsed (``MAX_BYTES``), and the number of entries is capped. Zip
(and gzip) archives are refused outright by their magic bytes, so a zip bomb is never
unpacked. Amounts are read as exact decimals and must fit whole øre; anything odd is an error
and nothing is booked (the caller books in one transaction).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 20_000
NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"7z\xbc\xaf")
_AMOUNT = re.compile(r"^[0-9]{1,15}(?:\.[0-9]{1,5})?$")


class CamtError(ValueError):
    """A file that is not a camt.053 statement we can read, with a message saying why."""

    def __init__(self, message: StrOrPromise, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class CamtEntry:
    index: int
    amount_ore: int  # credit positive, debit negative
    currency: str
    booked_on: datetime.date | None
    debtor_name: str = ""
    remittance: str = ""
    end_to_end_id: str = ""
    bank_ref: str = ""  # AcctSvcrRef: the bank's own id of the entry
    reversal: bool = False


@dataclass(frozen=True)
class CamtStatement:
    statement_id: str
    account: str
    currency: str
    period_from: datetime.date | None
    period_to: datetime.date | None
    entries: list[CamtEntry] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: Element | None, *path: str) -> Element | None:
    """The first descendant along ``path`` of local names, ignoring the namespace."""
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _children(el: Element | None, name: str) -> list[Element]:
    return [] if el is None else [c for c in el if _local(c.tag) == name]


def _text(el: Element | None, *path: str, limit: int = 500) -> str:
    found = _child(el, *path)
    return " ".join((found.text or "").split())[:limit] if found is not None else ""


def _date(el: Element | None) -> datetime.date | None:
    """A Dt or DtTm child (ISODate or ISODateTime)."""
    text = _text(el, "Dt") or _text(el, "DtTm")[:10]
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise CamtError(_("A date in the file is not valid: %(value)s."), value=text[:20]) from exc


def _amount_ore(el: Element | None) -> tuple[int, str]:
    if el is None or not _AMOUNT.match((el.text or "").strip()):
        raise CamtError(_("An entry has no valid amount."))
    value = Decimal(el.text.strip()) * 100  # type: ignore[union-attr]
    if value != value.to_integral_value():
        raise CamtError(_("An amount has more decimals than øre allow: %(value)s."), value=el.text)
    return int(value), (el.get("Ccy") or "")[:3].upper()


def _entry(index: int, ntry: Element) -> CamtEntry:
    amount, currency = _amount_ore(_child(ntry, "Amt"))
    indicator = _text(ntry, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise CamtError(_("An entry says neither credit nor debit."))
    texts: list[str] = []
    debtor = end_to_end = ""
    for tx in (t for d in _children(ntry, "NtryDtls") for t in _children(d, "TxDtls")):
        rmt = _child(tx, "RmtInf")
        texts += [_text(u) for u in _children(rmt, "Ustrd")]
        texts += [_text(s, "CdtrRefInf", "Ref") for s in _children(rmt, "Strd")]
        # 001.02-001.07: RltdPties/Dbtr/Nm; 001.08 and later: RltdPties/Dbtr/Pty/Nm.
        debtor = debtor or _text(tx, "RltdPties", "Dbtr", "Nm", limit=140)
        debtor = debtor or _text(tx, "RltdPties", "Dbtr", "Pty", "Nm", limit=140)
        end_to_end = end_to_end or _text(tx, "Refs", "EndToEndId", limit=35)
    if not any(texts):
        texts.append(_text(ntry, "AddtlNtryInf"))
    if end_to_end == "NOTPROVIDED":
        end_to_end = ""
    return CamtEntry(
        index=index,
        amount_ore=amount if indicator == "CRDT" else -amount,
        currency=currency,
        booked_on=_date(_child(ntry, "BookgDt")),
        debtor_name=debtor,
        remittance=" ".join(t for t in texts if t)[:500],
        end_to_end_id=end_to_end,
        bank_ref=_text(ntry, "AcctSvcrRef", limit=35),
        reversal=_text(ntry, "RvslInd").lower() == "true",
    )


def _root(data: bytes) -> Element:
    if not data.strip():
        raise CamtError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise CamtError(
            _("The file is too large: at most %(limit)s MB."), limit=MAX_BYTES // (1024 * 1024)
        )
    if data.startswith(_ARCHIVE_MAGIC):
        raise CamtError(
            _("Packed files (zip) are not accepted. Unpack the statement and upload the XML file.")
        )
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise CamtError(
            _("The file contains a document type or entity declarations, which are refused.")
        ) from exc
    except (ParseError, ValueError) as exc:
        raise CamtError(_("The file is not valid XML, so nothing was booked.")) from exc


def camt_read(data: bytes) -> list[CamtStatement]:
    """The statements in a camt.053 file; ``CamtError`` with a readable message otherwise."""
    root = _root(data)
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if not namespace.startswith(NAMESPACE_PREFIX) or _local(root.tag) != "Document":
        raise CamtError(_("The file is not a camt.053 bank statement (ISO 20022)."))
    statements = _children(_child(root, "BkToCstmrStmt"), "Stmt")
    if not statements:
        raise CamtError(_("The file holds no statement (Stmt)."))
    result: list[CamtStatement] = []
    index = 0
    for stmt in statements:
        acct = _child(stmt, "Acct")
        account = _text(acct, "Id", "IBAN", limit=40) or _text(acct, "Id", "Othr", "Id", limit=40)
        period = _child(stmt, "FrToDt")
        entries = []
        for ntry in _children(stmt, "Ntry"):
            index += 1
            if index > MAX_ENTRIES:
                raise CamtError(
                    _("The file has too many entries: at most %(limit)s."), limit=MAX_ENTRIES
                )
            entries.append(_entry(index, ntry))
        result.append(
            CamtStatement(
                statement_id=_text(stmt, "Id", limit=140),
                account=account,
                currency=_text(acct, "Ccy", limit=3),
                period_from=_datetime_date(_text(period, "FrDtTm")),
                period_to=_datetime_date(_text(period, "ToDtTm")),
                entries=entries,
            )
        )
    return result


def _datetime_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
