"""Helpers for the plan tests: a strong session, and a plan written through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from socius.tests_support.logins import sign_in


def strong_login(client: Client, user: Any) -> Client:
    """Log ``user`` in as if they had completed two-factor in this session (allauth's own
    record of it, which security.is_strong reads)."""
    sign_in(client, user, mfa=True)
    return client


def pdf_with(text: str) -> bytes:
    """A small, plain PDF whose bytes hold ``text`` uncompressed."""
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length " + str(len(body)).encode() + b">>stream\n" + body + b"\nendstream"
        b" endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def full_plan(owner: Any, professional: Any, mark: Callable[[str], str]) -> dict[str, Any]:
    """A plan with every part filled in through the services: ``mark(field)`` gives the text
    written into that field (a marker, in the marker test)."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from socius.plans import services, sharing
    from socius.plans.models import Entry, Part

    today = timezone.localdate()
    plan = services.plan_create(actor=owner, title=mark("title"), domains=["work", "health"])
    goal = services.goal_create(
        actor=owner, plan=plan, text=mark("goal"), why=mark("why"), domain="work"
    )
    services.step_create(
        actor=owner, goal=goal, text=mark("step"), helper_kind="network", helper=mark("helper")
    )
    services.goal_rate(actor=owner, goal=goal, score=0, comment=mark("goal-comment"))
    services.domain_rate(
        actor=owner, plan=plan, domain="health", score=6, comment=mark("domain-comment")
    )
    services.entry_create(actor=owner, plan=plan, kind=Entry.Kind.NOTE, text=mark("note"))
    services.entry_create(
        actor=owner,
        plan=plan,
        kind=Entry.Kind.APPOINTMENT,
        text=mark("appointment"),
        starts=today + datetime.timedelta(days=3),
        place=mark("place"),
        with_whom=mark("with"),
    )
    document = services.document_add(
        actor=owner,
        plan=plan,
        upload=SimpleUploadedFile(
            mark("filename") + ".pdf", pdf_with(mark("file")), content_type="application/pdf"
        ),
    )
    share = sharing.share_create(
        actor=owner,
        plan=plan,
        parts=[p.value for p in Part],
        professional_email=professional.email,
        purpose=mark("purpose"),
        ends_on=today + datetime.timedelta(days=30),
    )
    sharing.comment_add(actor=professional, share=share, text=mark("comment"), goal=goal)
    sharing.step_propose(actor=professional, share=share, goal=goal, text=mark("proposed"))
    sharing.share_rate(
        actor=professional, share=share, goal=goal, score=1, comment=mark("professional-comment")
    )
    return {"plan": plan, "goal": goal, "share": share, "document": document}
