"""API tokens: generated at random, stored only as SHA-256 hashes, compared in constant time.

A token is a random URL-safe string the client sends as ``Authorization: Bearer TOKEN``.
The settings keep ``"sha256:" + hexdigest`` of it (``api_tokens``), so a leaked settings
file gives no one write access. Tokens are 256 random bits: a plain SHA-256 is enough, no
slow password hash is needed. Print a new token and the line to paste into the settings::

    python -m conflictcoder.api.auth
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

HASH_PREFIX = "sha256:"


def hash_token(token: str) -> str:
    """The form a token is stored in: ``"sha256:"`` + the hex SHA-256 of its UTF-8 bytes.

    Example:
        >>> hash_token("s3cret")[:15]
        'sha256:1ec1c26b'
    """
    return HASH_PREFIX + hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh random token (43 URL-safe characters, 256 bits).

    Example:
        >>> len(new_token())
        43
    """
    return secrets.token_urlsafe(32)


def matching_hash(token: str, hashes: Iterable[str]) -> str | None:
    """The stored hash that ``token`` matches, or None.

    Every stored hash is compared, each with ``hmac.compare_digest``, so the time taken
    tells nothing about which entry, or how much of one, matched.

    Example:
        >>> matching_hash("s3cret", [hash_token("other"), hash_token("s3cret")]) == hash_token(
        ...     "s3cret")
        True
        >>> matching_hash("wrong", [hash_token("s3cret")]) is None
        True
    """
    presented = hash_token(token).encode("ascii")
    found: str | None = None
    for stored in hashes:
        if hmac.compare_digest(presented, stored.encode("ascii", "replace")):
            found = stored
    return found


def token_user(stored_hash: str) -> str:
    """The name a token's writes are recorded under: "token:" + 8 hex digits of its hash.

    Example:
        >>> token_user(hash_token("s3cret"))
        'token:1ec1c26b'
    """
    return "token:" + stored_hash.removeprefix(HASH_PREFIX)[:8]


def main() -> None:
    """Print a new token and the ``api_tokens`` line that admits it.

    Example:
        >>> main()
        token: ...
        api_tokens = ["sha256:..."]
    """
    token = new_token()
    print(f"token: {token}")
    print(f'api_tokens = ["{hash_token(token)}"]')


if __name__ == "__main__":
    main()
