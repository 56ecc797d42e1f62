"""Danish demo content for the treasury (idempotent): spending lines linked to the demo's
publications, events and atlas pages (looked up through their modules' selectors; a missing
one is skipped), and an uploaded bank statement with a booked, an unmatched and a debit line."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from socius.core.access import users_with_capability
from socius.core.roles import Capability
from socius.support.treasury import services
from socius.support.treasury.models import BankStatement, Spending

S = Spending.Category
L = Spending.LinkKind


def _targets() -> dict[str, str]:
    """A publication, an event and an atlas indicator of the demo, where they exist."""
    from socius.atlas.selectors import indicator_list_active
    from socius.events.selectors import event_list_public
    from socius.knowledge.selectors import published_publications

    found: dict[str, str] = {}
    publication = published_publications().first()
    event = event_list_public().first()
    indicator = indicator_list_active().first()
    if publication is not None:
        found[L.KNOWLEDGE] = publication.slug
    if event is not None:
        found[L.EVENT] = event.slug
    if indicator is not None:
        found[L.ATLAS] = indicator.code
    return found


def _spending(actor: Any, today: datetime.date) -> int:
    targets = _targets()
    lines = [
        (S.PUBLICATIONS, "Rapport om ensomhed blandt unge voksne", 45_000_00, L.KNOWLEDGE,
         "Interviews, analyse og layout af rapporten."),
        (S.EVENTS, "Leje af sal og tolk til konferencen", 18_500_00, L.EVENT,
         "Salen, tegnsprogstolk og kaffe til deltagerne."),
        (S.RESEARCH, "Nye tal i det sociale atlas", 22_000_00, L.ATLAS,
         "Udtræk fra Danmarks Statistik og kvalitetskontrol af tallene."),
        (S.ADMINISTRATION, "Revision af regnskabet", 8_750_00, "", "Den årlige revision."),
    ]  # fmt: skip
    made = 0
    for n, (category, title, amount, kind, text) in enumerate(lines):
        if kind and kind not in targets:
            continue
        services.spending_save(
            actor=actor,
            data={
                "spent_on": today - datetime.timedelta(days=30 + 20 * n),
                "amount_ore": amount,
                "category": category,
                "title": title,
                "description": text,
                "link_kind": kind,
                "link_target": targets.get(kind, ""),
            },
        )
        made += 1
    return made


def _statement_xml(reference: str, amount_ore: int, today: datetime.date) -> bytes:
    day = today.isoformat()
    kroner = f"{amount_ore // 100}.{amount_ore % 100:02d}"
    entries = [
        (kroner, "CRDT", "Mette Borger", f"Gave {reference.lower()}", "DEMO0001"),
        ("150.00", "CRDT", "Ole Hansen", "Tak for jeres arbejde", "DEMO0002"),
        ("45.00", "DBIT", "", "Gebyr", "DEMO0003"),
    ]
    body = "".join(
        f"<Ntry><Amt Ccy='DKK'>{amount}</Amt><CdtDbtInd>{ind}</CdtDbtInd>"
        f"<BookgDt><Dt>{day}</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef><NtryDtls><TxDtls>"
        f"<RltdPties><Dbtr><Nm>{name}</Nm></Dbtr></RltdPties>"
        f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        for amount, ind, name, text, ref in entries
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'><BkToCstmrStmt>"
        f"<Stmt><Id>DEMO-{day}</Id><Acct><Id><IBAN>DK5000400440116243</IBAN></Id>"
        f"<Ccy>DKK</Ccy></Acct>{body}</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def _statement(actor: Any, today: datetime.date) -> bool:
    from socius.support.models import Supporter

    try:
        from socius.support.payments.services import bank_transfer_book, payment_start
    except ImportError:
        return False
    supporter = Supporter.objects.order_by("pk").first()
    if supporter is None or bank_transfer_book is None:
        return False
    payment = payment_start(
        supporter=supporter, purpose="gift", amount_ore=200_00, provider="bank",
        idempotency_key="demo:treasury:statement", description="Gave", return_url="",
    )  # fmt: skip
    data = _statement_xml(payment.reference, payment.amount_ore, today)
    services.statement_upload(actor=actor, data=data, file_name="kontoudtog-demo.xml")
    return True


def demo_seed() -> list[str]:
    if Spending.objects.exists() or BankStatement.objects.exists():
        return []
    actor = users_with_capability(Capability.SUPPORT_TREASURER).order_by("pk").first()
    if actor is None:
        return ["Treasury: no treasurer in the demo, so no spending or bank statement."]
    today = timezone.localdate()
    made = _spending(actor, today)
    uploaded = _statement(actor, today)
    return [
        f"Treasury: {made} spending lines linked to what they paid for"
        + (", and a bank statement with a booked and an unmatched transfer." if uploaded else ".")
    ]
