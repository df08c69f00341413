"""Crash safety: ``conflictcoder ingest`` killed with SIGKILL mid-run loses nothing committed,
corrupts nothing, and a re-run completes the ingest without duplicates. SQLite and PostgreSQL.

The child process runs the real ``ingest`` command over a generated directory of small
documents. Only the coder is swapped for a stand-in that codes each document into one or two
events at once (no spaCy), so that the run spends its time in store transactions, where a
kill does the most harm, and finishes in seconds. The child prints each article's id as
``store.ingest`` starts and again once it has returned (its transaction committed): the
test kills it as it starts an article, inside that article's transaction, and knows what
must survive. It is killed three times at different points, checked after each kill, then run to
the end; the result must equal an ingest that was never interrupted.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.store import Store, open_store

# Documents in the generated input, and after how many newly stored ones each kill comes.
DOCUMENTS = 240
KILL_AFTER = (20, 45, 75)

CHILD = r'''
import sys
from datetime import date

from conflictcoder import cli
from conflictcoder.model import Event, Evidence
from conflictcoder.store.sql import SqlStore

TOWNS = {
    "Ariha": (35.81, 36.61), "Saraqib": (35.86, 36.80), "Binnish": (35.96, 36.71),
    "Kafr Nabl": (35.59, 36.56), "Maarrat al-Numan": (35.65, 36.67),
}


class StandInCoder:
    """Codes "Shelling hit TOWN on day D ... N died" into a shelling event (and a clash)."""

    def code_many(self, articles):
        for article in articles:
            words = article.text.split()
            town = " ".join(words[2 : words.index("on")])
            day = int(words[words.index("day") + 1].rstrip("."))
            dead = int(words[words.index("died.") - 1])
            sentence = article.text.split("\n\n")[0]
            lat, lon = TOWNS[town]
            events = [
                Event(
                    date(2020, 3, day).isoformat(), "Explosions/Remote violence",
                    "Shelling/artillery/missile attack",
                    actor1="Military Forces of Syria (2000-)", inter1=1, interaction=10,
                    country="Syria", iso=760, admin1="Idleb", location=town,
                    latitude=lat, longitude=lon, geo_precision=1, fatalities=dead,
                    evidence=[Evidence(article.id, sentence, 0, len(sentence))],
                )
            ]
            if day % 3 == 0:
                events.append(
                    Event(
                        date(2020, 3, day).isoformat(), "Battles", "Armed clash",
                        actor1="Opposition Rebels (Syria)", inter1=2,
                        actor2="Military Forces of Syria (2000-)", inter2=1, interaction=12,
                        country="Syria", iso=760, admin1="Idleb", location=town,
                        latitude=lat, longitude=lon, geo_precision=1,
                        evidence=[Evidence(article.id, sentence, 0, len(sentence))],
                    )
                )
            yield article, events


_ingest = SqlStore.ingest


def ingest(self, article, events):
    print("begin " + article.id, flush=True)
    stored = _ingest(self, article, events)
    # printed only once the transaction has committed
    print(("new " if stored else "old ") + article.id, flush=True)
    return stored


SqlStore.ingest = ingest
cli._coder = lambda settings: StandInCoder()
sys.argv = ["conflictcoder", "ingest", *sys.argv[1:]]
cli.main()
'''


def _documents(folder: Path) -> list[str]:
    """Small reports: five towns, 28 days, so that many reports merge into one event."""
    towns = ["Ariha", "Saraqib", "Binnish", "Kafr Nabl", "Maarrat al-Numan"]
    ids = []
    for n in range(DOCUMENTS):
        town, day = towns[n % len(towns)], n % 28 + 1
        text = (
            f"Shelling hit {town} on day {day}. Report {n} says {n % 4} died.\n\n"
            f"Residents of {town} fled after the attack, report {n} adds."
        )
        sub = folder / f"batch{n // 100}"
        sub.mkdir(exist_ok=True)
        (sub / f"report-{n:04d}.txt").write_text(text, encoding="utf-8")
        ids.append(f"report-{n:04d}")
    return ids


def _run(script: Path, inputs: Path, url: str, kill_after: int | None) -> tuple[int, list[str]]:
    """Run the ingest; SIGKILL it as it starts storing article number ``kill_after`` + 1, so
    that the kill lands inside that article's transaction. RETURNS the exit status and the
    stdout lines (what had committed)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(inputs), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    begun = 0
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            begun += line.startswith("begin ")
            if kill_after is not None and begun > kill_after:
                proc.send_signal(signal.SIGKILL)
                break
        lines += [line.strip() for line in proc.stdout]  # what it printed before it died
        status = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read() if proc.stderr else ""
    if kill_after is None:
        assert status == 0, stderr
    return status, lines


def _sqlite_checks(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        fts = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
            )
        ]
        for name in fts:  # the full-text indexes agree with their tables
            conn.execute(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
    finally:
        conn.close()


def _rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = store._execute(sql)  # type: ignore[attr-defined]
    return rows


def _consistency(store: Store, committed: set[str]) -> int:
    """Nothing committed lost; articles, events and their links agree. RETURNS articles."""
    ids = {row[0] for row in _rows(store, "SELECT id FROM articles")}
    assert committed <= ids, sorted(committed - ids)[:5]
    (count, hashes), *_ = _rows(
        store, "SELECT count(*), count(DISTINCT content_hash) FROM articles"
    )
    assert count == hashes == len(ids)
    # every stored article came with its events (the stand-in codes at least one)
    assert not _rows(
        store,
        "SELECT id FROM articles WHERE id NOT IN (SELECT doc_id FROM event_sources)",
    )
    assert not _rows(
        store, "SELECT doc_id FROM event_sources WHERE doc_id NOT IN (SELECT id FROM articles)"
    )
    assert not _rows(
        store,
        "SELECT event_id FROM event_sources WHERE event_id NOT IN (SELECT event_id FROM events)",
    )
    assert not _rows(
        store,
        "SELECT event_id FROM events WHERE event_id NOT IN (SELECT event_id FROM event_sources)",
    )
    for event in store.events():  # the event records agree with the link table
        sources = [s["doc_id"] for s in store.event_sources(event.event_id)]
        assert sorted(event.doc_ids) == sorted(sources), event.event_id
        assert len(sources) == len(set(sources))
    return len(ids)


def _snapshot(store: Store) -> list[tuple[Any, ...]]:
    return sorted(
        (e.event_id, tuple(sorted(e.doc_ids)), e.fatalities, e.event_date, e.location)
        for e in store.events()
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty stores of one back end: the one killed, and the uninterrupted reference."""
    if request.param == "sqlite":
        yield (f"sqlite:///{tmp_path / 'killed.sqlite'}", f"sqlite:///{tmp_path / 'ref.sqlite'}")
        return
    from store.conftest import drop_schema, pg_url

    base = pg_url()
    schemas = [f"kill_{uuid.uuid4().hex[:10]}", f"ref_{uuid.uuid4().hex[:10]}"]
    sep = "&" if "?" in base else "?"
    try:
        yield (f"{base}{sep}schema={schemas[0]}", f"{base}{sep}schema={schemas[1]}")
    finally:
        for schema in schemas:
            drop_schema(base, schema)


def test_ingest_survives_sigkill(tmp_path: Path, store_urls: tuple[str, str]) -> None:
    url, reference_url = store_urls
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    ids = _documents(inputs)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    committed: set[str] = set()
    stored_before = 0
    for kill_after in KILL_AFTER:
        status, lines = _run(script, inputs, url, kill_after)
        assert status == -signal.SIGKILL, "the ingest finished before it could be killed"
        committed |= {line.split(" ", 1)[1] for line in lines if line.startswith("new ")}
        if url.startswith("sqlite"):
            _sqlite_checks(Path(url.removeprefix("sqlite:///")))
        with open_store(url) as store:
            stored = _consistency(store, committed)
        assert stored_before < stored < DOCUMENTS
        stored_before = stored

    # the re-run completes the ingest: every document once, nothing twice
    status, lines = _run(script, inputs, url, None)
    summary = lines[-1]
    read, new, known = (int(summary.split()[i]) for i in (0, 3, 5))
    assert re.fullmatch(
        rf"{DOCUMENTS} articles read, {new} new, {known} already stored, \d+ events stored "
        r"\(\d+ new, \d+ merged into existing events\), 0 errors",
        summary,
    ), summary
    assert (read, new, known) == (DOCUMENTS, DOCUMENTS - stored_before, stored_before)
    if url.startswith("sqlite"):
        _sqlite_checks(Path(url.removeprefix("sqlite:///")))
    with open_store(url) as store:
        assert _consistency(store, set(ids)) == DOCUMENTS
        result = _snapshot(store)

    # the same as an ingest that was never interrupted
    _run(script, inputs, reference_url, None)
    with open_store(reference_url) as reference:
        assert result == _snapshot(reference)
    assert json.dumps(result)  # plain values only
