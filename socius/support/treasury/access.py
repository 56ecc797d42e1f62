"""The one door to the treasury's objects. Every page behind it also needs
``SUPPORT_TREASURER`` (checked by the views' decorator first, so a 403 never depends on
whether an id exists); an unknown id is then a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from socius.core.access import require
from socius.core.roles import Capability
from socius.support.treasury.models import BankLine, BankStatement, Spending

if TYPE_CHECKING:
    from socius.accounts.models import User


def statement_for_treasurer(*, user: User, pk: int) -> BankStatement:
    """An uploaded statement, for the treasurer."""
    require(user, Capability.SUPPORT_TREASURER)
    statement = BankStatement.objects.select_related("uploaded_by").filter(pk=pk).first()
    if statement is None:
        raise Http404
    return statement


def line_for_treasurer(*, user: User, pk: int) -> BankLine:
    """One bank line, for the treasurer."""
    require(user, Capability.SUPPORT_TREASURER)
    line = BankLine.objects.select_related("statement").filter(pk=pk).first()
    if line is None:
        raise Http404
    return line


def spending_for_treasurer(*, user: User, pk: int) -> Spending:
    """One spending line, for the treasurer."""
    require(user, Capability.SUPPORT_TREASURER)
    spending = Spending.objects.filter(pk=pk).first()
    if spending is None:
        raise Http404
    return spending
