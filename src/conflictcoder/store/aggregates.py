"""The aggregates behind the API's timeline and places: one GROUP BY or one column scan
each (no event is decoded), kept until the store's change cursor moves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .filters import EventFilter

if TYPE_CHECKING:
    from .sql import SqlStore

# Timelines and places lists a store keeps until it changes (``Aggregates.cached``).
_MAX_AGGREGATES = 64
_AGGREGATE_LOCK = threading.Lock()


class Aggregates:
    """Events and deaths per day and per place (``SqlStore`` owns one).

    db (SqlStore): the store (connection, dialect, filter conditions, change cursor).
    """

    def __init__(self, db: SqlStore) -> None:
        self.db = db
        # (kind, filter) -> (change cursor, timeline or places list): ``cached``
        self._kept: dict[tuple[str, Any], tuple[int, list[dict[str, Any]]]] = {}

    def _where_also(self, flt: EventFilter, condition: str) -> tuple[str, list[Any]]:
        """The WHERE clause of ``flt`` with ``condition`` added, and its parameters."""
        where, params = self.db._where(flt)
        return (f"{where} AND {condition}" if where else f" WHERE {condition}"), list(params)

    def timeline(self, flt: EventFilter) -> list[dict[str, Any]]:
        """``SqlStore.event_timeline``."""
        return self._kept_or("timeline", flt, self._timeline)

    def places(self, flt: EventFilter) -> list[dict[str, Any]]:
        """``SqlStore.event_places``."""
        return self._kept_or("places", flt, self._places)

    def _kept_or(
        self, kind: str, flt: EventFilter, compute: Callable[[EventFilter], list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """The ``kind`` aggregate of ``flt`` kept at the current change cursor, or else
        ``compute(flt)``, kept."""
        cursor, cached = self.cached(kind, flt)
        if cached is not None:
            return cached
        return self.keep(kind, flt, cursor, compute(flt))

    def _timeline(self, flt: EventFilter) -> list[dict[str, Any]]:
        dated, params = self._where_also(flt, "event_date IS NOT NULL")
        rows = self.db._query(
            f"SELECT event_date, count(*), coalesce(sum(fatalities), 0) FROM events{dated} "
            "GROUP BY event_date ORDER BY event_date",
            params,
        )
        return [
            {"date": str(day), "events": int(n), "fatalities": int(dead)} for day, n, dead in rows
        ]

    def _places(self, flt: EventFilter) -> list[dict[str, Any]]:
        located, params = self._where_also(flt, "latitude IS NOT NULL AND longitude IS NOT NULL")
        rows = self.db._query(
            "SELECT latitude, longitude, location, admin1, country, event_id, fatalities, "
            f"{self.db._json_field_sql.format(name='geonameid')} FROM events{located} "
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
        return sorted(
            groups.values(), key=lambda p: (-p["events"], str(p["location"]), p["latitude"])
        )

    def cached(self, kind: str, flt: EventFilter) -> tuple[int, list[dict[str, Any]] | None]:
        """The store's change cursor, and the timeline or places list computed at it (None
        when there is none).

        Kept by this store object (the API keeps one open per worker thread) until the
        change cursor moves: the dashboard asks for the same aggregates again and again
        between writes. Not shared by URL: a database dropped and made again under the same
        URL starts its cursor over. The cursor is read before the query, so a write during
        it leaves nothing stale. The lists are shared: callers must not change them.
        """
        cursor = self.db.change_cursor()
        with _AGGREGATE_LOCK:
            hit = self._kept.get((kind, flt))
        return cursor, (hit[1] if hit is not None and hit[0] == cursor else None)

    def keep(
        self, kind: str, flt: EventFilter, cursor: int, value: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Keep ``value``, computed at ``cursor``; RETURNS it."""
        with _AGGREGATE_LOCK:
            if len(self._kept) >= _MAX_AGGREGATES:
                self._kept.clear()
            self._kept[(kind, flt)] = (cursor, value)
        return value
