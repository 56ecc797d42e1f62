"""The work part's tables: class conversations, exercises on the atlas's figures and meetings
with politicians (models/work.py)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("school", "0003_visits"),
        ("deliberation", "0005_conversation_audience"),
        ("events", "0001_events_registrations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClassConversation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "conversation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="deliberation.conversation",
                    ),
                ),
                (
                    "school_class",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conversations",
                        to="school.schoolclass",
                        verbose_name="class",
                    ),
                ),
            ],
            options={
                "verbose_name": "class conversation",
                "verbose_name_plural": "class conversations",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ClassExercise",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("indicator_code", models.SlugField(max_length=80, verbose_name="indicator")),
                ("question", models.CharField(max_length=300, verbose_name="question")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "school_class",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exercises",
                        to="school.schoolclass",
                        verbose_name="class",
                    ),
                ),
            ],
            options={
                "verbose_name": "exercise",
                "verbose_name_plural": "exercises",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ClassMeeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="events.event",
                    ),
                ),
                (
                    "school_class",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meetings",
                        to="school.schoolclass",
                        verbose_name="class",
                    ),
                ),
            ],
            options={
                "verbose_name": "class meeting",
                "verbose_name_plural": "class meetings",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="MeetingQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=300, verbose_name="your question")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "school_class",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meeting_questions",
                        to="school.schoolclass",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="questions",
                        to="school.classmeeting",
                    ),
                ),
                (
                    "pupil",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="meeting_questions",
                        to="school.pupil",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="ExerciseAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "guess",
                    models.DecimalField(decimal_places=2, max_digits=14, verbose_name="your guess"),
                ),
                (
                    "reflection",
                    models.TextField(
                        blank=True, max_length=500, verbose_name="what do you think now?"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "exercise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="school.classexercise",
                    ),
                ),
                (
                    "pupil",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exercise_answers",
                        to="school.pupil",
                    ),
                ),
            ],
            options={
                "ordering": ["exercise_id", "created_at", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("exercise", "pupil"), name="school_answer_once")
                ],
            },
        ),
    ]
