"""Which stored event a new report belongs to: the store's side of ``merge``'s policy.

``merge`` decides whether reports are the same incident (``joins``, ``cluster_reports``,
``canonical_order``); this module finds the stored reports a new one could join (an SQL
search on the indexed columns of ``event_reports``) and rewrites the events they make up,
so that the stored events are a function of the set of reports, not of the order they
arrived in (issue 15).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..merge import canonical_order, cluster_reports, combine_reports, joins, match_rank
from ..model import Event
from .changes import Removal
from .history import Cause, epoch
from .rows import EventRows

if TYPE_CHECKING:
    from .sql import SqlStore

_KM_PER_DEGREE = 111.2
# Stored events a new report may regroup at once (``regroup``); beyond, it joins greedily.
MAX_REGROUP = 200


class ReportGrouping:
    """Finds the event a new report joins and regroups the events it touches.

    db (SqlStore): the store (connection, merge rule, change bookkeeping).
    rows (EventRows): the event rows it reads and writes.
    """

    def __init__(self, db: SqlStore, rows: EventRows) -> None:
        self.db = db
        self.rows = rows

    def candidates(self, report: Event) -> list[str]:
        """Events holding a report that could be the incident ``report`` describes (same
        types, dates within the rule, coordinates within its distance or unknown). Reports,
        not events, are searched: a correction of the event's date or place must not hide it
        from the sources that still say what they said."""
        rule = self.db.rule
        where = ["event_type = ?", "sub_event_type = ?"]
        params: list[Any] = [report.event_type, report.sub_event_type]
        if report.event_date:
            day = date.fromisoformat(report.event_date)
            span = timedelta(days=rule.max_days)
            where.append("event_date BETWEEN ? AND ?")
            params += [(day - span).isoformat(), (day + span).isoformat()]
        else:
            where.append("event_date IS NULL")
        if report.latitude is not None and report.longitude is not None:
            lat, lon = float(report.latitude), float(report.longitude)
            dlat = rule.max_km / _KM_PER_DEGREE
            dlon = rule.max_km / (_KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
            where.append(
                "((latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?)"
                " OR latitude IS NULL OR longitude IS NULL)"
            )
            params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
        rows = self.db._execute(
            f"SELECT DISTINCT event_id FROM event_reports WHERE {' AND '.join(where)} "
            "ORDER BY event_id",
            params,
        )
        return [str(row[0]) for row in rows]

    def find_event(self, report: Event) -> str | None:
        """The stored event a new report belongs to, or None for a new incident."""
        rows = self.db._execute(
            "SELECT event_id FROM event_reports WHERE report_id = ? ORDER BY seq LIMIT 1",
            (report.event_id,),
        )
        if rows:
            return str(rows[0][0])
        if self.rows.exists(report.event_id):
            return report.event_id
        rule = self.db.rule
        matches: list[tuple[tuple[int, int, float], str]] = []
        for event_id in self.candidates(report):
            reports = self.rows.reports(event_id)
            if joins(reports, report, rule):
                rank = match_rank(combine_reports(reports, rule), report)
                matches.append((rank, event_id))
        return min(matches)[1] if matches else None

    def neighbourhood(self, report: Event) -> set[str] | None:
        """The stored events connected to ``report``: those holding a report it could be the
        same incident as, then those holding a report one of theirs could be, and so on.
        None when there are more than ``MAX_REGROUP`` of them."""
        events: set[str] = set()
        frontier = [report]
        while frontier:
            item = frontier.pop()
            found = set(self.candidates(item))
            found.update(
                str(row[0])
                for row in self.db._execute(
                    "SELECT event_id FROM event_reports WHERE report_id = ?", (item.event_id,)
                )
            )
            if self.rows.exists(item.event_id):
                found.add(item.event_id)
            for event_id in sorted(found - events):
                events.add(event_id)
                if len(events) > MAX_REGROUP:
                    return None
                frontier.extend(self.rows.reports(event_id))
        return events

    def regroup(
        self, report: Event, data: str, doc_key: str, doc_id: str | None, now: str
    ) -> str | None:
        """Order independence (issue 15): store a new report by grouping it with every stored
        report it is connected to (``neighbourhood``), all of them taken in
        ``merge.canonical_order`` (``merge.cluster_reports``), and rewriting the events of
        that neighbourhood to match. Each group of connected reports is then grouped as if
        its reports had all arrived at once, so the events and their ids are a function of
        the set of reports, not of the order they arrived in (joining greedily in arrival
        order could pair a report with the first of two incidents it fits). An event that
        loses its id (its reports now begin another event) is listed by ``changes`` as
        merged into the event that took most of them.

        RETURNS "created" or "merged"; None to store the report the incremental way: a
        report that touches no stored event, a neighbourhood of more than ``MAX_REGROUP``
        events, or one holding an event a person corrected or reviewed (decisions are not
        undone behind their backs).
        """
        db, rows = self.db, self.rows
        events = self.neighbourhood(report)
        if not events or any(rows.decided(event_id) for event_id in events):
            return None
        marks = ", ".join("?" for _ in events)
        stored_rows = db._execute(
            f"SELECT seq, event_id, data FROM event_reports WHERE event_id IN ({marks}) "
            "ORDER BY seq",
            sorted(events),
        )
        seqs: dict[int, int] = {}  # id() of a report object -> its row
        held: dict[str, list[int]] = {}  # stored event -> its rows
        members: list[Event] = []
        for seq, event_id, value in stored_rows:
            item = rows.event_from(value)
            seqs[id(item)] = int(seq)
            held.setdefault(str(event_id), []).append(int(seq))
            members.append(item)
        members.append(report)
        groups = cluster_reports(canonical_order(members), db.rule)
        finals = {}
        for group in groups:
            event = combine_reports(group, db.rule)
            finals[event.event_id] = (event, group)
        taken = set(finals) - events
        if taken:
            marks = ", ".join("?" for _ in taken)
            if db._execute(f"SELECT 1 FROM events WHERE event_id IN ({marks})", sorted(taken)):
                return None  # an id held by an event outside (cannot happen; be safe)
        old = {event_id: rows.stored(event_id) for event_id in events}
        cause = Cause("merge", now, doc_id=doc_id)
        for event_id, (event, _) in finals.items():
            if event_id not in old:
                rows.save(event, None, cause)
        mine = ""
        moved_to: dict[int, str] = {}
        for event_id, (_, group) in finals.items():
            for item in group:
                if item is report:
                    mine = event_id
                    rows.insert_report(event_id, report, doc_key, doc_id, data, now)
                else:
                    moved_to[seqs[id(item)]] = event_id
        for seq, event_id in moved_to.items():
            db._execute("UPDATE event_reports SET event_id = ? WHERE seq = ?", (event_id, seq))
        for event_id in old:
            if event_id in finals:
                continue
            targets = Counter(moved_to[seq] for seq in held.get(event_id, []))
            into = targets.most_common(1)[0][0] if targets else mine
            db._execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            db._record_removal(Removal(event_id, "merge", epoch(now), merged_into=into))
        for event_id in finals:
            if event_id not in old:
                continue
            final = rows.save_recombined(event_id, old[event_id], cause)
            rows.drop_sources(event_id, final.doc_ids)
        return "merged" if len(finals[mine][1]) > 1 else "created"

    def follow_first_report(
        self, event_id: str, final: Event, now: str, doc_id: str | None
    ) -> str | None:
        """Order independence (issue 15): an event's id is the id of the first of its reports
        in ``merge.canonical_order``, so the same reports give the same id in whatever order
        they arrived. When a new report comes first in that order, the event moves to that
        id (its reports and history with it; the old id is listed by ``changes`` as merged
        into the new one). An event a person has corrected or reviewed keeps its id: people
        may have cited it. RETURNS the new id, or None when the id stays.
        """
        db, rows = self.db, self.rows
        new_id = combine_reports(rows.reports(event_id), db.rule).event_id
        if new_id == event_id or rows.decided(event_id) or rows.exists(new_id):
            return None
        moved = dataclasses.replace(final, event_id=new_id)
        rows.save(moved, None, Cause("merge", now, doc_id=doc_id))
        for table in ("event_reports", "event_history"):
            db._execute(f"UPDATE {table} SET event_id = ? WHERE event_id = ?", (new_id, event_id))
        db._execute("DELETE FROM events WHERE event_id = ?", (event_id,))
        db._record_removal(Removal(event_id, "merge", epoch(now), merged_into=new_id))
        return new_id
