"""``/api/events/{event_id}/sources``: the articles that report an event.

Example:
    GET /api/events/cc-0123456789abcdef/sources
"""

from __future__ import annotations

from typing import Any

from .. import views
from ..deps import StoreDep
from ..schemas import SourceModel
from ._responses import NOT_FOUND, reader_router
from .events import found

router = reader_router("sources", NOT_FOUND, prefix="/api/events")


@router.get("/{event_id}/sources", response_model=list[SourceModel], summary="An event's sources")
def list_sources(event_id: str, store: StoreDep) -> list[dict[str, Any]]:
    """Every article that reports the event: id, title, outlet, address and date."""
    return found(views.event_sources(store, event_id), event_id)
