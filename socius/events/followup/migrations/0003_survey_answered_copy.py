"""Copy "answered on a day" into "answered" before the day is dropped (0004)."""

from django.db import migrations


def forwards(apps, schema_editor):
    invite = apps.get_model("event_followup", "SurveyInvite")
    invite.objects.filter(answered_on__isnull=False).update(answered=True)


def backwards(apps, schema_editor):
    # The day is gone for good; an answered invitation gets a day that says nothing about when.
    import datetime

    invite = apps.get_model("event_followup", "SurveyInvite")
    invite.objects.filter(answered=True).update(answered_on=datetime.date(1970, 1, 1))


class Migration(migrations.Migration):
    dependencies = [
        ("event_followup", "0002_survey_answered_add"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
