from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("event_followup", "0003_survey_answered_copy"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="surveyinvite",
            name="answered_on",
        ),
    ]
