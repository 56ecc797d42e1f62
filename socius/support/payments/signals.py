"""What the payments tell the rest of the module, sent inside the transaction that wrote the
ledger (receivers update gifts and memberships in the same transaction; mail goes on commit).

- ``payment_captured(sender, payment, entry)``: money arrived; ``entry`` is the new LedgerEntry.
- ``payment_refunded(sender, payment, entry)``: ``entry.amount_ore`` is negative.
- ``payment_failed(sender, payment)``: the payer gave up, the card was declined, it expired.
- ``mandate_changed(sender, mandate)``: a mandate became active, started failing or stopped.

Each is sent once per ledger entry or state change, however often a webhook is delivered.
"""

from django.dispatch import Signal

payment_captured = Signal()
payment_refunded = Signal()
payment_failed = Signal()
mandate_changed = Signal()
