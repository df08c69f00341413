"""Dependencies that say who is asking and admit them by role (``api/session.py``).

Example:
    >>> from fastapi import APIRouter
    >>> router = APIRouter()
    >>> @router.post("/api/review/{event_id}/confirm")
    ... async def confirm(viewer: ReviewerDep): ...
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from ..config import Settings
from ..store import SqlStore, Store
from .deps import get_settings, get_store
from .session import Viewer, require, viewer_of


def desk(store: Store) -> SqlStore:
    """The store as the review desk needs it (changes, review, accounts): the SQL back ends.

    A store registered by another package without these features answers 501.
    """
    if not isinstance(store, SqlStore):
        raise HTTPException(
            status.HTTP_501_NOT_IMPLEMENTED,
            detail=f"the {type(store).__name__} back end has no review desk (changes, "
            "review queue, accounts): use SQLite or PostgreSQL",
        )
    return store


async def current_viewer(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Viewer:
    """The request's viewer (token, session or anonymous); 403 for a wrong token."""
    return viewer_of(request, store, settings)


async def require_reviewer(viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
    """Admit a reviewer or admin (401 anonymous, 403 a reader)."""
    return require(viewer, "reviewer")


async def require_admin(viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
    """Admit an admin."""
    return require(viewer, "admin")


ViewerDep = Annotated[Viewer, Depends(current_viewer)]
ReviewerDep = Annotated[Viewer, Depends(require_reviewer)]
AdminDep = Annotated[Viewer, Depends(require_admin)]
