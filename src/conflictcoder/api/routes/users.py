"""``/api/session``: sign in and out of the dashboard (accounts: ``conflictcoder users``).

Example:
    POST /api/session  {"name": "ana", "password": "..."}   -> sets the cc_session cookie
    GET /api/session                                        -> {"name": "ana", "role": ...}
    DELETE /api/session                                     -> signs out
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from ..access import ViewerDep, desk
from ..deps import StoreDep, require_reader
from ..session import COOKIE, clear_session_cookie, set_session_cookie

router = APIRouter(prefix="/api/session", tags=["session"])
WRONG = "wrong user name or password"


class SignIn(BaseModel):
    """A user's name and password."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class SessionModel(BaseModel):
    """Who the request comes from."""

    name: str | None = Field(description="The user; null when not signed in.")
    role: str | None = Field(description="reader, reviewer or admin; null when not signed in.")
    via: str | None = Field(description="session (cookie) or token.")


@router.post("", response_model=SessionModel, summary="Sign in")
async def sign_in(
    credentials: SignIn, request: Request, response: Response, store: StoreDep
) -> dict[str, Any]:
    """Check the password and set the session cookie (HttpOnly, SameSite=Strict)."""
    role = desk(store).check_password(credentials.name, credentials.password)
    if role is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=WRONG)
    token = desk(store).start_session(credentials.name)
    set_session_cookie(response, request, token)
    return {"name": credentials.name, "role": role, "via": "session"}


@router.get(
    "",
    response_model=SessionModel,
    summary="Who am I",
    # a read like any other: a private server answers it only to a token or a session
    dependencies=[Depends(require_reader)],
)
async def who(viewer: ViewerDep) -> dict[str, Any]:
    """The signed-in user (or token) of this request; nulls when anonymous."""
    return {"name": viewer.name, "role": viewer.role, "via": viewer.via}


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, summary="Sign out")
async def sign_out(request: Request, store: StoreDep) -> Response:
    """End the session and clear the cookie."""
    token = request.cookies.get(COOKIE)
    if token:
        desk(store).end_session(token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookie(response)
    return response
