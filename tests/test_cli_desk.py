"""CLI of the review desk: ``users`` and ``export --since`` (cli/users.py, cli/__init__.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from conflictcoder.cli import app
from conflictcoder.model import Event
from conflictcoder.store import open_store

runner = CliRunner()


def _store(path: Path) -> list[str]:
    with open_store(path) as store:
        store.upsert_events(
            [
                Event("2021-03-01", "Battles", "Armed clash", location=name, country="Syria")
                for name in ("Binnish", "Sarmin", "Taftanaz")
            ]
        )
        return [e.event_id for e in store.events()]


def test_users_add_list_role_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "events.sqlite")
    secret = tmp_path / "pw.txt"
    secret.write_text("a long passphrase\n")
    added = runner.invoke(app, ["users", "add", "ana", "--db", db, "--password-file", str(secret)])
    assert added.exit_code == 0, added.output
    assert added.stdout == "added ana (reviewer)\n"
    typed = runner.invoke(
        app, ["users", "add", "bo", "--db", db, "--role", "admin"], input="another secret\n" * 2
    )
    assert typed.exit_code == 0, typed.output
    listed = runner.invoke(app, ["users", "list", "--db", db], env={"COLUMNS": "120"})
    assert "ana" in listed.stdout and "reviewer" in listed.stdout and "admin" in listed.stdout
    assert runner.invoke(app, ["users", "role", "ana", "admin", "--db", db]).exit_code == 0
    short = runner.invoke(app, ["users", "passwd", "ana", "--db", db], input="short\nshort\n")
    assert short.exit_code == 1
    assert "a password needs at least 10 characters" in short.stderr
    dup = runner.invoke(app, ["users", "add", "ana", "--db", db, "--password-file", str(secret)])
    assert dup.exit_code == 1 and "user 'ana' exists already" in dup.stderr
    assert runner.invoke(app, ["users", "remove", "ana", "--db", db]).exit_code == 0
    with open_store(db) as store:
        assert [u["name"] for u in store.users()] == ["bo"]  # type: ignore[attr-defined]


def test_export_since_writes_changes_and_removals(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    ids = _store(db)
    with open_store(db) as store:
        before = store.get_event(ids[0]).timestamp  # type: ignore[union-attr]
        store.delete_event(ids[1], user="ana", reason="duplicate")  # type: ignore[attr-defined]
    out, gone = tmp_path / "changed.jsonl", tmp_path / "removed.csv"
    result = runner.invoke(
        app,
        [
            "export",
            "--db",
            str(db),
            "--since",
            str(before),
            "--output",
            str(out),
            "--removed",
            str(gone),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(json.loads(line)["event_id"] for line in out.read_text().splitlines()) == sorted(
        [ids[0], ids[2]]
    )
    rows = list(csv.DictReader(gone.open()))
    assert [(r["event_id"], r["action"], r["reason"]) for r in rows] == [
        (ids[1], "delete", "duplicate")
    ]
    later = runner.invoke(app, ["export", "--db", str(db), "--since", str(before + 3600)])
    assert later.exit_code == 0 and later.stdout == ""
    bad = runner.invoke(app, ["export", "--db", str(db), "--since", "soon"])
    assert bad.exit_code == 1 and "since must be Unix seconds or an ISO time" in bad.stderr
