"""Demo content of the courses part (idempotent): Aarhus's two-year elective with five
modules, two published lesson plans in the knowledge hub, and the demo class 8.B following the
course."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from socius.core.models import Municipality, Theme
from socius.knowledge.models import LessonPlanPage, atlas_indicators
from socius.knowledge.services import plain_to_rich_text
from socius.knowledge.setup import knowledge_index_ensure
from socius.school import services_courses
from socius.school.demo_classes import demo_class
from socius.school.models import Course, SchoolClass

COURSE_SLUG = "medborgerskab-i-8-9-klasse"

LESSON_PLANS: list[dict[str, Any]] = [
    {
        "slug": "lektionsplan-tal-om-vores-kommune",
        "title": "Tal om vores kommune",
        "summary": (
            "Klassen finder tal om sin egen kommune. Hvor mange bor her? Hvem er unge, og "
            "hvem er gamle? Eleverne laver en lille plakat med tre tal, der overrasker dem."
        ),
        "goals": (
            "Eleverne kan finde et tal om kommunen i det sociale atlas.\n"
            "Eleverne kan forklare, hvad tallet siger, og hvad det ikke siger.\n"
            "Eleverne kan sammenligne med en anden kommune."
        ),
        "lessons": 4,
        "material": "En computer til hver gruppe. Karton og tusser til plakaten.",
        "municipal_data": (
            "Folketal for kommunen og to andre kommuner. Brug atlassets side for kommunen."
        ),
        "codes": ["folketal", "gini"],
        "body": (
            "Lektion 1: Hvad ved vi om vores kommune? Eleverne gætter først.\n\n"
            "Lektion 2 og 3: Grupperne finder tallene i atlasset og tjekker deres gæt.\n\n"
            "Lektion 4: Grupperne viser deres plakat og fortæller om ét tal."
        ),
    },
    {
        "slug": "lektionsplan-et-forslag-til-byraadet",
        "title": "Et forslag til byrådet",
        "summary": (
            "Klassen vælger en sag, der betyder noget for unge i kommunen. Eleverne skriver "
            "et kort forslag og finder ud af, hvem i kommunen der bestemmer over sagen."
        ),
        "goals": (
            "Eleverne kan beskrive en sag med egne ord.\n"
            "Eleverne ved, hvem i kommunen der bestemmer over sagen.\n"
            "Eleverne kan skrive et forslag, som andre kan skrive under på."
        ),
        "lessons": 6,
        "material": "Kommunens hjemmeside om byrådet og udvalgene. Et skema til forslaget.",
        "municipal_data": "Kommunens budget for skoler og fritid, hvis klassen vil bruge det.",
        "codes": [],
        "body": (
            "Lektion 1-2: Klassen finder sager og stemmer om, hvilken de vil arbejde med.\n\n"
            "Lektion 3-4: Grupperne skriver forslaget og taler med en politiker.\n\n"
            "Lektion 5-6: Klassen retter forslaget til og sender det som ungeforslag."
        ),
    },
]

MODULES: list[tuple[str, str, int, str]] = [
    (
        "Fællesskaber i lokalområdet",
        "Eleverne finder foreninger og fællesskaber, hvor de bor, og taler om, hvorfor folk "
        "er med.",
        20,
        "",
    ),
    (
        "Tal om vores kommune",
        "Eleverne bruger kommunens egne tal og forklarer, hvad de viser.",
        25,
        "lektionsplan-tal-om-vores-kommune",
    ),
    (
        "Debat på tværs af partier",
        "Klassen holder en samtale, hvor alle bliver hørt, og møder politikere fra flere partier.",
        25,
        "",
    ),
    (
        "Besøg i en forening",
        "Klassen besøger en forening og ser, hvordan frivillige får ting til at ske.",
        20,
        "",
    ),
    (
        "Et forslag til byrådet",
        "Klassen skriver et forslag til byrådet og samler underskrifter.",
        30,
        "lektionsplan-et-forslag-til-byraadet",
    ),
]


def _lesson_plans() -> dict[str, LessonPlanPage]:
    """The demo lesson plans, created and published once (as knowledge/demo.py does)."""
    index = knowledge_index_ensure()
    theme = Theme.objects.filter(slug="medborgerskab").first()
    plans: dict[str, LessonPlanPage] = {}
    for item in LESSON_PLANS:
        existing = LessonPlanPage.objects.child_of(index).filter(slug=item["slug"]).first()
        if existing is None:
            # Only the atlas's own codes: its demo figures may not be loaded.
            codes = [c for c in item["codes"] if c in atlas_indicators(item["codes"])]
            page = LessonPlanPage(
                title=item["title"],
                slug=item["slug"],
                summary=item["summary"],
                body=plain_to_rich_text(item["body"]),
                publication_date=datetime.date(2026, 8, 10),
                goals=item["goals"],
                lessons=item["lessons"],
                material=item["material"],
                municipal_data=item["municipal_data"],
                indicator_codes=", ".join(codes),
                first_grade=8,
                last_grade=9,
            )
            index.add_child(instance=page)
            if theme is not None:
                page.themes.set([theme])
            page.save_revision().publish()
            existing = LessonPlanPage.objects.get(pk=page.pk)
        plans[item["slug"]] = existing
    return plans


def _course(admin: Any, plans: dict[str, LessonPlanPage]) -> Course:
    course = Course.objects.filter(slug=COURSE_SLUG).first()
    if course is None:
        course = services_courses.course_create(
            actor=admin,
            municipality=Municipality.objects.get(code="751"),
            title="Medborgerskab i 8.-9. klasse",
            summary=(
                "Et valgfag over to år. Klassen lærer, hvordan demokratiet virker i Aarhus. "
                "Eleverne møder foreninger og politikere og skriver et forslag til byrådet."
            ),
            goals=(
                "Eleverne kan forklare, hvordan kommunen træffer beslutninger.\n"
                "Eleverne kan bruge kommunens egne tal i en debat.\n"
                "Eleverne kan lytte til og tale med folk, der mener noget andet.\n"
                "Eleverne kan skrive et forslag og samle støtte til det."
            ),
            hours=120,
            first_grade=8,
            last_grade=9,
        )
    if not course.modules.exists():
        for title, goals, hours, plan_slug in MODULES:
            services_courses.module_add(
                actor=admin,
                course=course,
                title=title,
                goals=goals,
                hours=hours,
                lesson_plan=plans.get(plan_slug),
            )
    services_courses.course_publish(actor=admin, course=course)
    return course


def demo_seed() -> list[str]:
    admin = get_user_model().objects.get(email="admin@socius.example")
    plans = _lesson_plans()
    course = _course(admin, plans)
    school_class = demo_class()
    if school_class.course_id != course.pk:
        SchoolClass.objects.filter(pk=school_class.pk).update(course=course)
    return [
        f"Medborgerskab: the course {course.title!r} at /medborgerskab/kurser/{course.slug}/ "
        f"with {course.modules.count()} modules and {len(plans)} lesson plans; 8.B follows it."
    ]
