"""Open data: the threads, their public steps and the links between them, as JSON and CSV.

Only what a visitor may see: steps are resolved with no viewer, so a draft (a proposal not
yet published) is left out, and so is every link that touches it."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from socius.core.api_support import Pagination, refusals, responses
from socius.core.csv_export import csv_response
from socius.core.mail import absolute_url
from socius.core.models import Thread
from socius.core.thread_selectors import ThreadView, thread_get, thread_list_public, thread_view

router = Router(tags=["threads"])


class ThreadOut(Schema):
    public_id: uuid.UUID
    title: str
    moved_at: datetime.datetime | None
    steps: int

    @staticmethod
    def resolve_steps(obj: Any) -> int:
        return int(getattr(obj, "step_count", 0))


class LinkOut(Schema):
    source: str  # "<kind>:<key>"
    target: str
    note: str


class StepOut(Schema):
    kind: str
    key: str
    title: str
    url: str
    status: str
    date: datetime.date | None
    leads_to: list[str]
    came_from: list[str]


class ThreadDetailOut(Schema):
    public_id: uuid.UUID
    title: str
    moved_at: datetime.datetime | None
    steps: list[StepOut]
    links: list[LinkOut]


def _public(public_id: uuid.UUID) -> tuple[Thread, ThreadView]:
    thread = thread_get(public_id)
    if thread is None:
        raise Http404
    return thread, thread_view(thread, None)


def _public_steps(view: ThreadView) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    ref = {s.step.pk: f"{s.step.kind}:{s.step.key}" for s in view.steps if s.info is not None}
    steps, links = [], []
    for s in view.steps:
        if s.info is None:
            continue
        out = [ref[r.step_id] for r in s.links_out if r.step_id in ref]
        steps.append({
            "kind": s.step.kind, "key": s.step.key, "title": s.info.title,
            "url": absolute_url(s.info.url), "status": s.info.status, "date": s.info.date,
            "leads_to": out,
            "came_from": [ref[r.step_id] for r in s.links_in if r.step_id in ref],
        })  # fmt: skip
        links += [
            {"source": ref[s.step.pk], "target": ref[r.step_id], "note": r.note}
            for r in s.links_out
            if r.step_id in ref
        ]
    return steps, links


@router.get("/threads", response=responses(list[ThreadOut], 422))
@paginate(Pagination)
def thread_list(request: HttpRequest) -> Any:
    return thread_list_public()


@router.get("/threads/{public_id}", response=responses(ThreadDetailOut, 404, 422))
def thread_detail(request: HttpRequest, public_id: uuid.UUID) -> Any:
    thread, view = _public(public_id)
    steps, links = _public_steps(view)
    return {"public_id": thread.public_id, "title": thread.title, "moved_at": thread.moved_at,
            "steps": steps, "links": links}  # fmt: skip


@router.get(
    "/threads/{public_id}/csv",
    response=refusals(404, 422),
    openapi_extra={
        "responses": {
            200: {"description": "OK", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def thread_csv(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    # Open data: fixed column names, the same in every language. One row per step, then one
    # per link (row "link": the source in "kind"/"key", the target in "target").
    thread, view = _public(public_id)
    steps, links = _public_steps(view)
    rows: list[list[Any]] = [
        ["step", s["kind"], s["key"], s["title"], s["url"], s["status"], s["date"], "", ""]
        for s in steps
    ]
    for link in links:
        kind, _sep, key = link["source"].partition(":")
        rows.append(["link", kind, key, "", "", "", "", link["target"], link["note"]])
    return csv_response(
        filename=f"traad-{thread.public_id}.csv",
        header=["row", "kind", "key", "title", "url", "status", "date", "target", "note"],
        rows=rows,
    )
