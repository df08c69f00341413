"""Tests for conflictcoder/checks.py: checks declared with the field they check."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pytest

from conflictcoder.checks import Bounds, bounded, check_of, checked, holds_paths, is_secret, paths


def _upper(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value.upper()


@dataclass(frozen=True)
class Knobs:
    rounds: int = bounded(3, 0, 9)
    size: int = bounded(100, 1)
    label: str = checked("a", _upper)
    key: str = checked("", _upper, secret=True)
    note: str = ""
    index: str = paths("")
    folder: str = paths("a", _upper)


def test_a_field_keeps_its_default_and_declares_its_check() -> None:
    assert Knobs() == Knobs(3, 100, "a", "", "", "", "a")
    checks = {f.name: check_of(f) for f in fields(Knobs)}
    assert checks == {
        "rounds": Bounds(0, 9),
        "size": Bounds(1),
        "label": _upper,
        "key": _upper,
        "note": None,
        "index": None,
        "folder": _upper,
    }
    assert [f.name for f in fields(Knobs) if is_secret(f)] == ["key"]
    assert [f.name for f in fields(Knobs) if holds_paths(f)] == ["index", "folder"]


@pytest.mark.parametrize(
    ("bounds", "value", "wanted"),
    [
        (Bounds(0, 9), 10, "must be a whole number from 0 to 9"),
        (Bounds(0, 9), -1, "must be a whole number from 0 to 9"),
        (Bounds(0, 9), True, "must be a whole number from 0 to 9"),
        (Bounds(0, 9), 2.0, "must be a whole number from 0 to 9"),
        (Bounds(1), 0, "must be a positive integer"),
        (Bounds(0), -3, "must be a whole number of 0 or more"),
        (Bounds(0), "4", "must be a whole number of 0 or more"),
    ],
)
def test_bounds_refuse_what_lies_outside_or_is_no_whole_number(
    bounds: Bounds, value: object, wanted: str
) -> None:
    with pytest.raises(ValueError) as info:
        bounds(value)
    assert str(info.value) == wanted


def test_bounds_pass_what_lies_inside_them() -> None:
    assert (Bounds(0, 9)(0), Bounds(0, 9)(9), Bounds(1)(2**40)) == (0, 9, 2**40)
