from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("event_followup", "0001_materials_minutes_survey"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyinvite",
            name="answered",
            field=models.BooleanField(default=False),
        ),
    ]
