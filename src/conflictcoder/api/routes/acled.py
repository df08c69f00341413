"""``/api/acled/read``: the stored events shaped like ACLED's API, so that a script written
for ACLED's API works against a conflictcoder server by changing only its base URL.

ACLED's API answers ``GET {base}/acled/read?country=...&limit=...&page=...`` with
``{"status": 200, "success": true, "count": N, "messages": [], "data": [...],
"filename": ...}``: one object per event with ACLED's 31 columns, every value
a string as ACLED writes them ("" for none). The same route answers under ``/acled/read``
too (ACLED's older base URL had no ``/api``).

Filters: ACLED's own (``event_date`` with ``event_date_where``, ``iso``, ``country``,
``admin1``, ``event_type``, ``sub_event_type``, ``actor1``) and every filter of
``/api/events`` (``date_from``, ``bbox``, ``text``...). Paging: ``limit`` (default 5000,
as ACLED's) and ``page`` from 1. ``fields`` (``event_id_cnty|event_date|fatalities``) keeps
only those columns; ``inter_num=1`` gives inter codes as numbers; ``_format=csv`` the page
as ACLED-column CSV.

Example:
    GET /api/acled/read?country=Syria&event_date=2020-03-01|2020-03-31&event_date_where=BETWEEN
    GET /api/acled/read?iso=887&limit=500&page=2&fields=event_id_cnty|event_date|fatalities
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Response, status
from fastapi.responses import JSONResponse

from ...export import write_events
from ...formats import acled_codebook, acled_rows, store_scales
from ...geo.countries import countries_table
from ..deps import FiltersDep, StoreDep, query_text
from ..schemas import MAX_WHOLE
from ..views import EventFilters
from ._responses import INVALID, reader_router

router = reader_router("acled", INVALID)

# ACLED's API gives 5000 rows a page unless told otherwise; so do we, and no more than this.
DEFAULT_LIMIT = 5000
MAX_LIMIT = 50_000
_WHERE = {"=", ">", "<", ">=", "<=", "BETWEEN"}


def _invalid(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=detail)


def _acled_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _invalid(f"{what} must be a day written YYYY-MM-DD, got '{text}'") from None


def _event_date_bounds(value: str, where: str) -> tuple[date | None, date | None]:
    """ACLED's ``event_date`` and ``event_date_where`` as (first day, last day)."""
    where = where.strip().upper()
    if where not in _WHERE:
        raise _invalid(
            f"event_date_where must be one of {', '.join(sorted(_WHERE))}, got '{where}'"
        )
    if where == "BETWEEN":
        parts = value.split("|")
        if len(parts) != 2:
            raise _invalid(
                f"event_date with BETWEEN must be FIRST|LAST (2020-01-01|2020-12-31), got '{value}'"
            )
        first, last = (_acled_day(p, "event_date") for p in parts)
        return first, last
    day = _acled_day(value, "event_date")
    # the store's bounds are inclusive: > and < are a day further in
    return {
        "=": (day, day),
        ">=": (day, None),
        "<=": (None, day),
        ">": (date.fromordinal(day.toordinal() + 1), None),
        "<": (None, date.fromordinal(day.toordinal() - 1)),
    }[where]


def _as_day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _narrow(first: date | None, second: date | None, later: bool) -> date | None:
    if first is None or second is None:
        return first or second
    return max(first, second) if later else min(first, second)


def _country_of_iso(iso: int) -> str:
    for info in countries_table().values():
        if info.iso == iso:
            return info.name
    raise _invalid(f"iso {iso} is no ISO 3166 numeric country code")


def _same(name: str, ours: str | None, theirs: str | None) -> str | None:
    if ours is not None and theirs is not None and ours != theirs:
        raise _invalid(f"{name} is given twice with different values: '{ours}' and '{theirs}'")
    return ours or theirs


async def acled_filters(
    filters: FiltersDep,
    event_date: Annotated[
        str | None,
        Query(
            description="A day (YYYY-MM-DD), or FIRST|LAST with event_date_where=BETWEEN.",
            examples=["2020-03-01|2020-03-31"],
        ),
    ] = None,
    event_date_where: Annotated[
        str, Query(description="How event_date compares: =, >, <, >=, <= or BETWEEN.")
    ] = "=",
    iso: Annotated[
        int | None, Query(ge=0, le=999, description="The country's ISO 3166 numeric code.")
    ] = None,
    actor1: Annotated[
        str | None, Query(description="An actor on either side (as the actor filter).")
    ] = None,
) -> EventFilters:
    """The filters of ``/api/events`` with ACLED's parameter names added on top."""
    first, last = _as_day(filters.date_from), _as_day(filters.date_to)
    if event_date is not None and event_date.strip():
        low, high = _event_date_bounds(event_date, event_date_where)
        first, last = _narrow(first, low, later=True), _narrow(last, high, later=False)
    country = filters.country
    if iso is not None:
        country = _same("country", country, _country_of_iso(iso))
    actor = _same("actor", filters.actor, query_text(actor1))
    return dataclasses.replace(filters, date_from=first, date_to=last, country=country, actor=actor)


AcledFiltersDep = Annotated[EventFilters, Depends(acled_filters)]


def _fields(value: str | None) -> list[str]:
    columns = list(acled_codebook().columns)
    if value is None or not value.strip():
        return columns
    wanted = [f.strip() for f in value.split("|") if f.strip()]
    unknown = [f for f in wanted if f not in columns]
    if unknown:
        raise _invalid(f"unknown field(s) {', '.join(unknown)}: choose among {', '.join(columns)}")
    return [c for c in columns if c in wanted]


def _string(value: Any) -> str:
    return "" if value is None else str(value)


@router.get("/api/acled/read", summary="Events shaped like ACLED's API")
@router.get("/acled/read", include_in_schema=False)
def acled_read(
    store: StoreDep,
    filters: AcledFiltersDep,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Events per page (ACLED's default: 5000).")
    ] = DEFAULT_LIMIT,
    page: Annotated[int, Query(ge=1, le=MAX_WHOLE, description="The page, from 1.")] = 1,
    fields: Annotated[
        str | None,
        Query(description="Only these columns, separated by |.", examples=["event_date|country"]),
    ] = None,
    inter_num: Annotated[
        int, Query(ge=0, le=1, description="1: inter1, inter2, interaction as numbers.")
    ] = 0,
    fmt: Annotated[
        str, Query(alias="_format", pattern="^(json|csv)$", description="json or csv.")
    ] = "json",
) -> Response:
    """One page of the events matching the filters, by date, in ACLED's 31 columns.

    ``count`` is the number of events in ``data`` (as in ACLED's answer); ask for the next
    ``page`` until a page holds fewer than ``limit``.
    """
    columns = _fields(fields)
    offset = (page - 1) * limit
    if offset > MAX_WHOLE:
        raise _invalid(f"page {page} of {limit} starts past the last event a store can hold")
    events = store.events(limit=limit, offset=offset, **filters.store_kwargs())
    # the scales the page's watched sources declare, for their articles
    scales = store_scales(store, {d for event in events for d in event.doc_ids})
    if fmt == "csv":
        buffer = io.StringIO()
        write_events(events, buffer, "acled", inter_num=bool(inter_num), scales=scales)
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="acled.csv"'},
        )
    data = [
        {name: _string(row[name]) for name in columns}
        for row in acled_rows(events, inter_num=bool(inter_num), scales=scales)
    ]
    return JSONResponse(
        {
            "status": 200,
            "success": True,
            "count": len(data),
            "messages": [],
            "data": data,
            "filename": f"acled-conflictcoder-page{page}",
        }
    )
