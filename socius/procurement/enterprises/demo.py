"""Demo content: three social-economy enterprises in the catalogue (Café Ankerpladsen from
core's demo and two more), one Aarhus municipal company with an assessment and a plan, and one
spin-off halfway through its checklist. Idempotent; made through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from socius.core import services as core_services
from socius.core.models import Municipality, MunicipalSpace, Organisation
from socius.procurement.enterprises import services
from socius.procurement.enterprises.models import (
    Criterion,
    CriterionAnswer,
    MunicipalCompany,
    SocialEnterprise,
    SpinOff,
)

# Made-up CVR numbers that pass the CVR check; "(demo)" in every name.
ENTERPRISES: list[dict[str, Any]] = [
    {
        "name": "Café Ankerpladsen (demo)",
        "cvr": "10000009",
        "codes": ["55000000-0"],
        "areas": ["461", "751"],
        "share": 420,
        "capacity": "Frokost og mødeforplejning til op til 80 personer om dagen.",
        "description": "",
    },
    {
        "name": "Grøn Vask Aarhus ApS (demo)",
        "cvr": "41000007",
        "codes": ["90910000-9"],
        "areas": ["751", "727", "730"],
        "share": 350,
        "capacity": "Rengøring af kontorer og skoler: 14 medarbejdere, 3.000 m² om dagen.",
        "description": "Socialøkonomisk rengøringsvirksomhed med ansatte i fleksjob.",
    },
    {
        "name": "Parkpleje Østjylland (demo)",
        "cvr": "42000000",
        "codes": ["77314000-4", "90610000-6"],
        "areas": ["751", "746"],
        "share": 250,
        "capacity": "To hold à fem personer; græsslåning, hækklipning og fejning.",
        "description": "Grøn pleje med unge uden uddannelse som lærlinge.",
    },
]
DEMO_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ANSWERS = {
    Criterion.SOCIAL_PURPOSE: "Vi giver arbejde til mennesker, der står langt fra arbejdsmarkedet.",
    Criterion.COMMERCIAL_ACTIVITY: "Over 80 procent af vores indtægt kommer fra salg.",
    Criterion.INDEPENDENCE: "Ejet af en forening. Ingen offentlig myndighed har bestemmende "
    "indflydelse.",
    Criterion.GOVERNANCE: "To medarbejdere sidder i bestyrelsen. Vi holder personalemøde hver "
    "måned.",
    Criterion.PROFIT_USE: "Overskud bliver i virksomheden eller går til sociale formål, som "
    "vedtægterne siger.",
}


def _enterprise(spec: dict[str, Any], contact: Any, today: datetime.date) -> str:
    org = Organisation.objects.filter(cvr=spec["cvr"]).first()
    if org is None:
        org = core_services.organisation_create(
            actor=contact,
            name=spec["name"],
            kind=Organisation.Kind.SOCIAL_ECONOMY,
            cvr=spec["cvr"],
            description=spec["description"],
            municipality=Municipality.objects.get(code="751"),
        )
    if SocialEnterprise.objects.filter(organisation=org).exists():
        return ""
    enterprise = services.enterprise_register(
        actor=contact,
        organisation=org,
        facts={
            "rsv_status": SocialEnterprise.RsvStatus.REGISTERED,
            "rsv_source": "https://datacvr.virk.dk/",
            # The third claim is old, so the flag shows in the demo.
            "rsv_stated_on": today - datetime.timedelta(days=60 if spec["share"] >= 300 else 500),
            "share_tenths": spec["share"],
            "share_note": "Ansatte i fleksjob, på særlige vilkår eller i løntilskud.",
            "share_evidence_url": "",
            "capacity": spec["capacity"],
        },
        areas=list(Municipality.objects.filter(code__in=spec["areas"])),
        cpv_codes=spec["codes"],
        evidence=SimpleUploadedFile("andel.pdf", DEMO_PDF),
        today=today,
    )
    for criterion, text in ANSWERS.items():
        if not CriterionAnswer.objects.filter(enterprise=enterprise, criterion=criterion).exists():
            services.criterion_answer_save(
                actor=contact,
                enterprise=enterprise,
                criterion=criterion,
                answer=text,
                evidence=SimpleUploadedFile("bevis.pdf", ContentFile(DEMO_PDF).read()),
            )
    return f"Social-economy enterprise: {org.name}"


def _company(space: MunicipalSpace, admin: Any, today: datetime.date) -> str:
    if MunicipalCompany.objects.filter(space=space, cvr="43000004").exists():
        return ""
    company = services.company_create(
        actor=admin,
        space=space,
        name="Aarhus Kantiner A/S (demo)",
        cvr="43000004",
        ownership="Aarhus Kommune ejer alle aktier.",
        activity="Kantiner på rådhuset, i forvaltningerne og på tre skoler.",
    )
    met, partly, not_met = "met", "partly", "not_met"
    services.company_assess(
        actor=admin,
        company=company,
        year=today.year,
        answers={
            Criterion.SOCIAL_PURPOSE: (
                partly,
                "Ansætter elever, men har intet socialt formål i vedtægterne.",
            ),  # fmt: skip
            Criterion.COMMERCIAL_ACTIVITY: (met, "Al indtægt kommer fra salg af mad."),
            Criterion.INDEPENDENCE: (not_met, "Kommunen ejer alle aktier."),
            Criterion.GOVERNANCE: (partly, "Medarbejdervalgte i bestyrelsen, ingen brugere."),
            Criterion.PROFIT_USE: (not_met, "Overskud går til kommunekassen."),
        },
        summary="Selskabet er langt fra de fem kriterier. Planen nedenfor flytter det et skridt.",
        today=today,
    )
    services.plan_step_add(
        actor=admin,
        company=company,
        criterion=Criterion.SOCIAL_PURPOSE,
        action="Skriv et socialt formål ind i vedtægterne.",
        responsible="Bestyrelsen",
        due_on=today + datetime.timedelta(days=120),
    )
    services.plan_step_add(
        actor=admin,
        company=company,
        criterion=Criterion.INDEPENDENCE,
        action="Undersøg salg af aktiemajoriteten til en fond.",
        responsible="Borgmesterens Afdeling",
        due_on=today + datetime.timedelta(days=300),
    )
    return f"Municipal company: {company.name}"


def _spin_off(space: MunicipalSpace, admin: Any, today: datetime.date) -> str:
    if SpinOff.objects.filter(space=space, name="Værkstedet Brobyggeren (demo)").exists():
        return ""
    spin_off = services.spinoff_create(
        actor=admin,
        space=space,
        name="Værkstedet Brobyggeren (demo)",
        activity="Cykel- og møbelværksted for unge i kommunens beskæftigelsesindsats.",
        department="Sociale Forhold og Beskæftigelse",
    )
    for step, who, note in [
        ("no_control", "Mads Jurist, kommunaljurist", "Kommunen får ingen pladser i bestyrelsen."),
        ("state_aid", "Sara Støtte, økonomikonsulent", "Inventar sælges til markedspris."),
        ("kommunalfuldmagt", "Mads Jurist, kommunaljurist", "Notat om lovligt formål."),
    ]:
        services.spinoff_step_sign(
            actor=admin,
            spin_off=spin_off,
            step=step,
            signed_by_name=who,
            signed_on=today - datetime.timedelta(days=10),
            note=note,
            today=today,
        )
    return f"Spin-off: {spin_off.name} (3 of 7 steps)"


def demo_seed() -> list[str]:
    space = MunicipalSpace.objects.filter(slug="aarhus").first()
    users = get_user_model().objects
    contact = users.filter(email="frivillig@socius.example").first()
    admin = users.filter(email="admin@socius.example").first()
    if space is None or contact is None or admin is None:
        return []
    today = timezone.localdate()
    lines = [_enterprise(spec, contact, today) for spec in ENTERPRISES]
    lines += [_company(space, admin, today), _spin_off(space, admin, today)]
    return [line for line in lines if line]
