"""Saved searches (alerts) and their webhook delivery log, kept in the store.

``alerts`` holds each alert: its search (JSON, validated by ``conflictcoder.alerts``), the
webhook address and the secret its deliveries are signed with, and ``cursor``: the change
(``change_seq``, see ``changes.py``) up to which the store's changes have been matched
against it. ``alert_deliveries`` holds one row per (alert, event, event timestamp, version): the
UNIQUE key is what makes each version of an event go out once, whoever dispatches (the
version, a digest of the event, tells apart two versions stored within one second).

Claiming is transactional: the rows for the matching changes and the alert's new cursor are
written together, so a crash never skips a change (the cursor did not move) nor claims one
twice (the key). A claimed row is then sent, and its outcome recorded; a crash between
sending and recording sends that one row again (receivers deduplicate on the delivery id).

Example:
    >>> from conflictcoder.store import open_store
    >>> with open_store(":memory:") as store:
    ...     store.save_alert(Alert("al-1", "Idlib", {"admin1": "Idlib"}, None, "s3cret",
    ...                            "2024-03-04T08:00:00+00:00"))
    ...     [a.name for a in store.alerts()]
    ['Idlib']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import StoreError
from ._parts import SqlParts

DELIVERY_STATES: tuple[str, ...] = ("pending", "sending", "delivered", "failed", "abandoned")


@dataclass
class Alert:
    """A saved search.

    id (str): stable id ("al-" + 12 hex digits), used in URLs.
    name (str): what the desk calls it.
    search (dict[str, Any]): the search as JSON (``conflictcoder.alerts.AlertSearch``).
    webhook_url (str | None): where matching events are POSTed; None: feed only.
    secret (str): the HMAC-SHA256 key deliveries are signed with.
    created_at (str): ISO time. created_by (str | None): who created it.
    cursor (int): the change the store's changes were matched up to.
    """

    id: str
    name: str
    search: dict[str, Any]
    webhook_url: str | None
    secret: str
    created_at: str
    created_by: str | None = None
    cursor: int = 0


@dataclass
class Delivery:
    """One webhook delivery: an event (at one timestamp) for one alert.

    status (str): "pending" (not sent yet), "sending" (a dispatcher holds it until
    ``next_attempt_at``), "delivered", "failed" (tried again at ``next_attempt_at``) or
    "abandoned" (too many failures). payload (str): the JSON body.
    """

    id: int
    alert_id: str
    event_id: str
    event_timestamp: int
    change_seq: int | None
    action: str
    payload: str
    status: str
    attempts: int
    response_status: int | None
    error: str | None
    created_at: str | None
    last_attempt_at: str | None
    delivered_at: str | None
    next_attempt_at: str | None


@dataclass(frozen=True)
class Claim:
    """A delivery to record: ``event_id`` at ``event_timestamp`` matched an alert.

    version (str): a digest of the event as sent; with the timestamp it names one version
    of the event (two versions may share a timestamp: it counts whole seconds).
    """

    event_id: str
    event_timestamp: int
    change_seq: int | None
    action: str
    payload: str
    version: str = ""


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return None if value is None else str(value)


_ALERT_COLUMNS = "id, name, search, webhook_url, secret, created_at, created_by, cursor"
_DELIVERY_COLUMNS = (
    "id, alert_id, event_id, event_timestamp, change_seq, action, payload, status, attempts,"
    " response_status, error, created_at, last_attempt_at, delivered_at, next_attempt_at"
)


class AlertsMixin(SqlParts):
    """The store's ``alerts`` and ``alert_deliveries`` tables (mixed into ``SqlStore``)."""

    def _alert(self, row: tuple[Any, ...]) -> Alert:
        search = self._load_json(row[2])
        return Alert(
            id=str(row[0]),
            name=str(row[1]),
            search=dict(search) if isinstance(search, dict) else {},
            webhook_url=row[3],
            secret=str(row[4]),
            created_at=_iso(row[5]) or "",
            created_by=row[6],
            cursor=int(row[7]),
        )

    def save_alert(self, alert: Alert) -> None:
        """Store a new alert; StoreError when its id is taken."""
        with self._transaction(f"cannot save alert {alert.id}"):
            if self._execute("SELECT 1 FROM alerts WHERE id = ?", (alert.id,)):
                raise StoreError(f"{self.name}: alert {alert.id} exists already")
            self._execute(
                f"INSERT INTO alerts ({_ALERT_COLUMNS}) "
                f"VALUES (?, ?, {self._json_param}, ?, ?, ?, ?, ?)",
                (
                    alert.id,
                    alert.name,
                    json.dumps(alert.search, ensure_ascii=False, sort_keys=True),
                    alert.webhook_url,
                    alert.secret,
                    alert.created_at,
                    alert.created_by,
                    alert.cursor,
                ),
            )

    def alerts(self) -> list[Alert]:
        """Every alert, oldest first."""
        rows = self._query(f"SELECT {_ALERT_COLUMNS} FROM alerts ORDER BY created_at, id")
        return [self._alert(row) for row in rows]

    def get_alert(self, alert_id: str) -> Alert | None:
        """The alert with this id, or None."""
        rows = self._query(f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE id = ?", (alert_id,))
        return self._alert(rows[0]) if rows else None

    def delete_alert(self, alert_id: str) -> bool:
        """Delete an alert and its delivery log. RETURNS (bool): whether it existed."""
        with self._transaction(f"cannot delete alert {alert_id}"):
            found = bool(self._execute("SELECT 1 FROM alerts WHERE id = ?", (alert_id,)))
            self._execute("DELETE FROM alert_deliveries WHERE alert_id = ?", (alert_id,))
            self._execute("DELETE FROM alerts WHERE id = ?", (alert_id,))
        return found

    def claim_deliveries(self, alert_id: str, claims: list[Claim], cursor: int, now: str) -> int:
        """Record deliveries to send and move the alert's cursor, in one transaction.

        A (alert, event, timestamp) already recorded is left as it is.
        RETURNS (int): how many new deliveries were recorded.
        """
        added = 0
        with self._transaction(f"cannot record deliveries of alert {alert_id}"):
            for claim in claims:
                rows = self._execute(
                    "INSERT INTO alert_deliveries (alert_id, event_id, event_timestamp, version,"
                    " change_seq, action, payload, status, attempts, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)"
                    " ON CONFLICT (alert_id, event_id, event_timestamp, version) DO NOTHING"
                    " RETURNING id",
                    (
                        alert_id,
                        claim.event_id,
                        claim.event_timestamp,
                        claim.version,
                        claim.change_seq,
                        claim.action,
                        claim.payload,
                        now,
                    ),
                )
                added += len(rows)
            self._execute(
                "UPDATE alerts SET cursor = ? WHERE id = ? AND cursor < ?",
                (cursor, alert_id, cursor),
            )
        return added

    def delivered_before(self, alert_id: str, event_id: str) -> bool:
        """Whether a delivery of ``event_id`` was recorded for the alert already."""
        return bool(
            self._query(
                "SELECT 1 FROM alert_deliveries WHERE alert_id = ? AND event_id = ? LIMIT 1",
                (alert_id, event_id),
            )
        )

    def _delivery(self, row: tuple[Any, ...]) -> Delivery:
        return Delivery(
            id=int(row[0]),
            alert_id=str(row[1]),
            event_id=str(row[2]),
            event_timestamp=int(row[3]),
            change_seq=None if row[4] is None else int(row[4]),
            action=str(row[5]),
            payload=str(row[6]),
            status=str(row[7]),
            attempts=int(row[8]),
            response_status=None if row[9] is None else int(row[9]),
            error=row[10],
            created_at=_iso(row[11]),
            last_attempt_at=_iso(row[12]),
            delivered_at=_iso(row[13]),
            next_attempt_at=_iso(row[14]),
        )

    def due_deliveries(self, now: str, limit: int = 500) -> list[Delivery]:
        """Deliveries to send now, oldest first: pending ones, failed ones whose retry time
        has come, and those a dispatcher took but did not finish before its lease ran out."""
        rows = self._query(
            f"SELECT {_DELIVERY_COLUMNS} FROM alert_deliveries WHERE status = 'pending'"
            " OR (status IN ('failed', 'sending') AND next_attempt_at <= ?)"
            " ORDER BY id LIMIT ?",
            (now, limit),
        )
        return [self._delivery(row) for row in rows]

    def take_delivery(self, delivery_id: int, now: str, lease_until: str) -> bool:
        """Take a due delivery to send it (status "sending" until ``lease_until``), so that
        two dispatchers never send it both. RETURNS (bool): whether this caller got it."""
        with self._transaction(f"cannot take delivery {delivery_id}"):
            rows = self._execute(
                "UPDATE alert_deliveries SET status = 'sending', next_attempt_at = ?"
                " WHERE id = ? AND (status = 'pending'"
                " OR (status IN ('failed', 'sending') AND next_attempt_at <= ?)) RETURNING id",
                (lease_until, delivery_id, now),
            )
        return bool(rows)

    def record_delivery(
        self,
        delivery_id: int,
        *,
        status: str,
        at: str,
        response_status: int | None = None,
        error: str | None = None,
        next_attempt_at: str | None = None,
    ) -> None:
        """Record one attempt at a delivery and its outcome (``attempts`` goes up by one)."""
        if status not in DELIVERY_STATES:
            raise StoreError(f"status must be one of {', '.join(DELIVERY_STATES)}, got {status!r}")
        with self._transaction(f"cannot record delivery {delivery_id}"):
            self._execute(
                "UPDATE alert_deliveries SET status = ?, attempts = attempts + 1,"
                " response_status = ?, error = ?, last_attempt_at = ?, next_attempt_at = ?,"
                " delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END"
                " WHERE id = ?",
                (status, response_status, error, at, next_attempt_at, status, at, delivery_id),
            )

    def alert_deliveries(self, alert_id: str, limit: int = 100) -> list[Delivery]:
        """The latest deliveries of an alert, newest first."""
        rows = self._query(
            f"SELECT {_DELIVERY_COLUMNS} FROM alert_deliveries WHERE alert_id = ?"
            " ORDER BY id DESC LIMIT ?",
            (alert_id, limit),
        )
        return [self._delivery(row) for row in rows]
