"""One event's rows, inside a write transaction: reading it back, recombining it from its
reports and corrections, writing it and appending to its history.

A stored event is always ``merge.combine_reports`` of its reports (``event_reports``) with
the latest correction of each corrected field (``event_corrections``) on top; ``save``
writes that over the ``events`` row (the ACLED columns for querying, ``data`` the full
``Event.to_dict()``), links its documents (``event_sources``) and records the change
(``event_history``).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..merge import combine_reports, number_of_sources
from ..model import ACLED_FIELDS, Event
from .base import search_text
from .history import Cause, dumps, epoch, event_changes

if TYPE_CHECKING:
    from .sql import SqlStore

# The columns of ``events`` a write sets, in the order ``EventRows.save`` gives them.
EVENT_COLUMNS: tuple[str, ...] = (
    *ACLED_FIELDS,
    "search_text",
    "number_of_sources",
    "updated_at",
    "timestamp",
    "change_seq",
    "confidence_rank",
    "data",
)


def report_columns(report: Event) -> tuple[Any, ...]:
    """The indexed columns of a report: what candidate searches filter on."""
    return (
        report.event_type,
        report.sub_event_type,
        report.event_date,
        report.latitude,
        report.longitude,
    )


class EventRows:
    """Reads and writes of one event's rows for the store's writers (``SqlStore`` owns one).

    db (SqlStore): the store: its connection, dialect and change bookkeeping.
    """

    def __init__(self, db: SqlStore) -> None:
        self.db = db

    # -- reading back -----------------------------------------------------------------------

    def event_from(self, value: Any) -> Event:
        """An ``Event`` from a stored ``data`` value."""
        return Event.from_dict(self.db._load_json(value))

    def stored(self, event_id: str) -> Event | None:
        """The stored event, or None."""
        rows = self.db._execute("SELECT data FROM events WHERE event_id = ?", (event_id,))
        return self.event_from(rows[0][0]) if rows else None

    def exists(self, event_id: str) -> bool:
        """Whether an event with this id is stored."""
        return bool(self.db._execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)))

    def reports(self, event_id: str) -> list[Event]:
        """The reports an event rests on, in the order they were stored."""
        rows = self.db._execute(
            "SELECT data FROM event_reports WHERE event_id = ? ORDER BY seq", (event_id,)
        )
        return [self.event_from(row[0]) for row in rows]

    def corrected(self, event_id: str) -> dict[str, Any]:
        """Field -> value of the latest correction of each corrected field."""
        rows = self.db._execute(
            "SELECT field, value FROM event_corrections WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return {field: self.db._load_json(value) for field, value in rows}

    def decided(self, event_id: str) -> bool:
        """Whether a person corrected or reviewed the event: its id and grouping stay."""
        if self.corrected(event_id):
            return True
        status = self.db._execute(
            "SELECT review_status FROM events WHERE event_id = ?", (event_id,)
        )
        return bool(status) and status[0][0] not in (None, "pending")

    def recombine(self, event_id: str) -> tuple[Event, dict[str, Any]]:
        """The event from its reports and corrections, and what the corrections kept out."""
        automatic = combine_reports(self.reports(event_id), self.db.rule)
        automatic.event_id = event_id
        corrected = self.corrected(event_id)
        if not corrected:
            return automatic, {}
        final = dataclasses.replace(automatic, **corrected)
        overridden = {
            name: getattr(automatic, name)
            for name, value in corrected.items()
            if getattr(automatic, name) != value
        }
        return final, overridden

    # -- writing ----------------------------------------------------------------------------

    def save(
        self,
        event: Event,
        stored: Event | None,
        cause: Cause,
        *,
        overridden: dict[str, Any] | None = None,
    ) -> None:
        """Write ``event`` over ``stored`` and record the change and its ``cause``; nothing
        when unchanged (a correction is always recorded)."""
        db = self.db
        changes = event_changes(stored, event)
        if stored is not None and not changes and cause.action != "correct":
            return
        if changes:
            event.timestamp = epoch(cause.at)
            try:
                data = dumps(event.to_dict())
            except (TypeError, ValueError) as exc:
                raise StoreError(
                    f"{db.name}: cannot store event {event.event_id}: not serialisable: {exc}"
                ) from None
            values = [
                *(getattr(event, name) for name in ACLED_FIELDS),
                search_text(event),
                number_of_sources(event),
                cause.at,
                event.timestamp,
                db._next_change_seq(),
                event.confidence,
                data,
            ]
            if stored is None:
                db._forget_removal(event.event_id)
                marks = ", ".join(db._json_param if c == "data" else "?" for c in EVENT_COLUMNS)
                db._execute(
                    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})", values
                )
            else:
                sets = ", ".join(
                    f"{c} = {db._json_param if c == 'data' else '?'}"
                    for c in EVENT_COLUMNS
                    if c != "event_id"
                )
                db._execute(
                    f"UPDATE events SET {sets} WHERE event_id = ?",
                    [*values[1:], event.event_id],
                )
            for doc in event.doc_ids:
                db._execute(
                    "INSERT INTO event_sources (event_id, doc_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (event.event_id, doc),
                )
        self.record_history(event.event_id, cause, changes=changes, overridden=overridden)

    def save_recombined(self, event_id: str, stored: Event | None, cause: Cause) -> Event:
        """Recombine a stored event (``recombine``) and ``save`` it over ``stored``.
        RETURNS the event as saved."""
        final, overridden = self.recombine(event_id)
        self.save(final, stored, cause, overridden=overridden)
        return final

    def drop_sources(self, event_id: str, kept: list[str]) -> None:
        """Unlink the documents of an event that are not in ``kept`` (its doc_ids)."""
        marks = ", ".join("?" for _ in kept) or "NULL"
        self.db._execute(
            f"DELETE FROM event_sources WHERE event_id = ? AND doc_id NOT IN ({marks})",
            [event_id, *kept],
        )

    def insert_report(
        self, event_id: str, report: Event, doc_key: str, doc_id: str | None, data: str, now: str
    ) -> None:
        """Add ``report`` (its JSON ``data``) to the reports of ``event_id``."""
        self.db._execute(
            "INSERT INTO event_reports (event_id, report_id, doc_key, doc_id, data, received_at,"
            " event_type, sub_event_type, event_date, latitude, longitude)"
            f" VALUES (?, ?, ?, ?, {self.db._json_param}, ?, ?, ?, ?, ?, ?)",
            (event_id, report.event_id, doc_key, doc_id, data, now, *report_columns(report)),
        )

    def record_history(
        self,
        event_id: str,
        cause: Cause,
        *,
        changes: dict[str, Any] | None = None,
        overridden: dict[str, Any] | None = None,
    ) -> None:
        """Append one entry to an event's history: its ``cause``, the ``changes``
        (``event_changes``) and what a correction kept ``overridden``."""
        json_param = self.db._json_param
        self.db._execute(
            "INSERT INTO event_history (event_id, at, action, doc_id, user_name, note, changes,"
            f" overridden) VALUES (?, ?, ?, ?, ?, ?, {json_param}, {json_param})",
            (
                event_id,
                cause.at,
                cause.action,
                cause.doc_id,
                cause.user,
                cause.note,
                dumps(changes or {}),
                dumps(overridden or {}),
            ),
        )
