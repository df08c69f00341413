"""Session fixtures shared by the whole suite: one spaCy pipeline, one small gazetteer.

It sits at the top of the checkout so that the docstring examples of ``src/`` (collected with
``--doctest-modules``) run against the same pipeline and gazetteer as ``tests/``.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from conflictcoder.config import Settings, load_settings
from conflictcoder.geo import Gazetteer
from conflictcoder.nlp import load_nlp

# Countries the test gazetteer holds: enough for every fixture, fast to build.
TEST_COUNTRIES = ["SY", "IQ", "YE", "LY", "PS", "IL", "UA", "ML", "TR", "LB", "JO"]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    Gazetteer.open(path, countries=TEST_COUNTRIES)
    return path


@pytest.fixture(scope="session")
def gaz(gazetteer_path: Path) -> Gazetteer:
    """The shared test index, open for reading."""
    return Gazetteer.open(gazetteer_path)


@pytest.fixture(scope="session")
def settings(gazetteer_path: Path) -> Settings:
    return load_settings(gazetteer_path=str(gazetteer_path))


@pytest.fixture(scope="session")
def coder(settings: Settings) -> Iterator[object]:
    from conflictcoder.coder import Coder

    yield Coder(settings)


@pytest.fixture(autouse=True)
def _example_objects(request: pytest.FixtureRequest) -> None:
    """What every docstring example may use without building it: ``nlp`` (the spaCy
    pipeline), ``gaz`` (the test gazetteer), ``settings`` (the settings that open it) and
    ``tmp`` (a folder of its own). Other tests do not load them for it."""
    if not isinstance(request.node, pytest.DoctestItem):
        return
    namespace = request.getfixturevalue("doctest_namespace")
    for name in ("nlp", "gaz", "settings"):
        namespace[name] = request.getfixturevalue(name)
    namespace["tmp"] = request.getfixturevalue("tmp_path")


def _escaped(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    # Fuzzed file names hold lone surrogates (undecodable bytes under surrogateescape) and the
    # readers log those names; pytest-xdist sends each report to the controller as UTF-8, which
    # cannot carry a surrogate, so captured output is escaped the way the CLI shows such names.
    outcome = yield
    report = outcome.get_result()
    report.sections = [(title, _escaped(body)) for title, body in report.sections]
