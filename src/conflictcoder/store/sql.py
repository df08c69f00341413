"""The store logic both back ends share: reports, merging, corrections, history, queries.

Tables (see ``migrations.py``): ``articles`` (one row per distinct text), ``events`` (the
ACLED columns for querying, ``evidence_text`` and ``number_of_sources``, plus ``data``, the
full ``Event.to_dict()`` as JSON), ``event_sources`` (event_id, doc_id), ``event_reports``
(every report an event rests on: ``report_id`` is the report's own ``event_id``, ``doc_key``
its documents), ``event_corrections`` (manual corrections) and ``event_history`` (every
change). A stored event is always ``merge.combine_reports`` of its reports with the latest
correction of each corrected field on top.

SQL here is written once with ``?`` placeholders; a back end supplies the connection,
transactions, its placeholder style, JSON parameters and the two conditions that use its
own indexes (full text and bounding box). A lock serialises the use of the one connection,
so a store may be shared between threads.
"""

from __future__ import annotations

import dataclasses
import json
import math
import threading
from abc import abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..errors import StoreError
from ..merge import (
    DEFAULT_RULE,
    MergeRule,
    canonical_order,
    cluster_reports,
    combine_reports,
    joins,
    match_rank,
    number_of_sources,
    reported_toll,
)
from ..model import ACLED_FIELDS, Article, Event
from .accounts import AccountsMixin
from .alerts_store import AlertsMixin
from .base import (
    Store,
    _field_types,
    check_correction,
    check_order,
    check_page,
    check_types,
    iso_date,
    merge_unique,
    search_text,
)
from .changes import ChangesMixin, epoch
from .filters import EventFilter, FilterQueries
from .review import ReviewMixin, derive_codes
from .watch_state import WatchStateMixin

_EVENT_COLUMNS: tuple[str, ...] = (
    *ACLED_FIELDS,
    "search_text",
    "number_of_sources",
    "updated_at",
    "timestamp",
    "change_seq",
    "confidence_rank",
    "data",
)
_ORDER_COLUMNS: dict[str, str] = {
    "date": "event_date",
    "fatalities": "fatalities",
    "sources": "number_of_sources",
    "updated": "updated_at",
}
_LIST_FIELDS = ("doc_ids", "evidence")
_EVENT_FIELD_SET = frozenset(f.name for f in dataclasses.fields(Event))
_RECORD_KEYS = frozenset({"doc_id"})  # in a stored record beside the fields (to_dict's)
_KM_PER_DEGREE = 111.2
# Timelines and places lists a store keeps until it changes (``_cached_aggregate``).
_MAX_AGGREGATES = 64
_AGGREGATE_LOCK = threading.Lock()
# Stored events a new report may regroup at once (``_regroup``); beyond, it joins greedily.
_MAX_REGROUP = 200


def now_iso() -> str:
    """The current UTC time as ISO 8601 to the second.

    Example:
        >>> now_iso().endswith("+00:00")
        True
    """
    return datetime.now(UTC).isoformat(timespec="seconds")


def event_changes(old: Event | None, new: Event) -> dict[str, Any]:
    """What changed between two versions of an event, for its history.

    RETURNS (dict): field -> {"old", "new"}; for doc_ids and evidence {"added", "removed"}.

    Example:
        >>> a = Event("2021-03-01", "Battles", "Armed clash", fatalities=3, doc_ids=["a"])
        >>> b = dataclasses.replace(a, fatalities=2, doc_ids=["a", "b"])
        >>> event_changes(a, b)
        {'fatalities': {'old': 3, 'new': 2}, 'doc_ids': {'added': ['b'], 'removed': []}}
    """
    before = old.to_dict() if old is not None else {}
    after = new.to_dict()
    changes: dict[str, Any] = {}
    for key, value in after.items():
        if key in ("doc_id", "timestamp"):
            continue
        previous = before.get(key)
        if key in _LIST_FIELDS:
            previous = previous or []
            added = [item for item in value if item not in previous]
            removed = [item for item in previous if item not in value]
            if added or removed:
                changes[key] = {"added": added, "removed": removed}
        elif previous != value:
            changes[key] = {"old": previous, "new": value}
    return changes


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _report_columns(report: Event) -> tuple[Any, ...]:
    """The indexed columns of a report: what candidate searches filter on."""
    return (
        report.event_type,
        report.sub_event_type,
        report.event_date,
        report.latitude,
        report.longitude,
    )


def _doc_key(doc_ids: Iterable[str]) -> str:
    return json.dumps(sorted(set(doc_ids)), ensure_ascii=False, separators=(",", ":"))


class SqlStore(
    ChangesMixin, FilterQueries, ReviewMixin, AccountsMixin, WatchStateMixin, AlertsMixin, Store
):
    """Shared implementation; subclasses supply the connection and the dialect.

    name (str): how messages name the store (file path, or URL without password).
    url (str): the store URL.
    rule (MergeRule): when two reports are the same incident. Defaults to ``DEFAULT_RULE``.
    """

    # Dialect: how a JSON parameter is written, "no limit", the substring-position function.
    _json_param = "?"
    _no_limit = "-1"
    # One scalar out of the ``data`` JSON, as SQL (``{name}``: a field name from this code).
    _json_field_sql = "json_extract(data, '$.{name}')"
    _instr = "instr"

    def __init__(self, name: str, url: str, rule: MergeRule = DEFAULT_RULE) -> None:
        self.name = name
        self.url = url
        self.rule = rule
        self._lock = threading.RLock()
        # (kind, filter) -> (change cursor, timeline or places list): ``_cached_aggregate``
        self._aggregates: dict[tuple[str, Any], tuple[int, list[dict[str, Any]]]] = {}
        # What the last ingest/upsert_events call did with its reports ("created": new
        # events, "merged": joined stored ones, "updated", "same"): the CLI reports it.
        self.write_counts: Counter[str] = Counter()

    # -- what a back end supplies ---------------------------------------------------------

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``?`` placeholders) on the open connection; its rows, if any.
        Driver errors propagate (``_transaction`` and ``_query`` translate them)."""

    @abstractmethod
    @contextmanager
    def _transaction(self, action: str) -> Iterator[None]:
        """One write transaction holding ``self._lock``; rolled back on any exception, driver
        errors raised as ``StoreError("{name}: {action}: {problem}")``."""
        yield

    @abstractmethod
    def _read_error(self, exc: Exception) -> StoreError | None:
        """The StoreError for a driver error raised by a read; None for other exceptions."""

    @abstractmethod
    def _text_condition(self, words: list[str]) -> tuple[str, list[Any]]:
        """SQL condition on ``events``: every word occurs in the event's notes/evidence or in
        one of its articles (title or text)."""

    @abstractmethod
    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        """SQL condition on ``events``: coordinates inside (min_lon, min_lat, max_lon, max_lat)."""

    def _article_search(self, article: Article) -> tuple[str, str, list[Any]]:
        """Extra (columns, values, params) for an article's full-text index, if the back end
        fills it on insert (SQLite's triggers need none)."""
        return "", "", []

    def _load_json(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str | bytes) else value

    @staticmethod
    def _iso(value: Any) -> str | None:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat(timespec="seconds")
        if isinstance(value, date):
            return value.isoformat()
        return value if value is None else str(value)

    # -- plumbing -------------------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._execute(sql, params)
            except Exception as exc:
                error = self._read_error(exc)
                if error is None:
                    raise
                raise error from None

    def _checked(self, event: Any, extra_doc_ids: Iterable[str] = ()) -> tuple[Event, str]:
        """A copy of ``event`` with ``extra_doc_ids`` added, and its JSON; StoreError if it
        cannot be stored."""
        if not isinstance(event, Event):
            raise StoreError(f"{self.name}: cannot store {type(event).__name__}: expected an Event")
        label = f"{self.name}: cannot store event {event.event_id or '(no id)'}"
        for name in ("event_id", "event_type", "sub_event_type"):
            value = getattr(event, name)
            if not isinstance(value, str) or not value:
                raise StoreError(f"{label}: {name} must be a non-empty string, got {value!r}")
        if event.event_date is not None:
            try:
                iso_date(event.event_date, "event_date")
            except StoreError as exc:
                raise StoreError(f"{label}: {exc}") from None
        types = _field_types()
        for name in ACLED_FIELDS:
            value = getattr(event, name)
            base, _nullable = types[name]
            if value is None:
                continue
            ok = {
                "str": isinstance(value, str),
                "int": isinstance(value, int) and not isinstance(value, bool),
                "float": isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value),
            }.get(base, True)
            if ok and name == "latitude":
                ok = -90 <= value <= 90
            if ok and name == "longitude":
                ok = -180 <= value <= 180
            if ok and name == "fatalities":
                ok = value >= 0
            if not ok:
                expected = {
                    "latitude": "a number from -90 to 90",
                    "longitude": "a number from -180 to 180",
                    "fatalities": "a whole number >= 0",
                }.get(name, {"str": "a string", "int": "a whole number"}.get(base, "a number"))
                raise StoreError(f"{label}: {name} must be {expected}, got {value!r}")
        report = dataclasses.replace(
            event,
            doc_ids=merge_unique(event.doc_ids, extra_doc_ids),
            evidence=list(event.evidence),
        )
        try:
            data = _dumps(report.to_dict())
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{label}: not serialisable: {exc}") from None
        return report, data

    # -- events: reading back -------------------------------------------------------------

    def _event_from(self, value: Any) -> Event:
        return Event.from_dict(self._load_json(value))

    def _stored(self, event_id: str) -> Event | None:
        rows = self._execute("SELECT data FROM events WHERE event_id = ?", (event_id,))
        return self._event_from(rows[0][0]) if rows else None

    def _reports(self, event_id: str) -> list[Event]:
        rows = self._execute(
            "SELECT data FROM event_reports WHERE event_id = ? ORDER BY seq", (event_id,)
        )
        return [self._event_from(row[0]) for row in rows]

    def _corrected(self, event_id: str) -> dict[str, Any]:
        rows = self._execute(
            "SELECT field, value FROM event_corrections WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return {field: self._load_json(value) for field, value in rows}

    def _recombine(self, event_id: str) -> tuple[Event, dict[str, Any]]:
        """The event from its reports and corrections, and what the corrections kept out."""
        automatic = combine_reports(self._reports(event_id), self.rule)
        automatic.event_id = event_id
        corrected = self._corrected(event_id)
        if not corrected:
            return automatic, {}
        final = dataclasses.replace(automatic, **corrected)
        overridden = {
            name: getattr(automatic, name)
            for name, value in corrected.items()
            if getattr(automatic, name) != value
        }
        return final, overridden

    # -- events: writing ------------------------------------------------------------------

    def _save(
        self,
        event: Event,
        stored: Event | None,
        *,
        action: str,
        now: str,
        doc_id: str | None = None,
        user: str | None = None,
        note: str | None = None,
        overridden: dict[str, Any] | None = None,
    ) -> None:
        """Write ``event`` over ``stored`` and record the change; nothing when unchanged
        (a correction is always recorded)."""
        changes = event_changes(stored, event)
        if stored is not None and not changes and action != "correct":
            return
        if changes:
            event.timestamp = epoch(now)
            try:
                data = _dumps(event.to_dict())
            except (TypeError, ValueError) as exc:
                raise StoreError(
                    f"{self.name}: cannot store event {event.event_id}: not serialisable: {exc}"
                ) from None
            values = [
                *(getattr(event, name) for name in ACLED_FIELDS),
                search_text(event),
                number_of_sources(event),
                now,
                event.timestamp,
                self._next_change_seq(),
                event.confidence,
                data,
            ]
            if stored is None:
                self._forget_removal(event.event_id)
                marks = ", ".join(self._json_param if c == "data" else "?" for c in _EVENT_COLUMNS)
                self._execute(
                    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({marks})", values
                )
            else:
                sets = ", ".join(
                    f"{c} = {self._json_param if c == 'data' else '?'}"
                    for c in _EVENT_COLUMNS
                    if c != "event_id"
                )
                self._execute(
                    f"UPDATE events SET {sets} WHERE event_id = ?",
                    [*values[1:], event.event_id],
                )
            for doc in event.doc_ids:
                self._execute(
                    "INSERT INTO event_sources (event_id, doc_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (event.event_id, doc),
                )
        self._record_history(
            event.event_id,
            action,
            now,
            user=user,
            note=note,
            changes=changes,
            doc_id=doc_id,
            overridden=overridden,
        )

    def _record_history(
        self,
        event_id: str,
        action: str,
        now: str,
        *,
        user: str | None = None,
        note: str | None = None,
        changes: dict[str, Any] | None = None,
        doc_id: str | None = None,
        overridden: dict[str, Any] | None = None,
    ) -> None:
        """Append one entry to an event's history (``HISTORY_ACTIONS``)."""
        self._execute(
            "INSERT INTO event_history (event_id, at, action, doc_id, user_name, note, changes,"
            f" overridden) VALUES (?, ?, ?, ?, ?, ?, {self._json_param}, {self._json_param})",
            (
                event_id,
                now,
                action,
                doc_id,
                user,
                note,
                _dumps(changes or {}),
                _dumps(overridden or {}),
            ),
        )

    def _candidates(self, report: Event) -> list[str]:
        """Events holding a report that could be the incident ``report`` describes (same
        types, dates within the rule, coordinates within its distance or unknown). Reports,
        not events, are searched: a correction of the event's date or place must not hide it
        from the sources that still say what they said."""
        where = ["event_type = ?", "sub_event_type = ?"]
        params: list[Any] = [report.event_type, report.sub_event_type]
        if report.event_date:
            day = date.fromisoformat(report.event_date)
            span = timedelta(days=self.rule.max_days)
            where.append("event_date BETWEEN ? AND ?")
            params += [(day - span).isoformat(), (day + span).isoformat()]
        else:
            where.append("event_date IS NULL")
        if report.latitude is not None and report.longitude is not None:
            lat, lon = float(report.latitude), float(report.longitude)
            dlat = self.rule.max_km / _KM_PER_DEGREE
            dlon = self.rule.max_km / (_KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
            where.append(
                "((latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?)"
                " OR latitude IS NULL OR longitude IS NULL)"
            )
            params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
        rows = self._execute(
            f"SELECT DISTINCT event_id FROM event_reports WHERE {' AND '.join(where)} "
            "ORDER BY event_id",
            params,
        )
        return [str(row[0]) for row in rows]

    def _find_event(self, report: Event) -> str | None:
        """The stored event a new report belongs to, or None for a new incident."""
        rows = self._execute(
            "SELECT event_id FROM event_reports WHERE report_id = ? ORDER BY seq LIMIT 1",
            (report.event_id,),
        )
        if rows:
            return str(rows[0][0])
        if self._execute("SELECT 1 FROM events WHERE event_id = ?", (report.event_id,)):
            return report.event_id
        matches: list[tuple[tuple[int, int, float], str]] = []
        for event_id in self._candidates(report):
            reports = self._reports(event_id)
            if joins(reports, report, self.rule):
                rank = match_rank(combine_reports(reports, self.rule), report)
                matches.append((rank, event_id))
        return min(matches)[1] if matches else None

    def _neighbourhood(self, report: Event) -> set[str] | None:
        """The stored events connected to ``report``: those holding a report it could be the
        same incident as, then those holding a report one of theirs could be, and so on.
        None when there are more than ``_MAX_REGROUP`` of them."""
        events: set[str] = set()
        frontier = [report]
        while frontier:
            item = frontier.pop()
            found = set(self._candidates(item))
            found.update(
                str(row[0])
                for row in self._execute(
                    "SELECT event_id FROM event_reports WHERE report_id = ?", (item.event_id,)
                )
            )
            if self._execute("SELECT 1 FROM events WHERE event_id = ?", (item.event_id,)):
                found.add(item.event_id)
            for event_id in sorted(found - events):
                events.add(event_id)
                if len(events) > _MAX_REGROUP:
                    return None
                frontier.extend(self._reports(event_id))
        return events

    def _regroup(
        self, report: Event, data: str, doc_key: str, doc_id: str | None, now: str
    ) -> str | None:
        """Order independence (issue 15): store a new report by grouping it with every stored
        report it is connected to (``_neighbourhood``), all of them taken in
        ``merge.canonical_order`` (``merge.cluster_reports``), and rewriting the events of
        that neighbourhood to match. Each group of connected reports is then grouped as if
        its reports had all arrived at once, so the events and their ids are a function of
        the set of reports, not of the order they arrived in (joining greedily in arrival
        order could pair a report with the first of two incidents it fits). An event that
        loses its id (its reports now begin another event) is listed by ``changes`` as
        merged into the event that took most of them.

        RETURNS "created" or "merged"; None to store the report the incremental way: a
        report that touches no stored event, a neighbourhood of more than ``_MAX_REGROUP``
        events, or one holding an event a person corrected or reviewed (decisions are not
        undone behind their backs).
        """
        events = self._neighbourhood(report)
        if not events:
            return None
        for event_id in events:
            if self._corrected(event_id):
                return None
            status = self._execute(
                "SELECT review_status FROM events WHERE event_id = ?", (event_id,)
            )
            if status and status[0][0] not in (None, "pending"):
                return None
        marks = ", ".join("?" for _ in events)
        rows = self._execute(
            f"SELECT seq, event_id, data FROM event_reports WHERE event_id IN ({marks}) "
            "ORDER BY seq",
            sorted(events),
        )
        seqs: dict[int, int] = {}  # id() of a report object -> its row
        held: dict[str, list[int]] = {}  # stored event -> its rows
        members: list[Event] = []
        for seq, event_id, value in rows:
            item = self._event_from(value)
            seqs[id(item)] = int(seq)
            held.setdefault(str(event_id), []).append(int(seq))
            members.append(item)
        members.append(report)
        groups = cluster_reports(canonical_order(members), self.rule)
        finals = {}
        for group in groups:
            event = combine_reports(group, self.rule)
            finals[event.event_id] = (event, group)
        taken = set(finals) - events
        if taken:
            marks = ", ".join("?" for _ in taken)
            if self._execute(f"SELECT 1 FROM events WHERE event_id IN ({marks})", sorted(taken)):
                return None  # an id held by an event outside (cannot happen; be safe)
        old = {event_id: self._stored(event_id) for event_id in events}
        for event_id, (event, _) in finals.items():
            if event_id not in old:
                self._save(event, None, action="merge", now=now, doc_id=doc_id)
        insert_report = (
            "INSERT INTO event_reports (event_id, report_id, doc_key, doc_id, data, received_at,"
            " event_type, sub_event_type, event_date, latitude, longitude)"
            f" VALUES (?, ?, ?, ?, {self._json_param}, ?, ?, ?, ?, ?, ?)"
        )
        mine = ""
        moved_to: dict[int, str] = {}
        for event_id, (_, group) in finals.items():
            for item in group:
                if item is report:
                    mine = event_id
                    self._execute(
                        insert_report,
                        (event_id, report.event_id, doc_key, doc_id, data, now,
                         *_report_columns(report)),
                    )  # fmt: skip
                else:
                    moved_to[seqs[id(item)]] = event_id
        for seq, event_id in moved_to.items():
            self._execute("UPDATE event_reports SET event_id = ? WHERE seq = ?", (event_id, seq))
        for event_id in old:
            if event_id in finals:
                continue
            targets = Counter(moved_to[seq] for seq in held.get(event_id, []))
            into = targets.most_common(1)[0][0] if targets else mine
            self._execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            self._record_removal(event_id, "merge", now, merged_into=into)
        for event_id in finals:
            if event_id not in old:
                continue
            final, overridden = self._recombine(event_id)
            self._save(
                final, old[event_id], action="merge", now=now, doc_id=doc_id,
                overridden=overridden,
            )  # fmt: skip
            kept = ", ".join("?" for _ in final.doc_ids) or "NULL"
            self._execute(
                f"DELETE FROM event_sources WHERE event_id = ? AND doc_id NOT IN ({kept})",
                [event_id, *final.doc_ids],
            )
        return "merged" if len(finals[mine][1]) > 1 else "created"

    def _follow_first_report(
        self, event_id: str, final: Event, now: str, doc_id: str | None
    ) -> str | None:
        """Order independence (issue 15): an event's id is the id of the first of its reports
        in ``merge.canonical_order``, so the same reports give the same id in whatever order
        they arrived. When a new report comes first in that order, the event moves to that
        id (its reports and history with it; the old id is listed by ``changes`` as merged
        into the new one). An event a person has corrected or reviewed keeps its id: people
        may have cited it. RETURNS the new id, or None when the id stays.
        """
        new_id = combine_reports(self._reports(event_id), self.rule).event_id
        if new_id == event_id or self._corrected(event_id):
            return None
        status = self._execute("SELECT review_status FROM events WHERE event_id = ?", (event_id,))
        if status and status[0][0] not in (None, "pending"):
            return None
        if self._execute("SELECT 1 FROM events WHERE event_id = ?", (new_id,)):
            return None
        moved = dataclasses.replace(final, event_id=new_id)
        self._save(moved, None, action="merge", now=now, doc_id=doc_id)
        for table in ("event_reports", "event_history"):
            self._execute(
                f"UPDATE {table} SET event_id = ? WHERE event_id = ?", (new_id, event_id)
            )
        self._execute("DELETE FROM events WHERE event_id = ?", (event_id,))
        self._record_removal(event_id, "merge", now, merged_into=new_id)
        return new_id

    def _add_report(self, report: Event, data: str, doc_id: str | None, now: str) -> str:
        """Store one report; RETURNS what became of it: "same" (stored already, unchanged),
        "updated" (a changed report), "created" (a new event) or "merged" (joined an event)."""
        doc_key = _doc_key(report.doc_ids)
        rows = self._execute(
            "SELECT seq, event_id, data FROM event_reports WHERE report_id = ? AND doc_key = ?",
            (report.event_id, doc_key),
        )
        if rows:
            seq, event_id, old = rows[0]
            if self._load_json(old) == json.loads(data):
                return "same"  # the same report again: nothing changes
            self._execute(
                f"UPDATE event_reports SET data = {self._json_param}, received_at = ?, "
                "event_type = ?, sub_event_type = ?, event_date = ?, latitude = ?, longitude = ? "
                "WHERE seq = ?",
                (data, now, *_report_columns(report), seq),
            )
            stored = self._stored(event_id)
            final, overridden = self._recombine(event_id)
            self._save(
                final, stored, action="update", now=now, doc_id=doc_id, overridden=overridden
            )
            return "updated"
        regrouped = self._regroup(report, data, doc_key, doc_id, now)
        if regrouped is not None:
            return regrouped
        event_id = self._find_event(report)
        insert_report = (
            "INSERT INTO event_reports (event_id, report_id, doc_key, doc_id, data, received_at,"
            " event_type, sub_event_type, event_date, latitude, longitude)"
            f" VALUES (?, ?, ?, ?, {self._json_param}, ?, ?, ?, ?, ?, ?)"
        )
        columns = _report_columns(report)
        if event_id is None:
            event = combine_reports([report], self.rule)
            self._save(event, None, action="create", now=now, doc_id=doc_id)
            self._execute(
                insert_report,
                (event.event_id, report.event_id, doc_key, doc_id, data, now, *columns),
            )
            return "created"
        self._execute(
            insert_report, (event_id, report.event_id, doc_key, doc_id, data, now, *columns)
        )
        stored = self._stored(event_id)
        final, overridden = self._recombine(event_id)
        renamed = self._follow_first_report(event_id, final, now, doc_id)
        if renamed is None:
            self._save(
                final, stored, action="merge", now=now, doc_id=doc_id, overridden=overridden
            )

    # -- the Store interface: writes ------------------------------------------------------
        return "merged"

    def ingest(self, article: Article, events: list[Event]) -> bool:
        self.write_counts = Counter()
        with self._transaction(f"cannot ingest article {article.id}"):
            if self._execute(
                "SELECT 1 FROM articles WHERE content_hash = ?", (article.content_hash,)
            ):
                return False
            now = now_iso()
            columns, marks, extra = self._article_search(article)
            self._execute(
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
                report, data = self._checked(event, (article.id,))
                self.write_counts[self._add_report(report, data, article.id, now)] += 1
        return True

    def upsert_events(self, events: Iterable[Event], *, batch_size: int = 500) -> int:
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise StoreError(f"batch_size must be at least 1, got {batch_size}")
        written = 0
        self.write_counts = Counter()
        batch: list[Event] = []

        def flush() -> None:
            with self._transaction("cannot write events"):
                now = now_iso()
                for event in batch:
                    report, data = self._checked(event)
                    self.write_counts[self._add_report(report, data, report.doc_id, now)] += 1

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
        label = f"{self.name}: cannot correct event {event_id}"
        if not isinstance(user, str) or not user.strip():
            raise StoreError(f"{label}: user must be a non-empty string, got {user!r}")
        if note is not None and not isinstance(note, str):
            raise StoreError(f"{label}: note must be a string, got {note!r}")
        try:
            values = check_correction(fields)
        except StoreError as exc:
            raise StoreError(f"{label}: {exc}") from None
        with self._transaction(f"cannot correct event {event_id}"):
            stored = self._stored(event_id)
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
                if self.actor_inter is not None:
                    values = derive_codes(stored, values, self.actor_inter)
                else:
                    values = derive_codes(stored, values)
            except StoreError as exc:
                raise StoreError(f"{label}: {exc}") from None
            now = now_iso()
            for name, value in values.items():
                self._execute(
                    "INSERT INTO event_corrections (event_id, field, value, user_name, note, at)"
                    f" VALUES (?, ?, {self._json_param}, ?, ?, ?)",
                    (event_id, name, _dumps(value), user, note, now),
                )
            final, overridden = self._recombine(event_id)
            self._save(
                final,
                stored,
                action="correct",
                now=now,
                user=user,
                note=note,
                overridden=overridden,
            )
        return final

    # -- the Store interface: reads -------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)))

    def events(
        self,
        where: EventFilter | None = None,
        /,
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str = "date",
        **filters: Any,
    ) -> list[Event]:
        check_page(limit, offset)
        key, descending = check_order(order)
        condition, params = self._where(EventFilter.of(where, **filters))
        column = _ORDER_COLUMNS[key]
        direction = " DESC" if descending else ""
        sql = (
            f"SELECT data FROM events{condition} "
            f"ORDER BY ({column} IS NULL), {column}{direction}, event_id "
            f"LIMIT {'?' if limit is not None else self._no_limit} OFFSET ?"
        )
        params += [limit, offset] if limit is not None else [offset]
        return [self._event_from(row[0]) for row in self._query(sql, params)]

    def count_events(self, where: EventFilter | None = None, /, **filters: Any) -> int:
        condition, params = self._where(EventFilter.of(where, **filters))
        return int(self._query(f"SELECT count(*) FROM events{condition}", params)[0][0])

    def event_records(
        self,
        where: EventFilter | None = None,
        /,
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str = "date",
    ) -> list[dict[str, Any]]:
        """The matching events as ``Event.to_dict()`` gives them (as ``events`` orders and
        pages them), read from their stored JSON without building ``Event`` objects.

        The API's event list sends them as they are: building and taking apart 50 events
        was most of its time. A stored record that does not hold exactly the current
        fields (written by an older version) goes through ``Event`` instead.

        Example:
            >>> store.event_records(limit=1)[0]["doc_id"]  # doctest: +SKIP
            'idlib-1'
        """
        check_page(limit, offset)
        key, descending = check_order(order)
        condition, params = self._where(EventFilter.of(where))
        column = _ORDER_COLUMNS[key]
        direction = " DESC" if descending else ""
        sql = (
            f"SELECT data FROM events{condition} "
            f"ORDER BY ({column} IS NULL), {column}{direction}, event_id "
            f"LIMIT {'?' if limit is not None else self._no_limit} OFFSET ?"
        )
        params += [limit, offset] if limit is not None else [offset]
        records = []
        for (value,) in self._query(sql, params):
            data = self._load_json(value)
            if isinstance(data, dict) and data.keys() - _RECORD_KEYS == _EVENT_FIELD_SET:
                doc_ids = data.get("doc_ids") or []
                data["doc_id"] = doc_ids[0] if doc_ids else None
                records.append(data)
            else:
                records.append(Event.from_dict(data).to_dict())
        return records

    # -- aggregates for the API's timeline and places (read columns, never decode events) --

    def event_timeline(
        self, where: EventFilter | None = None, /, **filters: Any
    ) -> list[dict[str, Any]]:
        """Events and deaths per day of the matching events, by date (undated left out).

        One GROUP BY over the (event_date, fatalities) index: no event is decoded.

        Example:
            >>> store.event_timeline(country="Syria")[0]  # doctest: +SKIP
            {'date': '2020-03-04', 'events': 2, 'fatalities': 3}
        """
        flt = EventFilter.of(where, **filters)
        cursor, cached = self._cached_aggregate("timeline", flt)
        if cached is not None:
            return cached
        condition, params = self._where(flt)
        dated = "event_date IS NOT NULL"
        dated = f"{condition} AND {dated}" if condition else f" WHERE {dated}"
        rows = self._query(
            f"SELECT event_date, count(*), coalesce(sum(fatalities), 0) FROM events{dated} "
            "GROUP BY event_date ORDER BY event_date",
            params,
        )
        timeline = [
            {"date": str(day), "events": int(n), "fatalities": int(dead)} for day, n, dead in rows
        ]
        return self._keep_aggregate("timeline", flt, cursor, timeline)

    def event_places(
        self, where: EventFilter | None = None, /, **filters: Any
    ) -> list[dict[str, Any]]:
        """The places the matching events are coded to, with their events and deaths.

        Events without coordinates are left out; places come sorted by events, then name;
        ``event_ids`` by date. Reads columns only (and the geonameid out of ``data``).
        """
        flt = EventFilter.of(where, **filters)
        cursor, cached = self._cached_aggregate("places", flt)
        if cached is not None:
            return cached
        condition, params = self._where(flt)
        located = "latitude IS NOT NULL AND longitude IS NOT NULL"
        located = f"{condition} AND {located}" if condition else f" WHERE {located}"
        rows = self._query(
            "SELECT latitude, longitude, location, admin1, country, event_id, fatalities, "
            f"{self._json_field_sql.format(name='geonameid')} FROM events{located} "
            "ORDER BY (event_date IS NULL), event_date, event_id",
            params,
        )
        groups: dict[tuple[Any, ...], dict[str, Any]] = {}
        for lat, lon, location, admin1, country, event_id, dead, geonameid in rows:
            key = (float(lat), float(lon), location, admin1, country)
            place = groups.get(key)
            if place is None:
                place = groups[key] = {
                    "location": location,
                    "admin1": admin1,
                    "country": country,
                    "latitude": key[0],
                    "longitude": key[1],
                    "geonameid": None,
                    "events": 0,
                    "fatalities": 0,
                    "event_ids": [],
                }
            if place["geonameid"] is None and geonameid is not None:
                place["geonameid"] = int(geonameid)
            place["events"] += 1
            place["fatalities"] += int(dead or 0)
            place["event_ids"].append(event_id)
        places = sorted(
            groups.values(), key=lambda p: (-p["events"], str(p["location"]), p["latitude"])
        )
        return self._keep_aggregate("places", flt, cursor, places)

    def _cached_aggregate(
        self, kind: str, flt: EventFilter
    ) -> tuple[int, list[dict[str, Any]] | None]:
        """The store's change cursor, and the timeline or places list computed at it (None
        when there is none).

        Kept by this store object (the API keeps one open per worker thread) until the
        change cursor moves: the dashboard asks for the same aggregates again and again
        between writes. Not shared by URL: a database dropped and made again under the same
        URL starts its cursor over. The cursor is read before the query, so a write during
        it leaves nothing stale. The lists are shared: callers must not change them.
        """
        cursor = self.change_cursor()
        with _AGGREGATE_LOCK:
            hit = self._aggregates.get((kind, flt))
        return cursor, (hit[1] if hit is not None and hit[0] == cursor else None)

    def _keep_aggregate(
        self, kind: str, flt: EventFilter, cursor: int, value: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        with _AGGREGATE_LOCK:
            if len(self._aggregates) >= _MAX_AGGREGATES:
                self._aggregates.clear()
            self._aggregates[(kind, flt)] = (cursor, value)
        return value

    def get_event(self, event_id: str) -> Event | None:
        rows = self._query("SELECT data FROM events WHERE event_id = ?", (event_id,))
        return self._event_from(rows[0][0]) if rows else None

    def _latest_articles(self, doc_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        if not doc_ids:
            return {}
        marks = ", ".join("?" for _ in doc_ids)
        rows = self._query(
            "SELECT id, title, source, url, published FROM articles "
            f"WHERE id IN ({marks}) ORDER BY seq",
            list(doc_ids),
        )
        return {str(row[0]): row for row in rows}  # later versions win

    def event_sources(self, event_id: str) -> list[dict[str, Any]]:
        with self._lock:
            event = self.get_event(event_id)
            if event is None:
                return []
            rows = self._query(
                "SELECT data, received_at FROM event_reports WHERE event_id = ? ORDER BY seq",
                (event_id,),
            )
            articles = self._latest_articles(event.doc_ids)
        reports = [(self._event_from(data), self._iso(at)) for data, at in rows]
        result: list[dict[str, Any]] = []
        for doc in event.doc_ids:
            mine = [(r, at) for r, at in reports if doc in r.doc_ids]
            tolls = [t for t in (reported_toll(r) for r, _ in mine) if t is not None]
            report, received = mine[0] if mine else (None, None)
            article = articles.get(doc)
            result.append(
                {
                    "doc_id": doc,
                    "title": article[1] if article else None,
                    "source": (article[2] if article else None)
                    or (report.source if report else None),
                    "url": article[3] if article else None,
                    "published": self._iso(article[4]) if article else None,
                    "evidence": [
                        {"sentence": e.sentence, "start": e.start, "end": e.end}
                        for e in event.evidence
                        if e.doc_id == doc
                    ],
                    "fatalities": min(tolls) if tolls else None,
                    "fatalities_low": report.fatalities_low if report else None,
                    "fatalities_high": report.fatalities_high if report else None,
                    "injured": report.injured if report else None,
                    "event_date": report.event_date if report else None,
                    "location": report.location if report else None,
                    "latitude": report.latitude if report else None,
                    "longitude": report.longitude if report else None,
                    "received_at": received,
                }
            )
        return result

    def event_history(self, event_id: str) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT id, at, action, doc_id, user_name, note, changes, overridden "
            "FROM event_history WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return [
            {
                "id": int(row[0]),
                "event_id": event_id,
                "at": self._iso(row[1]),
                "action": row[2],
                "doc_id": row[3],
                "user": row[4],
                "note": row[5],
                "changes": self._load_json(row[6]),
                "overridden": self._load_json(row[7]),
            }
            for row in rows
        ]

    def corrections(self, event_id: str) -> dict[str, dict[str, Any]]:
        rows = self._query(
            "SELECT field, value, user_name, note, at FROM event_corrections "
            "WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return {
            row[0]: {
                "value": self._load_json(row[1]),
                "user": row[2],
                "note": row[3],
                "at": self._iso(row[4]),
            }
            for row in rows
        }

    def _article_dict(self, row: tuple[Any, ...], event_ids: list[str]) -> dict[str, Any]:
        doc_id, title, published, source, url, language, origin, content_hash, at = row[:9]
        return {
            "id": doc_id,
            "title": title,
            "published": self._iso(published),
            "source": source,
            "url": url,
            "language": language,
            "origin": origin,
            "content_hash": content_hash,
            "ingested_at": self._iso(at),
            "event_ids": event_ids,
        }

    _ARTICLE_COLUMNS = (
        "id, title, published, source, url, language, origin, content_hash, ingested_at"
    )

    def _event_ids(self, doc_ids: Sequence[str]) -> dict[str, list[str]]:
        if not doc_ids:
            return {}
        marks = ", ".join("?" for _ in doc_ids)
        rows = self._query(
            f"SELECT doc_id, event_id FROM event_sources WHERE doc_id IN ({marks}) "
            "ORDER BY doc_id, event_id",
            list(doc_ids),
        )
        result: dict[str, list[str]] = {}
        for doc, event_id in rows:
            result.setdefault(str(doc), []).append(str(event_id))
        return result

    def get_article(self, doc_id: str) -> dict[str, Any] | None:
        with self._lock:
            rows = self._query(
                f"SELECT {self._ARTICLE_COLUMNS}, text FROM articles WHERE id = ? "
                "ORDER BY seq DESC LIMIT 1",
                (doc_id,),
            )
            if not rows:
                return None
            event_ids = self._event_ids([doc_id]).get(doc_id, [])
        result = self._article_dict(rows[0], event_ids)
        result["text"] = rows[0][9]
        return result

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        check_page(limit, offset)
        with self._lock:
            rows = self._query(
                f"SELECT {self._ARTICLE_COLUMNS}, length(text) FROM articles ORDER BY seq DESC "
                f"LIMIT {'?' if limit is not None else self._no_limit} OFFSET ?",
                [limit, offset] if limit is not None else [offset],
            )
            event_ids = self._event_ids(sorted({str(row[0]) for row in rows}))
        result = []
        for row in rows:
            item = self._article_dict(row, event_ids.get(str(row[0]), []))
            item["length"] = int(row[9])
            result.append(item)
        return result

    def count_articles(self) -> int:
        return int(self._query("SELECT count(*) FROM articles")[0][0])
