"""The default bloc of each party seeded in core/migrations/0005_seed_parties.py, by the
common division after the 2022 Folketing election. Radikale Venstre is often counted in the
red bloc; here it stands in the centre with Moderaterne. Administrators change a party's bloc
in the admin (PartyBloc), and each council can place its party groups otherwise."""

from django.db import migrations

BLOCS = {
    "Socialdemokratiet": "red",
    "SF – Socialistisk Folkeparti": "red",
    "Enhedslisten – De Rød-Grønne": "red",
    "Alternativet": "red",
    "Radikale Venstre": "centre",
    "Moderaterne": "centre",
    "Venstre": "blue",
    "Det Konservative Folkeparti": "blue",
    "Liberal Alliance": "blue",
    "Dansk Folkeparti": "blue",
    "Danmarksdemokraterne": "blue",
    "Nye Borgerlige": "blue",
}


def seed(apps, schema_editor):
    Party = apps.get_model("core", "Party")
    PartyBloc = apps.get_model("council", "PartyBloc")
    for party in Party.objects.filter(is_local_list=False):
        PartyBloc.objects.get_or_create(
            party=party, defaults={"bloc": BLOCS.get(party.name, "other")}
        )


def unseed(apps, schema_editor):
    apps.get_model("council", "PartyBloc").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial"), ("core", "0005_seed_parties")]
    operations = [migrations.RunPython(seed, unseed)]
