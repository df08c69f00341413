"""Accounts and sign-in sessions, kept in the store beside the events they review.

A user has a name, a role and a password hash; a session is a random token whose SHA-256
only is stored (a copied database signs no one in). Passwords are hashed with scrypt
(stdlib ``hashlib.scrypt``, a per-user random salt, N=2**14, r=8, p=1) and compared in
constant time.

Roles, each allowed what the one before it may do:

- ``reader``: read the events when reads are private (``public_reads = false``);
- ``reviewer``: the review queue: confirm, correct, merge, split, reject, delete;
- ``admin``: everything, and accounts (``conflictcoder users``).

Example:
    >>> from conflictcoder.store import open_store
    >>> store = open_store(":memory:")
    >>> store.add_user("ana", "a long passphrase", role="reviewer")
    >>> store.check_password("ana", "a long passphrase"), store.check_password("ana", "nope")
    ('reviewer', None)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from typing import Any

from ..errors import StoreError
from ._parts import SqlParts

ROLES: tuple[str, ...] = ("reader", "reviewer", "admin")
MIN_PASSWORD = 10
SESSION_SECONDS = 12 * 3600
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
# Checked against when the user is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH: str | None = None


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$SALT$HASH`` (base64) of a password with a fresh random salt.

    Example:
        >>> hash_password("a long passphrase").startswith("scrypt$16384$8$1$")
        True
    """
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    params = f"{_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}"
    encoded = f"{base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    return f"scrypt${params}${encoded}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a ``hash_password`` value (constant-time comparison).

    Example:
        >>> verify_password("a long passphrase", hash_password("a long passphrase"))
        True
    """
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def role_allows(role: str | None, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may (roles are ordered).

    Example:
        >>> role_allows("admin", "reviewer"), role_allows("reader", "reviewer")
        (True, False)
    """
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_role(role: Any) -> str:
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return str(role)


def _check_password(password: Any) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise StoreError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


class AccountsMixin(SqlParts):
    """Users and sessions (``SqlStore`` mixes it in)."""

    def add_user(self, name: str, password: str, *, role: str = "reviewer") -> None:
        """Create an account. Raises StoreError for a taken or malformed name, a short
        password or an unknown role."""
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise StoreError(
                f"user name {name!r} must be 1-64 letters, digits or . _ @ - "
                "(starting with a letter or digit)"
            )
        hashed = hash_password(_check_password(password))
        role = _check_role(role)
        with self._transaction(f"cannot add user {name}"):
            if self._execute("SELECT 1 FROM users WHERE name = ?", (name,)):
                raise StoreError(f"{self.name}: user {name!r} exists already")
            self._execute(
                "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                (name, hashed, role, int(time.time())),
            )

    def users(self) -> list[dict[str, Any]]:
        """Every account: ``name``, ``role``, ``created_at`` (Unix seconds), ``sessions``
        (signed-in sessions now), sorted by name."""
        rows = self._query(
            "SELECT u.name, u.role, u.created_at, (SELECT count(*) FROM sessions s"
            " WHERE s.user_name = u.name AND s.expires_at > ?) FROM users u ORDER BY u.name",
            (int(time.time()),),
        )
        return [
            {"name": r[0], "role": r[1], "created_at": int(r[2]), "sessions": int(r[3])}
            for r in rows
        ]

    def _update_user(self, name: str, sql: str, params: tuple[Any, ...], action: str) -> None:
        with self._transaction(f"cannot {action} user {name}"):
            if not self._execute("SELECT 1 FROM users WHERE name = ?", (name,)):
                raise StoreError(f"{self.name}: no user {name!r}")
            self._execute(sql, params)
            # Any change to an account signs it out everywhere.
            self._execute("DELETE FROM sessions WHERE user_name = ?", (name,))

    def set_password(self, name: str, password: str) -> None:
        """Replace a user's password (and end their sessions)."""
        hashed = hash_password(_check_password(password))
        self._update_user(
            name, "UPDATE users SET password_hash = ? WHERE name = ?", (hashed, name), "change"
        )

    def set_role(self, name: str, role: str) -> None:
        """Give a user another role (and end their sessions)."""
        role = _check_role(role)
        self._update_user(name, "UPDATE users SET role = ? WHERE name = ?", (role, name), "change")

    def remove_user(self, name: str) -> None:
        """Delete an account and its sessions (what it did stays in the history)."""
        self._update_user(name, "DELETE FROM users WHERE name = ?", (name,), "remove")

    def check_password(self, name: str, password: str) -> str | None:
        """The user's role when ``password`` is theirs; None otherwise (same time either way)."""
        global _DUMMY_HASH
        rows = self._query("SELECT password_hash, role FROM users WHERE name = ?", (name,))
        if not rows:
            _DUMMY_HASH = _DUMMY_HASH or hash_password(secrets.token_hex(8))
            verify_password(password, _DUMMY_HASH)
            return None
        return str(rows[0][1]) if verify_password(password, str(rows[0][0])) else None

    def start_session(self, name: str, *, seconds: int = SESSION_SECONDS) -> str:
        """A new session token for a user (store only its hash); expired ones are dropped."""
        token = secrets.token_urlsafe(32)
        now = int(time.time())
        with self._transaction(f"cannot sign in {name}"):
            if not self._execute("SELECT 1 FROM users WHERE name = ?", (name,)):
                raise StoreError(f"{self.name}: no user {name!r}")
            self._execute("DELETE FROM sessions WHERE expires_at <= ?", (now,))
            self._execute(
                "INSERT INTO sessions (token_hash, user_name, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (_token_hash(token), name, now, now + seconds),
            )
        return token

    def session_user(self, token: str) -> tuple[str, str] | None:
        """(name, role) of a live session token; None for an unknown or expired one."""
        if not token:
            return None
        rows = self._query(
            "SELECT u.name, u.role FROM sessions s JOIN users u ON u.name = s.user_name"
            " WHERE s.token_hash = ? AND s.expires_at > ?",
            (_token_hash(token), int(time.time())),
        )
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    def end_session(self, token: str) -> None:
        """Sign a session out (nothing when unknown)."""
        with self._transaction("cannot sign out"):
            self._execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),))
