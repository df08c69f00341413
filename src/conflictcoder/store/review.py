"""The review queue: what an analyst confirms, corrects, merges, splits or rejects.

Every stored event has a ``review_status``: "pending" (as the coder stored it), "confirmed"
or "rejected". The queue lists pending events, lowest confidence first. Each decision is one
transaction, written to the event's history (who, when, what changed, old and new) and
moves the event's ``timestamp`` so partners pulling ``changes`` see it.

Decisions survive what comes after them: a correction is re-applied whenever the event is
recombined from its reports (a re-coded article, a new report merged in); a merge moves
the reports, so a later report of either incident finds the merged event; a split moves
reports to a new event that later reports of those documents keep finding; a rejected event
stays stored (hidden), so another report of the same false incident stays rejected.

Corrections of actors keep the derived codes consistent (``derive_codes``): inter1/inter2
follow the actor dictionary (or the other side, on a swap) and ``interaction`` follows them;
a correction that would leave them inconsistent is refused with the reason.

Example:
    >>> from conflictcoder.store import open_store
    >>> store = open_store(":memory:")
    >>> _ = store.upsert_events([Event("2021-03-01", "Battles", "Armed clash", confidence=0.4)])
    >>> [item["event"].confidence for item in store.review_queue()]
    [0.4]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..errors import StoreError
from ..merge import combine_reports
from ..model import Event
from ._parts import SqlParts
from .changes import Removal
from .history import Cause, epoch, event_changes, now_iso

# What an analyst can do with an event in the queue.
DECISIONS: tuple[str, ...] = ("confirm", "reject", "reopen")


def _actor_inter(name: str, country: str | None) -> int | None:
    from ..resolve.actors import ActorResolver

    actor = ActorResolver.load().actor(name, country=country)
    return actor.inter if actor is not None else None


def derive_codes(
    stored: Event,
    values: dict[str, Any],
    inter_of: Callable[[str, str | None], int | None] = _actor_inter,
) -> dict[str, Any]:
    """A correction with inter1, inter2 and interaction made consistent with its actors.

    stored (Event): the event as it is.
    values (dict[str, Any]): the checked correction (field -> value).
    inter_of (Callable): (actor name, event country) -> inter code, None when unknown.
        Defaults to the packaged actor dictionary.
    RETURNS (dict[str, Any]): ``values`` with the derived codes added.
    Raises StoreError naming the field when a code cannot be derived (an actor the
    dictionary does not know, without its inter code) or a given code contradicts them.

    Example:
        >>> e = Event("2021-03-01", "Battles", "Armed clash", actor1="A", inter1=1,
        ...           actor2="B", inter2=2, interaction=12)
        >>> derive_codes(e, {"actor1": "B", "actor2": "A"})
        {'actor1': 'B', 'actor2': 'A', 'inter1': 2, 'inter2': 1}
        >>> derive_codes(e, {"actor2": "C"}, inter_of=lambda name, country: 3)
        {'actor2': 'C', 'inter2': 3, 'interaction': 13}
    """
    from ..resolve.actors import interaction

    result = dict(values)
    country = result.get("country", stored.country)
    old = {1: (stored.actor1, stored.inter1), 2: (stored.actor2, stored.inter2)}
    for side, other in ((1, 2), (2, 1)):
        actor_key, inter_key = f"actor{side}", f"inter{side}"
        if actor_key not in result or inter_key in result:
            continue
        name = result[actor_key]
        if name is None:
            result[inter_key] = None
        elif name == old[side][0]:
            continue
        elif name == old[other][0] and old[other][1] is not None:
            result[inter_key] = old[other][1]  # the actors swap sides, their codes with them
        else:
            code = inter_of(name, country)
            if code is None:
                raise StoreError(
                    f"{actor_key} {name!r} is not in the actor dictionary, so its inter code "
                    f"is unknown: give {inter_key} too (1-8)"
                )
            result[inter_key] = code
    inter1 = result.get("inter1", stored.inter1)
    inter2 = result.get("inter2", stored.inter2)
    try:
        expected = interaction(inter1, inter2)
    except ValueError as exc:
        raise StoreError(str(exc)) from None
    touched = {"actor1", "actor2", "inter1", "inter2"} & set(values)
    if "interaction" in result:
        if result["interaction"] != expected:
            raise StoreError(
                f"interaction must be {expected} for inter1 {inter1} and inter2 {inter2} "
                f"(the two codes, the lower first), got {result['interaction']!r}"
            )
    elif touched and expected != stored.interaction:
        result["interaction"] = expected
    return result


class ReviewMixin(SqlParts):
    """The review queue and the decisions on it (``SqlStore`` mixes it in)."""

    # (actor name, event country) -> inter code, for ``derive_codes``; None: the packaged
    # actor dictionary. The API sets it from the user's dictionary.
    actor_inter: Callable[[str, str | None], int | None] | None = None

    # -- reading ----------------------------------------------------------------------------

    def review_status(self, event_id: str) -> str | None:
        """ "pending", "confirmed" or "rejected"; None for an unknown event."""
        rows = self._query("SELECT review_status FROM events WHERE event_id = ?", (event_id,))
        return str(rows[0][0]) if rows else None

    def review_queue(
        self, where: Any = None, *, limit: int | None = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Events waiting for review, lowest confidence first (then by id).

        where (EventFilter | None): narrows the queue (its ``review`` is set to "pending").
        limit (int | None): at most this many. Defaults to 50.
        offset (int): skip this many. Defaults to 0.
        RETURNS (list[dict]): ``event`` (Event) and ``status`` for each.
        """
        from .filters import EventFilter

        flt = dataclasses.replace(EventFilter.of(where), review="pending")
        condition, params = self._where(flt)
        page = f"LIMIT {'?' if limit is not None else self._no_limit} OFFSET ?"
        # The page's ids first, from the (review_status, confidence_rank, event_id) index
        # alone; then their rows: a deep page then skips index entries, not event rows.
        order = "ORDER BY confidence_rank, event_id"
        rows = self._query(
            f"SELECT data, review_status FROM events WHERE event_id IN "
            f"(SELECT event_id FROM events{condition} {order} {page}) {order}",
            [*params, *([limit] if limit is not None else []), offset],
        )
        return [
            {"event": self._rows.event_from(data), "status": str(status)} for data, status in rows
        ]

    def count_review_queue(self, where: Any = None) -> int:
        """How many events wait for review (``where`` as in ``review_queue``)."""
        from .filters import EventFilter

        flt = dataclasses.replace(EventFilter.of(where), review="pending")
        condition, params = self._where(flt)
        return int(self._query(f"SELECT count(*) FROM events{condition}", params)[0][0])

    # -- decisions --------------------------------------------------------------------------

    def review_event(
        self, event_id: str, decision: str, *, user: str, note: str | None = None
    ) -> Event:
        """Confirm, reject (a note gives the reason) or reopen an event.

        decision (str): "confirm", "reject" or "reopen" (back to pending).
        user (str): who decides (recorded).
        note (str | None): why; required to reject.
        RETURNS (Event): the event, its timestamp moved.
        Raises StoreError for an unknown event or decision, or a rejection without reason.
        """
        label = f"{self.name}: cannot {decision} event {event_id}"
        if decision not in DECISIONS:
            raise StoreError(f"unknown decision {decision!r}: use one of {', '.join(DECISIONS)}")
        _check_user(user, label)
        if decision == "reject" and (not isinstance(note, str) or not note.strip()):
            raise StoreError(f"{label}: give the reason for rejecting it")
        status = {"confirm": "confirmed", "reject": "rejected", "reopen": "pending"}[decision]
        with self._transaction(f"cannot {decision} event {event_id}"):
            old = self.review_status(event_id)
            if old is None:
                raise StoreError(f"{label}: no such event")
            now = now_iso()
            self._execute(
                "UPDATE events SET review_status = ? WHERE event_id = ?", (status, event_id)
            )
            event = self._touch(event_id, now)
            self._rows.record_history(
                event_id,
                Cause(decision, now, user=user, note=note),
                changes={"review_status": {"old": old, "new": status}},
            )
            if status == "rejected":
                self._record_removal(
                    Removal(event_id, "reject", epoch(now), user=user, reason=note)
                )
            elif old == "rejected":
                self._forget_removal(event_id)
        return event

    def merge_events(
        self, keep_id: str, other_id: str, *, user: str, note: str | None = None
    ) -> Event:
        """Merge ``other_id`` into ``keep_id``: its reports, sources and the corrections of
        fields the kept event has not corrected move over; ``other_id`` is removed (listed by
        ``changes`` as merged into ``keep_id``), its history kept.

        RETURNS (Event): the merged event, recombined from all the reports.
        """
        label = f"{self.name}: cannot merge event {other_id} into {keep_id}"
        _check_user(user, label)
        if keep_id == other_id:
            raise StoreError(f"{label}: an event cannot be merged into itself")
        with self._transaction(f"cannot merge event {other_id} into {keep_id}"):
            stored = self._rows.stored(keep_id)
            other = self._rows.stored(other_id)
            if stored is None or other is None:
                missing = keep_id if stored is None else other_id
                raise StoreError(f"{label}: no such event {missing}")
            now = now_iso()
            self._execute(
                "UPDATE event_reports SET event_id = ? WHERE event_id = ?", (keep_id, other_id)
            )
            self._execute(
                "UPDATE event_corrections SET event_id = ? WHERE event_id = ? AND field NOT IN "
                "(SELECT field FROM event_corrections WHERE event_id = ?)",
                (keep_id, other_id, keep_id),
            )
            self._execute("DELETE FROM events WHERE event_id = ?", (other_id,))
            absorb = Cause("absorb", now, user=user, note=note or f"merged {other_id} into it")
            final = self._rows.save_recombined(keep_id, stored, absorb)
            if not event_changes(stored, final):
                self._touch(keep_id, now)  # the merge is a change even when no field moved
            self._rows.record_history(
                other_id,
                Cause("merged_away", now, user=user, note=note),
                changes={"merged_into": {"old": None, "new": keep_id}},
            )
            self._record_removal(
                Removal(other_id, "merge", epoch(now), merged_into=keep_id, user=user, reason=note)
            )
        merged = self._stored_or_fail(keep_id)
        return merged

    def split_event(
        self, event_id: str, doc_ids: list[str], *, user: str, note: str | None = None
    ) -> Event:
        """Move the reports of ``doc_ids`` out of an event into a new one (pending review).

        doc_ids (list[str]): documents whose reports describe another incident; the event
            must keep at least one report.
        RETURNS (Event): the new event.
        """
        label = f"{self.name}: cannot split event {event_id}"
        _check_user(user, label)
        if (
            not isinstance(doc_ids, list)
            or not doc_ids
            or not all(isinstance(d, str) and d for d in doc_ids)
        ):
            raise StoreError(f"{label}: give the doc_ids of the reports to move out")
        with self._transaction(f"cannot split event {event_id}"):
            stored = self._rows.stored(event_id)
            if stored is None:
                raise StoreError(f"{label}: no such event")
            rows = [
                (seq, self._rows.event_from(data))
                for seq, data in self._execute(
                    "SELECT seq, data FROM event_reports WHERE event_id = ? ORDER BY seq",
                    (event_id,),
                )
            ]
            moving = [(seq, r) for seq, r in rows if set(r.doc_ids) & set(doc_ids)]
            unknown = sorted(set(doc_ids) - {d for _, r in moving for d in r.doc_ids})
            if unknown:
                raise StoreError(f"{label}: no report of {', '.join(unknown)} in it")
            if len(moving) == len(rows):
                raise StoreError(f"{label}: it would keep no report; merge or reject it instead")
            new = combine_reports([r for _, r in moving])
            new_id = new.event_id
            taken = {str(r[0]) for r in self._execute("SELECT event_id FROM events")}
            number = 1
            while new_id in taken:
                new_id = f"{new.event_id}-s{number}"
                number += 1
            new.event_id = new_id
            now = now_iso()
            self._rows.save(new, None, Cause("split", now, user=user, note=note))
            marks = ", ".join("?" for _ in moving)
            self._execute(
                f"UPDATE event_reports SET event_id = ? WHERE seq IN ({marks})",
                [new_id, *(seq for seq, _ in moving)],
            )
            what_moved = f"reports of {', '.join(doc_ids)} moved to {new_id}"
            final = self._rows.save_recombined(
                event_id, stored, Cause("split", now, user=user, note=note or what_moved)
            )
            self._rows.drop_sources(event_id, final.doc_ids)
        return self._stored_or_fail(new_id)

    def _stored_or_fail(self, event_id: str) -> Event:
        with self._lock:
            event = self._rows.stored(event_id)
        if event is None:  # pragma: no cover - written in the same call
            raise StoreError(f"{self.name}: event {event_id} vanished")
        return event


def _check_user(user: Any, label: str) -> None:
    if not isinstance(user, str) or not user.strip():
        raise StoreError(f"{label}: user must be a non-empty string, got {user!r}")
