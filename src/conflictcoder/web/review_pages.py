"""The review desk's pages: ``/review`` (the queue, or the sign-in form) and its script.

``/review`` renders ``api.routes.review.queue_page``, the dict ``GET /api/review`` answers;
``static/review.js`` signs in and sends each decision to the ``/api/review`` routes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..api.access import ViewerDep, desk
from ..api.deps import FiltersDep, StoreDep
from ..api.routes.review import queue_page
from ..store.review import DECISIONS
from . import TEMPLATES_DIR, missing_assets

router = APIRouter(tags=["dashboard"])
templates = Jinja2Templates(directory=TEMPLATES_DIR)
# The fields the queue's editor offers (any field can be corrected through the API).
EDITABLE: tuple[str, ...] = (
    "actor1",
    "actor2",
    "event_date",
    "location",
    "latitude",
    "longitude",
    "admin1",
    "fatalities",
    "sub_event_type",
    "notes",
)


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
async def review_page(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    viewer: ViewerDep,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    """The review queue for a reviewer; the sign-in form for anyone else."""
    context = {"missing_assets": missing_assets(), "viewer": viewer}
    if not viewer.may("reviewer"):
        return templates.TemplateResponse(request, "signin.html", context)
    data = queue_page(desk(store), filters, limit=50, offset=offset)
    return templates.TemplateResponse(
        request,
        "review.html",
        {**context, "data": data, "editable": EDITABLE, "decisions": DECISIONS},
    )
