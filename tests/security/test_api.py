"""API security: tokens on every write (stored hashed), reads behind a token when not public,
request size limits, no CORS, and hostile parameters (SQL injection, path traversal, NUL)
that fail safely on both store back ends.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.conftest import (
    AUTH,
    OTHER_TOKEN,
    SYRIA,
    TOKEN,
    YEMEN,
    FakeCoder,
    make_app,
    syria_events,
    yemen_events,
)
from conflictcoder.alerts import list_alerts
from conflictcoder.api import create_app
from conflictcoder.api.auth import hash_token
from conflictcoder.api.deps import (
    INVALID_TOKEN,
    MISSING_TOKEN,
    WRITES_DISABLED,
    get_coder,
    get_store,
)
from conflictcoder.api.limits import DOCS_POLICY, NUL_IN_URL
from conflictcoder.api.routes.users import WRONG as WRONG_PASSWORD
from conflictcoder.api.session import SIGN_IN
from conflictcoder.config import Settings, load_settings
from conflictcoder.geo.names import name_key
from conflictcoder.store import Store, open_store
from conflictcoder.store.base import search_words
from conflictcoder.web import pages

WRITER = load_settings(api_tokens=[hash_token(TOKEN)])
PRIVATE = load_settings(api_tokens=[hash_token(TOKEN)], public_reads=False)
NO_WRITERS = load_settings(api_tokens=[], public_reads=True)
EVENT_FILTERS = (
    "date_from",
    "date_to",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "actor",
    "bbox",
    "text",
    "min_fatalities",
)
FILTERED = (
    "/api/events",
    "/api/events/export",
    "/api/events/timeline",
    "/api/places",
    "/api/dashboard",
    "/",
)
SQL_INJECTIONS = (
    "' OR '1'='1",
    "' OR 1=1 --",
    "Syria' --",
    "'; DROP TABLE events; --",
    '"; DROP TABLE articles; --',
    "1) OR (1=1",
    "Syria' UNION SELECT id, text FROM articles --",
    "%' OR event_id LIKE '%",
    "%",
    "_",
    "*",
    "\\'",
    "Syria'/**/OR/**/'a'='a",
    "1; SELECT pg_sleep(5)",
    'a" OR "b',  # FTS5 query syntax
    "NEAR(struck killing)",
    "text:struck",
    "-struck",
    "^struck",
    "struck*",
)
TRAVERSALS = (
    "../../../../etc/passwd",
    "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "....//....//etc/passwd",
    "/etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "file:///etc/passwd",
    "../settings.toml",
    "..%252F..%252Fsettings.toml",
)


def _pg_url() -> tuple[str, str]:
    from store.conftest import pg_url

    base = pg_url()
    schema = f"sec_{uuid.uuid4().hex[:10]}"
    return base, f"{base}{'&' if '?' in base else '?'}schema={schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store of each back end holding the invented articles of tests/api/conftest.py."""
    if request.param == "sqlite":
        url = str(tmp_path / "events.sqlite")
    else:
        base, url = _pg_url()
    with open_store(url) as store:
        assert store.ingest(SYRIA, syria_events())
        assert store.ingest(YEMEN, yemen_events())
    yield url
    if request.param == "postgresql":
        from store.conftest import drop_schema

        drop_schema(base, url.rsplit("schema=", 1)[1])


def _app(url: str, settings: Settings) -> FastAPI:
    app = create_app(url, settings)  # the real get_store: opens the store per request
    app.dependency_overrides[get_coder] = lambda: FakeCoder()
    return app


def _state(url: str) -> tuple[int, int, list[tuple[Any, ...]]]:
    with open_store(url) as store:
        events = sorted(
            (e.event_id, e.fatalities, e.location, tuple(e.doc_ids)) for e in store.events()
        )
        return store.count_articles(), store.count_events(), events


def _operations(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every operation the app serves: the documented ones and the pages."""
    found = [
        (method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item
    ]
    found += [
        (method, route.path)
        for route in pages.router.routes
        for method in sorted(getattr(route, "methods", ()) - {"HEAD"})
    ]
    return sorted(set(found))


def _concrete(
    path: str, event_id: str, doc_id: str = "idlib-1", alert_id: str | None = None
) -> str:
    """``path`` with its ids filled in (an alert's id is ``event_id`` unless given)."""
    return (
        path.replace("{event_id}", event_id)
        .replace("{doc_id}", doc_id)
        .replace("{alert_id}", event_id if alert_id is None else alert_id)
    )


# -- authentication ---------------------------------------------------------------------------


# Every write operation the app serves, with a body it would accept (valid JSON, the right
# fields) and who may make it:
#   "token"   a valid API token only (require_writer);
#   "reviewer", "admin"  a token, or a signed-in session of at least that role
#             (api/session.py; alerts: a token or an admin);
#   "anyone"  signing in and out: reachable without a token, they change no event.
# A new write operation must be added here on purpose, and so to every check below.
WRITES: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {
    ("DELETE", "/api/alerts/{alert_id}"): ("admin", {}),
    ("DELETE", "/api/events/{event_id}"): ("reviewer", {"params": {"reason": "vandal"}}),
    ("DELETE", "/api/session"): ("anyone", {}),
    ("PATCH", "/api/events/{event_id}"): (
        "token",
        {"json": {"fields": {"fatalities": 99}, "note": "vandal"}},
    ),
    ("POST", "/api/alerts"): (
        "admin",
        {"json": {"name": "vandal", "search": {"country": "Syria"}}},
    ),
    ("POST", "/api/articles"): (
        "token",
        {"json": {"id": "new-1", "text": "Shelling hit Saraqib on Monday."}},
    ),
    ("POST", "/api/review/{event_id}/confirm"): ("reviewer", {"json": {"note": "vandal"}}),
    ("POST", "/api/review/{event_id}/correct"): (
        "reviewer",
        {"json": {"fields": {"fatalities": 99}, "note": "vandal"}},
    ),
    ("POST", "/api/review/{event_id}/merge"): ("reviewer", {"json": {"other": "ev-other"}}),
    ("POST", "/api/review/{event_id}/reject"): ("reviewer", {"json": {"reason": "vandal"}}),
    ("POST", "/api/review/{event_id}/reopen"): ("reviewer", {"json": {"note": "vandal"}}),
    ("POST", "/api/review/{event_id}/split"): ("reviewer", {"json": {"doc_ids": ["idlib-1"]}}),
    ("POST", "/api/review/{event_id}/teach"): (
        "reviewer",
        {"json": {"kind": "actor", "name": "Vandals", "alias": "the vandals"}},
    ),
    ("POST", "/api/session"): ("anyone", {"json": {"name": "vandal", "password": "guess"}}),
}


def _body(method: str, path: str) -> dict[str, Any]:
    return WRITES[(method, path)][1] if method != "GET" else {}


def test_the_write_operations_are_the_expected_ones(db_path: Path) -> None:
    writes = [op for op in _operations(make_app(db_path, WRITER)) if op[0] != "GET"]
    # a new write operation must be added to WRITES, and so to the checks below
    assert writes == sorted(WRITES)


def _refusal(role: str, token_status: int, token_detail: str) -> tuple[int, dict[str, Any]]:
    """What a write needing ``role`` answers when a token-only write answers the given."""
    if role == "token":
        return token_status, {"detail": token_detail}
    if token_status == 401:  # no usable credentials at all: anonymous
        return 401, {"detail": f"this needs the {role} role: {SIGN_IN}"}
    # a token was sent that matches none (with none configured, none can match)
    return 403, {"detail": INVALID_TOKEN}


@pytest.mark.parametrize(
    ("settings", "headers", "status", "detail"),
    [
        (WRITER, {}, 401, MISSING_TOKEN),
        (WRITER, {"Authorization": "Bearer "}, 401, MISSING_TOKEN),
        (WRITER, {"Authorization": f"Bearer {OTHER_TOKEN}"}, 403, INVALID_TOKEN),
        (WRITER, {"Authorization": f"Bearer {hash_token(TOKEN)}"}, 403, INVALID_TOKEN),
        (WRITER, {"Authorization": f"Basic {TOKEN}"}, 401, MISSING_TOKEN),
        (WRITER, {"Authorization": TOKEN}, 401, MISSING_TOKEN),
        (WRITER, {"Authorization": f"Bearer {TOKEN}x"}, 403, INVALID_TOKEN),
        (WRITER, {"Authorization": f"Bearer {TOKEN.upper()}"}, 403, INVALID_TOKEN),
        (NO_WRITERS, AUTH, 403, WRITES_DISABLED),
    ],
    ids=[
        "none",
        "empty",
        "other",
        "the-hash-itself",
        "basic",
        "no-scheme",
        "longer",
        "case-changed",
        "writes-disabled",
    ],
)
def test_every_write_needs_a_valid_token(
    store_url: str, settings: Settings, headers: dict[str, str], status: int, detail: str
) -> None:
    before = _state(store_url)
    app = _app(store_url, settings)
    with TestClient(app) as client:
        event_id = client.get("/api/events").json()["items"][0]["event_id"]
        for method, path in _operations(app):
            if method == "GET":
                continue
            role, body = WRITES[(method, path)]
            url = _concrete(path, event_id)
            response = client.request(method, url, headers=headers, **body)
            if role == "anyone":
                # signing in checks the password, not a token; signing out ends no session
                expected = (401, {"detail": WRONG_PASSWORD}) if method == "POST" else (204, None)
                found = (response.status_code, response.json() if response.content else None)
                assert found == expected, path
                if method == "POST":
                    assert "set-cookie" not in response.headers
                continue
            expected = _refusal(role, status, detail)
            assert (response.status_code, response.json()) == expected, (method, path)
            if expected[0] == 401:
                assert response.headers["www-authenticate"] == "Bearer", (method, path)
    with open_store(store_url) as store:
        assert list_alerts(store) == []
    assert _state(store_url) == before


def test_authentication_comes_before_body_validation(db_path: Path) -> None:
    app = make_app(db_path, WRITER)
    with TestClient(app) as client:
        response = client.patch("/api/events/x", json={"fields": {"nonsense": 1}})
        assert (response.status_code, response.json()) == (401, {"detail": MISSING_TOKEN})
        response = client.post(
            "/api/articles", content=b"\xff", headers={"content-type": "application/json"}
        )
        assert response.status_code == 401
        # every other write that needs credentials: a body of the wrong shape is not looked
        # at before the credentials are
        for method, path in _operations(app):
            if method == "GET" or WRITES[(method, path)][0] in ("token", "anyone"):
                continue
            response = client.request(
                method, _concrete(path, "x", "x"), json={"nonsense": 1}, params={"confirm": "?"}
            )
            assert response.status_code == 401, (method, path, response.text)


def test_a_valid_token_writes_and_only_its_hash_is_recorded(store_url: str) -> None:
    with TestClient(_app(store_url, WRITER)) as client:
        event_id = client.get("/api/events").json()["items"][0]["event_id"]
        response = client.patch(
            f"/api/events/{event_id}", headers=AUTH, json={"fields": {"fatalities": 7}}
        )
        assert response.status_code == 200
        assert response.json()["fatalities"] == 7
        history = client.get(f"/api/events/{event_id}/history").json()
    assert history[-1]["user"] == "token:" + hash_token(TOKEN)[7:15]
    # the token itself is never stored (nor its full hash: the settings keep that)
    if "://" not in store_url:
        files = [Path(store_url), Path(store_url + "-wal")]
        data = b"".join(f.read_bytes() for f in files if f.exists())
        assert TOKEN.encode() not in data
        assert hash_token(TOKEN).encode() not in data


def test_reads_need_a_token_when_not_public(store_url: str) -> None:
    app = _app(store_url, PRIVATE)
    with TestClient(app) as client:
        event_id = client.get("/api/events", headers=AUTH).json()["items"][0]["event_id"]
        alert = client.post(
            "/api/alerts", headers=AUTH, json=WRITES[("POST", "/api/alerts")][1]["json"]
        )
        assert alert.status_code == 201, alert.text
        alert_id = alert.json()["id"]
        reads = [path for method, path in _operations(app) if method == "GET"]
        assert len(reads) >= 11
        for path in reads:
            url = _concrete(path, event_id, alert_id=alert_id)
            response = client.get(url)
            assert (response.status_code, response.json()) == (401, {"detail": MISSING_TOKEN}), url
            other = client.get(url, headers={"Authorization": f"Bearer {OTHER_TOKEN}"})
            assert (other.status_code, other.json()) == (403, {"detail": INVALID_TOKEN}), url
            assert client.get(url, headers=AUTH).status_code == 200, url


# -- request limits and CORS -------------------------------------------------------------------


def test_a_declared_body_over_the_limit_is_refused_unread(db_path: Path) -> None:
    app = make_app(db_path, load_settings(api_tokens=[hash_token(TOKEN)], max_request_bytes=1000))
    with TestClient(app) as client:
        for method, path in (("POST", "/api/articles"), ("PATCH", "/api/events/x")):
            response = client.request(
                method, path, headers={**AUTH, "content-type": "text/plain"}, content=b"x" * 1001
            )
            assert (response.status_code, response.json()) == (
                413,
                {
                    "detail": "request body too large (1001 bytes; "
                    "the limit is max_request_bytes = 1000)"
                },
            )
        ok = client.post(
            "/api/articles",
            headers={**AUTH, "content-type": "text/plain"},
            content=b"Shelling hit Saraqib on Monday, killing two.",
        )
        assert ok.status_code == 201


def test_a_streamed_body_is_cut_off_at_the_limit(db_path: Path) -> None:
    app = make_app(db_path, load_settings(api_tokens=[hash_token(TOKEN)], max_request_bytes=1000))

    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        for _ in range(100):
            yield b"Shelling hit Saraqib. " * 10

    with TestClient(app) as client:
        for method, path in (("POST", "/api/articles"), ("PATCH", "/api/events/x")):
            response = client.request(
                method, path, headers={**AUTH, "content-type": "text/plain"}, content=chunks()
            )
            assert (response.status_code, response.json()) == (
                413,
                {
                    "detail": "request body too large (more than 1000 bytes; "
                    "the limit is max_request_bytes = 1000)"
                },
            ), path
    with open_store(db_path) as store:
        assert store.count_articles() == 2


def test_the_default_body_limit() -> None:
    assert Settings().max_request_bytes == load_settings().max_request_bytes == 10_485_760


def test_no_cors_headers_are_sent(client: TestClient) -> None:
    origin = {"Origin": "https://evil.invalid"}
    preflight = client.options(
        "/api/events/x",
        headers={**origin, "Access-Control-Request-Method": "PATCH"},
    )
    assert preflight.status_code == 405
    for response in (
        preflight,
        client.get("/api/events", headers=origin),
        client.patch("/api/events/x", headers={**origin, **AUTH}, json={"fields": {}}),
        client.get("/", headers=origin),
    ):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


# -- hostile parameters -------------------------------------------------------------------------


def test_sql_injection_through_every_filter_fails_safely(store_url: str) -> None:
    before = _state(store_url)
    app = _app(store_url, WRITER)
    with open_store(store_url) as shared:  # one connection for the ~1000 requests

        async def one_store() -> AsyncIterator[Store]:
            yield shared

        app.dependency_overrides[get_store] = one_store
        # with a token: ~1000 anonymous exports would meet the export limit (429) instead
        with TestClient(app, headers=AUTH) as client:
            _inject_filters(client)
    assert _state(store_url) == before


def _inject_filters(client: TestClient) -> None:
    for path in FILTERED:
        # every payload on the list endpoint; the others share its filters and queries
        payloads = SQL_INJECTIONS if path == "/api/events" else SQL_INJECTIONS[::5]
        for name in EVENT_FILTERS:
            for payload in payloads:
                response = client.get(path, params={name: payload})
                assert response.status_code in (200, 422), (path, name, payload, response.text)
                if response.status_code != 200 or path != "/api/events":
                    continue
                total = response.json()["total"]
                if name == "text":  # only the words count: no query syntax, no SQL
                    words = " ".join(search_words(payload)) or "-"
                    plain = client.get(path, params={name: words})
                    assert total == plain.json().get("total"), payload
                elif name in ("country", "admin1"):  # any spelling: only the name's letters
                    key = name_key(payload)  # count, as store/filters.py matches them
                    plain = client.get(path, params={name: key}) if key else None
                    assert total == (plain.json()["total"] if plain else 0), (name, payload)
                else:  # an exact-match filter matches nothing
                    assert total == 0, (name, payload)
    for payload in SQL_INJECTIONS:
        for name in ("limit", "offset", "format"):
            path = "/api/events/export" if name == "format" else "/api/events"
            assert client.get(path, params={name: payload}).status_code == 422, (name, payload)
        assert client.get("/api/articles", params={"offset": payload}).status_code == 422


def test_sql_injection_through_ids_fails_safely(store_url: str) -> None:
    before = _state(store_url)
    app = _app(store_url, WRITER)
    with TestClient(app) as client:
        for payload in SQL_INJECTIONS:
            for method, path in _operations(app):
                if "{" not in path:
                    continue
                url = _concrete(path, payload.replace("/", "%2F"), payload.replace("/", "%2F"))
                # with a token: alerts and the review queue need one even to read
                response = client.request(method, url, headers=AUTH, **_body(method, path))
                # teaching writes a rule file, not the event: with none set in the settings
                # it is refused (409) before the id is used, when the id leaves the route whole
                expected = {404, 409} if path.endswith("/teach") else {404}
                assert response.status_code in expected, (method, url, response.text)
    assert _state(store_url) == before


def test_path_traversal_through_ids_and_files_fails_safely(store_url: str, tmp_path: Path) -> None:
    before = _state(store_url)
    app = _app(store_url, WRITER)
    leaks = re.compile(r"root:.*:0:0:|\[fonts\]|api_tokens|max_document_chars")
    with TestClient(app) as client:
        for payload in TRAVERSALS:
            urls = [
                _concrete(path, payload, payload)
                for method, path in _operations(app)
                if method == "GET" and "{" in path
            ]
            urls += [f"/static/{payload}", f"/api/events/export?format={payload}"]
            for url in urls:
                # with a token: alerts and the review queue need one even to read
                response = client.get(url, headers=AUTH)
                assert response.status_code in (404, 422), (url, response.status_code)
                assert not leaks.search(response.text), url
        # an id that looks like a path is only ever an id: stored, found, no file written
        response = client.post(
            "/api/articles",
            params={"id": "../../escape"},
            headers={**AUTH, "content-type": "text/plain"},
            content=b"Shelling hit Saraqib on Monday, killing two.",
        )
        assert response.status_code == 201
        assert response.json()["article"]["id"] == "../../escape"
        assert client.get("/api/articles/..%2F..%2Fescape").json()["id"] == "../../escape"
    assert not list(tmp_path.parent.parent.glob("escape*"))
    after = _state(store_url)
    assert after[0] == before[0] + 1


def test_a_nul_anywhere_in_the_url_is_refused(store_url: str) -> None:
    before = _state(store_url)
    app = _app(store_url, WRITER)
    with TestClient(app) as client:
        for method, path in _operations(app):
            # the body only (its own query parameters would replace the URL's)
            kwargs = {"headers": AUTH, "json": _body(method, path).get("json")}
            urls = [_concrete(path, "a%00b", "a%00b")] if "{" in path else []
            urls += [
                f"{_concrete(path, 'x', 'x')}?{name}=%00" for name in ("country", "text", "id")
            ]
            for url in urls:
                response = client.request(method, url, **kwargs)
                assert (response.status_code, response.json()) == (400, {"detail": NUL_IN_URL}), url
    assert _state(store_url) == before


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"min_fatalities": "²"}, "min_fatalities must be a whole number of 0 or more, got '²'"),
        (
            {"min_fatalities": "9" * 5000},
            f"min_fatalities must be at most 2147483647, got '{'9' * 5000}'",
        ),
        (
            {"min_fatalities": "2147483648"},
            "min_fatalities must be at most 2147483647, got '2147483648'",
        ),
    ],
)
def test_numbers_no_store_can_hold_are_refused(
    store_url: str, params: dict[str, str], detail: str
) -> None:
    with TestClient(_app(store_url, WRITER)) as client:
        response = client.get("/api/events", params=params)
    assert (response.status_code, response.json()) == (422, {"detail": detail})


def test_offsets_and_corrections_are_bounded(store_url: str) -> None:
    before = _state(store_url)
    with TestClient(_app(store_url, WRITER)) as client:
        for path in ("/api/events", "/api/articles"):
            response = client.get(path, params={"offset": 2**31})
            assert response.status_code == 422
            assert response.json()["detail"][0]["msg"] == (
                "Input should be less than or equal to 2147483647"
            )
            assert client.get(path, params={"offset": 2**31 - 1}).status_code == 200
        event_id = client.get("/api/events").json()["items"][0]["event_id"]
        for field, value in (
            ("fatalities", 2**31),
            ("injured", 10**30),
            ("interaction", 2**63),
            ("geonameid", -(2**40)),
            ("fatalities_breakdown", {"children": 2**31}),
        ):
            response = client.patch(
                f"/api/events/{event_id}", headers=AUTH, json={"fields": {field: value}}
            )
            assert response.status_code == 422, (field, response.text)
    assert _state(store_url) == before


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    responses = [
        client.get("/api/events"),
        client.get("/"),
        client.get("/static/app.js"),
        client.get("/api/events/nope"),
        client.get("/api/events?country=%00"),
        client.patch("/api/events/x", json={"fields": {}}),
    ]
    for response in responses:
        headers = {k: response.headers.get(k) for k in dict(SECURITY_HEADERS_TEXT)}
        assert headers == dict(SECURITY_HEADERS_TEXT), response.url


SECURITY_HEADERS_TEXT = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("referrer-policy", "no-referrer"),
]


def test_the_policy_allows_no_inline_script_and_only_this_server() -> None:
    policy = dict(SECURITY_HEADERS_TEXT)["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"  # scripts, styles, fetches: this server
    assert "script-src" not in directives and "style-src" not in directives


def test_the_api_docs_get_their_own_policy(client: TestClient) -> None:
    policy = client.get("/docs").headers["content-security-policy"]
    assert policy == DOCS_POLICY
    assert client.get("/").headers["content-security-policy"] != DOCS_POLICY


def test_no_api_docs_page_loads_from_a_cdn(client: TestClient) -> None:
    # ReDoc exists only on a CDN, so it is not served; Swagger UI is the package's own.
    assert client.get("/redoc").status_code == 404
