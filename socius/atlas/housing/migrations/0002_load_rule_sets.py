"""Load the rule sets of the housing lists from data/rule_sets.json (a data migration, kept
apart from the schema). Later years arrive with ``manage.py housing_rules_load``."""

from django.db import migrations


def load(apps, schema_editor):
    from socius.atlas.housing.rules import rule_sets_from_file

    RuleSet = apps.get_model("housing", "RuleSet")
    for entry in rule_sets_from_file():
        RuleSet.objects.update_or_create(
            year=entry["year"],
            defaults={
                "definition": entry,
                "legal_reference": entry.get("legal_reference", "")[:500],
                "source_url": entry.get("source_url", "")[:500],
                "verification_note": entry.get("verify", ""),
            },
        )


def unload(apps, schema_editor):
    apps.get_model("housing", "RuleSet").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("housing", "0001_housing_areas")]

    operations = [migrations.RunPython(load, unload)]
