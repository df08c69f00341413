"""Round trips: what the acled and ucdp exports write, ``gazetteer learn`` reads back."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictcoder.export import write_events
from conflictcoder.geo import Gazetteer
from conflictcoder.geo.learn import learn_places, read_coded_places
from conflictcoder.model import Event


def _events() -> list[Event]:
    # invented places, so that nothing in the index already knows them
    return [
        Event(
            "2021-04-02",
            "Battles",
            "Armed clash",
            actor1="Military Forces of Syria (2000-)",
            inter1=1,
            actor2="HTS: Hayat Tahrir al-Sham",
            inter2=2,
            country="Syria",
            iso=760,
            admin1="Idleb",
            admin2="Ariha",
            admin3="Ehsem",
            location="Tall Quwaydir Testi",
            latitude=35.701,
            longitude=36.512,
            geo_precision=1,
            fatalities=2,
            doc_ids=["d1"],
        ),
        Event(
            "2021-04-03",
            "Battles",
            "Armed clash",
            actor1="Opposition Rebels (Syria)",
            inter1=2,
            country="Syria",
            iso=760,
            admin1="Idleb",
            location="Idleb",
            latitude=35.93,
            longitude=36.63,
            geo_precision=3,
            doc_ids=["d2"],
        ),
    ]


@pytest.mark.parametrize(("fmt", "name"), [("acled", "acled.csv"), ("ucdp", "ged.csv")])
def test_learn_reads_back_the_export(fmt: str, name: str, index_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / name
    with out.open("w", encoding="utf-8", newline="") as fh:
        write_events(_events(), fh, fmt, bom=True)
    rows = list(read_coded_places(out))
    # the first event is coded at its place; the second only to its province
    assert [p.name if p else None for _, p in rows] == ["Tall Quwaydir Testi", None]
    place = rows[0][1]
    assert place is not None
    assert (place.latitude, place.longitude, place.country, place.admin1) == (
        35.701,
        36.512,
        "Syria",
        "Idleb",
    )
    assert place.day is not None and place.day.isoformat() == "2021-04-02"
    result = learn_places(index_copy, [out])
    assert (result.added, result.skipped) == (1, 1)
    entry = Gazetteer.open(index_copy).lookup("Tall Quwaydir Testi")[0]
    assert (entry.source, entry.admin1, entry.admin2) == ("learned", "Idleb", "Ariha")
