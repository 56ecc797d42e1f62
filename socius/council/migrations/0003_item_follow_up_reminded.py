from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("council", "0002_seed_party_blocs")]

    operations = [
        migrations.AddField(
            model_name="councilitem",
            name="follow_up_reminded_on",
            field=models.DateField(blank=True, null=True),
        ),
    ]
