"""Audit actions of the classes part. An entry names the class, the teacher or the pupil by
id only: never a pseudonym, a class code or a personal code."""

from django.utils.translation import gettext_lazy as _

from socius.school.audit import school_action

AUDIT_TEACHER_DECLARED = school_action("school.classes.teacher_declared", _("Teacher declared"))
AUDIT_TEACHER_VERIFIED = school_action("school.classes.teacher_verified", _("Teacher verified"))
AUDIT_TEACHER_UNVERIFIED = school_action(
    "school.classes.teacher_unverified", _("Teacher's verification withdrawn")
)
AUDIT_SCHOOL_CREATED = school_action("school.classes.school_created", _("School added"))
AUDIT_CLASS_CREATED = school_action("school.classes.class_created", _("Class created"))
AUDIT_CLASS_UPDATED = school_action("school.classes.class_updated", _("Class changed"))
AUDIT_CLASS_ARCHIVED = school_action("school.classes.class_archived", _("Class archived"))
AUDIT_CLASS_CODE_RENEWED = school_action("school.classes.code_renewed", _("New class code made"))
AUDIT_CLASS_JOINING = school_action("school.classes.joining_changed", _("Joining opened or closed"))
AUDIT_PUPIL_JOINED = school_action("school.classes.pupil_joined", _("Pupil joined a class"))
AUDIT_PUPIL_CODE_RESET = school_action(
    "school.classes.pupil_code_reset", _("New personal code for a pupil")
)
AUDIT_PUPIL_CONSENT = school_action(
    "school.classes.pupil_consent", _("Guardian's consent recorded or withdrawn")
)
AUDIT_PUPIL_REMOVED = school_action("school.classes.pupil_removed", _("Pupil removed"))
