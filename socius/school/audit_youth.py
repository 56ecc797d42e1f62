"""The youth part's audit actions. An entry names the project, never what a pupil wrote nor a
pseudonym."""

from django.utils.translation import gettext_lazy as _

from socius.school.audit import school_action

AUDIT_PROJECT_CREATED = school_action("school.youth.create", _("Class project started"))
AUDIT_PROJECT_UPDATED = school_action("school.youth.update", _("Class project changed"))
AUDIT_PROJECT_CONTRIBUTED = school_action(
    "school.youth.contribute", _("A pupil added to a class project")
)
AUDIT_PROJECT_PUBLISHED = school_action(
    "school.youth.publish", _("Class project published under the class's name")
)
AUDIT_PROJECT_PROPOSED = school_action(
    "school.youth.propose", _("Class project raised as a youth proposal")
)
