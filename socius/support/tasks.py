"""Support's background work: sending an issue of the newsletter (the issue's page shows its
progress from ``NewsletterIssue.sent_count``)."""

from __future__ import annotations

from django.tasks import task


@task()
def newsletter_issue_deliver(issue_id: int) -> int:
    """Send the issue to each recipient not yet sent to (safe to run again; see
    services_newsletter.newsletter_issue_deliver)."""
    from socius.support.services_newsletter import newsletter_issue_deliver as deliver

    return deliver(issue_id=issue_id)
