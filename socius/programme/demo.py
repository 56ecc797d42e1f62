"""Danish demo content of the programme: Aarhus' "Program for social bæredygtighed 2026-2029"
with its nine commitments, actions with statuses and reasons, milestones, measures on the
atlas's figures for Aarhus (751) and the 2026 report (idempotent: a second run makes nothing).

Everything is written through the module's own services with the demo administrator as
actor, so the audit chain holds the demo's history like any other.

The departments and committees are illustrative: they follow Aarhus Kommune's magistrat
departments and standing committees in name, but the assignments are made up for the demo.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.models import Municipality, MunicipalSpace, Theme
from socius.programme.models import ActionStatus, Direction, Programme

PROGRAMME_TITLE = "Program for social bæredygtighed 2026-2029"
REPORT_YEAR = 2026
PROGRAMME_INTRO = (
    "Byrådet vil gøre Aarhus til en by, hvor alle kan være med. "
    "Programmet har ni mål. Her kan du se, hvad vi gør, og hvor langt vi er nået."
)

# Illustrative departments and committees (see the module docstring).
SOCIAL = "Sociale Forhold og Beskæftigelse"
MAYOR = "Borgmesterens Afdeling"
CHILDREN = "Børn og Unge"
TECHNICAL = "Teknik og Miljø"
HEALTH = "Sundhed og Omsorg"
C_SOCIAL = "Socialudvalget"
C_ECONOMY = "Økonomiudvalget"
C_CHILDREN = "Børne- og Ungeudvalget"
C_TECHNICAL = "Teknisk Udvalg"


@dataclass(frozen=True)
class DemoAction:
    title: str
    owner: str
    description: str
    budget_kr: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    # (status, reason) in the order they happened
    statuses: tuple[tuple[str, str], ...] = ()
    # (title, due, reached)
    milestones: tuple[tuple[str, datetime.date, datetime.date | None], ...] = ()


@dataclass(frozen=True)
class DemoMeasure:
    indicator: str
    baseline: str
    baseline_year: int
    target: str
    direction: str
    action: int | None = None  # index of the commitment's action the measure follows
    note: str = ""
    target_year: int = 2029


@dataclass(frozen=True)
class DemoCommitment:
    title: str
    description: str
    department: str
    committee: str
    themes: tuple[str, ...]
    actions: tuple[DemoAction, ...] = ()
    measures: tuple[DemoMeasure, ...] = field(default_factory=tuple)


D = datetime.date
ON_TRACK = (ActionStatus.ON_TRACK, "Arbejdet er i gang og følger planen.")

COMMITMENTS: tuple[DemoCommitment, ...] = (
    DemoCommitment(
        "Kommunale virksomheder som socialøkonomiske virksomheder",
        "Kommunen skal selv drive nogle firmaer på en social måde. "
        "De giver job til folk, som har svært ved at få et. "
        "Det, de tjener, bliver i firmaet.",
        SOCIAL,
        C_SOCIAL,
        ("oekonomisk-ulighed", "handicap"),
        (
            DemoAction(
                "Kantinen på rådhuset bliver socialøkonomisk",
                "Sociale Forhold og Beskæftigelse",
                "Kantinen får ti job til folk, som ikke har et job i dag.",
                2_400_000,
                D(2026, 2, 1),
                D(2027, 6, 30),
                (ON_TRACK,),
                (
                    ("Plan for kantinen vedtaget", D(2026, 4, 1), D(2026, 3, 25)),
                    ("De første fem ansat", D(2026, 10, 1), D(2026, 9, 15)),
                    ("Alle ti pladser besat", D(2027, 3, 1), None),
                ),
            ),
        ),
        (DemoMeasure("neet", "8.04", 2023, "7.0", Direction.DOWN, 0),),
    ),
    DemoCommitment(
        "Fællesskabsrådgivning",
        "Borgere kan få råd om, hvor de kan finde et fællesskab. "
        "En rådgiver lytter og hjælper dig videre til en klub, en forening eller en frivillig. "
        "Det er gratis.",
        SOCIAL,
        C_SOCIAL,
        ("faellesskaber-og-ensomhed",),
        (
            DemoAction(
                "Rådgivning i alle lokalcentre",
                HEALTH,
                "Du kan møde en rådgiver i dit lokalcenter en dag om ugen.",
                1_800_000,
                D(2026, 1, 15),
                D(2027, 12, 31),
                (ON_TRACK,),
                (
                    ("Rådgivning åbner i fire lokalcentre", D(2026, 5, 1), D(2026, 5, 1)),
                    ("Rådgivning i alle lokalcentre", D(2027, 5, 1), None),
                ),
            ),
        ),
        (DemoMeasure("lav-social-stoette", "5.4", 2025, "4.5", Direction.DOWN),),
    ),
    DemoCommitment(
        "Kommunale midler først til fællesskaber, der inkluderer borgere med behov for social kontakt",
        "Når kommunen giver penge til en forening, kommer de fællesskaber først, hvor alle er "
        "velkomne. Også de, der ikke har nogen at tale med. "
        "Det kan være en klub eller en fælles spisning.",
        SOCIAL,
        C_SOCIAL,
        ("faellesskaber-og-ensomhed", "aeldre"),
        (
            DemoAction(
                "Nye regler for § 18-midler",
                SOCIAL,
                "Du får flere point, hvis din forening når folk, som er meget alene.",
                None,
                D(2026, 1, 1),
                D(2026, 12, 31),
                (ON_TRACK, (ActionStatus.DONE, "Byrådet vedtog de nye regler i juni.")),
                (("Regler vedtaget i byrådet", D(2026, 6, 30), D(2026, 6, 17)),),
            ),
            DemoAction(
                "Spisefællesskaber i alle bydele",
                HEALTH,
                "Der skal være et spisefællesskab i hver bydel.",
                900_000,
                D(2026, 3, 1),
                D(2028, 12, 31),
                (
                    (
                        ActionStatus.AT_RISK,
                        "Vi mangler lokaler i to bydele. Vi taler med skoler og kirker om at låne.",
                    ),
                ),
                (("Ti spisefællesskaber i gang", D(2027, 1, 1), None),),
            ),
        ),
        (
            DemoMeasure(
                "ensomhed",
                "11.1",
                2025,
                "9.0",
                Direction.DOWN,
                1,
                "Andelen, der ofte føler sig uønsket alene (Sundhedsprofilen).",
            ),
        ),
    ),
    DemoCommitment(
        "Sociale klausuler i alle kommunale udbud",
        "Når kommunen køber ind, skal firmaet tage lærlinge eller give job til folk uden job. "
        "Det står i kontrakten. Vi følger op hvert år.",
        MAYOR,
        C_ECONOMY,
        ("oekonomisk-ulighed", "integration"),
        (
            DemoAction(
                "Klausuler i alle nye kontrakter over 5 mio. kr.",
                "Indkøb og Udbud",
                "Alle nye kontrakter over 5 mio. kr. får en klausul om lærlinge.",
                300_000,
                D(2026, 1, 1),
                D(2029, 12, 31),
                (ON_TRACK,),
                (("Ny skabelon til kontrakter", D(2026, 3, 1), D(2026, 2, 20)),),
            ),
        ),
        (DemoMeasure("beskaeftigelse", "74.3", 2024, "76.0", Direction.UP, 0),),
    ),
    DemoCommitment(
        "Valgfag i medborgerskab",
        "De ældste klasser kan vælge et fag om at være borger. "
        "Her lærer de, hvordan byrådet arbejder. "
        "De lærer også, hvordan de selv kan gøre en forskel.",
        CHILDREN,
        C_CHILDREN,
        ("medborgerskab", "boern-og-unge"),
        (
            DemoAction(
                "Valgfag på ti skoler",
                CHILDREN,
                "Ti skoler tilbyder faget fra august 2026.",
                600_000,
                D(2026, 1, 1),
                D(2027, 6, 30),
                (ON_TRACK,),
                (("Faget starter på ti skoler", D(2026, 8, 15), D(2026, 8, 10)),),
            ),
        ),
    ),
    DemoCommitment(
        "En individuel tilgang i social- og integrationsindsatsen",
        "Hver borger får en plan, der passer til netop ham eller hende. "
        "Borgeren har én fast kontakt i kommunen. Planen laves sammen med borgeren.",
        SOCIAL,
        C_SOCIAL,
        ("integration", "psykisk-sygdom"),
        (
            DemoAction(
                "Én fast kontakt til borgere med flere sager",
                SOCIAL,
                "Har du sager mange steder i kommunen, får du én fast person at tale med.",
                3_500_000,
                D(2026, 4, 1),
                D(2028, 3, 31),
                (),
                (("Forsøg i Gellerup og Bispehaven", D(2027, 1, 1), None),),
            ),
        ),
        (DemoMeasure("relativ-fattigdom", "4.6", 2024, "4.0", Direction.DOWN),),
    ),
    DemoCommitment(
        "Mindre ulighed og blandede boliger",
        "Unge og ældre skal kunne bo i samme hus. "
        "Nye boliger skal blandes, så intet område bliver udsat. "
        "Kommunen taler med boligforeningerne om det.",
        TECHNICAL,
        C_TECHNICAL,
        ("bolig", "aeldre", "oekonomisk-ulighed"),
        (
            DemoAction(
                "Bofællesskab for unge og ældre i Lisbjerg",
                TECHNICAL,
                "Et nyt hus med 40 boliger til både unge og ældre.",
                12_000_000,
                D(2026, 6, 1),
                D(2029, 6, 30),
                (ON_TRACK,),
                (
                    ("Lokalplan vedtaget", D(2026, 11, 1), D(2026, 10, 28)),
                    ("Byggeriet starter", D(2027, 4, 1), None),
                ),
            ),
        ),
        (DemoMeasure("gini", "33.43", 2024, "32.5", Direction.DOWN),),
    ),
    DemoCommitment(
        "Borgerforslag til byrådet",
        "Alle borgere kan stille et forslag til byrådet. "
        "Får forslaget nok støtte, tager byrådet det op på et møde. "
        "Du kan følge forslaget hele vejen.",
        MAYOR,
        C_ECONOMY,
        ("medborgerskab",),
        (
            DemoAction(
                "Borgerforslag på Socius",
                MAYOR,
                "Du kan stille et forslag og støtte andres på Socius.",
                250_000,
                D(2026, 1, 1),
                D(2026, 9, 30),
                (ON_TRACK, (ActionStatus.DONE, "Ordningen er åben for alle borgere.")),
                (("Ordningen åbner", D(2026, 3, 1), D(2026, 3, 1)),),
            ),
        ),
    ),
    DemoCommitment(
        "En kommunal whistleblowerordning",
        "Ansatte og borgere kan sige til, hvis noget er galt i kommunen. "
        "Du kan gøre det uden at sige dit navn. Sagen bliver undersøgt af en uvildig enhed.",
        MAYOR,
        C_ECONOMY,
        ("medborgerskab",),
    ),
)


def _admin() -> Any:
    return get_user_model().objects.filter(email="admin@socius.example").first()


def _ensure_atlas_figures() -> None:
    """The measures need the atlas's figures for Aarhus (the atlas's demo loads them first;
    loading again changes nothing)."""
    from socius.atlas.models import Observation

    if not Observation.objects.filter(indicator__code="ensomhed", area_code="751").exists():
        from socius.atlas.sources.embedded import embedded_load

        embedded_load()


def demo_programme(actor: Any = None) -> Programme | None:
    """Aarhus' demo programme, made once. Returns the programme when it was made now, None
    when it already existed (or Aarhus has no space)."""
    from socius.programme import services, services_actions

    aarhus = Municipality.objects.get(code="751")
    space = MunicipalSpace.objects.filter(municipality=aarhus).first()
    actor = actor or _admin()
    if space is None or actor is None:
        return None
    if Programme.objects.filter(municipality=aarhus, title=PROGRAMME_TITLE).exists():
        return None
    _ensure_atlas_figures()
    today = timezone.localdate()
    themes = {t.slug: t for t in Theme.objects.all()}
    programme = services.programme_save(
        actor=actor,
        municipality=aarhus,
        title=PROGRAMME_TITLE,
        introduction=PROGRAMME_INTRO,
        period_start=D(2026, 1, 1),
        period_end=D(2029, 12, 31),
        adopted_on=D(2025, 12, 11),
        published=True,
    )
    for number, spec in enumerate(COMMITMENTS, 1):
        commitment = services.commitment_save(
            actor=actor,
            programme=programme,
            number=number,
            title=spec.title,
            description=spec.description,
            owner_department=spec.department,
            committee=spec.committee,
            themes=[themes[s] for s in spec.themes if s in themes],
        )
        actions = []
        for a in spec.actions:
            action = services_actions.action_save(
                actor=actor,
                commitment=commitment,
                title=a.title,
                owner=a.owner,
                description=a.description,
                budget_kr=a.budget_kr,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
            )
            for status, reason in a.statuses:
                services_actions.action_status_change(
                    actor=actor, action=action, status=status, reason=reason
                )
            for title, due, reached in a.milestones:
                milestone = services_actions.milestone_save(
                    actor=actor, action=action, title=title, due_on=due
                )
                if reached is not None and reached <= today:
                    services_actions.milestone_reach(
                        actor=actor, milestone=milestone, done_on=reached
                    )
            actions.append(action)
        for m in spec.measures:
            services_actions.measure_save(
                actor=actor,
                commitment=commitment,
                indicator_code=m.indicator,
                baseline=m.baseline,
                baseline_year=m.baseline_year,
                target=m.target,
                target_year=m.target_year,
                direction=m.direction,
                action=actions[m.action] if m.action is not None else None,
                note=m.note,
            )
    return programme


def demo_seed() -> list[str]:
    programme = demo_programme()
    if programme is None:
        return []
    lines = [
        f"Programme: {programme.title} for Aarhus with {programme.commitments.count()} "
        "commitments at /program/aarhus/."
    ]
    from socius.programme.demo_thread import demo_thread
    from socius.programme.services_report import report_generate

    lines += demo_thread()
    report_generate(actor=_admin(), programme=programme, year=REPORT_YEAR)
    lines.append(f"Programme: the {REPORT_YEAR} report at /program/aarhus/rapport/{REPORT_YEAR}/.")
    return lines
