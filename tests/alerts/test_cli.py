"""``conflictcoder alerts add|list|delete|deliver``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conflictcoder.cli import app
from conflictcoder.store import open_store

from .conftest import Receiver, clash, strike

runner = CliRunner()


def test_add_list_deliver_delete(tmp_path: Path, receiver: Receiver) -> None:
    db = str(tmp_path / "events.sqlite")
    added = runner.invoke(
        app,
        [
            "alerts",
            "add",
            "Idlib strikes",
            "--db",
            db,
            "--admin1",
            "Idlib",
            "--type",
            "Air/drone strike",
            "--min-fatalities",
            "1",
            "--webhook",
            receiver.url,
        ],
    )
    assert added.exit_code == 0, added.output
    lines = added.stdout.splitlines()
    alert_id = lines[0].split()[1].rstrip(":")
    assert lines[0] == f"alert {alert_id}: Idlib strikes"
    assert lines[1] == f"feed: /api/alerts/{alert_id}/feed.atom"
    assert lines[2] == f"webhook: {receiver.url}"
    secret = lines[3].removeprefix("secret: ")
    with open_store(db) as store:
        store.upsert_events([strike("Ariha", 35.81, 36.61), clash("Marib")])
    delivered = runner.invoke(app, ["alerts", "deliver", "--db", db])
    assert delivered.exit_code == 0, delivered.output
    assert delivered.stdout == "1 deliveries recorded, 1 delivered, 0 failed, 0 abandoned\n"
    assert receiver.verified(secret)[0]["event"]["location"] == "Ariha"
    listed = runner.invoke(app, ["alerts", "list", "--db", db], env={"COLUMNS": "200"})
    assert listed.exit_code == 0
    assert alert_id in listed.stdout and "1 delivered" in listed.stdout
    assert "admin1 Idlib, Air/drone strike, at least 1 fatalities" in listed.stdout
    deleted = runner.invoke(app, ["alerts", "delete", alert_id, "--db", db])
    assert deleted.stdout == f"alert {alert_id} deleted\n"
    again = runner.invoke(app, ["alerts", "delete", alert_id, "--db", db])
    assert again.exit_code == 1
    assert again.stderr == f"error: alert '{alert_id}' not found\n"


def test_bad_alerts_are_refused_with_the_reason(tmp_path: Path) -> None:
    db = str(tmp_path / "events.sqlite")
    result = runner.invoke(app, ["alerts", "add", "x", "--db", db, "--type", "Airstrike"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: event_types: 'Airstrike' is no ACLED event type")
    box = runner.invoke(app, ["alerts", "add", "x", "--db", db, "--bbox", "1,2,3"])
    assert box.exit_code == 2
    assert "give min_lon,min_lat,max_lon,max_lat, got '1,2,3'" in box.output


def test_failed_delivery_exits_1(tmp_path: Path) -> None:
    db = str(tmp_path / "events.sqlite")
    runner.invoke(app, ["alerts", "add", "all", "--db", db, "--webhook", "http://127.0.0.1:9/h"])
    with open_store(db) as store:
        store.upsert_events([clash("Marib")])
    result = runner.invoke(app, ["alerts", "deliver", "--db", db])
    assert result.exit_code == 1
    assert result.stdout == "1 deliveries recorded, 0 delivered, 1 failed, 0 abandoned\n"
    assert "warning: alert al-" in result.stderr
