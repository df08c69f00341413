"""Load run: concurrent clients against ``/api/events`` on loopback; prints one JSON object.

Starts ``conflictcoder serve`` (uvicorn, one process) on a free 127.0.0.1 port in a child
process, then runs ``--clients`` async HTTP clients (each its own keep-alive connection),
each sending its next request as soon as the last one answered, for ``--seconds``. Every
answer must be 200 with an event page; anything else counts as an error. The run is
bounded twice: by time, and by ``--max-requests`` in all. Traffic goes to 127.0.0.1 only.

The store is ``--db`` when given; otherwise a temporary one holding the coded ``samples/``
(coding them takes a few seconds; that time is not measured).

Usage:
    python bench/load.py                      # 50 clients, 30 s, the coded samples
    python bench/load.py --db out/demo.sqlite --clients 50 --seconds 30
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
import statistics
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

    async def get(self, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n"
        self.writer.write(request.encode("ascii"))
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
        length = {k.strip().lower(): v.strip() for k, v in headers.items()}.get("content-length")
        if length is None:
            raise ValueError("response without Content-Length")
        body = await asyncio.wait_for(self.reader.readexactly(int(length)), timeout)
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()


async def run_load(
    host: str, port: int, clients: int, seconds: float, max_requests: int
) -> tuple[list[float], int, dict[str, int], float]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    start = time.perf_counter()
    deadline = start + seconds

    async def worker(number: int) -> None:
        nonlocal sent
        index = number
        connection = Connection(host, port)
        try:
            while time.perf_counter() < deadline and sent < max_requests:
                sent += 1
                path = QUERIES[index % len(QUERIES)]
                index += 1
                began = time.perf_counter()
                try:
                    status, body = await connection.get(path)
                except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError) as exc:
                    key = type(exc).__name__
                    errors[key] = errors.get(key, 0) + 1
                    await connection.close()
                    connection = Connection(host, port)
                    continue
                if status != 200 or not body.startswith(b'{"total":'):
                    key = f"HTTP {status}"
                    errors[key] = errors.get(key, 0) + 1
                    continue
                latencies.append(time.perf_counter() - began)
        finally:
            await connection.close()

    await asyncio.gather(*(worker(n) for n in range(clients)))
    return latencies, sent, errors, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="Store to serve (default: the coded samples).")
    parser.add_argument("--clients", type=int, default=50)
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
            load_before = load_average()
            server_cpu = cpu_seconds(server.pid)
            client_cpu = time.process_time()
            latencies, sent, errors, elapsed = asyncio.run(
                run_load("127.0.0.1", port, args.clients, args.seconds, args.max_requests)
            )
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
    ok = len(latencies)
    result: dict[str, Any] = {
        "benchmark": "api_load",
        "inputs": {
            "endpoint": "/api/events",
            "queries": list(QUERIES),
            "clients": args.clients,
            "client": "asyncio streams, HTTP/1.1 keep-alive, one connection per client",
            "seconds": args.seconds,
            "events_in_store": total_events if events is None else events,
            "store": "given" if args.db else f"coded samples/ + {args.pad} synthetic copies",
        },
        "requests": sent,
        "ok": ok,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "elapsed_s": round(elapsed, 2),
        "throughput_rps": round(ok / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "p50": round(1000 * percentile(latencies, 0.50), 1),
            "p95": round(1000 * percentile(latencies, 0.95), 1),
            "p99": round(1000 * percentile(latencies, 0.99), 1),
            "mean": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
            "max": round(1000 * max(latencies), 1) if latencies else None,
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
            "server": "uvicorn, 1 process, on the same machine as the clients",
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
