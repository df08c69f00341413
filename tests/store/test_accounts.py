"""Accounts and sessions (store/accounts.py), on both back ends."""

from __future__ import annotations

import pytest

from conflictcoder.errors import StoreError
from conflictcoder.store import Store
from conflictcoder.store.accounts import hash_password, role_allows, verify_password

PASSWORD = "correct horse battery"


def test_passwords_are_salted_scrypt_hashes() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert verify_password(PASSWORD, first) and not verify_password("wrong one!", first)
    assert not verify_password(PASSWORD, "plain$text")


def test_roles_are_ordered() -> None:
    assert role_allows("admin", "reader") and role_allows("reviewer", "reviewer")
    assert not role_allows("reader", "reviewer") and not role_allows(None, "reader")


def test_users_sign_in_and_out(store: Store) -> None:
    store.add_user("ana", PASSWORD, role="reviewer")
    store.add_user("bo", PASSWORD, role="reader")
    assert store.check_password("ana", PASSWORD) == "reviewer"
    assert store.check_password("ana", "wrong password") is None
    assert store.check_password("nobody", PASSWORD) is None
    token = store.start_session("ana")
    assert store.session_user(token) == ("ana", "reviewer")
    assert store.session_user(token + "x") is None
    assert [(u["name"], u["role"], u["sessions"]) for u in store.users()] == [
        ("ana", "reviewer", 1),
        ("bo", "reader", 0),
    ]
    store.end_session(token)
    assert store.session_user(token) is None
    # No hash or token is stored in the clear.
    rows = store._query("SELECT password_hash FROM users")  # type: ignore[attr-defined]
    assert all(PASSWORD not in r[0] for r in rows)


def test_changing_an_account_ends_its_sessions(store: Store) -> None:
    store.add_user("ana", PASSWORD)
    token = store.start_session("ana")
    store.set_role("ana", "admin")
    assert store.session_user(token) is None
    token = store.start_session("ana")
    assert store.session_user(token) == ("ana", "admin")
    store.set_password("ana", "another long one")
    assert store.session_user(token) is None
    assert store.check_password("ana", "another long one") == "admin"
    store.remove_user("ana")
    assert store.users() == []


def test_expired_sessions_sign_no_one_in(store: Store) -> None:
    store.add_user("ana", PASSWORD)
    token = store.start_session("ana", seconds=-1)
    assert store.session_user(token) is None


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("ana", "short", "reviewer", "a password needs at least 10 characters"),
        ("ana", PASSWORD, "boss", "unknown role 'boss': use one of reader, reviewer, admin"),
        ("a b", PASSWORD, "reader", "user name 'a b' must be 1-64 letters"),
    ],
)
def test_bad_accounts_are_refused(
    store: Store, name: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.add_user(name, password, role=role)


def test_a_name_is_taken_once(store: Store) -> None:
    store.add_user("ana", PASSWORD)
    with pytest.raises(StoreError, match="user 'ana' exists already"):
        store.add_user("ana", PASSWORD)
    with pytest.raises(StoreError, match="no user 'zed'"):
        store.set_role("zed", "admin")
