"""Demo content after an event: a dialogue meeting held last month in Aarhus with its slides,
a recording's link, minutes written by the editor and approved by the administrator (so they
are in the knowledge hub), attendance and a few survey answers."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from socius.core.models import MunicipalSpace, Theme
from socius.events.followup import services
from socius.events.followup.models import SurveyAnswer
from socius.events.models import Event, Registration

TITLE = "Dialogmøde: Fællesskaber for ældre i Aarhus"
SLUG = "dialogmoede-faellesskaber-for-aeldre"

MINUTES = (
    "Mødet samlede 34 borgere, foreninger og medarbejdere fra kommunen.\n\n"
    "Mange ældre vil gerne mødes, men ved ikke, hvor de kan gå hen. Foreningerne vil gerne "
    "have flere med, men mangler frivillige til at hente og bringe.\n\n"
    "Forslag fra salen: en fast spisedag i hvert lokalområde, en telefonliste med "
    "frivillige chauffører og en side på platformen med alle tilbud for ældre."
)
SUMMARY = (
    "Ældre vil gerne mødes. Mange ved ikke, hvor de kan gå hen. Salen foreslog faste "
    "spisedage, frivillige chauffører og en samlet liste over tilbud."
)


def _slides() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.multi_cell(0, 10, "Faellesskaber for aeldre i Aarhus", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Oplaeg ved dialogmoedet (demo).", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _past_event(editor: Any) -> Event:
    start = timezone.now().replace(hour=17, minute=0, second=0, microsecond=0)
    start -= datetime.timedelta(days=30)
    space = MunicipalSpace.objects.filter(municipality__code="751").first()
    return Event.objects.create(
        slug=SLUG,
        kind=Event.Kind.CITIZEN_MEETING,
        status=Event.Status.PUBLISHED,
        title=TITLE,
        summary="Hvordan får flere ældre et fællesskab? Kommunen inviterede til dialog.",
        theme=Theme.objects.get(slug="aeldre"),
        space=space,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue_name="Aarhus Rådhus, festsalen",
        venue_address="Rådhuspladsen 2",
        venue_postcode="8000",
        venue_city="Aarhus C",
        municipality=space.municipality if space else None,
        step_free=True,
        hearing_loop=True,
        accessible_toilet=True,
        capacity=60,
        registration_opens_at=start - datetime.timedelta(days=30),
        registration_closes_at=start - datetime.timedelta(hours=2),
        created_by=editor,
    )


def _attendance(event: Event) -> None:
    for n in range(1, 35):
        Registration.objects.create(
            event=event,
            name=f"Deltager {n} (demo)",
            email=f"deltager{n}@demo.socius.example",
            status=Registration.Status.CONFIRMED,
            # No personal link: demo participants never open their page.
            key_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            checked_in_at=event.starts_at if n <= 29 else None,
        )
    event.seats_taken = 34
    event.save(update_fields=["seats_taken"])
    answers = [(5, "yes", "Mere tid til spørgsmål fra salen."), (4, "yes", ""), (3, "maybe", "")]
    answers += [(4, "maybe", "Hold mødet om formiddagen."), (5, "yes", ""), (2, "no", "")]
    for usefulness, again, differently in answers:
        SurveyAnswer.objects.create(
            event=event, usefulness=usefulness, come_again=again, differently=differently
        )


def demo_seed() -> list[str]:
    users = get_user_model().objects
    editor = users.filter(email="redaktoer@socius.example").first()
    admin = users.filter(email="admin@socius.example").first()
    if editor is None or admin is None or Event.objects.filter(slug=SLUG).exists():
        return []
    event = _past_event(editor)
    _attendance(event)
    services.material_slides_add(
        actor=editor,
        event=event,
        title="Oplæg: Fællesskaber for ældre",
        upload=SimpleUploadedFile("oplaeg.pdf", _slides(), content_type="application/pdf"),
    )
    services.material_link_add(
        actor=editor,
        event=event,
        title="Optagelse af mødet",
        url="https://video.socius.example/dialogmoede-aeldre",
    )
    minutes = services.minutes_save(actor=editor, event=event, text=MINUTES, summary=SUMMARY)
    services.minutes_approve(actor=admin, minutes=minutes)
    return [
        f"Events: {TITLE} (held 30 days ago) with slides, a recording, minutes approved by the"
        " administrator and published in the knowledge hub, attendance and survey answers."
    ]
