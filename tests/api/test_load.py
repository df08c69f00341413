"""Heavy readers do not stall the others: store work in worker threads, streamed and
rate-limited exports, timeline and places aggregated in the store."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from conflictcoder.api import create_app, views
from conflictcoder.api.auth import hash_token
from conflictcoder.api.deps import get_store
from conflictcoder.api.routes import events as event_routes
from conflictcoder.config import load_settings
from conflictcoder.export import write_events
from conflictcoder.store import Store, open_store

from .conftest import AUTH, TOKEN, FakeCoder, make_app


def _settings(**values: Any) -> Any:
    return load_settings(api_tokens=[hash_token(TOKEN)], public_reads=True, **values)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "acled"])
def test_a_streamed_export_is_the_whole_export_in_pages(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setattr(event_routes, "EXPORT_PAGE", 2)  # 5 events: 3 pages
    monkeypatch.setattr(event_routes, "EXPORT_CHUNK", 64)  # many chunks
    with open_store(db_path) as store:
        events = store.events()
    expected = Path(db_path.parent / f"expected.{fmt}")
    with expected.open("w", encoding="utf-8", newline="") as fh:
        write_events(events, fh, fmt)
    with TestClient(make_app(db_path, _settings())) as client:
        response = client.get("/api/events/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers.get("content-length") is None  # streamed
    assert response.content == expected.read_bytes()


def test_an_exporter_option_it_lacks_is_still_a_422(db_path: Path) -> None:
    with TestClient(make_app(db_path, _settings())) as client:
        response = client.get("/api/events/export", params={"format": "geojson", "bom": True})
        assert response.status_code == 422
        assert response.json() == {"detail": "the geojson format takes no option 'bom'"}
        # the refused export gave its slot back
        assert client.get("/api/events/export", params={"format": "csv"}).status_code == 200


def test_anonymous_exports_are_limited_per_minute(db_path: Path) -> None:
    settings = _settings(anonymous_exports_per_minute=2, anonymous_concurrent_exports=100)
    with TestClient(make_app(db_path, settings)) as client:
        assert [client.get("/api/events/export").status_code for _ in range(2)] == [200, 200]
        refused = client.get("/api/events/export")
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.json()["detail"].startswith(
            "too many exports without a token: at most 2 a minute from one address"
        )
        # a reader with a token is not limited; other reads are not either
        assert client.get("/api/events/export", headers=AUTH).status_code == 200
        assert client.get("/api/events").status_code == 200


def test_anonymous_exports_run_one_at_a_time(db_path: Path) -> None:
    settings = _settings(anonymous_exports_per_minute=1000, anonymous_concurrent_exports=1)
    with TestClient(make_app(db_path, settings)) as client:
        with client.stream("GET", "/api/events/export") as first:
            assert first.status_code == 200
            busy = client.get("/api/events/export")
            assert busy.status_code == 429
            assert busy.headers["retry-after"] == "5"
            first.read()
        assert client.get("/api/events/export").status_code == 200  # the slot came back


def test_timeline_and_places_are_aggregated_by_the_store(client: TestClient) -> None:
    for params in ({}, {"country": "Syria"}, {"min_fatalities": 1}):
        with_store = client.get("/api/events/timeline", params=params).json()
        places = client.get("/api/places", params=params).json()
        events = client.get("/api/events", params={**params, "limit": 1000}).json()["items"]
        from conflictcoder.model import Event

        decoded = [Event.from_dict(e) for e in events]
        assert with_store == views.timeline(decoded)
        assert places == views.places(decoded)


class _SlowStore:
    """A store whose timeline runs until the test releases it (a heavy reader)."""

    started = threading.Event()
    release = threading.Event()

    def __init__(self, store: Store) -> None:
        self._store = store

    def event_timeline(self, *args: Any, **kwargs: Any) -> Any:
        _SlowStore.started.set()
        _SlowStore.release.wait(30)
        return self._store.event_timeline(*args, **kwargs)

    def events(self, *args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)
        return self._store.events(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@pytest.fixture
def slow_server(db_path: Path) -> Iterator[str]:
    app = create_app(db_path, _settings())

    def slow_store() -> Iterator[Any]:
        with open_store(db_path) as store:
            yield _SlowStore(store)

    app.dependency_overrides[get_store] = slow_store
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def test_a_slow_store_call_does_not_hold_up_other_requests(slow_server: str, db_path: Path) -> None:
    slow_server_db = db_path
    with open_store(slow_server_db) as store:
        event_id = store.events()[0].event_id
    _SlowStore.started.clear()
    _SlowStore.release.clear()
    slow = threading.Thread(target=httpx.get, args=(slow_server + "/api/events/timeline",))
    slow.start()
    try:
        assert _SlowStore.started.wait(20), "the timeline never reached the store"
        # The timeline is held inside the store until the detail has been answered: were
        # store work serialised, the detail could not be answered and would time out.
        response = httpx.get(f"{slow_server}/api/events/{event_id}", timeout=10)
        assert response.status_code == 200
    finally:
        _SlowStore.release.set()
        slow.join()


def test_the_thread_keeps_its_store_open_between_requests(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    from conflictcoder.api import deps

    real_open = deps.open_store

    def counting(url: Any) -> Store:
        opened.append(str(url))
        return real_open(url)

    monkeypatch.setattr(deps, "open_store", counting)
    app = create_app(db_path, _settings())
    app.dependency_overrides.pop(get_store, None)
    with TestClient(app) as client:
        for _ in range(10):
            assert client.get("/api/events").status_code == 200
    assert 1 <= len(opened) <= 4  # one per worker thread used, not one per request
    assert FakeCoder  # (the fixtures' coder is not needed here)
