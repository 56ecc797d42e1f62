"""The rules' answer to ``contracts_changed``: re-assess the contracts named."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socius.procurement.rules.services import assessments_refresh


def contracts_changed_reassess(
    sender: Any, *, contract_ids: Sequence[int] = (), **kwargs: Any
) -> None:
    """The signal is sent after commit, so the contracts are there to read."""
    if contract_ids:
        assessments_refresh(contract_ids=contract_ids)
