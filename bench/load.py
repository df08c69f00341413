"""Load run: concurrent clients on mixed endpoints, exports included; prints one JSON object.

Starts ``conflictcoder serve`` (uvicorn, one process) on a free 127.0.0.1 port in a child
process, then runs ``--clients`` asyncio clients (each its own keep-alive connection), each
sending its next request as soon as the last one answered, for ``--seconds``. Of them,
``--exporters`` clients download the full CSV export (anonymous, as a newsroom's scraper
would) while the others cycle through the readers' endpoints: event lists with filters, one
event's detail (the ids come from the store), its sources, the timeline and the places.
Latency is reported per kind of request. An answer that is not 200 counts as an error,
except a 429 to an exporting client: it waits as long as ``Retry-After`` says (the
server's limit on anonymous exports) and is counted as ``throttled``. The run is bounded
twice: by time, and by ``--max-requests`` in all. Traffic goes to 127.0.0.1 only.

The store is ``--db`` when given (for the figures in the issue: the corpus, ingested with
``conflictcoder ingest ../shared/corpus/fakes_syria_news.jsonl --db /tmp/corpus.sqlite``);
otherwise a temporary one holding the coded ``samples/`` and synthetic copies.

Usage:
    python bench/load.py                      # 20 clients (3 exporting), 30 s, the samples
    python bench/load.py --db /tmp/corpus.sqlite --clients 20 --exporters 3 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
# Query strings cycled through: the plain list, filters the store indexes, a later page.
QUERIES: tuple[str, ...] = (
    "/api/events",
    "/api/events?country=Syria",
    "/api/events?min_fatalities=1",
    "/api/events?event_type=Explosions/Remote%20violence",
    "/api/events?limit=10&offset=5",
    "/api/events?date_from=2000-01-01&date_to=2100-12-31",
)
# What a reader's cycle holds besides the lists: {id} is a stored event's id.
READER_PATHS: tuple[tuple[str, str], ...] = (
    *(("list", q) for q in QUERIES),
    ("detail", "/api/events/{id}"),
    ("detail", "/api/events/{id}"),
    ("detail", "/api/events/{id}"),
    ("sources", "/api/events/{id}/sources"),
    ("timeline", "/api/events/timeline"),
    ("places", "/api/places"),
)
EXPORT_PATH = "/api/events/export?format=csv"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fill_store(db: Path, pad: int) -> int:
    """Code samples/ into a new store at ``db``, then add ``pad`` synthetic copies.

    Copy k of a coded event is moved 14*k days later and 0.05*k degrees north-east under
    another location name, so that merging keeps every copy a distinct event.
    RETURNS (int): the number of events stored.
    """
    from conflictcoder.coder import Coder
    from conflictcoder.ingest import read_inputs
    from conflictcoder.model import Article, Event
    from conflictcoder.store import open_store

    coder = Coder()
    articles = [a for a in read_inputs([ROOT / "samples"]) if isinstance(a, Article)]
    with open_store(db) as store:
        for article, events in coder.code_many(articles):
            store.ingest(article, events)
        coded = store.events()

        def copies() -> Iterator[Event]:
            for number in range(pad):
                event = coded[number % len(coded)]
                k = number // len(coded) + 1
                day = date.fromisoformat(event.event_date or "2020-01-01") + timedelta(14 * k)
                yield dataclasses.replace(
                    event,
                    event_id="",
                    event_date=day.isoformat(),
                    location=f"{event.location} ({k})",
                    latitude=None if event.latitude is None else event.latitude + 0.05 * k,
                    longitude=None if event.longitude is None else event.longitude + 0.05 * k,
                )

        if coded and pad:
            store.upsert_events(copies())
        return store.count_events()


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "from conflictcoder.api import serve; "
        f"serve({str(db)!r}, host='127.0.0.1', port={port}, log_level='warning')"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def wait_ready(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/events?limit=1", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {base} not ready after {timeout:.0f} s")


class Connection:
    """A minimal HTTP/1.1 keep-alive client for GET requests on one connection.

    httpx's async client spends more CPU per request than the server does (measured: about
    4 ms against 2.6 ms), and the clients share the machine with the server; this one
    spends a small fraction of that, so the run measures the server.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.headers: dict[str, str] = {}

    async def get(self, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n"
        self.writer.write(request.encode("ascii"))
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        pairs = (line.split(":", 1) for line in lines[1:] if ":" in line)
        headers = {k.strip().lower(): v.strip() for k, v in pairs}
        self.headers = headers
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return status, await asyncio.wait_for(self._chunked(), timeout)
        length = headers.get("content-length")
        if length is None:
            raise ValueError("response without Content-Length")
        body = await asyncio.wait_for(self.reader.readexactly(int(length)), timeout)
        return status, body

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")  # no trailers are sent
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()


@dataclasses.dataclass
class Tally:
    """What the clients saw: latencies by kind of request, errors by kind, 429s."""

    latencies: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    errors: dict[str, int] = dataclasses.field(default_factory=dict)
    throttled: int = 0
    sent: int = 0
    export_bytes: int = 0

    def error(self, key: str) -> None:
        self.errors[key] = self.errors.get(key, 0) + 1


async def run_load(
    host: str,
    port: int,
    clients: int,
    exporters: int,
    seconds: float,
    max_requests: int,
    event_ids: list[str],
) -> tuple[Tally, float]:
    tally = Tally()
    start = time.perf_counter()
    deadline = start + seconds

    async def worker(number: int) -> None:
        exporting = number < exporters
        index = number * 7
        connection = Connection(host, port)
        try:
            while time.perf_counter() < deadline and tally.sent < max_requests:
                tally.sent += 1
                if exporting:
                    kind, path = "export", EXPORT_PATH
                else:
                    kind, path = READER_PATHS[index % len(READER_PATHS)]
                    path = path.replace("{id}", event_ids[index % len(event_ids)])
                index += 1
                began = time.perf_counter()
                try:
                    status, body = await connection.get(path)
                except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError) as exc:
                    tally.error(f"{kind}: {type(exc).__name__}")
                    await connection.close()
                    connection = Connection(host, port)
                    continue
                if status == 429 and exporting:
                    tally.throttled += 1
                    wait = float(connection.headers.get("retry-after", "1") or 1)
                    # (the server closes a keep-alive connection idle for 5 s)
                    await connection.close()
                    connection = Connection(host, port)
                    await asyncio.sleep(min(wait, max(0.0, deadline - time.perf_counter())))
                    continue
                if status != 200 or (kind == "list" and not body.startswith(b'{"total":')):
                    tally.error(f"{kind}: HTTP {status}")
                    continue
                if exporting:
                    tally.export_bytes += len(body)
                tally.latencies.setdefault(kind, []).append(time.perf_counter() - began)
        finally:
            await connection.close()

    await asyncio.gather(*(worker(n) for n in range(clients)))
    return tally, time.perf_counter() - start


def _stats(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50_ms": round(1000 * percentile(values, 0.50), 1),
        "p95_ms": round(1000 * percentile(values, 0.95), 1),
        "p99_ms": round(1000 * percentile(values, 0.99), 1),
        "max_ms": round(1000 * max(values), 1) if values else None,
    }


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="Store to serve (default: the coded samples).")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--exporters", type=int, default=3, help="Clients of --clients that export CSV."
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument(
        "--pad",
        type=int,
        default=2000,
        help="Synthetic events added to the coded samples (not with --db).",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "load.sqlite"
        events = None if args.db else fill_store(db, args.pad)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(db, port)
        try:
            wait_ready(base)
            total_events = httpx.get(base + "/api/events?limit=1").json()["total"]
            page = httpx.get(base + "/api/events?limit=1000", timeout=60).json()["items"]
            event_ids = [event["event_id"] for event in page][::7] or ["none"]
            load_before = load_average()
            server_cpu = cpu_seconds(server.pid)
            client_cpu = time.process_time()
            tally, elapsed = asyncio.run(
                run_load(
                    "127.0.0.1",
                    port,
                    args.clients,
                    args.exporters,
                    args.seconds,
                    args.max_requests,
                    event_ids,
                )
            )
            load_after = load_average()
            client_cpu = time.process_time() - client_cpu
            server_after = cpu_seconds(server.pid)
            if server_cpu is not None and server_after is not None:
                server_cpu = server_after - server_cpu
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    latencies = [v for values in tally.latencies.values() for v in values]
    ok = len(latencies)
    readers = [v for k, values in tally.latencies.items() if k != "export" for v in values]
    result: dict[str, Any] = {
        "benchmark": "api_load",
        "inputs": {
            "readers": [path for _, path in READER_PATHS],
            "export": EXPORT_PATH,
            "clients": args.clients,
            "exporting_clients": args.exporters,
            "client": "asyncio streams, HTTP/1.1 keep-alive, one connection per client",
            "seconds": args.seconds,
            "events_in_store": total_events if events is None else events,
            "store": str(args.db) if args.db else f"coded samples/ + {args.pad} synthetic copies",
        },
        "requests": tally.sent,
        "ok": ok,
        "errors": sum(tally.errors.values()),
        "error_kinds": tally.errors,
        "exports_throttled_429": tally.throttled,
        "elapsed_s": round(elapsed, 2),
        "throughput_rps": round(ok / elapsed, 1) if elapsed else 0.0,
        "reader_throughput_rps": round(len(readers) / elapsed, 1) if elapsed else 0.0,
        "export_mb": round(tally.export_bytes / 1e6, 1),
        "latency": {
            "readers (all but export)": _stats(readers),
            "detail and list": _stats(
                tally.latencies.get("detail", []) + tally.latencies.get("list", [])
            ),
            **{kind: _stats(values) for kind, values in sorted(tally.latencies.items())},
        },
        # CPU time per answered request: steadier than throughput on a shared machine
        "server_cpu_ms_per_request": (
            round(1000 * server_cpu / ok, 2) if server_cpu is not None and ok else None
        ),
        "client_cpu_ms_per_request": round(1000 * client_cpu / ok, 2) if ok else None,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "server": "uvicorn, 1 process, on the same machine as the clients",
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
