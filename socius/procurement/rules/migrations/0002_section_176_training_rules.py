"""The § 176, stk. 2 rules of udbudsloven: the mandatory training clause from 1 July 2022."""

import datetime

from django.db import migrations

SOURCE = "https://www.ft.dk/samling/20211/lovforslag/l199/index.htm"
LEGAL_BASIS = "Udbudsloven § 176, stk. 2 (lovforslag L 199, 2021-22, i kraft 1. juli 2022)"
REASONS = ["safety", "unsuitability", "other_law"]
SIX_MONTHS = {"fact": "duration_months", "op": "gte", "value": 6}

RULES = [
    {
        "code": "uddannelse-bygge-og-anlaeg",
        "name": "Uddannelsesklausul i bygge- og anlægskontrakter",
        "description": (
            "En bygge- og anlægskontrakt, der er mindst lige så stor som EU's tærskelværdi og "
            "varer mindst 6 måneder, skal have en klausul om, at leverandøren bruger personer "
            "under uddannelse, fx lærlinge og elever. Kommunen kan kun undlade klausulen, hvis "
            "sikkerhed, kontraktens art eller anden lovgivning taler imod. Så skal kommunen "
            "forklare hvorfor (følg eller forklar)."
        ),
        "conditions": [
            {"fact": "kind", "op": "eq", "value": "works"},
            {"fact": "estimated_value_ore", "op": "gte_threshold", "value": "works"},
            SIX_MONTHS,
        ],
    },
    {
        "code": "uddannelse-tjenesteydelser",
        "name": "Uddannelsesklausul i tjenesteydelseskontrakter",
        "description": (
            "En tjenesteydelseskontrakt, der udføres i Danmark, er på mindst 5 mio. kr. og "
            "varer mindst 6 måneder, skal have en klausul om, at leverandøren bruger personer "
            "under uddannelse, fx lærlinge og elever. Kommunen kan kun undlade klausulen, hvis "
            "sikkerhed, kontraktens art eller anden lovgivning taler imod. Så skal kommunen "
            "forklare hvorfor (følg eller forklar)."
        ),
        "conditions": [
            {"fact": "kind", "op": "eq", "value": "services"},
            {"fact": "performed_in_denmark", "op": "eq", "value": True},
            {"fact": "estimated_value_ore", "op": "gte", "value": 5_000_000_00},
            SIX_MONTHS,
        ],
    },
]


def add_rules(apps, schema_editor):
    Rule = apps.get_model("procurement_rules", "Rule")
    for rule in RULES:
        Rule.objects.create(
            version=1,
            legal_basis=LEGAL_BASIS,
            source_url=SOURCE,
            valid_from=datetime.date(2022, 7, 1),
            clause_category="training",
            follow_or_explain=True,
            explain_reasons=REASONS,
            **rule,
        )


def remove_rules(apps, schema_editor):
    Rule = apps.get_model("procurement_rules", "Rule")
    Rule.objects.filter(code__in=[r["code"] for r in RULES], version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("procurement_rules", "0001_rules_thresholds_assessments_decisions")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
