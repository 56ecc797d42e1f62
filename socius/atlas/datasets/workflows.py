"""Dataset states and who may move a dataset between them, as data (engine:
socius.core.workflows).

``OWNER`` is the researcher who owns the dataset and still holds the publishing capability.
Reviewers (``atlas.dataset_review``) may take any published dataset down and put it back;
the owner may withdraw their own. Withdrawing needs a reason, kept on the dataset and in the
audit entry.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.atlas.datasets import audit
from socius.atlas.datasets.models import DatasetState
from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.workflows import StandIn, Transition, Workflow

OWNER = StandIn("dataset_owner", _("the dataset's owner"))


def is_owner(actor: Any, obj: Any) -> bool:
    """The owner, while they may still publish datasets."""
    return bool(
        getattr(actor, "pk", None) == obj.owner_id
        and user_can(actor, Capability.ATLAS_DATASET_PUBLISH)
    )


_S = DatasetState
_REVIEW = frozenset({Capability.ATLAS_DATASET_REVIEW})

DATASET_WORKFLOW = Workflow(
    name="datasets.dataset",
    noun=_("the dataset"),
    states=DatasetState,
    stand_ins={OWNER: is_owner},
    transitions=(
        Transition(
            "publish",
            frozenset({_S.DRAFT}),
            _S.PUBLISHED,
            audit.AUDIT_DATASET_PUBLISHED,
            stand_ins=frozenset({OWNER}),
            label=_("Publish"),
        ),
        Transition(
            "withdraw",
            frozenset({_S.PUBLISHED}),
            _S.WITHDRAWN,
            audit.AUDIT_DATASET_WITHDRAWN,
            capabilities=_REVIEW,
            stand_ins=frozenset({OWNER}),
            label=_("Withdraw"),
            requires=frozenset({"reason"}),
        ),
        Transition(
            "restore",
            frozenset({_S.WITHDRAWN}),
            _S.PUBLISHED,
            audit.AUDIT_DATASET_RESTORED,
            capabilities=_REVIEW,
            label=_("Publish again"),
        ),
    ),
)
