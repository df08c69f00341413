"""Webhooks against a local receiver: signed, each (alert, event, timestamp) once, updates
sent as new versions, retries with back-off, the delivery log, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conflictcoder.alerts import (
    AlertSearch,
    Dispatcher,
    create_alert,
    deliver_alerts,
    sign,
    verify_signature,
)
from conflictcoder.store import open_store

from .conftest import Receiver, clash, strike


def test_signature() -> None:
    body = b'{"event": 1}'
    header = sign("k", body)
    assert header.startswith("sha256=") and len(header) == 7 + 64
    assert verify_signature("k", body, header)
    assert not verify_signature("other", body, header)
    assert not verify_signature("k", body + b" ", header)
    assert not verify_signature("k", body, None)


def test_matching_events_are_delivered_once_signed(store_url: str, receiver: Receiver) -> None:
    with open_store(store_url) as store:
        store.upsert_events([strike("Binnish", 35.96, 36.71)])  # before the alert: not sent
        alert = create_alert(
            store,
            "Idlib strikes",
            AlertSearch(admin1="Idlib", event_types=("Air/drone strike",)),
            webhook_url=receiver.url,
            user="ana",
        )
        store.upsert_events([strike("Ariha", 35.81, 36.61), clash("Marib")])
        first = deliver_alerts(store)
        again = deliver_alerts(store)
        log = store.alert_deliveries(alert.id)
    assert (first.recorded, first.delivered, first.failed) == (1, 1, 0)
    assert (again.recorded, again.delivered) == (0, 0)
    [body] = receiver.verified(alert.secret)
    assert body["alert"] == {"id": alert.id, "name": "Idlib strikes"}
    assert body["action"] == "created"
    assert body["event"]["location"] == "Ariha"
    assert body["timestamp"] == body["event"]["timestamp"] > 0
    headers = receiver.received[0].headers
    assert headers["x-conflictcoder-alert"] == alert.id
    assert headers["x-conflictcoder-delivery"] == str(log[0].id)
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"].startswith("conflictcoder/")
    assert [(d.status, d.attempts, d.response_status) for d in log] == [("delivered", 1, 200)]


def test_a_changed_event_is_delivered_again_as_an_update(
    store_url: str, receiver: Receiver
) -> None:
    with open_store(store_url) as store:
        alert = create_alert(store, "Idlib", AlertSearch(admin1="Idleb"), webhook_url=receiver.url)
        store.upsert_events([strike("Ariha", 35.81, 36.61)])
        deliver_alerts(store)
        [event] = store.events()
        time.sleep(1.1)  # timestamps are whole seconds: the correction is a new version
        store.correct_event(event.event_id, {"fatalities": 4}, user="ana", note="per OCHA")
        report = deliver_alerts(store)
        deliver_alerts(store)
    assert report.delivered == 1
    bodies = receiver.verified(alert.secret)
    assert [b["action"] for b in bodies] == ["created", "updated"]
    assert [b["event"]["fatalities"] for b in bodies] == [3, 4]
    assert bodies[1]["timestamp"] > bodies[0]["timestamp"]


def test_failures_are_retried_with_backoff_then_abandoned(
    tmp_path: Path, receiver: Receiver
) -> None:
    receiver.statuses = [500, 503, 500]
    clock = [datetime(2024, 3, 4, 8, 0, tzinfo=UTC)]
    with open_store(tmp_path / "events.sqlite") as store:
        alert = create_alert(store, "all", AlertSearch(), webhook_url=receiver.url)
        store.upsert_events([strike("Ariha", 35.81, 36.61)])
        with Dispatcher(store, now=lambda: clock[0], max_attempts=3, first_retry=30) as hook:
            assert hook.run().failed == 1
            [delivery] = store.alert_deliveries(alert.id)
            assert (delivery.status, delivery.attempts, delivery.error) == (
                "failed",
                1,
                "HTTP 500 Internal Server Error",
            )
            assert delivery.next_attempt_at == "2024-03-04T08:00:30+00:00"
            clock[0] += timedelta(seconds=10)
            assert hook.run().failed == 0  # not due yet
            clock[0] += timedelta(seconds=20)
            assert hook.run().failed == 1
            assert store.alert_deliveries(alert.id)[0].next_attempt_at == (
                "2024-03-04T08:01:30+00:00"  # 60 s after the second try
            )
            clock[0] += timedelta(seconds=60)
            assert hook.run().abandoned == 1
            clock[0] += timedelta(days=1)
            assert hook.run().delivered == 0
        [delivery] = store.alert_deliveries(alert.id)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("abandoned", 3, 500)
    assert len(receiver.received) == 3
    assert len({r.body for r in receiver.received}) == 1  # the same signed body each time


def test_a_failed_delivery_succeeds_on_retry(tmp_path: Path, receiver: Receiver) -> None:
    receiver.statuses = [502]
    clock = [datetime(2024, 3, 4, 8, 0, tzinfo=UTC)]
    with open_store(tmp_path / "events.sqlite") as store:
        alert = create_alert(store, "all", AlertSearch(), webhook_url=receiver.url)
        store.upsert_events([clash("Marib")])
        with Dispatcher(store, now=lambda: clock[0]) as hook:
            hook.run()
            clock[0] += timedelta(minutes=1)
            assert hook.run().delivered == 1
        [delivery] = store.alert_deliveries(alert.id)
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert delivery.delivered_at == "2024-03-04T08:01:00+00:00"


def test_an_unreachable_webhook_is_a_logged_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with open_store(tmp_path / "events.sqlite") as store:
        alert = create_alert(store, "all", AlertSearch(), webhook_url="http://127.0.0.1:9/hook")
        store.upsert_events([clash("Marib")])
        report = deliver_alerts(store)
        [delivery] = store.alert_deliveries(alert.id)
    assert report.failed == 1 and delivery.status == "failed"
    assert delivery.error is not None and delivery.error.startswith("ConnectError")
    assert f"alert {alert.id}: delivery {delivery.id}" in caplog.text


def test_two_dispatchers_send_each_delivery_once(tmp_path: Path, receiver: Receiver) -> None:
    path = tmp_path / "events.sqlite"
    with open_store(path) as store, open_store(path) as other:
        create_alert(store, "all", AlertSearch(), webhook_url=receiver.url)
        store.upsert_events([clash("Marib"), strike("Ariha", 35.81, 36.61)])
        with Dispatcher(store) as first, Dispatcher(other) as second:
            first.collect()
            second.collect()  # claims nothing twice
            due = store.due_deliveries(datetime.now(UTC).isoformat(timespec="seconds"))
            assert len(due) == 2
            # the second takes one of them first: the first dispatcher skips it
            now = datetime.now(UTC).isoformat(timespec="seconds")
            assert other.take_delivery(due[0].id, now, "2999-01-01T00:00:00+00:00")
            assert first.send_due().delivered == 1
            assert second.send_due().delivered == 0  # it holds the lease but did not send
    assert len(receiver.received) == 1


def test_feed_only_alerts_send_nothing_and_deleted_alerts_stop(
    tmp_path: Path, receiver: Receiver
) -> None:
    from conflictcoder.alerts import delete_alert

    with open_store(tmp_path / "events.sqlite") as store:
        create_alert(store, "feed only", AlertSearch())
        hooked = create_alert(store, "hooked", AlertSearch(), webhook_url=receiver.url)
        delete_alert(store, hooked.id)
        store.upsert_events([clash("Marib")])
        assert deliver_alerts(store).recorded == 0
    assert receiver.received == []


def test_reviewed_only_waits_for_confirmation(tmp_path: Path, receiver: Receiver) -> None:
    with open_store(tmp_path / "events.sqlite") as store:
        if not hasattr(store, "review_event"):
            pytest.skip("the store has no review yet")
        alert = create_alert(
            store, "confirmed", AlertSearch(reviewed_only=True), webhook_url=receiver.url
        )
        store.upsert_events([clash("Marib")])
        assert deliver_alerts(store).recorded == 0
        [event] = store.events()
        store.review_event(event.event_id, "confirm", user="ana")
        assert deliver_alerts(store).delivered == 1
    assert receiver.verified(alert.secret)[0]["event"]["location"] == "Marib"


def test_payload_is_json_of_the_event(tmp_path: Path, receiver: Receiver) -> None:
    with open_store(tmp_path / "events.sqlite") as store:
        alert = create_alert(store, "all", AlertSearch(), webhook_url=receiver.url)
        store.upsert_events([clash("Marib")])
        deliver_alerts(store)
        [delivery] = store.alert_deliveries(alert.id)
    assert json.loads(delivery.payload) == receiver.received[0].json


def test_two_versions_within_one_second_are_both_delivered(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    import conflictcoder.store.writes as writes

    # every write in the same second: the timestamps alone cannot tell the versions apart
    monkeypatch.setattr(writes, "now_iso", lambda: "2024-03-04T08:00:00+00:00")
    with open_store(tmp_path / "events.sqlite") as store:
        alert = create_alert(store, "all", AlertSearch(), webhook_url=receiver.url)
        store.upsert_events([clash("Marib")])
        deliver_alerts(store)
        [event] = store.events()
        store.correct_event(event.event_id, {"fatalities": 6}, user="ana")
        assert deliver_alerts(store).delivered == 1
        assert deliver_alerts(store).recorded == 0  # each version once
    bodies = receiver.verified(alert.secret)
    assert [b["event"]["fatalities"] for b in bodies] == [5, 6]
    assert bodies[0]["timestamp"] == bodies[1]["timestamp"]
