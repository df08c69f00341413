"""``/api/changes``: what changed since a time or a cursor, as ACLED's updates and deletions.

A partner mirrors the dataset by pulling pages in order: upsert every event in ``events``,
delete every id in ``removed``, keep ``cursor`` and ask again with ``after=cursor`` (also
while ``complete`` is false). ``since`` (Unix seconds or an ISO time) is the human way in:
everything changed at or after it.

Example:
    GET /api/changes?since=2026-12-01T00:00:00Z
    GET /api/changes?after=1234&limit=1000
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import HTTPException, Query, status

from ...errors import StoreError
from ...store.changes import parse_since
from .. import views
from ..access import ViewerDep, desk
from ..deps import SettingsDep, StoreDep
from ..schemas import MAX_WHOLE
from ._responses import INVALID, reader_router

router = reader_router("changes", INVALID, prefix="/api/changes")
MAX_CHANGES = 10_000


@router.get("", summary="Changes since a time or cursor")
async def changes(
    store: StoreDep,
    settings: SettingsDep,
    viewer: ViewerDep,
    since: Annotated[
        str | None, Query(description="Unix seconds or ISO time: changes at or after it.")
    ] = None,
    after: Annotated[
        int | None, Query(ge=0, le=2**62, description="A cursor from an earlier answer.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES)] = 1000,
) -> dict[str, Any]:
    """Events added or updated (their current state) and ids deleted, merged away or
    rejected, oldest change first; ``cursor`` resumes exactly after the last one."""
    sql = desk(store)
    reviewed_only = settings.public_reviewed_only and not viewer.may("reviewer")
    try:
        page = sql.changes(
            parse_since(since),
            after=after,
            limit=min(limit, MAX_WHOLE),
            reviewed_only=reviewed_only,
        )
    except StoreError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc).removeprefix(f"{sql.name}: ")
        ) from None
    return {
        "events": [views.event_dict(e) for e in page.events],
        "removed": [r.to_dict() for r in page.removed],
        "cursor": page.cursor,
        "complete": page.complete,
        "server_time": page.server_time,
    }
