"""``/api/alerts``: saved searches, their Atom feed and their webhook delivery log.

Managing alerts needs an API token (as every write) or a signed-in admin (alerts hold
webhook addresses and send data to partners); the feed is a read like the event list, so
a feed reader can subscribe to it without one when reads are public. The
routes are plain ``def``: FastAPI runs them, and their store work, in its thread pool.

Example:
    POST /api/alerts  {"name": "Idlib strikes", "search": {"admin1": "Idlib",
                       "event_types": ["Air/drone strike"]}, "webhook_url": "https://..."}
    GET /api/alerts/al-0123456789ab/feed.atom
"""

from __future__ import annotations

from dataclasses import fields
from typing import Annotated, Any, get_type_hints

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field, create_model

from ...alerts import (
    Alert,
    AlertError,
    AlertSearch,
    Delivery,
    atom_feed,
    create_alert,
    delete_alert,
    get_alert,
    list_alerts,
    recent_matches,
)
from ...alerts.dispatch import alerts_store
from ..access import ViewerDep
from ..deps import StoreDep, body_doc, json_body, require_reader
from ..session import require
from ._responses import INVALID, NOT_FOUND, READ, WRITE

# Every alert route is also a read: a private server (public_reads = false) refuses an
# anonymous request to any of them as it does every read, with the same 401.
router = APIRouter(
    prefix="/api/alerts",
    tags=["alerts"],
    responses={**INVALID},
    dependencies=[Depends(require_reader)],
)


async def require_alert_admin(viewer: ViewerDep) -> str:
    """Admit an API token or a signed-in admin; RETURNS (str) the name recorded.

    No credentials: 401; a wrong token, or a signed-in reader or reviewer: 403.
    """
    if viewer.via != "token":
        require(viewer, "admin")
    return str(viewer.name)


AlertAdminDep = Annotated[str, Depends(require_alert_admin)]

ATOM_TYPE = "application/atom+xml; charset=utf-8"


class SearchModel(BaseModel):
    """What an alert matches: every condition given must hold."""

    model_config = ConfigDict(extra="forbid")

    bbox: tuple[float, float, float, float] | None = Field(
        None, description="min_lon, min_lat, max_lon, max_lat (WGS84 degrees)."
    )
    country: str | None = Field(None, description="A country, any name or ISO code.")
    admin1: str | None = Field(None, description="A first-level unit, any spelling.")
    admin2: str | None = Field(None, description="A second-level unit.")
    event_types: list[str] = Field(
        default_factory=list, description="ACLED event or sub-event types; any one matches."
    )
    actors: list[str] = Field(
        default_factory=list, description="Actor names or aliases; any one matches."
    )
    min_fatalities: int | None = Field(None, ge=0, description="At least this many deaths.")
    reviewed_only: bool = Field(False, description="Only events a reviewer confirmed.")


class AlertIn(BaseModel):
    """A new alert."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "name": "Idlib strikes",
                "search": {"admin1": "Idlib", "event_types": ["Air/drone strike"]},
                "webhook_url": "https://partner.example/hooks/conflictcoder",
            }
        },
    )

    name: str = Field(min_length=1, max_length=200)
    search: SearchModel
    webhook_url: str | None = Field(
        None, description="Where matching events are POSTed, signed (none: feed only)."
    )


class AlertModel(BaseModel):
    """A saved alert (its secret is shown only when it is created)."""

    id: str
    name: str
    search: dict[str, Any]
    description: str
    webhook_url: str | None
    created_at: str
    created_by: str | None
    feed: str


class AlertCreated(AlertModel):
    """A new alert with the secret its webhook deliveries are signed with."""

    secret: str = Field(
        description="HMAC-SHA256 key: X-Conflictcoder-Signature is sha256=HMAC(secret, body)."
    )


# What the API does not show of a delivery: the alert is in the path, the change number is
# internal and the payload is the event the feed and the webhook already give.
_DELIVERY_HIDDEN = frozenset({"alert_id", "change_seq", "payload"})

# The store's Delivery fields, less the hidden ones: the one list of them is the dataclass.
_DELIVERY_FIELDS: dict[str, Any] = {
    f.name: (get_type_hints(Delivery)[f.name], ...)
    for f in fields(Delivery)
    if f.name not in _DELIVERY_HIDDEN
}
DeliveryModel: type[BaseModel] = create_model(
    "DeliveryModel",
    __doc__="One webhook delivery of an event (at one timestamp) and its last attempt.",
    **_DELIVERY_FIELDS,
)
# The response model of a list of deliveries (a model built at run time is no static type).
_DELIVERY_LIST: Any = list[DeliveryModel]  # type: ignore[valid-type]


def alert_dict(alert: Alert, request: Request) -> dict[str, Any]:
    """An alert as the API shows it (without its secret)."""
    base = str(request.base_url).rstrip("/")
    return {
        "id": alert.id,
        "name": alert.name,
        "search": alert.search,
        "description": AlertSearch.from_dict(alert.search).describe(),
        "webhook_url": alert.webhook_url,
        "created_at": alert.created_at,
        "created_by": alert.created_by,
        "feed": f"{base}/api/alerts/{alert.id}/feed.atom",
    }


def _delivery_dict(delivery: Delivery) -> dict[str, Any]:
    return {key: getattr(delivery, key) for key in DeliveryModel.model_fields}


def _found(store: Any, alert_id: str) -> Alert:
    try:
        return get_alert(store, alert_id)
    except AlertError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc)) from None


def admin_alert(alert_id: str, user: AlertAdminDep, store: StoreDep) -> Alert:
    """The alert the path names, for a token or a signed-in admin (checked first); 404 when
    there is none."""
    return _found(store, alert_id)


AdminAlertDep = Annotated[Alert, Depends(admin_alert)]


@router.get("", response_model=list[AlertModel], responses=WRITE, summary="List alerts")
def list_all(request: Request, user: AlertAdminDep, store: StoreDep) -> list[dict[str, Any]]:
    """Every saved alert, oldest first; needs a token."""
    return [alert_dict(alert, request) for alert in list_alerts(store)]


@router.post(
    "",
    response_model=AlertCreated,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE,
    summary="Create an alert",
    openapi_extra=body_doc(AlertIn),
)
def create(
    request: Request,
    user: AlertAdminDep,
    store: StoreDep,
    body: Annotated[AlertIn, Depends(json_body(AlertIn, label="alert"))],
) -> dict[str, Any]:
    """Save a search; needs a token. Its webhook gets the events stored or changed from now
    on, each version once. The answer carries the signing secret: keep it, it is not shown
    again."""
    try:
        search = AlertSearch.from_dict(body.search.model_dump(exclude_defaults=True))
        alert = create_alert(store, body.name, search, webhook_url=body.webhook_url, user=user)
    except AlertError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    return {**alert_dict(alert, request), "secret": alert.secret}


@router.get(
    "/{alert_id}",
    response_model=AlertModel,
    responses={**WRITE, **NOT_FOUND},
    summary="One alert",
)
def get_one(alert: AdminAlertDep, request: Request) -> dict[str, Any]:
    """The alert; needs a token."""
    return alert_dict(alert, request)


@router.delete(
    "/{alert_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={**WRITE, **NOT_FOUND},
    summary="Delete an alert",
)
def delete(alert_id: str, user: AlertAdminDep, store: StoreDep) -> Response:
    """Delete the alert and its delivery log; needs a token."""
    try:
        delete_alert(store, alert_id)
    except AlertError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc)) from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{alert_id}/deliveries",
    response_model=_DELIVERY_LIST,
    responses={**WRITE, **NOT_FOUND},
    summary="An alert's webhook deliveries",
)
def deliveries(
    alert: AdminAlertDep,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Deliveries to list.")] = 100,
) -> list[dict[str, Any]]:
    """The latest deliveries of the alert's webhook, newest first; needs a token."""
    return [_delivery_dict(d) for d in alerts_store(store).alert_deliveries(alert.id, limit)]


@router.get(
    "/{alert_id}/feed.atom",
    response_class=Response,
    responses={
        **READ,
        **NOT_FOUND,
        200: {"description": "The Atom feed.", "content": {"application/atom+xml": {}}},
    },
    summary="An alert's Atom feed",
)
def feed(alert_id: str, request: Request, store: StoreDep) -> Response:
    """The alert's latest matching events (50), newest change first, as an Atom feed: one
    entry per event, updated when the event changes."""
    alert = _found(store, alert_id)
    events = recent_matches(store, AlertSearch.from_dict(alert.search))
    body = atom_feed(alert, events, base_url=str(request.base_url))
    return Response(body, media_type=ATOM_TYPE)
