"""Tests for conflictcoder.api.auth: hashed tokens, constant-time matching."""

from __future__ import annotations

import re

import pytest

from conflictcoder.api.auth import hash_token, main, matching_hash, new_token, token_user
from conflictcoder.config import load_settings
from conflictcoder.errors import ConfigError


def test_hash_is_prefixed_sha256() -> None:
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", hash_token("abc"))
    assert hash_token("abc") == hash_token("abc") != hash_token("abd")


def test_matching_hash_finds_the_entry() -> None:
    hashes = [hash_token("one"), hash_token("two")]
    assert matching_hash("two", hashes) == hashes[1]
    assert matching_hash("three", hashes) is None
    assert matching_hash("one", []) is None
    # a stored hash that is not ASCII never matches, and does not raise
    assert matching_hash("one", ["sha256:é"]) is None


def test_new_tokens_differ_and_are_long() -> None:
    tokens = {new_token() for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(t) >= 43 for t in tokens)


def test_token_user_shows_part_of_the_hash_only() -> None:
    stored = hash_token("s3cret")
    assert token_user(stored) == "token:" + stored[7:15]


def test_main_prints_a_token_and_its_settings_line(capsys: pytest.CaptureFixture[str]) -> None:
    main()
    out = capsys.readouterr().out.splitlines()
    token = out[0].removeprefix("token: ")
    assert out[1] == f'api_tokens = ["{hash_token(token)}"]'
    assert load_settings(api_tokens=[hash_token(token)]).api_tokens == (hash_token(token),)


@pytest.mark.parametrize("value", [["plain-token"], ["sha256:abc"], [hash_token("x").upper()]])
def test_settings_refuse_a_token_that_is_not_hashed(value: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(api_tokens=value)
    assert str(info.value) == (
        "override: setting 'api_tokens' entry 1 is not a hashed token: give 'sha256:' and 64 "
        "hex digits (print one with: python -m conflictcoder.api.auth)"
    )


def test_settings_refuse_a_single_string() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(api_tokens=hash_token("x"))
    assert str(info.value) == (
        "override: setting 'api_tokens' must be a list of hashed tokens ('sha256:' + 64 hex digits)"
    )
