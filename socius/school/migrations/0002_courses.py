"""The courses part's tables. Filled by the part's own models (models/courses.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_lesson_plan"),
        ("school", "0001_initial"),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="CourseModule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("title", models.CharField(max_length=150, verbose_name="title")),
                ("goals", models.TextField(blank=True, max_length=3000, verbose_name="goals")),
                ("hours", models.PositiveSmallIntegerField(default=10, verbose_name="hours")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "course",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="modules",
                        to="school.course",
                        verbose_name="course",
                    ),
                ),
                (
                    "lesson_plan",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="school_modules",
                        to="knowledge.lessonplanpage",
                        verbose_name="lesson plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "course module",
                "verbose_name_plural": "course modules",
                "ordering": ["course", "order", "id"],
            },
        ),
    ]
