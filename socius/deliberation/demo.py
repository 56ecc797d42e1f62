"""Danish demo content: a conversation on loneliness among young people, with a crowd.

Demo participants (politicians of four parties, researchers, practitioners, volunteers and
citizens) lean towards one of two camps; some statements are supported across both camps
(bridging), some by one camp only (partisan), so the results page shows groups, consensus and
bridging. Idempotent: a second run finds the conversation and changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from socius.core.models import Party, PoliticianProfile, RoleAssignment, Theme
from socius.core.roles import Role
from socius.deliberation import selectors, services
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import Conversation, Statement

if TYPE_CHECKING:
    from socius.accounts.models import User


QUESTION = "Hvordan halverer vi ensomheden blandt unge i vores kommune?"
TITLE = "Ensomhed blandt unge"

# (text, kind): "bridge" = both camps agree; "left"/"right" = one camp; "split" = mixed.
STATEMENTS: list[tuple[str, str]] = [
    ("Unge skal selv være med til at bestemme, hvilke tilbud kommunen laver til dem.", "bridge"),
    ("Skolen skal lære eleverne at se, når en klassekammerat er ensom.", "bridge"),
    ("Foreninger skal have gratis lokaler, hvis de tager unge med, der står uden for.", "bridge"),
    ("Der skal være steder i byen, hvor unge kan være uden at skulle købe noget.", "bridge"),
    ("Kommunen skal ansætte flere gadeplansmedarbejdere, også hvis skatten skal op.", "left"),
    ("Ungdomsklubberne skal have åbent til midnat, betalt af kommunen.", "left"),
    ("Frivillige foreninger løser opgaven bedre end kommunen.", "right"),
    ("Forældrene har det største ansvar for, at deres børn har venner.", "right"),
    ("Kommunen skal bruge færre penge på kampagner og flere på fritidsjob til unge.", "right"),
    ("Mobiltelefoner skal afleveres, når eleverne møder i skole.", "split"),
    ("Ensomhed er et privat problem, som kommunen ikke skal blande sig i.", "against"),
]

# party name -> camp
PARTIES = {
    "Socialdemokratiet": "left",
    "SF – Socialistisk Folkeparti": "left",
    "Venstre": "right",
    "Det Konservative Folkeparti": "right",
}


@dataclass(frozen=True)
class CrowdMember:
    user: User
    camp: str


def _user(email: str, name: str) -> Any:
    model = get_user_model()
    user = model.objects.filter(email=email).first()
    if user is None:
        user = model.objects.create_user(email=email, password=None, name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def crowd_create(
    *, per_party: int = 4, prefix: str = "deltager", verifier: Any = None
) -> list[CrowdMember]:
    """Demo participants: politicians of four parties and people in every public role.

    They get no usable password: they exist to vote through the service layer."""
    crowd: list[CrowdMember] = []
    n = 0
    for party_name, camp in PARTIES.items():
        party = Party.objects.get(name=party_name)
        for _i in range(per_party):
            n += 1
            user = _user(f"{prefix}{n}@socius.example", f"Politiker {n}")
            RoleAssignment.objects.get_or_create(user=user, role=Role.POLITICIAN)
            PoliticianProfile.objects.get_or_create(
                user=user,
                defaults={"party": party, "verified_at": timezone.now(), "verified_by": verifier},
            )
            crowd.append(CrowdMember(user, camp))
    for role, count in (
        (Role.RESEARCHER, 5),
        (Role.PRACTITIONER, 6),
        (Role.VOLUNTEER, 5),
        (Role.CITIZEN, 12),
    ):
        for i in range(count):
            n += 1
            user = _user(f"{prefix}{n}@socius.example", f"Deltager {n}")
            RoleAssignment.objects.get_or_create(user=user, role=role)
            crowd.append(CrowdMember(user, "left" if i % 2 == 0 else "right"))
    return crowd


def _agree_probability(kind: str, camp: str) -> float:
    if kind == "bridge":
        return 0.9
    if kind == "split":
        return 0.5
    if kind == "against":
        return 0.1
    return 0.9 if kind == camp else 0.1


@transaction.atomic
def crowd_vote(conversation: Conversation, crowd: list[CrowdMember], seed: int = 7) -> int:
    """Every crowd member votes on every shown statement (10 % pass); returns the vote count.

    One transaction, as an import would: the engine runs once after it, not after each vote."""
    rng = random.Random(seed)  # noqa: S311 - demo votes, reproducible on purpose
    kinds = dict(STATEMENTS)
    statements = list(conversation.statements.filter(shown=True).order_by("pk"))
    n = 0
    for member in crowd:
        for statement in statements:
            kind = kinds.get(statement.text, "split")
            roll = rng.random()
            if roll < 0.1:
                value = 0
            else:
                value = 1 if rng.random() < _agree_probability(kind, member.camp) else -1
            services.vote_cast(actor=member.user, statement=statement, value=value)
            n += 1
    return n


def conversation_demo_create(*, moderator: Any, theme: Theme | None = None) -> Conversation:
    """The demo conversation with its statements (accepted), without votes."""
    return services.conversation_create(
        actor=moderator,
        theme=theme or Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        title=TITLE,
        question=QUESTION,
        description=(
            "Hver femte unge føler sig ofte ensom. Skriv korte forslag, og stem på de andres. "
            "Bagefter viser vi, hvad politikere fra alle partier, fagfolk, forskere og borgere "
            "er enige om."
        ),
        moderation=Conversation.Moderation.PRE,
        links=[
            ("Sundhedsstyrelsen: Danskernes sundhed", "https://www.danskernessundhed.dk/"),
        ],
        seed_statements=[text for text, _kind in STATEMENTS],
    )


def demo_seed() -> list[str]:
    model = get_user_model()
    editor = model.objects.filter(email="redaktoer@socius.example").first()
    if editor is None or Conversation.objects.filter(title=TITLE).exists():
        return []
    conversation = conversation_demo_create(moderator=editor)
    crowd = crowd_create()
    crowd_vote(conversation, crowd)
    spam = services.statement_add(
        actor=crowd[-1].user, conversation=conversation,
        text="Køb billige sneakers med 50 % rabat på vores webshop i dag!",
    )  # fmt: skip
    services.statement_moderate(
        actor=editor, statement=spam, accept=False, reason=Statement.Reason.ADVERTISING,
        note="Reklame hører ikke hjemme i samtalen.",
    )  # fmt: skip
    services.statement_add(
        actor=crowd[0].user, conversation=conversation,
        text="Alle unge skal tilbydes en fritidsmentor det første år på en ny skole.",
    )  # fmt: skip
    conversation_compute(conversation.pk)
    solution_demo_create(conversation, editor)
    return [f"Deliberation: the conversation “{TITLE}” with {len(crowd)} demo participants."]


def solution_demo_create(conversation: Conversation, editor: User) -> None:
    """The editor's solution proposal on the bridging statements, open for votes and comments."""
    view = selectors.results_for(conversation)
    rows = view.bridging[:3]
    if view.run is None or not rows:
        return
    statements = list(Statement.objects.filter(pk__in=[r.id for r in rows]))
    support: dict[int, dict[str, Any]] = {
        r.id: {
            "agree": r.agree,
            "disagree": r.disagree,
            "seen": r.seen,
            "agree_lo": r.agree_lo,
            "agree_hi": r.agree_hi,
            "bridging": r.bridging,
            "needs_votes": r.needs_votes,
            "version": view.run.version,
        }  # fmt: skip
        for r in rows
    }
    services.solution_create(
        actor=editor,
        conversation=conversation,
        title="Frirum for unge i alle bydele",
        summary=(
            "Steder, hvor unge kan være uden at købe noget, drevet sammen med de unge selv og "
            "de lokale foreninger."
        ),
        body=(
            "Deltagerne på tværs af grupperne er enige om, at unge skal have steder at være, "
            "og at de selv skal være med til at bestemme over dem. Forslaget: kommunen stiller "
            "lokaler til rådighed i hver bydel, foreninger får dem gratis, når de tager unge "
            "med, der står uden for, og et ungepanel vælger indholdet."
        ),
        statements=statements,
        support=support,
    )
