"""``create_app``: assembles the routers into the FastAPI application. It only wires.

Example:
    >>> app = create_app("events.sqlite")
    >>> sorted(p for p in app.openapi()["paths"] if p.startswith("/api/articles"))
    ['/api/articles', '/api/articles/{doc_id}']
"""

from __future__ import annotations

import threading
from importlib import metadata
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ..config import Settings, load_settings
from ..errors import ConflictCoderError
from ..web import STATIC_DIR, pages, review_pages
from .limits import RequestLimits, SecurityHeaders, content_security_policy
from .routes import acled, alerts, articles, docs, events, places, sources
from .routes import changes as changes_routes
from .routes import review as review_routes
from .routes import users as users_routes

DESCRIPTION = """
Events coded from conflict news in the ACLED schema, each with the articles that report it
and the sentences it was coded from.

Reads are public unless `public_reads = false` in the settings; writes (submitting an
article, correcting an event) need `Authorization: Bearer TOKEN` with a token whose hash is
listed in `api_tokens`. The dashboard is at `/`.
"""
TAGS = [
    {"name": "events", "description": "Coded events: list, filter, export, correct."},
    {"name": "sources", "description": "The articles that report an event."},
    {"name": "places", "description": "The places events are coded to."},
    {"name": "articles", "description": "Stored articles; submit one to code it."},
    {"name": "dashboard", "description": "The data behind the dashboard page."},
    {"name": "review", "description": "The review queue: confirm, correct, merge, split, reject."},
    {"name": "changes", "description": "What changed since a time or cursor (versioned data)."},
    {"name": "session", "description": "Sign in and out (accounts: conflictcoder users)."},
    {"name": "alerts", "description": "Saved searches: an Atom feed and signed webhooks."},
    {"name": "acled", "description": "Events shaped like ACLED's API (/api/acled/read)."},
]


def _version() -> str:
    try:
        return metadata.version("conflictcoder")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0"


async def _library_error(request: Request, exc: Exception) -> JSONResponse:
    # A store that fails mid-request (disk full, database gone): say so, without a traceback.
    return JSONResponse({"detail": str(exc)}, status_code=503)


def create_app(db: str | Path = "events.sqlite", settings: Settings | None = None) -> FastAPI:
    """The REST API and the dashboard over the store at ``db``.

    db (str | Path): store URL or SQLite path, opened per request. Defaults to
        "events.sqlite".
    settings (Settings | None): tokens, read policy, map tiles, coder settings. Defaults to
        the packaged settings.
    RETURNS (FastAPI): the application; nothing is opened until a request comes.
    """
    app = FastAPI(
        title="conflictcoder",
        version=_version(),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,  # served by routes/docs.py from the package's own Swagger UI
        redoc_url=None,  # ReDoc comes only from a CDN: /docs must work offline
    )
    app.state.db = str(db)
    app.state.settings = settings or load_settings()
    app.state.coder = None
    app.state.coder_lock = threading.Lock()
    app.state.coding_lock = threading.Lock()
    app.add_exception_handler(ConflictCoderError, _library_error)
    # No CORS middleware on purpose: browsers keep other sites' pages from reading the API.
    app.add_middleware(RequestLimits, max_request_bytes=app.state.settings.max_request_bytes)
    policy = content_security_policy(app.state.settings.map_tile_url)
    app.add_middleware(SecurityHeaders, policy=policy)  # outermost: on the limits' refusals too
    routers = (events, sources, places, articles, acled, docs, alerts)
    desk = (review_routes.router, changes_routes.router, users_routes.router, review_pages.router)
    for router in (*(r.router for r in routers), *desk, pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
