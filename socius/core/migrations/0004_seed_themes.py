"""The policy areas the platform starts with; editors change them afterwards."""

from django.db import migrations

THEMES = [
    ("stress-og-mental-sundhed", "Stress og mental sundhed", "Stress and mental health",
     "Stress, angst og depression, især blandt unge. Hvad holder os sunde, og hvad hjælper?",
     "Stress, anxiety and depression, especially among young people. What keeps us well, and what helps?"),
    ("oekonomisk-ulighed", "Økonomisk ulighed", "Economic inequality",
     "Forskellen i indkomst og formue vokser. Hvordan mindsker vi den?",
     "The gap in income and wealth is growing. How do we make it smaller?"),
    ("ulighed-i-sundhed", "Ulighed i sundhed", "Health inequality",
     "Hvor længe og hvor godt vi lever, afhænger af uddannelse og indkomst.",
     "How long and how well we live depends on education and income."),
    ("hjemloeshed", "Hjemløshed", "Homelessness",
     "Flere unge er hjemløse. Vi ser på bolig først og hjælp, der passer til den enkelte.",
     "More young people are homeless. We look at housing first and help that fits each person."),
    ("misbrug", "Misbrug", "Addiction",
     "Alkohol, stoffer og spil. Forebyggelse, behandling og et liv bagefter.",
     "Alcohol, drugs and gambling. Prevention, treatment and a life afterwards."),
    ("psykisk-sygdom", "Psykisk sygdom", "Mental illness",
     "Et godt liv med psykisk sygdom kræver sammenhæng mellem sundhed, job og fællesskab.",
     "A good life with mental illness needs health care, work and community to fit together."),
    ("handicap", "Handicap", "Disability",
     "Lige muligheder for mennesker med handicap i uddannelse, job og fritid.",
     "Equal chances for people with disabilities in education, work and leisure."),
    ("integration", "Integration", "Integration",
     "Sprog, job og venskaber. Hvad får integration til at lykkes?",
     "Language, work and friendships. What makes integration succeed?"),
    ("bolig", "Bolig og blandede byer", "Housing and mixed neighbourhoods",
     "Blandede boligområder, hvor unge og ældre bor sammen, og ingen områder er udsatte.",
     "Mixed neighbourhoods where young and old live together and no area is left behind."),
    ("faellesskaber-og-ensomhed", "Fællesskaber og ensomhed", "Communities and loneliness",
     "Foreninger, klubber og virksomheder skaber fællesskaber, der mindsker ensomhed.",
     "Associations, clubs and companies create communities that make people less lonely."),
    ("boern-og-unge", "Børn og unge", "Children and young people",
     "En god opvækst og trivsel i skolen for alle børn og unge.",
     "A good childhood and well-being at school for all children and young people."),
    ("aeldre", "Ældre", "Older people",
     "Et godt ældreliv med fællesskab, værdighed og hjælp, når der er brug for den.",
     "A good old age with community, dignity and help when it is needed."),
    ("medborgerskab", "Medborgerskab", "Citizenship",
     "Demokrati og ansvar for fællesskabet, også som valgfag i de ældste klasser.",
     "Democracy and responsibility for the community, also as an elective for the oldest pupils."),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    for position, (slug, name, name_en, description, description_en) in enumerate(THEMES, 1):
        Theme.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "description_en": description_en,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Theme").objects.filter(slug__in=[t[0] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_load_geography")]
    operations = [migrations.RunPython(seed, unseed)]
