"""Session fixtures shared by the whole suite: one spaCy pipeline, one small gazetteer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from conflictcoder.config import Settings, load_settings
from conflictcoder.nlp import load_nlp

# Countries the test gazetteer holds: enough for every fixture, fast to build.
TEST_COUNTRIES = ["SY", "IQ", "YE", "LY", "PS", "IL", "UA", "ML", "TR", "LB", "JO"]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conflictcoder.geo import Gazetteer

    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    Gazetteer.open(path, countries=TEST_COUNTRIES)
    return path


@pytest.fixture(scope="session")
def settings(gazetteer_path: Path) -> Settings:
    return load_settings(gazetteer_path=str(gazetteer_path))


@pytest.fixture(scope="session")
def coder(settings: Settings) -> Iterator[object]:
    from conflictcoder.coder import Coder

    yield Coder(settings)
