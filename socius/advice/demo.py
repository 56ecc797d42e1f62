"""Danish demo content: communities in several municipalities (written for this project)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from socius.advice import services
from socius.advice.models import Community
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
    if Community.objects.exists():
        return []
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
