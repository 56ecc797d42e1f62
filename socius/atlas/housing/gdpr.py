"""Housing's part of a person's data export and erasure (see socius/core/personal_data.py).

The one thing about a person here is their own interest in intergenerational housing: what
they told us and the consent they gave. It is exported, and deleted with the account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.atlas.housing.models import HousingInterest
from socius.core.personal_data import personal_data_register

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any]:
    interest = HousingInterest.objects.filter(user=user).prefetch_related("municipalities").first()
    if interest is None:
        return {"intergenerational_interest": None}
    return {
        "intergenerational_interest": {
            "age_group": interest.age_group,
            "household_size": interest.household_size,
            "groups": list(interest.groups),
            "needs": list(interest.needs),
            "municipalities": [m.code for m in interest.municipalities.all()],
            "consent_text": interest.consent_text,
            "consented_at": interest.consented_at.isoformat(),
            "created_at": interest.created_at.isoformat(),
            "updated_at": interest.updated_at.isoformat(),
        }
    }


def _erase(user: User) -> None:
    HousingInterest.objects.filter(user=user).delete()


personal_data_register("housing", export=_export, erase=_erase)
