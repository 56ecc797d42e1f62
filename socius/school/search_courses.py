"""Published courses in search: title, summary, goals and the modules' titles. A draft is
never indexed; unpublishing a course takes it out (the indexer asks ``course_document``
again after every save)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from socius.core.search_registry import Document, search_index_on_commit, search_register
from socius.school.models import Course, CourseModule
from socius.school.selectors_courses import course_list_for_search

KIND = "school_course"


def course_document(course: Course) -> Document | None:
    """The course as its public page shows it, or None while it is a draft."""
    if course.status != Course.Status.PUBLISHED:
        return None
    modules = "\n".join(m.title for m in course.modules.all())
    body = "\n".join(p for p in (course.summary, course.goals, modules) if p)
    return Document(
        title=f"{course.title} ({course.municipality.name})",
        body=body,
        url=course.get_absolute_url(),
        kind=KIND,
        module="school",
        themes=("medborgerskab",),
        published=course.created_at,
    )


def _module_changed(instance: CourseModule, **kwargs: Any) -> None:
    # A course's text includes its modules' titles.
    if kwargs.get("raw"):
        return
    search_index_on_commit(kind=KIND, pk=instance.course_id)


search_register(
    kind=KIND,
    module="school",
    model=Course,
    label=_("Citizenship courses"),
    document=course_document,
    queryset=course_list_for_search,
)
post_save.connect(_module_changed, sender=CourseModule, dispatch_uid="search-school-module-save")
post_delete.connect(
    _module_changed, sender=CourseModule, dispatch_uid="search-school-module-delete"
)
