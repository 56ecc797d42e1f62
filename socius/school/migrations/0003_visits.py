"""The visits part's tables: associations' offers, classes' bookings, evaluations."""

import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_roleassignment_teacher"),
        ("school", "0002_courses"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="VisitBooking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("day", models.DateField(verbose_name="day")),
                ("starts_at", models.TimeField(verbose_name="time")),
                ("pupils", models.PositiveSmallIntegerField(verbose_name="number of pupils")),
                ("message", models.TextField(blank=True, max_length=1000, verbose_name="message")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("requested", "Waiting for an answer"),
                            ("confirmed", "Confirmed"),
                            ("declined", "Declined"),
                            ("cancelled", "Cancelled"),
                            ("held", "Held"),
                        ],
                        default="requested",
                        max_length=12,
                        verbose_name="state",
                    ),
                ),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="answered at"),
                ),
                (
                    "reminded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reminded at"),
                ),
                (
                    "evaluation_invited_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="invited to evaluate at"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="booked by",
                    ),
                ),
                (
                    "school_class",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="visit_bookings",
                        to="school.schoolclass",
                        verbose_name="class",
                    ),
                ),
            ],
            options={
                "verbose_name": "visit booking",
                "verbose_name_plural": "visit bookings",
                "ordering": ["day", "starts_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="VisitEvaluation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "side",
                    models.CharField(
                        choices=[("teacher", "The teacher"), ("association", "The association")],
                        max_length=12,
                        verbose_name="side",
                    ),
                ),
                ("score", models.PositiveSmallIntegerField(verbose_name="score")),
                (
                    "text",
                    models.TextField(
                        blank=True,
                        validators=[django.core.validators.MaxLengthValidator(1000)],
                        verbose_name="text",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "booking",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evaluations",
                        to="school.visitbooking",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "visit evaluation",
                "verbose_name_plural": "visit evaluations",
                "ordering": ["booking", "side"],
            },
        ),
        migrations.CreateModel(
            name="VisitOffer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("title", models.CharField(max_length=150, verbose_name="title")),
                ("description", models.TextField(max_length=3000, verbose_name="description")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("class_visit", "A visit to the class"),
                            ("at_association", "A visit at the association"),
                            ("placement", "A short placement"),
                        ],
                        max_length=20,
                        verbose_name="kind of visit",
                    ),
                ),
                ("place", models.CharField(max_length=200, verbose_name="place")),
                ("first_grade", models.PositiveSmallIntegerField(verbose_name="from grade")),
                ("last_grade", models.PositiveSmallIntegerField(verbose_name="to grade")),
                ("capacity", models.PositiveSmallIntegerField(verbose_name="pupils at most")),
                (
                    "duration_minutes",
                    models.PositiveSmallIntegerField(verbose_name="duration in minutes"),
                ),
                ("available_from", models.DateField(verbose_name="available from")),
                ("available_until", models.DateField(verbose_name="available until")),
                (
                    "weekdays",
                    models.CharField(
                        blank=True,
                        max_length=7,
                        validators=[django.core.validators.RegexValidator("^[0-6]*$")],
                        verbose_name="weekdays",
                    ),
                ),
                (
                    "childrens_certificate_confirmed_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="børneattest confirmed at"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("listed", "Listed"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="draft",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "childrens_certificate_confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="børneattest confirmed by",
                    ),
                ),
                (
                    "contact",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="contact person",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="visit_offers",
                        to="core.organisation",
                        verbose_name="association",
                    ),
                ),
            ],
            options={
                "verbose_name": "visit offer",
                "verbose_name_plural": "visit offers",
                "ordering": ["available_from", "title", "pk"],
            },
        ),
        migrations.AddField(
            model_name="visitbooking",
            name="offer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bookings",
                to="school.visitoffer",
                verbose_name="offer",
            ),
        ),
        migrations.AddConstraint(
            model_name="visitevaluation",
            constraint=models.UniqueConstraint(
                fields=("booking", "side"), name="school_visit_eval_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="visitevaluation",
            constraint=models.CheckConstraint(
                condition=models.Q(("score__gte", 1), ("score__lte", 5)),
                name="school_visit_eval_score",
            ),
        ),
        migrations.AddIndex(
            model_name="visitoffer",
            index=models.Index(
                fields=["status", "available_until"], name="school_visit_offer_listed"
            ),
        ),
        migrations.AddConstraint(
            model_name="visitoffer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("first_grade__gte", 7),
                    ("last_grade__lte", 10),
                    ("first_grade__lte", models.F("last_grade")),
                ),
                name="school_visit_offer_grades",
            ),
        ),
        migrations.AddConstraint(
            model_name="visitoffer",
            constraint=models.CheckConstraint(
                condition=models.Q(("capacity__gte", 1), ("capacity__lte", 60)),
                name="school_visit_offer_capacity",
            ),
        ),
        migrations.AddConstraint(
            model_name="visitoffer",
            constraint=models.CheckConstraint(
                condition=models.Q(("available_from__lte", models.F("available_until"))),
                name="school_visit_offer_period",
            ),
        ),
        migrations.AddConstraint(
            model_name="visitbooking",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", ["requested", "confirmed", "held"])),
                fields=("offer", "day", "starts_at"),
                name="school_visit_booking_one_per_slot",
            ),
        ),
        migrations.AddConstraint(
            model_name="visitbooking",
            constraint=models.CheckConstraint(
                condition=models.Q(("pupils__gte", 1), ("pupils__lte", 60)),
                name="school_visit_booking_pupils",
            ),
        ),
    ]
