"""Open data: attendance at events that have ended, as counts of people per event, without
names (``/api/events/attendance`` as JSON, ``/api/events/attendance.csv``).

Counts follow the small-cell rule (``core.disclosure``): a count under 5 people is not
published (status ``fewer_than_5``), and neither is a count that leaves out 1 to 4 people of
the count it is part of (status ``complement``): "confirmed" is part of "registered" and
"checked in" part of "confirmed", so subtracting two published counts never shows a group of
fewer than 5, such as the 2 people who did not come. Published events only; drafts and
cancelled events are left out.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from socius.core.api_support import Pagination, refusals, responses
from socius.core.csv_export import csv_response
from socius.events.followup import selectors

router = Router(tags=["events"])

# Open data: fixed column names, the same in every language (scripts read them).
CSV_HEADER = [
    "event",
    "title",
    "kind",
    "starts_at",
    "organiser_kind",
    "organiser",
    "municipality_code",
    "theme",
    "registered",
    "registered_status",
    "confirmed",
    "confirmed_status",
    "checked_in",
    "checked_in_status",
]


class CountOut(Schema):
    value: int | None = Field(..., description="People; null when not published (see status)")
    status: str = Field(
        ...,
        description="value; fewer_than_5 (under 5 people); complement (would show a group of "
        "fewer than 5 by subtraction)",
    )


class AttendanceOut(Schema):
    event: str = Field(..., description="The event's address: /arrangementer/<event>/")
    title: str
    kind: str
    starts_at: datetime.datetime
    organiser_kind: str = Field(..., description="think_tank, municipality or organisation")
    organiser: str
    municipality_code: str | None = Field(..., description="Where it took place")
    theme: str
    registered: CountOut
    confirmed: CountOut
    checked_in: CountOut


def _row(row: selectors.AttendanceRow) -> dict[str, Any]:
    e = row.event
    return {
        "event": e.slug,
        "title": e.title,
        "kind": e.kind,
        "starts_at": e.starts_at,
        "organiser_kind": selectors.organiser_kind(e),
        "organiser": selectors.organiser_name(e),
        "municipality_code": e.municipality.code if e.municipality is not None else None,
        "theme": e.theme.slug,
        "registered": {"value": row.registered.value, "status": row.registered.status},
        "confirmed": {"value": row.confirmed.value, "status": row.confirmed.status},
        "checked_in": {"value": row.checked_in.value, "status": row.checked_in.status},
    }


class AttendanceFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Events that began this year.")


class _Rows:
    """The annotated events, each made into its row only when its page is read."""

    def __init__(self, year: int | None = None) -> None:
        self.events = selectors.attendance_list_public(year=year)

    def __len__(self) -> int:
        return self.events.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_row(selectors.attendance_row(e)) for e in self.events[index]]


@router.get("/events/attendance", response=responses(list[AttendanceOut], 422))
@paginate(Pagination)
def attendance_list(request: HttpRequest) -> Any:
    """Attendance at every published event that has ended, newest first: people registered,
    confirmed and checked in, with the small-cell rule applied."""
    return _Rows()


@router.get(
    "/events/attendance.csv",
    response=refusals(422),
    openapi_extra={
        "responses": {
            200: {"description": "OK", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def attendance_csv(request: HttpRequest, filters: Query[AttendanceFilter]) -> HttpResponse:
    """The same as ``/api/events/attendance``, all rows (at most 10,000) as CSV."""
    events = selectors.attendance_list_public(year=filters.year)[: selectors.OPEN_DATA_MAX]

    def rows() -> Any:
        for event in events.iterator(chunk_size=500):
            r = _row(selectors.attendance_row(event))
            yield [
                r["event"], r["title"], r["kind"], r["starts_at"].isoformat(),
                r["organiser_kind"], r["organiser"], r["municipality_code"] or "", r["theme"],
                _csv_value(r["registered"]), r["registered"]["status"],
                _csv_value(r["confirmed"]), r["confirmed"]["status"],
                _csv_value(r["checked_in"]), r["checked_in"]["status"],
            ]  # fmt: skip

    return csv_response(filename="arrangementer-fremmoede.csv", header=CSV_HEADER, rows=rows())


def _csv_value(cell: dict[str, Any]) -> Any:
    return "" if cell["value"] is None else cell["value"]
