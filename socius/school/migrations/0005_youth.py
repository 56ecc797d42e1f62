"""The youth part's tables: class projects and the pupils' contributions (models/youth.py)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("school", "0004_work"),
        ("proposals", "0004_youth_track"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="ClassProject",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("title", models.CharField(max_length=140, verbose_name="title")),
                ("problem", models.TextField(max_length=2000, verbose_name="what is wrong")),
                ("idea", models.TextField(max_length=2000, verbose_name="what the city council should do")),
                ("status", models.CharField(choices=[("draft", "Draft (only the class sees it)"), ("published", "Published under the class's name"), ("proposed", "Raised as a youth proposal")], default="draft", max_length=12, verbose_name="status")),
                ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="published at")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="teacher")),
                ("proposal", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="proposals.proposal", verbose_name="youth proposal")),
                ("school_class", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="projects", to="school.schoolclass", verbose_name="class")),
            ],
            options={
                "verbose_name": "class project",
                "verbose_name_plural": "class projects",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["status", "-published_at"], name="school_project_pub")],
            },
        ),
        migrations.CreateModel(
            name="ProjectContribution",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(max_length=1000, verbose_name="contribution")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("project", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="contributions", to="school.classproject", verbose_name="project")),
                ("pupil", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="project_contributions", to="school.pupil", verbose_name="pupil")),
            ],
            options={
                "verbose_name": "contribution to a project",
                "verbose_name_plural": "contributions to projects",
                "ordering": ["created_at", "id"],
            },
        ),
    ]  # fmt: skip
