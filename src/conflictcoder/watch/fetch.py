"""Fetching a source politely: conditional requests, a per-host delay, timeouts, retries.

``Fetcher.fetch`` makes one GET (and its retries) with httpx:

- it sends ``If-None-Match`` / ``If-Modified-Since`` from the last successful poll, so an
  unchanged feed answers ``304 Not Modified`` with no body;
- it waits so that two requests to one host start at least ``host_delay`` apart
  (``HostLimiter``), whatever thread sends them;
- the whole response (connect, headers, body) must arrive within ``timeout``: a server that
  hangs, or trickles bytes to dodge a read timeout, costs that source an error;
- the body is read up to ``max_bytes`` (decompressed): a larger one is cut off, an error;
- a timeout, a lost connection, a 5xx or a 429 is tried again ``retries`` times, after
  ``backoff``, then twice that, and so on (``Retry-After`` honoured up to ``max_backoff``);
  other 4xx answers are not retried.

Every request names the project: ``User-Agent: conflictcoder/VERSION (+contact)``.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata

import httpx

from ..errors import ConflictCoderError
from ..files import Closing
from .sources import Source, WatchOptions

# Answers worth another try: the server is overloaded or briefly broken.
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class FetchError(ConflictCoderError):
    """A source could not be fetched; the message says why (and after how many tries)."""

    def __init__(self, problem: str, *, status: int | None = None, attempts: int = 1) -> None:
        self.problem = problem
        self.status = status
        self.attempts = attempts
        super().__init__(problem)


@dataclass(frozen=True)
class FetchResult:
    """What a poll brought back.

    status (int): the final HTTP status (200, or 304 when unchanged).
    body (bytes): the body (empty for a 304).
    url (str): the address answered, after redirects.
    content_type (str | None): the response's media type, without parameters.
    etag, last_modified (str | None): validators for the next poll's conditional request.
    attempts (int): how many requests it took.
    """

    status: int
    body: bytes
    url: str
    content_type: str | None
    etag: str | None
    last_modified: str | None
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def user_agent(contact: str | None = None) -> str:
    """The User-Agent every request sends: the project, its version and an optional contact.

    Example:
        >>> user_agent("mailto:desk@example.org").startswith("conflictcoder/")
        True
    """
    try:
        version = metadata.version("conflictcoder")
    except metadata.PackageNotFoundError:  # running from a source tree
        version = "0"
    extra = f"; +{contact}" if contact else ""
    return f"conflictcoder/{version} (news monitoring{extra})"


class HostLimiter:
    """Spaces the requests to each host: two start at least ``delay`` seconds apart.

    Threads wanting the same host take turns (each reserves the next free moment, then
    sleeps until it); different hosts never wait for each other.

    delay (float): seconds between two requests to one host.
    clock, sleep: the monotonic clock and the sleep to use (tests pass fakes).

    Example:
        >>> limiter = HostLimiter(0.0)
        >>> limiter.wait("wire.example")
        0.0
    """

    def __init__(
        self,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str) -> float:
        """Block until a request to ``host`` may start. RETURNS (float): seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.delay
        waited = start - now
        if waited > 0:
            self._sleep(waited)
        return waited


def _http_date(value: str | None) -> str | None:
    """A Last-Modified value worth sending back (a valid HTTP date), else None."""
    if not value:
        return None
    try:
        email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return value


def _retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number or an HTTP date), else None.

    Example:
        >>> _retry_after("7"), _retry_after("soon")
        (7.0, None)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


class _Retry(Exception):
    """One try failed in a way worth another (internal)."""

    def __init__(self, problem: str, status: int | None = None, wait: float | None = None):
        super().__init__(problem)
        self.problem = problem
        self.status = status
        self.wait = wait


class Fetcher(Closing):
    """Fetches sources over one shared httpx client (thread-safe).

    options (WatchOptions): timeouts, retries, back-off, size cap, per-host delay, contact.
    transport (httpx.BaseTransport | None): for tests; None uses the network.
    sleep (Callable[[float], None]): how to wait between tries and for a host (tests record).
    clock (Callable[[], float]): the monotonic clock.

    Example:
        >>> with Fetcher(WatchOptions()) as fetcher:  # doctest: +SKIP
        ...     fetcher.fetch(source, etag='"abc"').status
        304
    """

    def __init__(
        self,
        options: WatchOptions,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options
        self._sleep = sleep
        self._clock = clock
        self.limiter = HostLimiter(options.host_delay, clock=clock, sleep=sleep)
        timeout = options.timeout or None
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": user_agent(options.contact), "Accept": _ACCEPT},
            limits=httpx.Limits(
                max_connections=options.concurrency * 2,
                max_keepalive_connections=options.concurrency,
            ),
            transport=transport,
            proxy=options.proxy if transport is None else None,
            trust_env=False,
        )

    def close(self) -> None:
        self.client.close()

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before try ``attempt + 1`` (attempt counts from 1).

        Example:
            >>> Fetcher(WatchOptions(backoff=2, max_backoff=5)).backoff(1)
            2.0
        """
        return float(min(self.options.backoff * 2 ** (attempt - 1), self.options.max_backoff))

    def fetch(
        self, source: Source, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET the source, conditionally; retry transient failures with exponential back-off.

        source (Source): what to fetch.
        etag, last_modified (str | None): validators of the last successful poll.
        RETURNS (FetchResult): a 2xx answer with its body, or the 304.
        Raises FetchError saying what went wrong on the last try and how many were made.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if since := _http_date(last_modified):
            headers["If-Modified-Since"] = since
        tries = self.options.retries + 1
        for attempt in range(1, tries + 1):
            try:
                result = self._try(source, headers)
            except _Retry as failure:
                if attempt == tries:
                    after = f" (after {tries} tries)" if tries > 1 else ""
                    raise FetchError(
                        f"{failure.problem}{after}", status=failure.status, attempts=attempt
                    ) from None
                wait = self.backoff(attempt)
                if failure.wait is not None:
                    wait = min(max(wait, failure.wait), self.options.max_backoff)
                self._sleep(wait)
                continue
            except FetchError as error:
                error.attempts = attempt
                raise
            return FetchResult(
                result.status,
                result.body,
                result.url,
                result.content_type,
                result.etag,
                result.last_modified,
                attempt,
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _try(self, source: Source, headers: dict[str, str]) -> FetchResult:
        self.limiter.wait(source.host)
        limit = self.options.max_bytes
        deadline = self._clock() + self.options.timeout if self.options.timeout else None
        try:
            with self.client.stream("GET", source.url, headers=headers) as response:
                status = response.status_code
                if status in RETRY_STATUS:
                    raise _Retry(
                        f"HTTP {status} {response.reason_phrase}".rstrip(),
                        status,
                        _retry_after(response.headers.get("Retry-After")),
                    )
                if status == 304:
                    body = b""
                elif 200 <= status < 300:
                    declared = response.headers.get("Content-Length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise FetchError(
                            f"response too large: {int(declared)} bytes announced, "
                            f"the limit is max_bytes = {limit}",
                            status=status,
                        )
                    chunks = bytearray()
                    for chunk in response.iter_bytes():
                        chunks += chunk
                        if len(chunks) > limit:
                            raise FetchError(
                                f"response too large: more than max_bytes = {limit} bytes; cut off",
                                status=status,
                            )
                        if deadline is not None and self._clock() > deadline:
                            raise _Retry(
                                f"timed out after {self.options.timeout:g}s reading the body"
                            )
                    body = bytes(chunks)
                else:
                    raise FetchError(
                        f"HTTP {status} {response.reason_phrase}".rstrip(), status=status
                    )
                content_type = response.headers.get("Content-Type")
                return FetchResult(
                    status,
                    body,
                    str(response.url),
                    content_type.split(";")[0].strip().lower() if content_type else None,
                    response.headers.get("ETag"),
                    response.headers.get("Last-Modified"),
                )
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out after {self.options.timeout:g}s ({_phase(exc)})") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects (more than 5)") from None
        except httpx.TransportError as exc:
            text = str(exc).strip() or type(exc).__name__
            raise _Retry(f"connection failed: {text}") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}") from None


def _phase(exc: httpx.TimeoutException) -> str:
    return {
        httpx.ConnectTimeout: "connecting",
        httpx.ReadTimeout: "waiting for data",
        httpx.WriteTimeout: "sending",
        httpx.PoolTimeout: "waiting for a connection",
    }.get(type(exc), "request")


_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, */*;q=0.5"
)
