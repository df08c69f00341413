"""Review desk under load: the review queue and the changes endpoint; prints one JSON object.

Builds a SQLite store of ``--events`` synthetic events (generated here: random places,
dates over five years, types, actors, confidences; written in bulk as the store writes a
first report, then a share of them corrected, confirmed, rejected or deleted through the
store, so the queue and the change log hold every kind of entry), serves it
with uvicorn in a child process on a free 127.0.0.1 port, and runs ``--clients`` asyncio
clients (each its own keep-alive connection, sending its next request as soon as the last
one answered) for ``--seconds``. Half the clients page through the review queue
(``GET /api/review?limit=50&offset=N``, with a reviewer's token), half pull changes
(``GET /api/changes?after=CURSOR&limit=100`` from random cursors, as partners at different
points would). An answer other than 200 counts as an error.

Usage:
    python bench/review.py                           # 100,000 events, 50 clients, 30 s
    python bench/review.py --events 20000 --clients 20 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-review-token-0123456789"
TYPES: tuple[tuple[str, str], ...] = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Looting/property destruction"),
)
ACTORS: tuple[tuple[str, int], ...] = (
    ("Military Forces of Syria (2000-)", 1),
    ("Opposition Rebels (Syria)", 2),
    ("Unidentified Armed Group (Syria)", 3),
    ("Civilians (Syria)", 7),
    ("Protesters (Syria)", 6),
)


def synthetic_events(count: int, seed: int = 7) -> list[Any]:
    """``count`` distinct invented events (no two the same incident)."""
    from conflictcoder.model import Event

    rng = random.Random(seed)
    start = date(2020, 1, 1)
    events = []
    for i in range(count):
        event_type, sub = TYPES[i % len(TYPES)]
        a1, a2 = rng.sample(ACTORS, 2)
        lat, lon = 32.5 + rng.random() * 4.5, 35.7 + rng.random() * 6.0
        events.append(
            Event(
                (start + timedelta(days=rng.randrange(5 * 365))).isoformat(),
                event_type,
                sub,
                actor1=a1[0],
                inter1=a1[1],
                actor2=a2[0],
                inter2=a2[1],
                interaction=min(a1[1], a2[1]) * 10 + max(a1[1], a2[1]),
                country="Syria",
                admin1=f"Province {i % 14}",
                location=f"Town {i}",
                latitude=round(lat, 5),
                longitude=round(lon, 5),
                fatalities=rng.choice((0, 0, 1, 2, 3, 5, 12)),
                confidence=round(rng.random(), 3),
                doc_ids=[f"doc-{i}"],
            )
        )
    return events


def bulk_load(path: Path, events: list[Any]) -> None:
    """Write events as the store would for a first report each (rows of ``events``,
    ``event_reports``, ``event_sources``, ``event_history``, the change counter), in one
    transaction: the store's own ``upsert_events`` looks for a matching incident for every
    report (a few ms each), which would make building 100,000 the longest part of the run.
    The events are distinct incidents, so the rows are the same."""
    import sqlite3

    from conflictcoder.merge import number_of_sources
    from conflictcoder.model import ACLED_FIELDS
    from conflictcoder.store import open_store
    from conflictcoder.store.base import search_text
    from conflictcoder.store.sql import _EVENT_COLUMNS, _doc_key, now_iso

    open_store(path).close()  # the schema, migrated
    now = now_iso()
    stamp = int(time.time())
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    marks = ", ".join("?" for _ in _EVENT_COLUMNS)
    for seq, event in enumerate(events, start=1):
        event.timestamp = stamp
        data = json.dumps(event.to_dict(), ensure_ascii=False)
        conn.execute(
            f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({marks})",
            [
                *(getattr(event, name) for name in ACLED_FIELDS),
                search_text(event),
                number_of_sources(event),
                now,
                stamp,
                seq,
                event.confidence,
                data,
            ],
        )
        conn.execute(
            "INSERT INTO event_reports (event_id, report_id, doc_key, doc_id, data, received_at,"
            " event_type, sub_event_type, event_date, latitude, longitude)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.event_id,
                event.event_id,
                _doc_key(event.doc_ids),
                event.doc_id,
                data,
                now,
                event.event_type,
                event.sub_event_type,
                event.event_date,
                event.latitude,
                event.longitude,
            ),
        )
        conn.execute(
            "INSERT INTO event_sources (event_id, doc_id) VALUES (?, ?)",
            (event.event_id, event.doc_id),
        )
        conn.execute(
            "INSERT INTO event_history (event_id, at, action, doc_id, changes) "
            "VALUES (?, ?, 'create', ?, '{}')",
            (event.event_id, now, event.doc_id),
        )
    conn.execute("UPDATE change_counter SET seq = ? WHERE id = 1", (len(events),))
    conn.execute("COMMIT")
    conn.close()


def build_store(path: Path, count: int) -> dict[str, Any]:
    from conflictcoder.store import open_store

    started = time.perf_counter()
    bulk_load(path, synthetic_events(count))
    built = time.perf_counter() - started
    with open_store(path) as store:
        ids = [e.event_id for e in store.events(limit=2000, order="-date")]
        rng = random.Random(11)
        for event_id in rng.sample(ids, 200):
            store.correct_event(event_id, {"fatalities": 4}, user="bench")  # type: ignore[arg-type]
        for event_id in rng.sample(ids, 100):
            store.review_event(event_id, "confirm", user="bench")  # type: ignore[attr-defined]
        for event_id in rng.sample(ids, 20):
            if store.review_status(event_id) == "pending":  # type: ignore[attr-defined]
                store.review_event(event_id, "reject", user="bench", note="bench")  # type: ignore[attr-defined]
        for event_id in rng.sample(ids, 20):
            if store.get_event(event_id) is not None:
                store.delete_event(event_id, user="bench", reason="bench")  # type: ignore[attr-defined]
        return {
            "events": store.count_events(),
            "pending": store.count_review_queue(),  # type: ignore[attr-defined]
            "cursor": store.change_cursor(),  # type: ignore[attr-defined]
            "build_seconds": round(built, 1),
        }


def describe(path: Path) -> dict[str, Any]:
    """What a store built by an earlier run holds (``--db``)."""
    from conflictcoder.store import open_store

    with open_store(path) as store:
        return {
            "events": store.count_events(),
            "pending": store.count_review_queue(),  # type: ignore[attr-defined]
            "cursor": store.change_cursor(),  # type: ignore[attr-defined]
            "build_seconds": None,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn\n"
        "from conflictcoder.api import create_app\n"
        "from conflictcoder.api.auth import hash_token\n"
        "from conflictcoder.config import load_settings\n"
        f"settings = load_settings(api_tokens=[hash_token({TOKEN!r})])\n"
        f"uvicorn.run(create_app({str(db)!r}, settings), host='127.0.0.1', port={port},"
        " log_level='warning')\n"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)


async def run_clients(
    base: str, clients: int, seconds: float, pending: int, cursor: int
) -> dict[str, Any]:
    latencies: dict[str, list[float]] = {"review_queue": [], "changes": []}
    errors: dict[str, int] = {"review_queue": 0, "changes": 0}
    deadline = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {TOKEN}"}

    async def client(number: int) -> None:
        rng = random.Random(number)
        kind = "review_queue" if number % 2 == 0 else "changes"
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
            while time.perf_counter() < deadline:
                if kind == "review_queue":
                    offset = rng.randrange(0, max(1, pending - 50)) if rng.random() < 0.5 else 0
                    url = f"/api/review?limit=50&offset={offset}"
                else:
                    url = f"/api/changes?after={rng.randrange(0, max(1, cursor))}&limit=100"
                began = time.perf_counter()
                try:
                    answer = await http.get(url)
                    ok = answer.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies[kind].append(time.perf_counter() - began)
                if not ok:
                    errors[kind] += 1

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {}
    for kind, times in latencies.items():
        ordered = sorted(times)

        def pct(p: float, ordered: list[float] = ordered) -> float | None:
            return round(ordered[int(p * (len(ordered) - 1))] * 1000, 1) if ordered else None

        result[kind] = {
            "requests": len(times),
            "requests_per_s": round(len(times) / elapsed, 1),
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "errors": errors[kind],
        }
    result["total_requests_per_s"] = round(sum(len(t) for t in latencies.values()) / elapsed, 1)
    result["errors"] = sum(errors.values())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--db", type=Path, default=None, help="Build the store here and keep it; reuse it if there."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "review.sqlite"
        store = describe(db) if db.exists() else build_store(db, args.events)
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + "/api/session", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            load = asyncio.run(
                run_clients(base, args.clients, args.seconds, store["pending"], store["cursor"])
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(
        json.dumps(
            {
                "bench": "review",
                "store": {"backend": "sqlite", **store},
                "clients": args.clients,
                "seconds": args.seconds,
                **load,
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
