"""``/api/events/{event_id}/sources``: the articles that report an event.

Example:
    GET /api/events/cc-0123456789abcdef/sources
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from .. import views
from ..deps import StoreDep, require_reader
from ..schemas import SourceModel
from ._responses import NOT_FOUND, READ
from .events import found

router = APIRouter(
    prefix="/api/events",
    tags=["sources"],
    dependencies=[Depends(require_reader)],
    responses={**READ, **NOT_FOUND},
)


@router.get("/{event_id}/sources", response_model=list[SourceModel], summary="An event's sources")
def list_sources(event_id: str, store: StoreDep) -> list[dict[str, Any]]:
    """Every article that reports the event: id, title, outlet, address and date."""
    return found(views.event_sources(store, event_id), event_id)
