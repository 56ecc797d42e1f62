"""What happens when the review workflow is approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Editors do not hold Wagtail's ``publish_page`` permission, so they cannot publish past the
review; the approval by a second editor is what publishes. Wagtail's default finish action
would check the approver's publish permission and refuse, so this one publishes the approved
revision without that check. Only a workflow reaching its end calls it, and our task
(``SecondEditorApprovalTask``) lets nobody approve their own work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socius.accounts.models import User


def publish_approved(workflow_state: Any, user: User | None = None) -> None:
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
