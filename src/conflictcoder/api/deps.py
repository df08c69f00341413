"""Shared resources as FastAPI dependencies: settings, the store, the coder, the token checks.

Nothing connects at import time. ``create_app`` puts the store URL and the settings on
``app.state``; ``get_store`` hands each request its worker thread's open store.

Threads: the store is opened, queried and closed in FastAPI's worker threads, never on
the event loop: ``get_store`` is a sync dependency and the routes that read the store are
plain ``def`` (FastAPI runs both in its thread pool). One slow request (an export, a
timeline over every event) then no longer holds up every other request behind it, as it
did when all store work ran on the loop's one thread. A store's connection is used by one
thread at a time (the store's lock; SQLite opened with ``check_same_thread=False``).
Exports stream from their own store connection (``routes/events.py``). Tests swap any of
these with ``app.dependency_overrides[get_store] = ...`` (an async generator too, or a
store whose connection any thread may use).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError, WithJsonSchema

from ..config import Settings
from ..store import Store, open_store
from ..store.filters import REVIEW_STATES
from . import session
from .auth import matching_hash, token_user
from .limits import ExportLimiter
from .schemas import MAX_WHOLE, Correction, inline_schema
from .views import EventFilters

BodyT = TypeVar("BodyT", bound=BaseModel)

# Error texts, kept here so that routes, docs and tests say the same thing.
MISSING_TOKEN = "missing token: send the header 'Authorization: Bearer TOKEN'"
INVALID_TOKEN = "invalid token: it matches none of the api_tokens in the settings"
WRITES_DISABLED = (
    "writes are disabled: no api_tokens are configured "
    "(add a hashed token to the settings; print one with: python -m conflictcoder.api.auth)"
)

_WORD_RE = re.compile(r"\w")
_bearer = HTTPBearer(auto_error=False, description="An API token (see docs/api.md).")


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with.

    Example:
        >>> from fastapi.testclient import TestClient
        >>> from conflictcoder.api import create_app
        >>> app = create_app(tmp / "events.sqlite", settings)
        >>> app.dependency_overrides[get_settings] = lambda: Settings(public_reads=False)
        >>> TestClient(app).get("/api/events").status_code
        401
    """
    settings: Settings = request.app.state.settings
    return settings


# Stores kept open per worker thread, by URL (a connection per worker, reused from request
# to request: opening a store and checking its migrations cost more than most queries).
_STORES_PER_THREAD = 4
_thread_stores = threading.local()


def get_store(request: Request) -> Iterator[Store]:
    """The event store for this request: the worker thread's own open store of the app's
    URL (opened on first use, kept for the thread's next requests).

    A request that fails with anything but an HTTP error closes it (a broken connection is
    not handed on). Each thread keeps at most ``_STORES_PER_THREAD`` stores (tests open
    many), closing the oldest.

    Example:
        >>> from fastapi.testclient import TestClient
        >>> from conflictcoder.api import create_app
        >>> app = create_app(":memory:", settings)
        >>> async def temporary_store():
        ...     with open_store(tmp / "events.sqlite") as store:
        ...         yield store
        >>> app.dependency_overrides[get_store] = temporary_store
        >>> TestClient(app).get("/api/events").json()["total"]
        0
    """
    url = str(request.app.state.db)
    stores: dict[str, Store] | None = getattr(_thread_stores, "stores", None)
    if stores is None:
        stores = _thread_stores.stores = {}
    store = stores.pop(url, None)
    if store is None:
        store = open_store(url)
        while len(stores) >= _STORES_PER_THREAD:
            stores.pop(next(iter(stores))).close()
    stores[url] = store  # most recently used last
    try:
        yield store
    except HTTPException:
        raise
    except BaseException:
        if stores.get(url) is store:
            del stores[url]
        store.close()
        raise


async def get_coder(request: Request) -> Any:
    """The app's ``Coder``, built on first use (loading the pipeline takes seconds).

    Example:
        >>> from conflictcoder.api import create_app
        >>> from conflictcoder.coder import Coder
        >>> app = create_app(tmp / "events.sqlite", settings)
        >>> app.dependency_overrides[get_coder] = lambda: Coder(settings)
    """
    state = request.app.state
    with state.coder_lock:
        if state.coder is None:
            from ..coder import Coder

            state.coder = Coder(state.settings)
        return state.coder


async def coding_lock(request: Request) -> threading.Lock:
    """The lock that lets one request at a time run the coder (spaCy is not thread-safe)."""
    lock: threading.Lock = request.app.state.coding_lock
    return lock


def _check_token(credentials: HTTPAuthorizationCredentials | None, settings: Settings) -> str:
    """The user name of a valid token; raises 401 without one, 403 for a wrong one."""
    if credentials is None or not credentials.credentials:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail=MISSING_TOKEN,
            headers={"WWW-Authenticate": "Bearer"},
        )
    found = matching_hash(credentials.credentials, settings.api_tokens)
    if found is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=INVALID_TOKEN)
    return token_user(found)


async def require_writer(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> str:
    """Admit a write only with a valid token. RETURNS (str): the user it is recorded under.

    No token configured: 403, writes are disabled. No token sent: 401. A wrong one: 403.

    Example:
        >>> from fastapi import APIRouter
        >>> router = APIRouter()
        >>> @router.patch("/{event_id}")
        ... def correct(user: Annotated[str, Depends(require_writer)]): ...
    """
    if not settings.api_tokens:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=WRITES_DISABLED)
    return _check_token(credentials, settings)


async def require_reader(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Store, Depends(get_store)],
) -> None:
    """Admit a read: always when ``public_reads`` is on, else only with a valid token or a
    signed-in session (any role: ``api/session.py``).

    Example:
        >>> from fastapi import APIRouter
        >>> router = APIRouter(dependencies=[Depends(require_reader)])
    """
    if settings.public_reads:
        return
    if credentials is None and request.cookies.get(session.COOKIE):
        session.require(session.viewer_of(request, store, settings), "reader")
        return
    _check_token(credentials, settings)


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or not value.strip():
        return None
    parts = value.split(",")
    problem = f"bbox must be min_lon,min_lat,max_lon,max_lat (4 numbers), got '{value}'"
    if len(parts) != 4:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=problem)
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=problem) from None
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=(
                f"bbox '{value}' is not a box: need -180 <= min_lon <= max_lon <= 180 "
                "and -90 <= min_lat <= max_lat <= 90"
            ),
        )
    return (min_lon, min_lat, max_lon, max_lat)


def query_text(value: str | None) -> str | None:
    """A query parameter's text, stripped; None when it is missing or blank (an empty form field).

    Example:
        >>> query_text("  Syria "), query_text(""), query_text(None)
        ('Syria', None, None)
    """
    return value.strip() or None if value is not None else None


def _words(value: str | None) -> str | None:
    text = query_text(value)
    if text is not None and not _WORD_RE.search(text):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"text must contain at least one word, got '{value}'",
        )
    return text


def _day(name: str, value: str | None) -> date | None:
    text = query_text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"{name} must be a day written YYYY-MM-DD, got '{value}'",
        ) from None


def _count(name: str, value: str | None) -> int | None:
    text = query_text(value)
    if text is None:
        return None
    # isascii: str.isdigit also accepts digits such as "²" that int() refuses
    if not (text.isascii() and text.isdigit()):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"{name} must be a whole number of 0 or more, got '{value}'",
        )
    if len(text) > len(str(MAX_WHOLE)) or int(text) > MAX_WHOLE:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"{name} must be at most {MAX_WHOLE}, got '{value}'",
        )
    return int(text)


# Query strings come from HTML forms too, where an empty field is sent as "name=": dates and
# numbers are read as text so that "" means "not set" instead of failing validation, and
# documented in OpenAPI as what they hold.
_Day = Annotated[str | None, WithJsonSchema({"type": "string", "format": "date"})]
_Count = Annotated[
    str | None, WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_WHOLE})
]


async def event_filters(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Store, Depends(get_store)],
    date_from: Annotated[_Day, Query(description="Events on or after this day (YYYY-MM-DD).")] = (
        None
    ),
    date_to: Annotated[_Day, Query(description="Events on or before this day (YYYY-MM-DD).")] = (
        None
    ),
    country: Annotated[str | None, Query(description="Country, as ACLED names it.")] = None,
    admin1: Annotated[str | None, Query(description="First-level administrative unit.")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type.")] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type.")] = None,
    actor: Annotated[
        str | None, Query(description="An actor on either side, or associated with one.")
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            description="Only events inside min_lon,min_lat,max_lon,max_lat (WGS84 degrees).",
            examples=["35.5,35.0,37.5,36.5"],
        ),
    ] = None,
    text: Annotated[
        str | None, Query(description="Words in the event's notes, evidence or articles.")
    ] = None,
    min_fatalities: Annotated[
        _Count, Query(description="Only events with at least this many deaths.")
    ] = None,
    review: Annotated[
        str | None,
        Query(
            description="pending, confirmed or rejected; unset: all but rejected events "
            "(only confirmed ones for the public when public_reviewed_only is set)."
        ),
    ] = None,
) -> EventFilters:
    """The event filters of a request's query string (empty values count as not set).

    Example:
        >>> import asyncio
        >>> filters = asyncio.run(event_filters(None, settings, None, country="Syria", actor=""))
        >>> filters.country, filters.actor
        ('Syria', None)
    """
    first, last = _day("date_from", date_from), _day("date_to", date_to)
    if first is not None and last is not None and first > last:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"date_from ({first}) is after date_to ({last})",
        )
    return EventFilters(
        date_from=first,
        date_to=last,
        country=query_text(country),
        admin1=query_text(admin1),
        event_type=query_text(event_type),
        sub_event_type=query_text(sub_event_type),
        actor=query_text(actor),
        bbox=_bbox(bbox),
        text=_words(text),
        min_fatalities=_count("min_fatalities", min_fatalities),
        review=_review(request, settings, store, review),
    )


def _review(request: Request, settings: Settings, store: Store, value: str | None) -> str | None:
    """The review state a request may see: "confirmed" for everyone but reviewers when the
    settings publish reviewed events only; else what it asked for."""
    if settings.public_reviewed_only and not session.viewer_of(request, store, settings).may(
        "reviewer"
    ):
        return "confirmed"
    text = query_text(value)
    if text is not None and text not in REVIEW_STATES:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"review must be one of {', '.join(REVIEW_STATES)}, got '{value}'",
        )
    return text


def validation_detail(exc: ValidationError, prefix: str = "") -> str:
    """A pydantic error as one line naming each field, without the values sent.

    The values are left out on purpose: NaN, infinity and lone surrogates cannot be written
    as JSON, so an answer that echoed them could not be rendered (a 500 instead of a 422).

    Example:
        >>> try:
        ...     Correction.model_validate_json('{"fields": {"fatalities": "5"}}')
        ... except ValidationError as exc:
        ...     print(validation_detail(exc, "invalid correction: "))
        invalid correction: fields.fatalities: Input should be a valid integer
    """
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return prefix + "; ".join(parts)


def json_body(
    model: type[BodyT], *, label: str = "body", required: bool = True
) -> Callable[[Request], Awaitable[BodyT | None]]:
    """A dependency that reads a write's JSON body as ``model``. Declared after the route's
    access check, it runs only once that has passed: authentication comes before the body
    is looked at, so malformed JSON without a credential gets 401, not 400 or 422.

    Parsed by pydantic's JSON parser (a strict model: no NaN or infinity, no string or
    boolean taken for a number; never a lone surrogate); the answer is 422 naming the field.
    model (type[BaseModel]): the body's shape.
    label (str): what the body is, for the 422's detail ("invalid <label>: ...").
    required (bool): whether an empty body is refused (else it reads as None).
    RETURNS (Callable): the dependency.
    """

    async def read_body(request: Request) -> BodyT | None:
        body = await request.body()
        if not body.strip():
            if not required:
                return None
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"invalid {label}: no JSON body"
            )
        try:
            return model.model_validate_json(body)
        except ValidationError as exc:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail=validation_detail(exc, f"invalid {label}: "),
            ) from None

    return read_body


def body_doc(model: type[BaseModel], *, required: bool = True) -> dict[str, Any]:
    """The ``openapi_extra`` that documents a body read by ``json_body`` (FastAPI cannot see
    it, since no parameter declares it).

    Example:
        >>> body_doc(Correction)["requestBody"]["required"]
        True
    """
    schema = inline_schema(model)
    return {
        "requestBody": {
            "required": required,
            "content": {"application/json": {"schema": schema}},
        }
    }


_limiter_lock = threading.Lock()
# The 429 detail for an anonymous export over the limits.
EXPORTS_LIMITED = (
    "too many exports without a token: at most {per_minute} a minute from one address and "
    "{concurrent} at a time in all; retry after {retry} s, or send a token "
    "(anonymous_exports_per_minute, anonymous_concurrent_exports)"
)


class ExportSlot:
    """A permission to run one export; ``release()`` (once) when it has ended."""

    def __init__(self, limiter: ExportLimiter | None) -> None:
        self._limiter = limiter
        self._lock = threading.Lock()

    def release(self) -> None:
        with self._lock:
            limiter, self._limiter = self._limiter, None
        if limiter is not None:
            limiter.release()


async def export_slot(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> ExportSlot:
    """Admit an export: always with a valid token; without one, within the limits on
    anonymous exports (``ExportLimiter``), else 429 with ``Retry-After``.

    The route releases the slot when the export has been sent (or has failed).
    """
    token = credentials.credentials if credentials is not None else ""
    if token and matching_hash(token, settings.api_tokens) is not None:
        return ExportSlot(None)
    per_minute = settings.anonymous_exports_per_minute
    concurrent = settings.anonymous_concurrent_exports
    state = request.app.state
    with _limiter_lock:
        limiter = getattr(state, "export_limiter", None)
        if limiter is None:
            limiter = state.export_limiter = ExportLimiter(
                per_minute=per_minute, concurrent=concurrent
            )
    client = request.client.host if request.client else "unknown"
    retry = limiter.acquire(client)
    if retry:
        seconds = math.ceil(retry)
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=EXPORTS_LIMITED.format(
                per_minute=per_minute, concurrent=concurrent, retry=seconds
            ),
            headers={"Retry-After": str(seconds)},
        )
    return ExportSlot(limiter)


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
FiltersDep = Annotated[EventFilters, Depends(event_filters)]
WriterDep = Annotated[str, Depends(require_writer)]
ExportSlotDep = Annotated[ExportSlot, Depends(export_slot)]
CorrectionDep = Annotated[Correction, Depends(json_body(Correction, label="correction"))]
