"""Load Denmark's 5 regions and 98 municipalities (Danmarks Statistik, CC BY 4.0)."""

from pathlib import Path

from django.db import migrations

from socius.core.geography import geography_load, geography_read

CSV = Path(__file__).resolve().parent.parent / "data" / "dst_geografi.csv"


def load(apps, schema_editor):
    geography_load(
        geography_read(CSV), apps.get_model("core", "Region"), apps.get_model("core", "Municipality")
    )


def unload(apps, schema_editor):
    apps.get_model("core", "Municipality").objects.all().delete()
    apps.get_model("core", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(load, unload)]
