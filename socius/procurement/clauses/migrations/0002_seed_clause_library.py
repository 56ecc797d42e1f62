"""Seed the clause library: the training clause, the ILO 94 labour clause, the employment
clause for people outside the labour market and the reserved-contract clause (version 1 each).

Only missing clauses are created, and removing the data removes only version 1 of clauses no
contract uses."""

from django.db import migrations

from socius.procurement.clauses.seed import CLAUSES, VALID_FROM


def seed(apps, schema_editor):
    Clause = apps.get_model("procurement_clauses", "Clause")
    ClauseVersion = apps.get_model("procurement_clauses", "ClauseVersion")
    for data in CLAUSES:
        clause, created = Clause.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "category": data["category"],
                "name": data["name"],
                "summary": data["summary"],
            },
        )
        if created or not ClauseVersion.objects.filter(clause=clause).exists():
            ClauseVersion.objects.create(
                clause=clause,
                number=1,
                legal_basis=data["legal_basis"],
                source_url=data["source_url"],
                text=data["text"],
                parameters=data["parameters"],
                follow_up=data["follow_up"],
                report_every_months=data["report_every_months"],
                valid_from=VALID_FROM,
            )


def unseed(apps, schema_editor):
    Clause = apps.get_model("procurement_clauses", "Clause")
    ClauseVersion = apps.get_model("procurement_clauses", "ClauseVersion")
    slugs = [data["slug"] for data in CLAUSES]
    ClauseVersion.objects.filter(
        clause__slug__in=slugs, number=1, contract_clauses__isnull=True
    ).delete()
    Clause.objects.filter(slug__in=slugs, versions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("procurement_clauses", "0001_clauses_obligations_reports"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
