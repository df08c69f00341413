"""The store's writes of coded work: articles with their events (``ingest``), events as
reports (``upsert_events``) and manual corrections (``correct_event``).

Every event given is checked (``checked``) and stored as a report; ``add_report`` says what
became of it, and ``ReportGrouping`` finds the event it joins.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..merge import combine_reports
from ..model import ACLED_FIELDS, Article, Event
from .base import _field_types, check_correction, check_types, iso_date, merge_unique
from .grouping import ReportGrouping
from .history import Cause, dumps, now_iso
from .review import derive_codes
from .rows import EventRows, report_columns

if TYPE_CHECKING:
    from .sql import SqlStore

# A value of an ACLED field that is not of its type, in the words of the message.
_EXPECTED = {
    "latitude": "a number from -90 to 90",
    "longitude": "a number from -180 to 180",
    "fatalities": "a whole number >= 0",
}


def doc_key(doc_ids: Iterable[str]) -> str:
    """The key of a report's documents: their ids, sorted and unique, as JSON.

    Example:
        >>> doc_key(["b", "a", "b"])
        '["a","b"]'
    """
    return json.dumps(sorted(set(doc_ids)), ensure_ascii=False, separators=(",", ":"))


class EventWriter:
    """Ingest, upsert and correct, each in its transaction (``SqlStore`` owns one).

    db (SqlStore): the store (connection, transactions, dialect).
    rows (EventRows): the event rows it reads and writes.
    """

    def __init__(self, db: SqlStore, rows: EventRows) -> None:
        self.db = db
        self.rows = rows
        self.grouping = ReportGrouping(db, rows)
        # What the last ingest/upsert_events call did with its reports ("created": new
        # events, "merged": joined stored ones, "updated", "same"): the CLI reports it.
        self.write_counts: Counter[str] = Counter()

    def checked(self, event: Any, extra_doc_ids: Iterable[str] = ()) -> tuple[Event, str]:
        """A copy of ``event`` with ``extra_doc_ids`` added, and its JSON; StoreError if it
        cannot be stored."""
        name = self.db.name
        if not isinstance(event, Event):
            raise StoreError(f"{name}: cannot store {type(event).__name__}: expected an Event")
        label = f"{name}: cannot store event {event.event_id or '(no id)'}"
        for field in ("event_id", "event_type", "sub_event_type"):
            value = getattr(event, field)
            if not isinstance(value, str) or not value:
                raise StoreError(f"{label}: {field} must be a non-empty string, got {value!r}")
        if event.event_date is not None:
            try:
                iso_date(event.event_date, "event_date")
            except StoreError as exc:
                raise StoreError(f"{label}: {exc}") from None
        types = _field_types()
        for field in ACLED_FIELDS:
            value = getattr(event, field)
            base, _nullable = types[field]
            if value is None:
                continue
            ok = {
                "str": isinstance(value, str),
                "int": isinstance(value, int) and not isinstance(value, bool),
                "float": isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value),
            }.get(base, True)
            if ok and field == "latitude":
                ok = -90 <= value <= 90
            if ok and field == "longitude":
                ok = -180 <= value <= 180
            if ok and field == "fatalities":
                ok = value >= 0
            if not ok:
                expected = _EXPECTED.get(
                    field, {"str": "a string", "int": "a whole number"}.get(base, "a number")
                )
                raise StoreError(f"{label}: {field} must be {expected}, got {value!r}")
        report = dataclasses.replace(
            event,
            doc_ids=merge_unique(event.doc_ids, extra_doc_ids),
            evidence=list(event.evidence),
        )
        try:
            data = dumps(report.to_dict())
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{label}: not serialisable: {exc}") from None
        return report, data

    def add_report(self, report: Event, data: str, doc_id: str | None, now: str) -> str:
        """Store one report; RETURNS what became of it: "same" (stored already, unchanged),
        "updated" (a changed report), "created" (a new event) or "merged" (joined an event)."""
        db, rows, grouping = self.db, self.rows, self.grouping
        key = doc_key(report.doc_ids)
        found = db._execute(
            "SELECT seq, event_id, data FROM event_reports WHERE report_id = ? AND doc_key = ?",
            (report.event_id, key),
        )
        if found:
            seq, event_id, old = found[0]
            if db._load_json(old) == json.loads(data):
                return "same"  # the same report again: nothing changes
            db._execute(
                f"UPDATE event_reports SET data = {db._json_param}, received_at = ?, "
                "event_type = ?, sub_event_type = ?, event_date = ?, latitude = ?, longitude = ? "
                "WHERE seq = ?",
                (data, now, *report_columns(report), seq),
            )
            stored = rows.stored(event_id)
            rows.save_recombined(event_id, stored, Cause("update", now, doc_id=doc_id))
            return "updated"
        regrouped = grouping.regroup(report, data, key, doc_id, now)
        if regrouped is not None:
            return regrouped
        event_id = grouping.find_event(report)
        if event_id is None:
            event = combine_reports([report], db.rule)
            rows.save(event, None, Cause("create", now, doc_id=doc_id))
            rows.insert_report(event.event_id, report, key, doc_id, data, now)
            return "created"
        rows.insert_report(event_id, report, key, doc_id, data, now)
        stored = rows.stored(event_id)
        final, overridden = rows.recombine(event_id)
        renamed = grouping.follow_first_report(event_id, final, now, doc_id)
        if renamed is None:
            rows.save(final, stored, Cause("merge", now, doc_id=doc_id), overridden=overridden)
        return "merged"

    def ingest(self, article: Article, events: list[Event]) -> bool:
        """``Store.ingest``: the article and its events in one transaction."""
        db = self.db
        self.write_counts = Counter()
        with db._transaction(f"cannot ingest article {article.id}"):
            if db._execute(
                "SELECT 1 FROM articles WHERE content_hash = ?", (article.content_hash,)
            ):
                return False
            now = now_iso()
            columns, marks, extra = db._article_search(article)
            db._execute(
                "INSERT INTO articles (id, content_hash, title, published, source, url,"
                f" language, origin, text, ingested_at{columns})"
                f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?{marks})",
                (
                    article.id,
                    article.content_hash,
                    article.title,
                    article.published.isoformat() if article.published else None,
                    article.source,
                    article.url,
                    article.language,
                    article.origin,
                    article.text,
                    now,
                    *extra,
                ),
            )
            for event in events:
                report, data = self.checked(event, (article.id,))
                self.write_counts[self.add_report(report, data, article.id, now)] += 1
        return True

    def upsert_events(self, events: Iterable[Event], *, batch_size: int = 500) -> int:
        """``Store.upsert_events``: one transaction per batch."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise StoreError(f"batch_size must be at least 1, got {batch_size}")
        written = 0
        self.write_counts = Counter()
        batch: list[Event] = []

        def flush() -> None:
            with self.db._transaction("cannot write events"):
                now = now_iso()
                for event in batch:
                    report, data = self.checked(event)
                    self.write_counts[self.add_report(report, data, report.doc_id, now)] += 1

        for event in events:
            batch.append(event)
            if len(batch) >= batch_size:
                flush()
                written += len(batch)
                batch = []
        if batch:
            flush()
            written += len(batch)
        return written

    def correct_event(
        self, event_id: str, fields: dict[str, Any], *, user: str, note: str | None = None
    ) -> Event:
        """``Store.correct_event``: the corrections recorded, the event recombined."""
        db, rows = self.db, self.rows
        label = f"{db.name}: cannot correct event {event_id}"
        if not isinstance(user, str) or not user.strip():
            raise StoreError(f"{label}: user must be a non-empty string, got {user!r}")
        if note is not None and not isinstance(note, str):
            raise StoreError(f"{label}: note must be a string, got {note!r}")
        try:
            values = check_correction(fields)
        except StoreError as exc:
            raise StoreError(f"{label}: {exc}") from None
        with db._transaction(f"cannot correct event {event_id}"):
            stored = rows.stored(event_id)
            if stored is None:
                raise StoreError(f"{label}: no such event")
            if "event_type" in values or "sub_event_type" in values:
                try:
                    check_types(
                        values.get("event_type", stored.event_type),
                        values.get("sub_event_type", stored.sub_event_type),
                    )
                except StoreError as exc:
                    raise StoreError(f"{label}: {exc}") from None
            try:  # actors carry their inter codes, and the interaction follows them
                if db.actor_inter is not None:
                    values = derive_codes(stored, values, db.actor_inter)
                else:
                    values = derive_codes(stored, values)
            except StoreError as exc:
                raise StoreError(f"{label}: {exc}") from None
            now = now_iso()
            for name, value in values.items():
                db._execute(
                    "INSERT INTO event_corrections (event_id, field, value, user_name, note, at)"
                    f" VALUES (?, ?, {db._json_param}, ?, ?, ?)",
                    (event_id, name, dumps(value), user, note, now),
                )
            final = rows.save_recombined(
                event_id, stored, Cause("correct", now, user=user, note=note)
            )
        return final
