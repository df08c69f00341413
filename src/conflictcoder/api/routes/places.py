"""``/api/places``: the places events are coded to, with their events and deaths.

Example:
    GET /api/places?country=Syria&date_from=2020-03-01
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from .. import views
from ..deps import FiltersDep, StoreDep, require_reader
from ..schemas import PlaceModel
from ._responses import INVALID, READ

router = APIRouter(
    prefix="/api/places",
    tags=["places"],
    dependencies=[Depends(require_reader)],
    responses={**READ, **INVALID},
)


@router.get("", response_model=list[PlaceModel], summary="Places of events")
async def list_places(store: StoreDep, filters: FiltersDep) -> list[dict[str, Any]]:
    """Each place (coordinates and name) with the matching events coded to it.

    Takes the same filters as ``/api/events``; events without coordinates are left out.
    Places come sorted by number of events, then name.
    """
    return views.place_list(store, filters)
