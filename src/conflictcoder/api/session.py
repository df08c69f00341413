"""Who is asking: an API token, a signed-in session cookie, or nobody.

Reviewers sign in on the dashboard (``POST /api/session``); the answer sets the cookie
``cc_session``: HttpOnly (scripts cannot read it), SameSite=Strict (other sites' pages
cannot send it), Secure when the request came over HTTPS, holding a random token whose
SHA-256 the store keeps (``store/accounts.py``). A write made with the cookie must also
come from the dashboard's own origin (the ``Origin`` header, when the browser sends one,
names this host). API tokens (``api/auth.py``) keep working and act as a reviewer.

Nothing here imports ``deps``: ``deps`` asks ``viewer_of`` who is asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, Response, status

from ..config import Settings
from ..store import SqlStore, Store
from ..store.accounts import SESSION_SECONDS, role_allows
from .auth import matching_hash, token_user

COOKIE = "cc_session"
# The role an API token acts with: tokens could always correct events and submit articles.
TOKEN_ROLE = "reviewer"
SIGN_IN = "sign in (POST /api/session, or the dashboard's sign-in page) or send a token"


@dataclass(frozen=True)
class Viewer:
    """Who makes a request.

    name (str | None): the user (or "token:xxxxxxxx"); None for an anonymous request.
    role (str | None): "reader", "reviewer" or "admin"; None when anonymous.
    via (str | None): "token" or "session".
    """

    name: str | None = None
    role: str | None = None
    via: str | None = None

    def may(self, role: str) -> bool:
        """Whether this viewer has at least ``role``.

        Example:
            >>> Viewer("ana", "admin", "session").may("reviewer"), Viewer().may("reader")
            (True, False)
        """
        return role_allows(self.role, role)


ANONYMOUS = Viewer()


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def viewer_of(request: Request, store: Store, settings: Settings) -> Viewer:
    """The viewer of a request: a valid token first, then a live session cookie.

    A wrong token is refused (403) rather than read as anonymous; a stale cookie is
    anonymous.
    """
    cached = getattr(request.state, "viewer", None)
    if isinstance(cached, Viewer):
        return cached
    viewer = ANONYMOUS
    token = _bearer(request)
    if token is not None:
        found = matching_hash(token, settings.api_tokens)
        if found is None:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail="invalid token: it matches none of the api_tokens in the settings",
            )
        viewer = Viewer(token_user(found), TOKEN_ROLE, "token")
    else:
        cookie = request.cookies.get(COOKIE)
        session = store.session_user(cookie) if cookie and isinstance(store, SqlStore) else None
        if session is not None:
            viewer = Viewer(session[0], session[1], "session")
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                check_origin(request)
    request.state.viewer = viewer
    return viewer


def check_origin(request: Request) -> None:
    """Refuse (403) a cookie-authenticated write whose Origin names another site."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        referer = request.headers.get("referer")
        if referer is None:
            return  # not a browser form or script from another page
        origin = referer
    host = request.headers.get("host", "")
    if urlsplit(origin).netloc != host:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=f"cross-site request refused: Origin {origin} is not this site ({host})",
        )


def require(viewer: Viewer, role: str) -> Viewer:
    """``viewer`` when it has ``role``; 401 when anonymous, 403 when its role is too low."""
    if viewer.role is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail=f"this needs the {role} role: {SIGN_IN}",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not viewer.may(role):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=f"this needs the {role} role; {viewer.name} is a {viewer.role}",
        )
    return viewer


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    """Put a session token in the cookie (see the module docstring for its flags)."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """Remove the session cookie."""
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
