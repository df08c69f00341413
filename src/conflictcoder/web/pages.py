"""Dashboard pages. Each renders the dict of the ``api.views`` function behind its JSON twin.

==========================  =================================  ===========================
page                        JSON twin                          dict from
==========================  =================================  ===========================
``/``                       ``/api/dashboard``                 ``views.dashboard``
``/events/{event_id}``      ``/api/events/{event_id}``         ``views.event_detail``
==========================  =================================  ===========================

Templates only lay the dict out; they do no querying and no coding.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..api import views
from ..api.deps import FiltersDep, SettingsDep, StoreDep, require_reader
from ..api.routes._responses import INVALID, READ
from ..api.schemas import Dashboard
from . import TEMPLATES_DIR, missing_assets

router = APIRouter(tags=["dashboard"], dependencies=[Depends(require_reader)])
templates = Jinja2Templates(directory=TEMPLATES_DIR)


def _context(**values: Any) -> dict[str, Any]:
    return {"missing_assets": missing_assets(), **values}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def dashboard_page(
    request: Request, store: StoreDep, settings: SettingsDep, filters: FiltersDep
) -> HTMLResponse:
    """The dashboard: map, timeline, filters, the event list and the event panel."""
    data = views.dashboard(store, filters, settings)
    return templates.TemplateResponse(request, "dashboard.html", _context(data=data))


@router.get(
    "/api/dashboard",
    response_model=Dashboard,
    responses={**READ, **INVALID},
    summary="Everything the dashboard shows",
)
async def dashboard_json(
    store: StoreDep, settings: SettingsDep, filters: FiltersDep
) -> dict[str, Any]:
    """The dict the dashboard page renders: the newest matching events, the timeline of all
    of them, the values the filters offer, the map layers and the attribution."""
    return views.dashboard(store, filters, settings)


@router.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
async def event_page(request: Request, event_id: str, store: StoreDep) -> HTMLResponse:
    """One event: its fields, its sources, the evidence marked in each article, its history."""
    detail = views.event_detail(store, event_id)
    if detail is None:
        return templates.TemplateResponse(
            request,
            "not_found.html",
            _context(detail=f"event '{event_id}' not found"),
            status_code=404,
        )
    return templates.TemplateResponse(request, "event.html", _context(data=detail))
