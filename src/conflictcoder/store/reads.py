"""Reading events back: filtered and paged lists, one event, its sources, history and
corrections (the read half of the ``Store`` interface for events).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..merge import reported_toll
from ..model import Event
from .base import EventQuery
from .filters import EventFilter
from .history import iso_time

if TYPE_CHECKING:
    from .articles import ArticleReads
    from .sql import SqlStore

_ORDER_COLUMNS: dict[str, str] = {
    "date": "event_date",
    "fatalities": "fatalities",
    "sources": "number_of_sources",
    "updated": "updated_at",
}
_EVENT_FIELD_SET = frozenset(f.name for f in dataclasses.fields(Event))
_RECORD_KEYS = frozenset({"doc_id"})  # in a stored record beside the fields (to_dict's)


class EventReads:
    """The events of a store as the API, the CLI and exports read them.

    db (SqlStore): the store (connection, dialect, filter conditions).
    articles (ArticleReads): the articles an event's sources are described from.
    """

    def __init__(self, db: SqlStore, articles: ArticleReads) -> None:
        self.db = db
        self.articles = articles

    def event_from(self, value: Any) -> Event:
        """An ``Event`` from a stored ``data`` value."""
        return Event.from_dict(self.db._load_json(value))

    def page(self, query: EventQuery) -> list[tuple[Any, ...]]:
        """The ``data`` of the events of a query, ordered and paged (``Store.events`` builds
        its events from them, ``event_records`` its records)."""
        key, descending = query.sort
        condition, params = self.db._where(query.where)
        column = _ORDER_COLUMNS[key]
        direction = " DESC" if descending else ""
        limit = query.limit
        sql = (
            f"SELECT data FROM events{condition} "
            f"ORDER BY ({column} IS NULL), {column}{direction}, event_id "
            f"LIMIT {'?' if limit is not None else self.db._no_limit} OFFSET ?"
        )
        params += [limit, query.offset] if limit is not None else [query.offset]
        return self.db._query(sql, params)

    def count_events(self, flt: EventFilter) -> int:
        """``Store.count_events``."""
        condition, params = self.db._where(flt)
        return int(self.db._query(f"SELECT count(*) FROM events{condition}", params)[0][0])

    def event_records(self, query: EventQuery) -> list[dict[str, Any]]:
        """``Store.event_records``: the events as ``Event.to_dict()`` gives them, read from
        their stored JSON without building ``Event`` objects."""
        records = []
        for (value,) in self.page(query):
            data = self.db._load_json(value)
            if isinstance(data, dict) and data.keys() - _RECORD_KEYS == _EVENT_FIELD_SET:
                doc_ids = data.get("doc_ids") or []
                data["doc_id"] = doc_ids[0] if doc_ids else None
                records.append(data)
            else:
                records.append(Event.from_dict(data).to_dict())
        return records

    def get_event(self, event_id: str) -> Event | None:
        """``Store.get_event``."""
        rows = self.db._query("SELECT data FROM events WHERE event_id = ?", (event_id,))
        return self.event_from(rows[0][0]) if rows else None

    def event_sources(self, event_id: str) -> list[dict[str, Any]]:
        """``Store.event_sources``."""
        with self.db._lock:
            event = self.get_event(event_id)
            if event is None:
                return []
            rows = self.db._query(
                "SELECT data, received_at FROM event_reports WHERE event_id = ? ORDER BY seq",
                (event_id,),
            )
            articles = self.articles.latest(event.doc_ids)
        reports = [(self.event_from(data), iso_time(at)) for data, at in rows]
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
                    "published": iso_time(article[4]) if article else None,
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
        """``Store.event_history``."""
        load = self.db._load_json
        rows = self.db._query(
            "SELECT id, at, action, doc_id, user_name, note, changes, overridden "
            "FROM event_history WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return [
            {
                "id": int(row[0]),
                "event_id": event_id,
                "at": iso_time(row[1]),
                "action": row[2],
                "doc_id": row[3],
                "user": row[4],
                "note": row[5],
                "changes": load(row[6]),
                "overridden": load(row[7]),
            }
            for row in rows
        ]

    def corrections(self, event_id: str) -> dict[str, dict[str, Any]]:
        """``Store.corrections``."""
        rows = self.db._query(
            "SELECT field, value, user_name, note, at FROM event_corrections "
            "WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return {
            row[0]: {
                "value": self.db._load_json(row[1]),
                "user": row[2],
                "note": row[3],
                "at": iso_time(row[4]),
            }
            for row in rows
        }
