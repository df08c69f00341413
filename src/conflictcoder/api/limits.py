"""Request limits applied before any route runs (body size, no NUL in the URL), and the
headers every response carries.

``RequestLimits`` is a plain ASGI middleware (``create_app`` adds it):

* a body larger than ``max_request_bytes`` is refused with 413. A declared
  ``Content-Length`` over the limit is refused before a byte is read; a body sent without one
  (chunked) is counted as it arrives and refused as soon as it passes the limit, so no
  request can make the server hold more than the limit in memory.
* a URL whose path or query string holds a NUL character (``%00``) is refused with 400.
  No id, filter or file name has a use for one, and PostgreSQL cannot even compare text
  that holds it: refusing it here keeps such a request from ever reaching a store.

``SecurityHeaders`` adds ``SECURITY_HEADERS`` to every response: no MIME sniffing, no framing
by other sites (clickjacking), no Referer sent on to the tile server or linked articles; and
a Content-Security-Policy (``content_security_policy``): scripts, styles, connections and
everything else only from this server, no inline script or style attribute, no plugins, no
``<base>``, forms only to this server. Images may also come from the map tile server. A
script injected into a page (a stored ``javascript:`` link, an HTML title) cannot run.
The API docs page (``/docs``), which shows only the schema, runs Swagger UI's inline
start-up script and gets a policy that allows that; its scripts come from this server
(``make web-assets``), or from the CDN in a source tree where the assets were never copied.

Example:
    >>> from fastapi import FastAPI
    >>> app = FastAPI()
    >>> app.add_middleware(RequestLimits, max_request_bytes=1_000_000)
    >>> app.add_middleware(SecurityHeaders)
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import deque
from urllib.parse import unquote_to_bytes, urlsplit

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
# The API docs page: Swagger UI's inline start-up script; its files from this server, or
# from the CDN when `make web-assets` has not run (routes/docs.py falls back to it).
DOCS_PATHS = ("/docs",)
DOCS_POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def tile_source(tile_url: str) -> str | None:
    """The CSP source for a map tile URL template, or None when it cannot be one.

    Example:
        >>> tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png")
        'https://*.tile.example.org'
        >>> tile_source("") is None
        True
    """
    parts = urlsplit(tile_url.strip())
    host = parts.netloc
    if host.startswith("{s}."):
        host = "*." + host[4:]
    if parts.scheme not in ("http", "https") or not host or any(c in host for c in "{}; '\""):
        return None
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str = "") -> str:
    """The Content-Security-Policy of every page and answer but the API docs.

    Example:
        >>> content_security_policy()
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'"
    """
    images = " ".join(filter(None, ["'self' data:", tile_source(tile_url)]))
    return (
        f"default-src 'self'; img-src {images}; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


NUL_IN_URL = "the URL holds a NUL character (%00): no path or query parameter may contain one"


def too_large(size: int | str, limit: int) -> str:
    """The 413 detail for a body of ``size`` bytes.

    Example:
        >>> too_large(20, 10)
        'request body too large (20 bytes; the limit is max_request_bytes = 10)'
    """
    return f"request body too large ({size} bytes; the limit is max_request_bytes = {limit})"


def has_nul(scope: Scope) -> bool:
    """Whether the request's path or query string holds a NUL, raw or %-encoded.

    Example:
        >>> has_nul({"path": "/api/events/a", "query_string": b"country=%00"})
        True
    """
    path = scope.get("raw_path") or str(scope.get("path", "")).encode("utf-8", "surrogatepass")
    query = scope.get("query_string", b"")
    return any(b"\x00" in unquote_to_bytes(part) for part in (path, query))


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class ExportLimiter:
    """How many exports anonymous readers may run: ``per_minute`` starts per client address
    (a sliding minute) and ``concurrent`` at once from all addresses; 0 = no limit.

    An export reads and writes every matching event (seconds of CPU for a large store):
    without a limit a few anonymous scrapers slow every other reader down.

    Example:
        >>> limiter = ExportLimiter(per_minute=1, concurrent=1)
        >>> limiter.acquire("10.0.0.1", now=0.0)
        0.0
        >>> limiter.acquire("10.0.0.2", now=1.0)  # one runs: wait a few seconds
        5.0
        >>> limiter.release()
        >>> limiter.acquire("10.0.0.1", now=30.0)  # its minute is not over
        30.0
    """

    # Retry-After for a client refused only because others' exports run.
    BUSY_RETRY_S = 5.0

    def __init__(self, *, per_minute: int, concurrent: int) -> None:
        self.per_minute = per_minute
        self.concurrent = concurrent
        self.running = 0
        self.started: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def acquire(self, client: str, *, now: float | None = None) -> float:
        """Start an export for ``client``: 0.0 when it may, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self.started.setdefault(client, deque())
            while times and times[0] <= now - 60:
                times.popleft()
            if self.per_minute and len(times) >= self.per_minute:
                return max(1.0, float(math.ceil(times[0] + 60 - now)))
            if self.concurrent and self.running >= self.concurrent:
                return self.BUSY_RETRY_S
            times.append(now)
            self.running += 1
            if len(self.started) > 10_000:  # forget addresses idle for a minute
                self.started = {k: v for k, v in self.started.items() if v}
            return 0.0

    def release(self) -> None:
        """An export started by ``acquire`` has ended."""
        with self._lock:
            self.running = max(0, self.running - 1)


class RequestLimits:
    """ASGI middleware: 413 for a body over ``max_request_bytes``, 400 for a NUL in the URL.

    app (ASGIApp): the application to protect.
    max_request_bytes (int): the largest body accepted, in bytes.
    """

    def __init__(self, app: ASGIApp, *, max_request_bytes: int) -> None:
        self.app = app
        self.max_request_bytes = max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if has_nul(scope):
            await _refuse(send, 400, NUL_IN_URL)
            return
        limit = self.max_request_bytes
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1").strip()
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, too_large(declared, limit))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the route, where FastAPI turns it into the response.
                    raise HTTPException(413, detail=too_large(f"more than {limit}", limit))
            return message

        await self.app(scope, counted, send)


class SecurityHeaders:
    """ASGI middleware: adds ``SECURITY_HEADERS`` and a Content-Security-Policy to every
    HTTP response.

    app (ASGIApp): the application whose responses get the headers.
    policy (str): the Content-Security-Policy (``DOCS_POLICY`` on the docs pages). Defaults
        to ``content_security_policy()``.
    """

    def __init__(self, app: ASGIApp, *, policy: str | None = None) -> None:
        self.app = app
        self.policy = (policy or content_security_policy()).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        docs = any(path == p or path.startswith(p + "/") for p in DOCS_PATHS)
        policy = DOCS_POLICY.encode("latin-1") if docs else self.policy
        headers = (*SECURITY_HEADERS, (b"content-security-policy", policy))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
