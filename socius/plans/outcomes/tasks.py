"""Background work of the outcome statistics: computing a release (its page shows the
progress from ``Release.progress_done``)."""

from __future__ import annotations

import logging

from django.tasks import task

from socius.plans.outcomes.models import Release

logger = logging.getLogger(__name__)


@task()
def release_run(release_id: int) -> None:
    """Compute a queued release once."""
    from socius.plans.outcomes.services import release_compute

    release = (
        Release.objects.filter(pk=release_id, status=Release.Status.QUEUED)
        .select_related("municipality")
        .first()
    )
    if release is None:
        return
    try:
        release_compute(release=release)
    except Exception as exc:
        logger.error("Outcome release %s failed: %s", release_id, type(exc).__name__)
        Release.objects.filter(pk=release_id).update(status=Release.Status.FAILED)
        raise
