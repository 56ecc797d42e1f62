"""Danish demo content (written for this project): communities in several municipalities, and
three community-advice cases, one new, one in progress, one closed with an outcome."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from socius.advice import services
from socius.advice.models import AdviceRequest, Community
from socius.core.models import Municipality, Organisation, Theme

COMMUNITIES = [
    (
        "Torsdagsspisning i Gellerup",
        "Vi laver mad sammen og spiser ved lange borde. Alle hjælper lidt.",
        "Alle, især ældre der bor alene",
        "Hver torsdag kl. 17-19",
        "751",
        "Gudrunsvej 3",
        ["faellesskaber-og-ensomhed", "aeldre"],
    ),
    (
        "Lektiecafé for 4.-7. klasse",
        "Frivillige hjælper med lektier. Der er frugt og saft.",
        "Børn i 4.-7. klasse",
        "Mandag og onsdag kl. 15-17",
        "751",
        "Biblioteket i Hasle",
        ["boern-og-unge"],
    ),
    (
        "Gå-gruppen ved søerne",
        "Vi går en tur på en time og drikker kaffe bagefter.",
        "Voksne, der vil røre sig og møde andre",
        "Hver tirsdag kl. 10",
        "101",
        "Dronning Louises Bro",
        ["stress-og-mental-sundhed", "faellesskaber-og-ensomhed"],
    ),
    (
        "Løbeklub for begyndere",
        "Vi løber i roligt tempo. Ingen bliver efterladt.",
        "Alle, også dem der aldrig har løbet",
        "Lørdag kl. 9",
        "101",
        "Nørrebroparken",
        ["stress-og-mental-sundhed"],
    ),
    (
        "Strikkecafé",
        "Vi strikker, snakker og hjælper hinanden med mønstre.",
        "Alle med lyst til håndarbejde",
        "Hver anden søndag kl. 13-16",
        "461",
        "Borgernes Hus, Odense",
        ["faellesskaber-og-ensomhed"],
    ),
    (
        "Café Ankerpladsen: frivillig i køkkenet",
        "Bliv frivillig i en café, hvor mennesker med psykisk sårbarhed arbejder.",
        "Voksne, der vil give en hånd",
        "Hverdage kl. 10-14",
        "461",
        "Vestergade 10, Odense",
        ["psykisk-sygdom", "handicap"],
    ),
    (
        "Sprogcafé",
        "Øv dansk over en kop kaffe med frivillige.",
        "Nye i Danmark og alle, der vil hjælpe",
        "Hver onsdag kl. 18-20",
        "851",
        "Aalborg Hovedbibliotek",
        ["integration"],
    ),
    (
        "Fællesskabshaven",
        "Vi dyrker grønt sammen og deler høsten.",
        "Familier og naboer i området",
        "Lørdag kl. 10-13 fra april til oktober",
        "851",
        "Haven ved Smedegaarden",
        ["bolig", "faellesskaber-og-ensomhed"],
    ),
    (
        "Brætspilsaften for unge",
        "Kom og spil med. Vi har over 100 spil.",
        "Unge mellem 15 og 25",
        "Fredag kl. 19-23",
        "561",
        "Ungdomshuset i Esbjerg",
        ["boern-og-unge", "faellesskaber-og-ensomhed"],
    ),
    (
        "Mandefællesskabet",
        "Vi mødes, laver små reparationer og drikker kaffe.",
        "Mænd over 60",
        "Torsdag kl. 9-12",
        "561",
        "Værkstedet, Esbjerg",
        ["aeldre", "faellesskaber-og-ensomhed"],
    ),
]


def demo_seed() -> list[str]:
    lines = []
    if not Community.objects.exists():
        lines += _communities_seed()
    if not AdviceRequest.objects.exists():
        lines += _advice_seed()
    return lines


def _communities_seed() -> list[str]:
    volunteer = get_user_model().objects.get(email="frivillig@socius.example")
    organisation = Organisation.objects.get(name="Fællesskabshuset Aarhus Vest")
    for title, description, audience, when, code, address, themes in COMMUNITIES:
        services.community_create(
            actor=volunteer,
            organisation=organisation,
            themes=list(Theme.objects.filter(slug__in=themes)),
            title=title,
            description=description,
            audience=audience,
            when=when,
            municipality=Municipality.objects.get(code=code),
            address=address,
            contact_email="kontakt@faellesskabshuset.example",
        )
    return [f"Communities: {len(COMMUNITIES)} listed at /faellesskaber/."]


ADVICE_CASES: list[dict[str, Any]] = [
    {
        "organisation": "Løbeklubben Nørrebro Sammen",
        "title": "Hvordan får vi folk med, der går meget alene?",
        "wants": ["include", "volunteers"],
        "themes": ["faellesskaber-og-ensomhed", "stress-og-mental-sundhed"],
        "target_group": "Voksne på Nørrebro, der mangler nogen at være sammen med",
        "size": "medium",
        "description": (
            "Vi løber to gange om ugen, og der kommer mange. Men det er mest folk, der i "
            "forvejen har det godt. Vi vil gerne nå dem, der sidder alene derhjemme. Hvordan "
            "finder vi dem, og hvordan tager vi godt imod dem første gang?"
        ),
    },
    {
        "organisation": "Fællesskabshuset Aarhus Vest",
        "title": "Vi mangler et større lokale til torsdagsspisningen",
        "wants": ["premises", "funding"],
        "themes": ["faellesskaber-og-ensomhed", "aeldre"],
        "target_group": "Ældre og familier i Gellerup",
        "size": "large",
        "description": (
            "Hver torsdag spiser over 60 mennesker sammen hos os. Køkkenet er for lille, og vi "
            "må sige nej til nye. Kender I et lokale i området, og kan vi søge penge til leje?"
        ),
        "messages": [
            (
                True,
                "Tak for jeres henvendelse. Tre ting I kan prøve: Spørg boligforeningen om "
                "fælleshuset, spørg skolen om skolekøkkenet om aftenen, og søg § 18-midler til "
                "leje. Vil I have, at jeg tager kontakt til boligforeningen?",
            ),
            (False, "Ja tak, meget gerne. Vi kan mødes en tirsdag eller onsdag."),
        ],
        "note": "Boligforeningens kontakt er på ferie til og med uge 48.",
    },
    {
        "organisation": "Café Ankerpladsen (demo)",
        "title": "Vi vil starte en strikkeklub for vores gæster",
        "wants": ["start", "municipality"],
        "themes": ["psykisk-sygdom"],
        "target_group": "Gæster i caféen og naboer",
        "size": "small",
        "description": (
            "Flere gæster har spurgt, om vi kan strikke sammen. Vi har plads om eftermiddagen. "
            "Hvordan kommer vi i gang, og kan kommunens aktivitetscenter hjælpe?"
        ),
        "messages": [
            (
                True,
                "Start småt: én fast eftermiddag om ugen og en frivillig, der kan lidt mere end "
                "de andre. Aktivitetscentret låner gerne garn og pinde ud. Sæt en seddel op i "
                "caféen og på biblioteket.",
            ),
            (False, "Tak! Vi starter på onsdag."),
        ],
        "outcome": ("created", 12, "En fast dag, lånt garn og en seddel på biblioteket."),
    },
]


def _advice_seed() -> list[str]:
    from socius.advice import services as advice_services

    volunteer = get_user_model().objects.get(email="frivillig@socius.example")
    advisor = get_user_model().objects.get(email="raadgiver@socius.example")
    for case in ADVICE_CASES:
        organisation = Organisation.objects.get(name=case["organisation"])
        request = advice_services.request_submit(
            actor=volunteer,
            organisation=organisation,
            title=case["title"],
            wants=case["wants"],
            themes=list(Theme.objects.filter(slug__in=case["themes"])),
            target_group=case["target_group"],
            size=case["size"],
            description=case["description"],
        )
        for from_advisor, body in case.get("messages", []):
            advice_services.message_send(
                actor=advisor if from_advisor else volunteer,
                request=request,
                body=body,
                as_advisor=from_advisor,
            )
        if "note" in case:
            advice_services.note_add(actor=advisor, request=request, body=case["note"])
        if "outcome" in case:
            outcome, people, helped = case["outcome"]
            advice_services.request_close(
                actor=advisor,
                request=request,
                outcome=outcome,
                people_reached=people,
                what_helped=helped,
            )
    return [
        f"Community advice: {len(ADVICE_CASES)} cases (new, in progress, closed) at "
        "/faellesskaber/raadgivning/koe/ (log in as raadgiver@socius.example)."
    ]
