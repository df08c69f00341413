"""``/api/review``: the review queue and an analyst's decisions; ``DELETE /api/events/{id}``.

Every route needs the reviewer role: a signed-in reviewer or admin (session cookie) or an
API token. Each decision lands in the event's history with the user and the note.

Example:
    GET  /api/review?limit=20                      pending events, lowest confidence first
    POST /api/review/cc-0123/confirm               {"note": "checked with OCHA"}
    POST /api/review/cc-0123/correct               {"fields": {"actor1": "..."}, "note": "..."}
    POST /api/review/cc-0123/reject                {"reason": "a forecast, not an event"}
    POST /api/review/cc-0123/merge                 {"other": "cc-4567"}
    POST /api/review/cc-0123/split                 {"doc_ids": ["article-9"]}
    DELETE /api/events/cc-0123?reason=duplicate%20feed
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field

from ...errors import StoreError
from ...store import SqlStore, Store
from .. import views
from ..access import ReviewerDep, desk
from ..deps import (
    CorrectionDep,
    FiltersDep,
    SettingsDep,
    StoreDep,
    body_doc,
    json_body,
    require_reader,
)
from ..schemas import MAX_WHOLE, Correction
from ._responses import INVALID, NOT_FOUND, WRITE

router = APIRouter(tags=["review"], responses={**WRITE, **INVALID})
T = TypeVar("T")


class Decision(BaseModel):
    """A confirmation or reopening, with an optional note."""

    model_config = ConfigDict(extra="forbid", strict=True)
    note: str | None = Field(None, max_length=2000, description="Why; kept in the history.")


class Rejection(BaseModel):
    """Why an event is rejected (required)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    reason: str = Field(min_length=1, max_length=2000, description="Why it is no event.")


class MergeRequest(BaseModel):
    """The event to merge into this one."""

    model_config = ConfigDict(extra="forbid", strict=True)
    other: str = Field(min_length=1, max_length=200, description="Its id; it is removed.")
    note: str | None = Field(None, max_length=2000)


class SplitRequest(BaseModel):
    """The documents whose reports describe another incident."""

    model_config = ConfigDict(extra="forbid", strict=True)
    doc_ids: list[str] = Field(min_length=1, max_length=1000)
    note: str | None = Field(None, max_length=2000)


# Each body is read after the reviewer check (json_body): no credential, no parsing.
DecisionDep = Annotated[
    Decision | None, Depends(json_body(Decision, label="decision", required=False))
]
RejectionDep = Annotated[Rejection, Depends(json_body(Rejection, label="rejection"))]
MergeDep = Annotated[MergeRequest, Depends(json_body(MergeRequest, label="merge"))]
SplitDep = Annotated[SplitRequest, Depends(json_body(SplitRequest, label="split"))]


def _decision(
    action: str, summary: str, body: type[BaseModel], *, required: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The route of ``POST /api/review/{event_id}/<action>``, its body documented."""
    return router.post(
        f"/api/review/{{event_id}}/{action}",
        responses=NOT_FOUND,
        summary=summary,
        openapi_extra=body_doc(body, required=required),
    )


def _decide(store: SqlStore, action: Callable[[], T]) -> T:
    """Run a decision; a StoreError becomes 404 (unknown event) or 422 (the reason)."""
    try:
        return action()
    except StoreError as exc:
        detail = str(exc).removeprefix(f"{store.name}: ")
        code = (
            status.HTTP_404_NOT_FOUND
            if "no such event" in detail
            else status.HTTP_422_UNPROCESSABLE_CONTENT
        )
        raise HTTPException(code, detail=detail) from None


def _with_status(store: SqlStore, event: Any) -> dict[str, Any]:
    return {**views.event_dict(event), "review_status": store.review_status(event.event_id)}


def _decided(store: Store, action: Callable[[SqlStore], Any]) -> dict[str, Any]:
    """Run a decision on the review desk of ``store`` (``_decide``'s errors) and answer the
    event it gives with its review status."""
    sql = desk(store)
    return _with_status(sql, _decide(sql, lambda: action(sql)))


def _reviewed(
    store: Store, event_id: str, action: str, viewer: Any, note: str | None
) -> dict[str, Any]:
    """Confirm, reopen or reject the event as ``viewer``, the note kept in its history."""
    return _decided(
        store, lambda sql: sql.review_event(event_id, action, user=_who(viewer), note=note)
    )


def user_actor_codes(store: SqlStore, settings: Any) -> SqlStore:
    """The store, deriving inter codes from the user's actor dictionary too (when set)."""
    user_actors = settings.user_rules.get("actors")
    if user_actors:
        from ...resolve.actors import ActorResolver

        resolver = ActorResolver.load(user_actors)

        def inter_of(name: str, country: str | None) -> int | None:
            actor = resolver.actor(name, country=country)
            return actor.inter if actor is not None else None

        store.actor_inter = inter_of
    return store


@router.get(
    "/api/review",
    summary="The review queue",
    # a private server refuses an anonymous read here with the same 401 as every read
    dependencies=[Depends(require_reader)],
)
async def review_queue(
    store: StoreDep,
    filters: FiltersDep,
    viewer: ReviewerDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_WHOLE)] = 0,
) -> dict[str, Any]:
    """Events waiting for review (narrowed by the usual filters), lowest confidence first."""
    return queue_page(desk(store), filters, limit=limit, offset=offset)


def queue_page(store: SqlStore, filters: Any, *, limit: int, offset: int = 0) -> dict[str, Any]:
    """One page of the review queue: what ``GET /api/review`` answers and ``/review`` shows.

    RETURNS (dict): ``total``, ``limit``, ``offset``, ``next_offset`` and ``items`` (each an
        event's fields plus ``review_status``).
    """
    items = store.review_queue(filters, limit=limit, offset=offset)
    total = store.count_review_queue(filters)
    return views.page_dict(
        total,
        limit,
        offset,
        [{**views.event_dict(i["event"]), "review_status": i["status"]} for i in items],
    )


@_decision("confirm", "Confirm an event", Decision, required=False)
async def confirm(
    event_id: str, store: StoreDep, viewer: ReviewerDep, body: DecisionDep
) -> dict[str, Any]:
    """Mark the event reviewed: it joins the public dataset when only reviewed events are."""
    return _reviewed(store, event_id, "confirm", viewer, body.note if body else None)


@_decision("reopen", "Reopen an event", Decision, required=False)
async def reopen(
    event_id: str, store: StoreDep, viewer: ReviewerDep, body: DecisionDep
) -> dict[str, Any]:
    """Put a confirmed or rejected event back in the queue."""
    return _reviewed(store, event_id, "reopen", viewer, body.note if body else None)


@_decision("reject", "Reject an event", Rejection)
async def reject(
    event_id: str, store: StoreDep, viewer: ReviewerDep, body: RejectionDep
) -> dict[str, Any]:
    """Reject a false event: hidden from every view, listed by /api/changes as removed, and
    kept so later reports of the same incident stay rejected."""
    return _reviewed(store, event_id, "reject", viewer, body.reason)


@_decision("correct", "Correct an event", Correction)
async def correct(
    event_id: str,
    store: StoreDep,
    settings: SettingsDep,
    viewer: ReviewerDep,
    correction: CorrectionDep,
    confirm: Annotated[bool, Query(description="Also confirm the event.")] = True,
) -> dict[str, Any]:
    """Correct fields (actors bring their inter codes and the interaction along) and, by
    default, confirm the event. Later reports never overwrite a corrected field."""
    sql = user_actor_codes(desk(store), settings)
    fields = correction.fields.model_dump(exclude_unset=True)
    if not fields:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="no fields to correct: give at least one field in 'fields'",
        )
    user = _who(viewer)
    event = _decide(
        sql, lambda: sql.correct_event(event_id, fields, user=user, note=correction.note)
    )
    if confirm and sql.review_status(event_id) != "confirmed":
        event = _decide(sql, lambda: sql.review_event(event_id, "confirm", user=user))
    from ...teach import correction_lessons

    # What the coder could learn from it: the report's name for a corrected actor, a place
    # the gazetteer lacks, the trigger phrase of a corrected type (POST .../teach adds one).
    return {**_with_status(sql, event), "lessons": correction_lessons(event, fields, settings)}


class Lesson(BaseModel):
    """A rule to add to the team's files: an actor alias, a trigger phrase or a place."""

    model_config = ConfigDict(extra="forbid", strict=True)
    kind: str = Field(description="actor, trigger or place.")
    name: str | None = Field(None, max_length=300, description="actor: the canonical name.")
    alias: str | None = Field(None, max_length=300, description="actor: the report's phrase.")
    inter: int | None = Field(None, ge=1, le=8, description="actor: its inter code.")
    country: str | None = Field(None, max_length=100, description="actor: its country.")
    pattern: str | None = Field(None, max_length=300, description="trigger: the phrase.")
    label: str | None = Field(None, max_length=100, description="trigger: its sub-event type.")
    priority: int | None = Field(None, ge=0, le=100, description="trigger: its rank (0-100).")
    place: dict[str, Any] | None = Field(None, description="place: the supplement's columns.")


@router.post(
    "/api/review/{event_id}/teach",
    summary="Teach the coder a correction",
    openapi_extra=body_doc(Lesson),
)
async def teach_lesson(
    event_id: str,
    request: Request,
    settings: SettingsDep,
    viewer: ReviewerDep,
    lesson: Annotated[Lesson, Depends(json_body(Lesson, label="lesson"))],
) -> dict[str, str]:
    """Add a lesson (usually one that ``correct`` offered) to the rule file the settings name
    (``user_rules.actors``, ``user_rules.triggers``, ``gazetteer_supplement``); the next
    article coded by this server uses it. 409 when the settings name no file for it."""
    from ...errors import ConfigError, OntologyError
    from ...teach import teach

    try:
        done = teach(settings, lesson.model_dump(exclude_none=True))
    except OntologyError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    except ConfigError as exc:
        code = status.HTTP_409_CONFLICT if "file is set" in str(exc) else 422
        raise HTTPException(code, detail=str(exc)) from None
    request.app.state.coder = None  # rebuilt with the new rules on next use
    return {"done": done, "event_id": event_id, "by": _who(viewer)}


@_decision("merge", "Merge two events", MergeRequest)
async def merge(
    event_id: str, store: StoreDep, viewer: ReviewerDep, body: MergeDep
) -> dict[str, Any]:
    """Merge ``other`` into this event (its reports and sources move; its id is removed)."""
    return _decided(
        store, lambda sql: sql.merge_events(event_id, body.other, user=_who(viewer), note=body.note)
    )


@_decision("split", "Split an event", SplitRequest)
async def split(
    event_id: str, store: StoreDep, viewer: ReviewerDep, body: SplitDep
) -> dict[str, Any]:
    """Move the reports of ``doc_ids`` into a new event; answers the new event."""
    return _decided(
        store,
        lambda sql: sql.split_event(event_id, body.doc_ids, user=_who(viewer), note=body.note),
    )


@router.delete(
    "/api/events/{event_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=NOT_FOUND,
    tags=["events"],
    summary="Delete a false event",
)
async def delete_event(
    event_id: str,
    store: StoreDep,
    viewer: ReviewerDep,
    reason: Annotated[str | None, Query(max_length=2000, description="Why.")] = None,
) -> None:
    """Remove the event with its reports and corrections; its history stays and
    /api/changes lists the id as deleted. (Reject it instead to keep later reports of the
    same incident out too.)"""
    sql = desk(store)
    _decide(sql, lambda: sql.delete_event(event_id, user=_who(viewer), reason=reason))


def _who(viewer: Any) -> str:
    return str(viewer.name)
