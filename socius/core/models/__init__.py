from socius.core.models.audit import AuditEntry
from socius.core.models.geography import Municipality, Region
from socius.core.models.notifications import MailOptOut, Notification
from socius.core.models.organisations import Membership, Organisation
from socius.core.models.people import Party, PoliticianProfile, RoleAssignment
from socius.core.models.spaces import MunicipalSpace
from socius.core.models.tasks import MailDelivery, TaskWorker
from socius.core.models.themes import Theme
from socius.core.models.threads import (
    Thread,
    ThreadEvent,
    ThreadFollow,
    ThreadLink,
    ThreadStep,
)

__all__ = [
    "AuditEntry",
    "MailDelivery",
    "MailOptOut",
    "Membership",
    "MunicipalSpace",
    "Municipality",
    "Notification",
    "Organisation",
    "Party",
    "PoliticianProfile",
    "Region",
    "RoleAssignment",
    "TaskWorker",
    "Theme",
    "Thread",
    "ThreadEvent",
    "ThreadFollow",
    "ThreadLink",
    "ThreadStep",
]
