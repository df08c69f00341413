"""Web fixtures: the API fixtures (invented articles), and the coded sample served live."""

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

from api.conftest import api_settings, client, db_path, fake_coder, ids  # noqa: F401
from conflictcoder.api import create_app
from conflictcoder.config import Settings
from conflictcoder.ingest import read_inputs
from conflictcoder.model import Article
from conflictcoder.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory, coder: Any) -> Path:
    """The bundled samples, coded and stored (what `make demo` serves)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    articles = [a for a in read_inputs([SAMPLES]) if isinstance(a, Article)]
    assert articles, "samples/ holds articles"
    with open_store(path) as store:
        for article, events in coder.code_many(articles):
            store.ingest(article, events)
        assert store.count_events() > 0
    return path


@pytest.fixture(scope="session")
def live_server(sample_db: Path, settings: Settings) -> Iterator[str]:
    """The API and dashboard on a free loopback port, in a thread; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(sample_db, settings), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    assert httpx.get(base + "/api/events?limit=1").status_code == 200
    yield base
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
