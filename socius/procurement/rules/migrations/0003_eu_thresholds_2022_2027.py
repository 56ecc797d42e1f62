"""The EU thresholds of udbudsloven for 2022-23, 2024-25 and 2026-27, in kroner and euro.

The euro figures are the Commission's delegated regulations. The kroner figures are the
Commission's communications of the corresponding values as Konkurrence- og Forbrugerstyrelsen
announces them; those marked ``figure_verified=False`` were computed from the euro figure at
the period's rate and are to be checked against the communication (docs: procurement rules).
"""

import datetime

from django.db import migrations

KFST = "https://www.kfst.dk/udbud/udbudsregler/taerskelvaerdier-2022-og-2023/"
PERIODS = [
    {
        "valid_from": datetime.date(2022, 1, 1),
        "valid_to": datetime.date(2023, 12, 31),
        "eu_source": "Kommissionens delegerede forordning (EU) 2021/1952",
        "dk_source": "Kommissionens meddelelse 2021/C 419/01; Konkurrence- og Forbrugerstyrelsen",
        "source_url": KFST,
        "figures": [
            ("works", 5_382_000, 40_100_744, True),
            ("supplies_services", 215_000, 1_601_944, True),
            ("social_services", 750_000, 5_588_175, False),
        ],
    },
    {
        "valid_from": datetime.date(2024, 1, 1),
        "valid_to": datetime.date(2025, 12, 31),
        "eu_source": "Kommissionens delegerede forordning (EU) 2023/2495",
        "dk_source": "Kommissionens meddelelse C/2023/902; Konkurrence- og Forbrugerstyrelsen",
        "source_url": KFST + "taerskelvaerdier-2024-og-2025/",
        "figures": [
            ("works", 5_538_000, 41_212_688, False),
            ("supplies_services", 221_000, 1_644_638, True),
            ("social_services", 750_000, 5_581_350, True),
        ],
    },
    {
        "valid_from": datetime.date(2026, 1, 1),
        "valid_to": datetime.date(2027, 12, 31),
        "eu_source": "Kommissionens delegerede forordning (EU) 2025/2152",
        "dk_source": "Kommissionens meddelelse C/2025/7081 (EUT C 2025/5732)",
        "source_url": "https://data.europa.eu/eli/reg_del/2025/2152/oj",
        "figures": [
            ("works", 5_404_000, 40_308_436, False),
            ("supplies_services", 216_000, 1_611_144, False),
            ("social_services", 750_000, 5_594_250, False),
        ],
    },
]


def add_thresholds(apps, schema_editor):
    EuThreshold = apps.get_model("procurement_rules", "EuThreshold")
    for period in PERIODS:
        for applies_to, eur, kroner, verified in period["figures"]:
            EuThreshold.objects.create(
                applies_to=applies_to,
                amount_eur=eur,
                amount_ore=kroner * 100,
                valid_from=period["valid_from"],
                valid_to=period["valid_to"],
                eu_source=period["eu_source"],
                dk_source=period["dk_source"],
                source_url=period["source_url"],
                figure_verified=verified,
            )


def remove_thresholds(apps, schema_editor):
    EuThreshold = apps.get_model("procurement_rules", "EuThreshold")
    EuThreshold.objects.filter(valid_from__in=[p["valid_from"] for p in PERIODS]).delete()


class Migration(migrations.Migration):
    dependencies = [("procurement_rules", "0002_section_176_training_rules")]

    operations = [migrations.RunPython(add_thresholds, remove_thresholds)]
