"""``/api/events``: the event list with filters, exports, the timeline, one event, corrections.

Example:
    GET /api/events?country=Syria&date_from=2020-03-01&min_fatalities=1&limit=20
    GET /api/events/export?format=parquet&admin1=Idleb
    PATCH /api/events/cc-0123456789abcdef  {"fields": {"fatalities": 4}, "note": "per OCHA"}
"""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from fastapi.responses import JSONResponse

from ...errors import ConfigError, StoreError
from ...export import write_events
from ...registry import exporters
from .. import views
from ..deps import CorrectionDep, FiltersDep, StoreDep, WriterDep, require_reader
from ..schemas import (
    MAX_WHOLE,
    Correction,
    EventDetail,
    EventModel,
    EventPage,
    TimelineDay,
    inline_schema,
)
from ._responses import INVALID, NOT_FOUND, READ, WRITE

router = APIRouter(
    prefix="/api/events",
    tags=["events"],
    dependencies=[Depends(require_reader)],
    responses={**READ, **INVALID},
)

# Largest page the list serves; exports have no limit.
MAX_PAGE = 1000
# Content type and file suffix of each built-in export format, by registry name.
EXPORT_TYPES: dict[str, tuple[str, str]] = {
    "conflictcoder.full_csv.v1": ("text/csv; charset=utf-8", "csv"),
    "conflictcoder.acled.v1": ("text/csv; charset=utf-8", "csv"),
    "conflictcoder.ucdp_ged.v1": ("text/csv; charset=utf-8", "csv"),
    "conflictcoder.geojson.v1": ("application/geo+json", "geojson"),
    "conflictcoder.gpkg.v1": ("application/geopackage+sqlite3", "gpkg"),
    "conflictcoder.jsonl.v1": ("application/x-ndjson", "jsonl"),
    "conflictcoder.parquet.v1": ("application/vnd.apache.parquet", "parquet"),
}


def not_found(event_id: str) -> HTTPException:
    """The 404 every event route raises for an unknown id."""
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"event '{event_id}' not found")


@router.get("", response_model=EventPage, summary="List events")
async def list_events(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Events per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_WHOLE, description="Events to skip.")] = 0,
) -> JSONResponse:
    """Events matching every filter given, by date then id, one page at a time.

    Follow ``next_offset`` for the next page; it is null on the last one.
    """
    # The busiest endpoint: the page is sent as built, without validating it again against
    # EventPage (a third of the request's time for 50 events); tests check the shape.
    return JSONResponse(views.event_page(store, filters, limit=limit, offset=offset))


@router.get(
    "/export",
    summary="Export events",
    response_class=Response,
    responses={
        200: {
            "description": "The matching events as a file.",
            "content": {media: {} for media, _ in EXPORT_TYPES.values()},
        }
    },
)
async def export_events(
    store: StoreDep,
    filters: FiltersDep,
    fmt: Annotated[
        str,
        Query(
            alias="format",
            description="acled (ACLED's 31 columns), ucdp (UCDP GED's columns), csv (the "
            "full record), geojson, parquet, gpkg (GeoPackage), jsonl, or a registered "
            "exporter.",
        ),
    ] = "csv",
    inter_num: Annotated[
        bool,
        Query(description="acled: inter1, inter2 and interaction as numeric codes (as ACLED's)."),
    ] = False,
    bom: Annotated[
        bool, Query(description="CSV formats: start with a UTF-8 byte order mark (Excel).")
    ] = False,
) -> Response:
    """All events matching the filters, written by the exporter registered as ``format``."""
    if fmt not in exporters:
        try:
            exporters.get(fmt)
        except ConfigError as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    name = exporters.resolve_name(fmt)
    media, suffix = EXPORT_TYPES.get(name, ("application/octet-stream", "dat"))
    events = store.events(**filters.store_kwargs())
    buffer = io.BytesIO()
    # A text wrapper over bytes serves both kinds: text exporters write to it, binary ones
    # (Parquet) to its ``buffer``.
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        options = {name: True for name, on in (("inter_num", inter_num), ("bom", bom)) if on}
        write_events(events, text, fmt, **options)
    except ConfigError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    text.flush()
    body = buffer.getvalue()
    text.detach()
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="events.{suffix}"'},
    )


@router.get("/timeline", response_model=list[TimelineDay], summary="Events and deaths per day")
async def event_timeline(store: StoreDep, filters: FiltersDep) -> list[dict[str, Any]]:
    """For each day with a matching event: the number of events and their deaths."""
    return views.timeline(store.events(limit=views.TIMELINE_LIMIT, **filters.store_kwargs()))


@router.get("/{event_id}", response_model=EventDetail, responses=NOT_FOUND, summary="One event")
async def get_event(event_id: str, store: StoreDep) -> dict[str, Any]:
    """The event, the articles that report it with its evidence marked, and its history."""
    detail = views.event_detail(store, event_id)
    if detail is None:
        raise not_found(event_id)
    return detail


@router.get(
    "/{event_id}/history",
    response_model=list[dict[str, Any]],
    responses=NOT_FOUND,
    summary="An event's history",
)
async def get_history(event_id: str, store: StoreDep) -> list[dict[str, Any]]:
    """Every change to the event, oldest first: new reports merged in, corrections."""
    history = views.event_history(store, event_id)
    if history is None:
        raise not_found(event_id)
    return history


@router.patch(
    "/{event_id}",
    response_model=EventModel,
    responses={**WRITE, **NOT_FOUND},
    summary="Correct an event",
    # the body is read by a dependency after the token check: documented here
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline_schema(Correction)}},
        }
    },
)
async def correct_event(
    event_id: str, user: WriterDep, correction: CorrectionDep, store: StoreDep
) -> dict[str, Any]:
    """Set some of an event's fields by hand; needs a token.

    The store checks each value (type, range, an event type that goes with the sub-event
    type) and answers 422 naming the field. The change is kept in the event's history with
    the token's user and the note, and a later merge of new reports never overwrites a
    corrected field.
    """
    if store.get_event(event_id) is None:
        raise not_found(event_id)
    fields = correction.fields.model_dump(exclude_unset=True)
    if not fields:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="no fields to correct: give at least one field in 'fields'",
        )
    try:
        event = store.correct_event(event_id, fields, user=user, note=correction.note)
    except StoreError as exc:
        # the store names its file or URL first: the client needs only the problem
        detail = str(exc).removeprefix(f"{getattr(store, 'name', '')}: ")
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=detail) from None
    return views.event_dict(event)
