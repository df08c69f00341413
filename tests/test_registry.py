"""Tests for conflictcoder/registry.py: named, versioned catalogues."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from conflictcoder import registry
from conflictcoder.errors import ConfigError
from conflictcoder.registry import Registry


@pytest.fixture
def widgets() -> Registry[Callable[[], str]]:
    catalogue: Registry[Callable[[], str]] = Registry("widget")

    @catalogue.register("tests.round.v1", aliases=("round", ".rnd"))
    def round_widget() -> str:
        return "round"

    @catalogue.register("tests.square.v1")
    def square_widget() -> str:
        return "square"

    return catalogue


def test_register_returns_the_function_unchanged() -> None:
    catalogue: Registry[Callable[[], int]] = Registry("widget")

    def make() -> int:
        return 1

    assert catalogue.register("tests.one.v1")(make) is make


def test_get_by_full_name_and_by_alias(widgets: Registry[Callable[[], str]]) -> None:
    assert widgets.get("tests.round.v1")() == "round"
    assert widgets.get("round") is widgets.get("tests.round.v1")
    assert widgets.get(".rnd")() == "round"
    assert widgets.resolve_name("round") == "tests.round.v1"
    assert widgets.resolve_name("tests.square.v1") == "tests.square.v1"


def test_unknown_name_lists_every_choice(widgets: Registry[Callable[[], str]]) -> None:
    with pytest.raises(ConfigError) as info:
        widgets.get("triangle")
    assert str(info.value) == (
        "unknown widget 'triangle': choose one of .rnd, round, tests.round.v1, tests.square.v1"
    )


def test_membership_and_iteration(widgets: Registry[Callable[[], str]]) -> None:
    assert "round" in widgets
    assert "tests.square.v1" in widgets
    assert "triangle" not in widgets
    assert 3 not in widgets
    assert list(widgets) == ["tests.round.v1", "tests.square.v1"]


def test_aliases_are_a_copy(widgets: Registry[Callable[[], str]]) -> None:
    aliases = widgets.aliases()
    assert aliases == {"round": "tests.round.v1", ".rnd": "tests.round.v1"}
    aliases["hex"] = "tests.hex.v1"
    assert "hex" not in widgets.aliases()


def test_registering_a_name_again_replaces_it(widgets: Registry[Callable[[], str]]) -> None:
    @widgets.register("tests.round.v1")
    def round_v1_fixed() -> str:
        return "round, fixed"

    assert widgets.get("round")() == "round, fixed"


def test_builtin_catalogues_exist_with_their_kinds() -> None:
    kinds = [
        r.kind
        for r in (
            registry.readers,
            registry.exporters,
            registry.stores,
            registry.gazetteer_sources,
            registry.date_resolvers,
        )
    ]
    assert kinds == ["reader", "exporter", "store", "gazetteer source", "date resolver"]


def test_builtin_exporters_are_registered_under_versioned_names() -> None:
    import conflictcoder.export  # noqa: F401  (registers the exporters)

    assert registry.exporters.resolve_name("csv") == "conflictcoder.full_csv.v1"
    assert registry.exporters.resolve_name("jsonl") == "conflictcoder.jsonl.v1"
    assert all(re.fullmatch(r"[a-z_]+\.[a-z0-9_]+\.v[0-9]+", n) for n in registry.exporters)
