"""The parties represented in the Folketing (2022-2026); local lists are added by administrators."""

from django.db import migrations

PARTIES = [
    ("Socialdemokratiet", "A"),
    ("Radikale Venstre", "B"),
    ("Det Konservative Folkeparti", "C"),
    ("SF – Socialistisk Folkeparti", "F"),
    ("Liberal Alliance", "I"),
    ("Moderaterne", "M"),
    ("Dansk Folkeparti", "O"),
    ("Venstre", "V"),
    ("Danmarksdemokraterne", "Æ"),
    ("Enhedslisten – De Rød-Grønne", "Ø"),
    ("Alternativet", "Å"),
    ("Borgernes Parti", ""),
    ("Uden for partierne", ""),
]


def seed(apps, schema_editor):
    Party = apps.get_model("core", "Party")
    for name, letter in PARTIES:
        Party.objects.update_or_create(name=name, defaults={"letter": letter})


def unseed(apps, schema_editor):
    apps.get_model("core", "Party").objects.filter(name__in=[p[0] for p in PARTIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0004_seed_themes")]
    operations = [migrations.RunPython(seed, unseed)]
