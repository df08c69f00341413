"""``/api/events``: the event list with filters, exports, the timeline, one event, corrections.

Example:
    GET /api/events?country=Syria&date_from=2020-03-01&min_fatalities=1&limit=20
    GET /api/events/export?format=parquet&admin1=Idleb
    PATCH /api/events/cc-0123456789abcdef  {"fields": {"fatalities": 4}, "note": "per OCHA"}
"""

from __future__ import annotations

import io
import itertools
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar

from fastapi import HTTPException, Query, Request, Response, status
from fastapi.responses import JSONResponse, StreamingResponse

from ...errors import ConfigError, StoreError
from ...export import store_options, write_events
from ...registry import exporters
from ...store import Store, open_store
from .. import views
from ..deps import (
    CorrectionDep,
    ExportSlotDep,
    FiltersDep,
    StoreDep,
    WriterDep,
)
from ..schemas import (
    MAX_WHOLE,
    Correction,
    EventDetail,
    EventModel,
    EventPage,
    TimelineDay,
    inline_schema,
)
from ._responses import INVALID, NOT_FOUND, WRITE, reader_router

router = reader_router("events", INVALID, prefix="/api/events")

_T = TypeVar("_T")

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


# Events read from the store at a time by an export, and bytes sent at a time.
EXPORT_PAGE = 500
EXPORT_CHUNK = 1 << 16
_EXPORT_QUEUE = 8
_DONE = object()


class _QueueWriter(io.RawIOBase):
    """A binary file whose writes go to a bounded queue (the response reads it)."""

    def __init__(self, chunks: queue.Queue[Any], stop: threading.Event) -> None:
        self.chunks, self.stop = chunks, stop

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.stop.is_set():  # the client went away: end the export
            raise BrokenPipeError("the export was abandoned")
        block = bytes(data)
        while True:
            try:
                self.chunks.put(block, timeout=0.5)
                return len(block)
            except queue.Full:
                if self.stop.is_set():
                    raise BrokenPipeError("the export was abandoned") from None


def export_chunks(
    db: str,
    filters: Any,
    fmt: str,
    options: dict[str, Any],
    done: Callable[[], None],
) -> Iterator[bytes]:
    """The export of the events matching ``filters`` as a stream of byte chunks.

    A thread writes the export (its own store connection, events read ``EXPORT_PAGE`` at a
    time) into a queue of at most ``_EXPORT_QUEUE`` chunks; this generator hands them on.
    ``done`` is called once the export has ended, however it ends. An exporter's error
    comes out of ``next()`` (a ConfigError before the first chunk: the route's 422).
    """
    chunks: queue.Queue[Any] = queue.Queue(_EXPORT_QUEUE)
    stop = threading.Event()

    def pages(store: Store) -> Iterator[Any]:
        offset = 0
        while page := store.events(filters, limit=EXPORT_PAGE, offset=offset):
            yield from page
            offset += len(page)

    def produce() -> None:
        try:
            with open_store(db) as store:
                raw = io.BufferedWriter(_QueueWriter(chunks, stop), EXPORT_CHUNK)
                # text exporters write to the wrapper, binary ones (Parquet) to its buffer
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                write_events(pages(store), text, fmt, **store_options(store, fmt, options))
                text.flush()
                text.detach().flush()
            result: Any = _DONE
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            result = exc
        while not stop.is_set():
            try:
                chunks.put(result, timeout=0.5)
                return
            except queue.Full:
                continue

    worker = threading.Thread(target=produce, name="conflictcoder-export", daemon=True)
    worker.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        done()


def not_found(event_id: str) -> HTTPException:
    """The 404 every event route raises for an unknown id."""
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"event '{event_id}' not found")


def found(value: _T | None, event_id: str) -> _T:
    """``value``, what a view gave for the event; the 404 of ``not_found`` when it gave
    None (no such event)."""
    if value is None:
        raise not_found(event_id)
    return value


@router.get("", response_model=EventPage, summary="List events")
def list_events(
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
def export_events(
    request: Request,
    slot: ExportSlotDep,
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
    """All events matching the filters, written by the exporter registered as ``format``.

    Streamed as it is written, from the store's pages of events: memory stays bounded
    however many events match. Without a token, exports are limited
    (``anonymous_exports_per_minute``, ``anonymous_concurrent_exports``): 429 with
    ``Retry-After`` beyond that.
    """
    try:
        if fmt not in exporters:
            try:
                exporters.get(fmt)
            except ConfigError as exc:
                raise HTTPException(
                    status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)
                ) from None
        name = exporters.resolve_name(fmt)
        media, suffix = EXPORT_TYPES.get(name, ("application/octet-stream", "dat"))
        options = {name: True for name, on in (("inter_num", inter_num), ("bom", bom)) if on}
        chunks = export_chunks(request.app.state.db, filters, fmt, options, slot.release)
        first = next(chunks)  # an exporter's refusal (an option it lacks) is still a 422
    except ConfigError as exc:
        slot.release()
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    except BaseException:
        slot.release()
        raise
    return StreamingResponse(
        itertools.chain([first], chunks),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="events.{suffix}"'},
    )


@router.get("/timeline", response_model=list[TimelineDay], summary="Events and deaths per day")
def event_timeline(store: StoreDep, filters: FiltersDep) -> JSONResponse:
    """For each day with a matching event: the number of events and their deaths."""
    # one GROUP BY in the store (a covering index), not every event decoded; sent as built
    aggregate = getattr(store, "event_timeline", None)
    if aggregate is not None:
        return JSONResponse(aggregate(filters))
    return JSONResponse(views.timeline(store.events(filters, limit=views.TIMELINE_LIMIT)))


@router.get("/{event_id}", response_model=EventDetail, responses=NOT_FOUND, summary="One event")
def get_event(event_id: str, store: StoreDep) -> dict[str, Any]:
    """The event, the articles that report it with its evidence marked, and its history."""
    return found(views.event_detail(store, event_id), event_id)


@router.get(
    "/{event_id}/history",
    response_model=list[dict[str, Any]],
    responses=NOT_FOUND,
    summary="An event's history",
)
def get_history(event_id: str, store: StoreDep) -> list[dict[str, Any]]:
    """Every change to the event, oldest first: new reports merged in, corrections."""
    return found(views.event_history(store, event_id), event_id)


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
def correct_event(
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
