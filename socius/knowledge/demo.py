"""Danish demo content for the knowledge hub (written for this project): reports, guides, a
debate, news, an article and a policy recommendation, with theme pages. Idempotent."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection

from socius.core.models import Theme
from socius.knowledge.models import (
    ArticlePage,
    DebatePage,
    GuidePage,
    NewsPage,
    PublicationAuthor,
    PublicationPage,
    RecommendationEvidence,
    RecommendationPage,
    ReportPage,
    ThemePage,
)
from socius.knowledge.services import plain_to_rich_text
from socius.knowledge.setup import knowledge_index_ensure

REPORTS: list[dict[str, Any]] = [
    {
        "slug": "ensomhed-blandt-unge-voksne",
        "title": "Ensomhed blandt unge voksne i fire kommuner",
        "summary": (
            "Hver femte unge voksne føler sig ofte alene. Vi har talt med 40 unge i fire "
            "kommuner. De fleste vil gerne være med i et fællesskab. Men det er svært at tage "
            "det første skridt. Det hjælper, når nogen inviterer dem. Det hjælper også, når "
            "fællesskaber har en fast tid og et fast sted."
        ),
        "body": (
            "Rapporten bygger på interview med 40 unge mellem 18 og 29 år og på en "
            "spørgeskemaundersøgelse med 1.200 svar.\n\n"
            "Kapitel 1 beskriver, hvordan ensomhed opleves i hverdagen. Kapitel 2 handler om "
            "de fællesskaber, de unge allerede er en del af. Kapitel 3 giver forslag til "
            "kommuner og foreninger."
        ),
        "themes": ["faellesskaber-og-ensomhed", "boern-og-unge"],
        "date": datetime.date(2026, 3, 12),
    },
    {
        "slug": "boligsociale-fællesskaber",
        "title": "Boligsociale fællesskaber og tryghed",
        "summary": (
            "Vi har fulgt seks boligområder i to år. Hvor beboerne mødes, føler de sig mere "
            "trygge. Små ting virker: en fælles have, en kaffeklub, en fast dag i "
            "beboerhuset. Det kræver en person, der holder fast i det."
        ),
        "body": (
            "Undersøgelsen følger seks almene boligområder fra 2024 til 2026.\n\n"
            "Vi har målt tryghed med samme spørgsmål hvert halve år og talt med beboere, "
            "ansatte og frivillige."
        ),
        "themes": ["bolig", "faellesskaber-og-ensomhed"],
        "date": datetime.date(2026, 6, 2),
    },
]

GUIDES = [
    (
        "sadan-starter-i-et-faellesskab",
        "Sådan starter I et nyt fællesskab",
        "Find en god idé og en fast tid. Find et sted, hvor alle kan komme. Fortæl om det, "
        "hvor folk er. Start småt og bliv ved.",
        "1. Beslut, hvem fællesskabet er for.\n\n2. Vælg en fast dag og et fast tidspunkt.\n\n"
        "3. Find et sted: biblioteket, skolen eller beboerhuset har ofte plads.\n\n"
        "4. Fortæl om det på opslagstavler, i lokalavisen og på Socius.",
        ["faellesskaber-og-ensomhed"],
    ),
    (
        "sadan-finder-i-frivillige",
        "Sådan finder I frivillige",
        "Spørg dem, I kender. Fortæl præcist, hvad opgaven er, og hvor lang tid den tager. "
        "Sig tak, og sig det tit.",
        "Mange vil gerne hjælpe, hvis de ved, hvad de siger ja til.\n\n"
        "Skriv en kort opgave: hvad, hvornår og hvor længe. Giv nye frivillige en makker.",
        ["medborgerskab"],
    ),
    (
        "sadan-far-i-et-lokale",
        "Sådan får I et lokale gratis",
        "Foreninger kan ofte låne kommunens lokaler gratis. Spørg kommunen, hvordan I "
        "booker. Skoler og biblioteker har tit ledige lokaler om aftenen.",
        "Folkeoplysningsloven giver godkendte foreninger ret til at låne ledige offentlige "
        "lokaler.\n\nSpørg også boligforeningen: mange beboerhuse kan lånes.",
        ["medborgerskab", "bolig"],
    ),
    (
        "sadan-tager-i-godt-imod-nye",
        "Sådan tager I godt imod nye medlemmer",
        "Sørg for, at en person tager imod nye. Vis rundt, og præsenter dem for andre. "
        "Ring eller skriv efter første gang.",
        "De første ti minutter afgør meget. Aftal, hvem der står ved døren.\n\n"
        "Spørg, hvad den nye gerne vil, og find en opgave, hvis de ønsker det.",
        ["faellesskaber-og-ensomhed", "integration"],
    ),
    (
        "sadan-samarbejder-virksomheder",
        "Sådan kan en virksomhed støtte et lokalt fællesskab",
        "Virksomheder kan give tid, lokaler eller penge. Lad medarbejdere bruge en dag om "
        "året som frivillige. Aftal klart, hvad I giver, og hvor længe.",
        "Et godt samarbejde har en aftale på én side: hvem gør hvad, hvornår og hvordan I "
        "følger op.\n\nStart med en prøveperiode på et halvt år.",
        ["medborgerskab", "oekonomisk-ulighed"],
    ),
]

OTHERS: list[dict[str, Any]] = [
    {
        "model": DebatePage,
        "slug": "debat-hvem-har-ansvaret-for-ensomhed",
        "title": "Debat: Hvem har ansvaret for ensomhed?",
        "summary": (
            "Politikere fra fem partier, to forskere og en frivillig mødtes i Aarhus. De "
            "var enige om, at ensomhed er et fælles ansvar. De var uenige om, hvor meget "
            "kommunen skal gøre."
        ),
        "themes": ["faellesskaber-og-ensomhed"],
        "date": datetime.date(2026, 4, 20),
        "extra": {
            "video_url": "https://video.socius.example/debat-ensomhed",
            "location": "Dokk1, Aarhus",
        },
        "starts_in_days": -216,
    },
    {
        "model": DebatePage,
        "slug": "debat-unge-og-mental-sundhed",
        "title": "Debat: Unge og mental sundhed",
        "summary": (
            "Kom og vær med, når unge, forældre og fagfolk taler om stress. Alle kan stille "
            "spørgsmål. Det er gratis, og der er kaffe."
        ),
        "themes": ["stress-og-mental-sundhed", "boern-og-unge"],
        "date": datetime.date(2026, 11, 1),
        "extra": {"location": "Hovedbiblioteket, København"},
        "starts_in_days": 30,
    },
    {
        "model": NewsPage,
        "slug": "ny-pulje-til-faellesskaber",
        "title": "Ny pulje til lokale fællesskaber",
        "summary": (
            "Kommunen har afsat 2 millioner kroner til nye fællesskaber. Foreninger kan søge "
            "fra 1. december. Læs mere under Tilskud."
        ),
        "themes": ["faellesskaber-og-ensomhed", "medborgerskab"],
        "date": datetime.date(2026, 11, 15),
        "extra": {},
    },
    {
        "model": ArticlePage,
        "slug": "hvad-er-social-baeredygtighed",
        "title": "Hvad er social bæredygtighed?",
        "summary": (
            "Et samfund er socialt bæredygtigt, når alle kan være med. Det handler om "
            "sundhed, bolig, arbejde og fællesskab. Her forklarer vi ordet kort."
        ),
        "themes": ["oekonomisk-ulighed", "ulighed-i-sundhed"],
        "date": datetime.date(2026, 2, 1),
        "extra": {},
    },
]

RECOMMENDATION: dict[str, Any] = {
    "slug": "anbefaling-faste-moedesteder",
    "title": "Anbefaling: Faste mødesteder i alle lokalområder",
    "summary": (
        "Vi anbefaler, at kommunen sikrer et fast mødested i hvert lokalområde. Det skal "
        "være gratis at bruge og åbent om aftenen. Vores rapporter viser, at faste steder "
        "gør det lettere at komme med i et fællesskab."
    ),
    "body": (
        "Anbefalingen bygger på vores to rapporter og på erfaringer fra fællesskabs"
        "rådgivningen.\n\nEt mødested kan være et bibliotek, et beboerhus eller en skole."
    ),
    "themes": ["faellesskaber-og-ensomhed", "bolig"],
    "date": datetime.date(2026, 9, 1),
}


def _pdf(title: str, text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _document(title: str, text: str, slug: str) -> Any:
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = model(title=title, collection=Collection.get_first_root_node())
    document.file.save(f"{slug}.pdf", ContentFile(_pdf(title, text)), save=False)
    document.save()
    return document


def _exists(index: Any, slug: str) -> bool:
    return bool(index.get_children().filter(slug=slug).exists())


def _add(index: Any, page: PublicationPage, themes: list[str], authors: list[Any]) -> None:
    if _exists(index, page.slug):
        return
    index.add_child(instance=page)
    page.themes.set(Theme.objects.filter(slug__in=themes))
    for n, author in enumerate(authors):
        page.author_links.add(PublicationAuthor(user=author, sort_order=n))
    page.save_revision().publish()


def demo_seed() -> list[str]:
    index = knowledge_index_ensure()
    if _exists(index, RECOMMENDATION["slug"]):
        return []
    users = get_user_model().objects
    researcher = users.filter(email="forsker@socius.example").first()
    editor = users.filter(email="redaktoer@socius.example").first()
    researchers = [u for u in (researcher,) if u is not None]
    for item in REPORTS:
        if _exists(index, item["slug"]):
            continue
        page = ReportPage(
            title=item["title"],
            slug=item["slug"],
            summary=item["summary"],
            body=plain_to_rich_text(item["body"]),
            publication_date=item["date"],
            document=_document(item["title"], item["summary"], item["slug"]),
        )
        _add(index, page, item["themes"], researchers)
    reports = [
        ReportPage.objects.child_of(index).get(slug=item["slug"]).specific for item in REPORTS
    ]
    for slug, title, summary, body, themes in GUIDES:
        if _exists(index, slug):
            continue
        guide = GuidePage(title=title, slug=slug, summary=summary, body=plain_to_rich_text(body))
        _add(index, guide, themes, [u for u in (editor,) if u is not None])
    for item in OTHERS:
        if _exists(index, item["slug"]):
            continue
        extra = dict(item["extra"])
        if "starts_in_days" in item:
            extra["starts_at"] = timezone.now() + datetime.timedelta(days=item["starts_in_days"])
        page = item["model"](
            title=item["title"],
            slug=item["slug"],
            summary=item["summary"],
            publication_date=item["date"],
            **extra,
        )
        _add(index, page, item["themes"], [])
    recommendation = RecommendationPage(
        title=RECOMMENDATION["title"],
        slug=RECOMMENDATION["slug"],
        summary=RECOMMENDATION["summary"],
        body=plain_to_rich_text(RECOMMENDATION["body"]),
        publication_date=RECOMMENDATION["date"],
    )
    for n, report in enumerate(reports):
        recommendation.evidence.add(
            RecommendationEvidence(label=report.title, publication=report, sort_order=n)
        )
    recommendation.evidence.add(
        RecommendationEvidence(
            label="Folkeoplysningsloven, kapitel 5 (anvisning af lokaler)",
            url="https://www.retsinformation.dk/eli/lta/2018/1115",
            sort_order=len(reports),
        )
    )
    _add(index, recommendation, RECOMMENDATION["themes"], researchers)
    reports[0].related.set([reports[1], recommendation])
    reports[0].save_revision().publish()
    used = set(PublicationPage.objects.values_list("themes__slug", flat=True).exclude(themes=None))
    for theme in Theme.objects.filter(slug__in=used):
        if not ThemePage.objects.filter(theme=theme).exists():
            tp = ThemePage(title=theme.name, slug=f"tema-{theme.slug}", theme=theme)
            index.add_child(instance=tp)
            tp.save_revision().publish()
    count = PublicationPage.objects.live().count()
    return [f"Knowledge hub: {count} publications at /viden/, editors work at /cms/."]
