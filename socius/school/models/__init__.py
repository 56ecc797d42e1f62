"""The citizenship elective. One file per part: ``classes`` (schools, teachers, classes and
pupils: every other part hangs on a class), ``courses`` (the municipality's elective and its
modules), ``visits`` (associations' offers and the classes' bookings), ``work`` (the class's
conversation, atlas exercises and meetings with politicians), ``youth`` (class projects and
youth proposals)."""

from socius.school.models import courses, visits, work, youth
from socius.school.models.classes import (
    PUPIL_EMAIL_DOMAIN,
    ConsentBasis,
    Pupil,
    School,
    SchoolClass,
    TeacherProfile,
)
from socius.school.models.courses import *  # noqa: F403
from socius.school.models.visits import *  # noqa: F403
from socius.school.models.work import *  # noqa: F403
from socius.school.models.youth import *  # noqa: F403

__all__ = ["PUPIL_EMAIL_DOMAIN", "ConsentBasis", "Pupil", "School", "SchoolClass", "TeacherProfile"]
__all__ += courses.__all__
__all__ += visits.__all__
__all__ += work.__all__
__all__ += youth.__all__
