"""The public API: ``conflictcoder.__all__`` names exactly what users import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import conflictcoder
from conflictcoder import errors, model


@pytest.mark.parametrize("name", conflictcoder.__all__)
def test_every_exported_name_is_importable(name: str) -> None:
    assert getattr(conflictcoder, name) is not None


def test_all_is_sorted_and_unique() -> None:
    assert conflictcoder.__all__ == sorted(set(conflictcoder.__all__))


def test_records_and_errors_are_exported() -> None:
    records = {"Actor", "Article", "Casualties", "Event", "Evidence", "Mention", "Place"}
    records |= {"PlaceRef"}
    exceptions = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ == errors.__name__
    }
    assert records <= set(conflictcoder.__all__)
    assert exceptions <= set(conflictcoder.__all__)
    assert conflictcoder.Event is model.Event
    assert {"Coder", "Settings", "load_settings", "__version__"} <= set(conflictcoder.__all__)


def test_coder_is_the_coder_class() -> None:
    from conflictcoder.coder import Coder

    assert conflictcoder.Coder is Coder


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError) as info:
        conflictcoder.Decoder  # noqa: B018
    assert str(info.value) == "module 'conflictcoder' has no attribute 'Decoder'"


def test_coder_and_spacy_load_only_when_asked_for() -> None:
    script = (
        "import sys, conflictcoder\n"
        "before = ('conflictcoder.coder' in sys.modules, 'spacy' in sys.modules)\n"
        "conflictcoder.Coder\n"
        "after = 'conflictcoder.coder' in sys.modules\n"
        "print(before, after)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "(False, False) True"
