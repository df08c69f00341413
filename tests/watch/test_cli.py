"""``conflictcoder watch`` and ``conflictcoder sources``; SIGKILL of ``watch`` mid-cycle."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conflictcoder.cli import app
from conflictcoder.config import Settings
from conflictcoder.store import open_store
from conflictcoder.watch import Watcher, load_sources

from .conftest import REPORTS, FeedServer, Reply, conditional, rss, varied_reports

runner = CliRunner()


@pytest.fixture()
def config(tmp_path: Path, gazetteer_path: Path) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(f"gazetteer_path = {json.dumps(str(gazetteer_path))}\n", encoding="utf-8")
    return path


def write_sources(path: Path, server: FeedServer, *names: str, interval: str = "15m") -> Path:
    lines = ['[watch]\ntimeout = "2s"\nretries = 0\nhost_delay = "0s"\n']
    for name in names:
        lines.append(
            f'[[source]]\nname = "{name}"\nurl = "{server.url("/" + name)}"\n'
            f'interval = "{interval}"\n'
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_watch_once_then_304_then_sources_table(
    tmp_path: Path, server: FeedServer, config: Path
) -> None:
    server.routes["/wire"] = conditional(rss(REPORTS[:2], base="wire"))
    server.routes["/down"] = lambda request: Reply(500)
    sources = write_sources(tmp_path / "sources.toml", server, "wire", "down")
    db = str(tmp_path / "events.sqlite")
    args = ["watch", str(sources), "--db", db, "--once", "--config", str(config)]
    first = runner.invoke(app, args)
    assert first.exit_code == 1  # a source failed
    assert first.stdout == "2 sources: 2 new articles, 2 events, 0 unchanged, 1 failed\n"
    assert "warning: down (http://" in first.stderr
    assert "HTTP 500 Internal Server Error" in first.stderr
    server.routes["/down"] = conditional(rss(REPORTS[2:3], base="down"))
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert second.stdout == "2 sources: 1 new articles, 1 events, 1 unchanged, 0 failed\n"
    listing = runner.invoke(app, ["sources", "--db", db], env={"COLUMNS": "200"})
    assert listing.exit_code == 0, listing.output
    assert "2 watched sources" in listing.stdout
    assert "wire" in listing.stdout and server.url("/wire") in listing.stdout
    assert "HTTP 500" not in listing.stdout  # "down" recovered
    rows = [line for line in listing.stdout.splitlines() if "│" in line]
    wire = next(line for line in rows if "│ wire" in line)
    down = next(line for line in rows if "│ down" in line)
    # watched for less than a day: the articles of that day count as one day's
    assert wire.rstrip(" │").endswith("2.0") and down.rstrip(" │").endswith("1.0")
    assert "s ago" in wire and "in 15m" in wire


def test_watch_reports_a_bad_sources_file(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "a"\nurl = "http://a.example/"\ninterval = "soon"\n')
    result = runner.invoke(app, ["watch", str(sources), "--db", str(tmp_path / "e.sqlite")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {sources}:4: source 'a': interval must be a duration such as \"30s\", "
        '"15m" or "1h" (units ms, s, m, h, d), got \'soon\'\n'
    )


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _snapshot(db: Path) -> tuple[list[str], list[tuple[str, int, tuple[str, ...]]], int]:
    with open_store(db) as store:
        hashes = sorted(a["content_hash"] for a in store.articles())
        events = sorted(
            (e.event_id, e.fatalities, tuple(sorted(e.doc_ids))) for e in store.events()
        )
        return hashes, events, store.count_articles()


def test_sigkill_mid_cycle_loses_and_duplicates_nothing(
    tmp_path: Path, server: FeedServer, config: Path, settings: Settings, coder: Any
) -> None:
    server.routes["/big"] = conditional(rss(varied_reports(30), base="big"), etag='"b1"')
    server.routes["/small"] = conditional(rss(varied_reports(5, seed=100), base="small"))
    sources = write_sources(tmp_path / "sources.toml", server, "big", "small")
    command = [sys.executable, "-m", "conflictcoder", "watch", str(sources), "--once"]
    command += ["--config", str(config), "--db"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    # the reference: one uninterrupted cycle into a store of its own
    reference = tmp_path / "reference.sqlite"
    with open_store(reference) as store:
        file = load_sources(sources)
        with Watcher(store, file, settings=settings, coder=coder) as watcher:
            watcher.poll_once()

    db = tmp_path / "events.sqlite"
    process = subprocess.Popen(
        [*command, str(db)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while _count(db) < 1 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    committed, _, stored = _snapshot(db)
    assert 0 < stored < 35  # killed mid-cycle, with articles committed
    with open_store(db) as store:
        assert store.watch_states().get("big") is None or stored >= 30  # no state before all

    subprocess.run([*command, str(db)], check=True, env=env, capture_output=True)
    hashes, events, count = _snapshot(db)
    expected_hashes, expected_events, expected_count = _snapshot(reference)
    assert set(committed) <= set(hashes)  # nothing committed was lost
    assert count == expected_count == 35  # nothing stored twice
    assert hashes == expected_hashes
    assert events == expected_events
    # a third run finds nothing new: both feeds answer 304
    third = subprocess.run([*command, str(db)], env=env, capture_output=True, text=True)
    assert third.stdout == "2 sources: 0 new articles, 0 events, 2 unchanged, 0 failed\n"


def test_a_declared_source_scale_is_listed_and_exported(
    tmp_path: Path, server: FeedServer, config: Path
) -> None:
    server.routes["/local"] = conditional(rss(REPORTS[:1], title="Idlib Evening", base="local"))
    server.routes["/wire"] = conditional(rss(REPORTS[1:2], title="Reuters", base="wire"))
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[watch]\ntimeout = "2s"\nretries = 0\nhost_delay = "0s"\n\n'
        f'[[source]]\nname = "local"\nurl = "{server.url("/local")}"\ninterval = "1h"\n'
        'source_scale = "subnational"\n\n'
        # the file's scale of a listed outlet wins over a declared one
        f'[[source]]\nname = "wire"\nurl = "{server.url("/wire")}"\ninterval = "1h"\n'
        'source_scale = "National"\n',
        encoding="utf-8",
    )
    db = str(tmp_path / "events.sqlite")
    args = ["watch", str(sources), "--db", db, "--once", "--config", str(config)]
    assert runner.invoke(app, args).exit_code == 0
    listing = runner.invoke(app, ["sources", "--db", db], env={"COLUMNS": "220"})
    assert "scale" in listing.stdout
    rows = [line for line in listing.stdout.splitlines() if "│" in line]
    assert "Subnational" in next(line for line in rows if "│ local" in line)
    assert "National" in next(line for line in rows if "│ wire" in line)
    out = tmp_path / "acled.csv"
    export = ["export", "--db", db, "--format", "acled", "--output", str(out)]
    assert runner.invoke(app, export).exit_code == 0
    with out.open(encoding="utf-8", newline="") as fh:
        scales = {row["location"]: row["source_scale"] for row in csv.DictReader(fh)}
    assert scales == {"Kafr Nabl": "Subnational", "Binnish": "International"}
    # The ACLED API route answers the same.
    from fastapi.testclient import TestClient

    from conflictcoder.api import create_app
    from conflictcoder.config import load_settings

    with TestClient(create_app(db, load_settings(gazetteer_path=""))) as client:
        data = client.get("/api/acled/read").json()["data"]
        assert {row["location"]: row["source_scale"] for row in data} == scales
        exported = client.get("/api/events/export", params={"format": "acled"}).text
        assert "Subnational" in exported
