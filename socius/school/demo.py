"""Danish demo content of the citizenship elective (idempotent), part by part: the teacher,
class 8.B and its pupils; the municipality's course with lesson plans; associations' offers
and the class's visits; the class conversation, exercises and a mini-Folkemøde; the class's
project raised as a youth proposal. Runs after the proposals' demo (INSTALLED_APPS order),
which seeds only into an empty proposals table."""

from __future__ import annotations

from socius.school import demo_classes, demo_courses, demo_visits, demo_work, demo_youth


def demo_seed() -> list[str]:
    lines: list[str] = []
    for part in (demo_classes, demo_courses, demo_visits, demo_work, demo_youth):
        lines += part.demo_seed()
    return lines
