"""The courses part's audit actions (see audit.py). Entries name the course and the fields
changed, never free text."""

from django.utils.translation import gettext_lazy as _

from socius.school.audit import school_action

AUDIT_COURSE_CREATED = school_action("school.course.create", _("Course created"))
AUDIT_COURSE_UPDATED = school_action("school.course.update", _("Course changed"))
AUDIT_COURSE_PUBLISHED = school_action("school.course.publish", _("Course published"))
AUDIT_COURSE_UNPUBLISHED = school_action("school.course.unpublish", _("Course unpublished"))
AUDIT_MODULE_ADDED = school_action("school.course.module_add", _("Course module added"))
AUDIT_MODULE_UPDATED = school_action("school.course.module_update", _("Course module changed"))
AUDIT_MODULE_REMOVED = school_action("school.course.module_remove", _("Course module removed"))
AUDIT_MODULE_MOVED = school_action("school.course.module_move", _("Course module moved"))
