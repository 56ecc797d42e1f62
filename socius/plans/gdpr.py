"""The plan in the account's own export and erasure (core.personal_data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.core.personal_data import personal_data_register

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any] | None:
    from socius.plans.export import plan_export_data
    from socius.plans.models import Plan

    plan = Plan.objects.filter(owner=user).first()
    return plan_export_data(plan, with_files=False) if plan is not None else None


def _erase(user: User) -> None:
    from socius.plans.deletion import plan_delete
    from socius.plans.models import Plan

    plan = Plan.objects.filter(owner=user).first()
    if plan is not None:
        plan_delete(actor=user, plan=plan)


personal_data_register("plans", export=_export, erase=_erase)
