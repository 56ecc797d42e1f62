"""What a restore must give back of citizen proposals: each proposal's newest published count
with its Merkle root (``manage.py backup`` writes them to the manifest; ``restore`` computes
them again on the restored database and refuses a copy where they differ)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery

from socius.core.backup import backup_check_register
from socius.proposals.merkle import merkle_root
from socius.proposals.models import Tally


def merkle_roots_latest() -> list[dict[str, Any]]:
    """Each proposal's newest tally: the published root, and the root recomputed from the
    published leaves (the two differ only if a stored row was changed)."""
    newest = Tally.objects.filter(proposal=OuterRef("proposal")).order_by("-day").values("day")
    tallies = (
        Tally.objects.filter(day=Subquery(newest[:1]))
        .order_by("proposal__public_id")
        .values_list("proposal__public_id", "day", "online", "paper", "merkle_root", "leaves")
    )
    return [
        {
            "proposal": str(public_id),
            "day": day.isoformat(),
            "online": online,
            "paper": paper,
            "merkle_root": root,
            "leaves_root": merkle_root(leaves.split("\n") if leaves else []),
        }
        for public_id, day, online, paper, root, leaves in tallies.iterator()
    ]


backup_check_register("proposals.merkle_roots", merkle_roots_latest)
