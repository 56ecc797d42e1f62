"""The work part's audit actions. Never what a pupil wrote, a guess or a pseudonym."""

from django.utils.translation import gettext_lazy as _

from socius.school.audit import school_action

AUDIT_CONVERSATION_STARTED = school_action(
    "school.work.conversation_start", _("Class conversation started")
)
AUDIT_EXERCISE_CREATED = school_action("school.work.exercise_create", _("Class exercise created"))
AUDIT_MEETING_CREATED = school_action(
    "school.work.meeting_create", _("Meeting with politicians planned")
)
