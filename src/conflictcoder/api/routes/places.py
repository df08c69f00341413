"""``/api/places``: the places events are coded to, with their events and deaths.

Example:
    GET /api/places?country=Syria&date_from=2020-03-01
"""

from __future__ import annotations

from fastapi.responses import JSONResponse

from .. import views
from ..deps import FiltersDep, StoreDep
from ..schemas import PlaceModel
from ._responses import INVALID, reader_router

router = reader_router("places", INVALID, prefix="/api/places")


@router.get("", response_model=list[PlaceModel], summary="Places of events")
def list_places(store: StoreDep, filters: FiltersDep) -> JSONResponse:
    """Each place (coordinates and name) with the matching events coded to it.

    Takes the same filters as ``/api/events``; events without coordinates are left out.
    Places come sorted by number of events, then name.
    """
    # grouped from the store's columns (no event decoded) and sent as built
    aggregate = getattr(store, "event_places", None)
    if aggregate is not None:
        return JSONResponse(aggregate(filters))
    return JSONResponse(views.place_list(store, filters))
