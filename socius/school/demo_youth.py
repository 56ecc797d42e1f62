"""Demo content of the youth part (idempotent): the demo class's project with ideas from its
pupils, published under the class's name and raised as a youth proposal in Aarhus, which the
demo case handler has published and which has a few paper signatures.

Runs after the proposals module's demo (that demo seeds only into an empty proposals table)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from socius.proposals import services as proposal_services
from socius.proposals.selectors import settings_for
from socius.proposals.services.signing import paper_signature_add, tally_publish
from socius.school import services_youth
from socius.school.demo_classes import demo_class
from socius.school.models import ClassProject, ProjectStatus, Pupil

TITLE = "Flere bænke og lys i parken ved skolen"
PROBLEM = (
    "Parken ved skolen er mørk om vinteren. Der er næsten ingen bænke. Mange unge og ældre "
    "går en anden vej, fordi de ikke føler sig trygge."
)
IDEA = (
    "Byrådet skal sætte ti nye bænke og lys langs stierne op i parken ved Frederiksbjerg "
    "Skole i 2027."
)
IDEAS = (
    "Lys ved stien hen til skolen, så man kan se, hvor man går.",
    "Bænke i læ for vinden, så man kan sidde der efter skole.",
    "Spørg de ældre i området, de vil også gerne have bænke.",
)
# The youth track's threshold in the demo municipality (small, like the citizen demo's).
DEMO_YOUTH_THRESHOLD = 10


def demo_seed() -> list[str]:
    school_class = demo_class()
    if ClassProject.objects.filter(school_class=school_class, title=TITLE).exists():
        return []
    teacher = school_class.teacher
    project = services_youth.project_create(
        actor=teacher, school_class=school_class, title=TITLE, problem=PROBLEM, idea=IDEA
    )
    pupils = list(Pupil.objects.filter(school_class=school_class).order_by("pk")[: len(IDEAS)])
    for pupil, idea in zip(pupils, IDEAS, strict=False):
        services_youth.contribution_add(actor=pupil.user, project=project, text=idea)
    services_youth.project_publish(actor=teacher, project=project)
    municipality = school_class.school.municipality
    rules = settings_for(municipality)
    rules.youth_enabled, rules.youth_threshold = True, DEMO_YOUTH_THRESHOLD
    rules.save(update_fields=["youth_enabled", "youth_threshold", "updated_at"])
    project = services_youth.project_propose(actor=teacher, project=project)
    proposal = project.proposal
    if proposal is None or project.status != ProjectStatus.PROPOSED:  # pragma: no cover
        raise RuntimeError("the demo project did not become a youth proposal")
    staff = get_user_model().objects.get(email="sagsbehandler@socius.example")
    proposal_services.proposal_publish(actor=staff, proposal=proposal)
    proposal.refresh_from_db()
    for n in range(4):
        paper_signature_add(
            actor=staff,
            proposal=proposal,
            name=f"Demo Ung Underskriver {n}",
            address=f"Frederiks Allé {n + 10}, 8000 Aarhus C",
            birth_date=datetime.date(2011, 3 + n, 1),
            lives_in_municipality=True,
        )
    proposal.refresh_from_db()
    tally_publish(proposal=proposal, day=datetime.date.today())  # noqa: DTZ011
    return [
        f"Medborgerskab: 8.B's project «{TITLE}» is published under the class's name and is a "
        f"youth proposal in Aarhus collecting signatures ({proposal.signature_count} of "
        f"{proposal.threshold})"
    ]
