"""Demo content for housing (idempotent): demo areas with made-up figures for 2019–2024, made-up
income quintiles for areas of Aarhus, and Generationernes Hus as an intergenerational project
with public facts only. Everything is marked as demo data on every page that shows it.

The Copenhagen area names come from Københavns Kommune's "udsatte byområder" (CC BY 4.0, see
data/README.md); the figures given to them here are invented and say nothing about the areas.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

from django.contrib.auth import get_user_model

from socius.atlas.housing import services
from socius.atlas.housing.models import (
    HousingArea,
    HousingInterest,
    IncomeImport,
    IntergenerationalProject,
)
from socius.core import services as core_services
from socius.core.models import Municipality, Organisation

HOUSING_ORG = "Demo-boligorganisationen"
NATIONAL = D("0.850")

# name, municipality, figures per year: (residents, outside work, convicted, basic schooling,
# income % of region, non-Western) - all invented.
AREAS: list[tuple[str, str, dict[int, tuple[int, str, str, str, str, str]]]] = [
    (
        "Tingbjerg/Husum (demo)",
        "101",
        {y: (6200, "44.5", "2.900", "63.0", "51.0", "68.0") for y in range(2019, 2025)},
    ),
    (
        "Urbanplanen (demo)",
        "101",
        {
            2022: (3100, "41.0", "2.700", "55.0", "53.5", "48.0"),
            2023: (3150, "40.0", "2.600", "54.0", "56.0", "47.0"),
            2024: (3150, "38.5", "2.400", "52.0", "57.0", "46.0"),
        },
    ),
    (
        "Nordvest/Ryparken (demo)",
        "101",
        {
            2023: (2400, "31.5", "1.600", "45.0", "66.0", "34.0"),
            2024: (2450, "32.0", "1.750", "44.0", "63.5", "35.0"),
        },
    ),
    (
        "Aarhus Vest, demoområde",
        "751",
        {
            2023: (4100, "42.0", "2.400", "61.5", "50.0", "55.0"),
            2024: (4050, "40.0", "2.300", "60.0", "54.9", "53.0"),
        },
    ),
]

INCOME = (
    "kode;navn;laveste_kvintil;hoejeste_kvintil;beboere\n"
    "01;Midtbyen (demo);4100;6900;30000\n"
    "02;Risskov (demo);900;5200;12000\n"
    "03;Højbjerg (demo);1300;4100;14000\n"
    "04;Viby (demo);3600;2900;22000\n"
    "05;Brabrand (demo);4800;1500;18000\n"
    "06;Aarhus Vest, demoområde;3900;300;7000\n"
    "07;Tilst (demo);1200;1700;9000\n"
    "08;Lille demoområde;3;1;30\n"
)


def _figures(values: tuple[int, str, str, str, str, str]) -> dict[str, object]:
    residents, outside, convicted, schooling, income, non_western = values
    return {
        "residents": residents,
        "outside_work_pct": D(outside),
        "convicted_pct": D(convicted),
        "national_convicted_pct": NATIONAL,
        "basic_schooling_pct": D(schooling),
        "income_pct_of_region": D(income),
        "non_western_pct": D(non_western),
        "source_note": "Demodata (opdigtede tal)",
    }


def _areas(admin: object) -> None:
    for name, code, years in AREAS:
        area = services.area_create(
            actor=admin,  # type: ignore[arg-type]
            name=name,
            municipality=Municipality.objects.get(code=code),
            housing_organisation=HOUSING_ORG,
            departments="Afdeling 1 (demo)\nAfdeling 2 (demo)",
            description="Demodata: området og tallene viser, hvordan siden virker.",
            is_demo=True,
        )
        for year, values in sorted(years.items()):
            services.area_year_save(actor=admin, area=area, year=year, **_figures(values))  # type: ignore[arg-type]
    # The first area in the administrators' list, so its initiative is one click from it.
    area = HousingArea.objects.get(name="Nordvest/Ryparken (demo)")
    services.initiative_save(
        actor=admin,  # type: ignore[arg-type]
        area=area,
        kind="community_work",
        title="Boligsocial helhedsplan (demo)",
        description="Lektiecafé, jobvejledning og fællesspisning. Demodata.",
        budget=D("4500000.00"),
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        outcome="",
    )


def _project(contact: object) -> None:
    organisation = Organisation.objects.filter(name=HOUSING_ORG).first()
    if organisation is None:
        organisation = core_services.organisation_create(
            actor=contact,  # type: ignore[arg-type]
            name=HOUSING_ORG,
            kind=Organisation.Kind.ASSOCIATION,
            municipality=Municipality.objects.get(code="751"),
            description="Demodata: en boligorganisation, der kun findes i demoen.",
            themes=[],
        )
    services.project_create(
        actor=contact,  # type: ignore[arg-type]
        organisation=organisation,
        is_demo=True,
        name="Generationernes Hus (demo)",
        municipality=Municipality.objects.get(code="751"),
        description=(
            "Generationernes Hus i Aarhus åbnede i 2020 med 304 boliger til ældre, unge, "
            "familier og mennesker med handicap, og med en daginstitution i huset. "
            "Vist som eksempel: du kan ikke søge bolig gennem Socius."
        ),
        homes=304,
        groups=["elderly", "young", "families", "disabled"],
        opening_year=2020,
        apply_url="",
    )


def demo_seed() -> list[str]:
    if HousingArea.objects.filter(is_demo=True).exists():
        return []
    users = get_user_model().objects
    admin = users.get(email="admin@socius.example")
    _areas(admin)
    services.income_import(
        actor=admin,
        municipality=Municipality.objects.get(code="751"),
        year=2024,
        source="Demodata (opdigtede tal)",
        data=INCOME.encode(),
        is_demo=True,
    )
    if not IntergenerationalProject.objects.exists():
        _project(users.get(email="frivillig@socius.example"))
    citizen = users.get(email="borger@socius.example")
    if not HousingInterest.objects.filter(user=citizen).exists():
        services.interest_save(
            actor=citizen,
            age_group="60-74",
            household_size=1,
            groups=["elderly"],
            needs=["step_free", "common_rooms"],
            municipalities=[Municipality.objects.get(code="751")],
            consent=True,
            consent_text="Demo: samtykke givet i demoen.",
        )
    return [
        "Housing: demo areas (2019-2024), income quintiles for Aarhus and Generationernes Hus",
        f"  ({IncomeImport.objects.count()} income import, all marked as demo data)",
    ]
