"""Tests for conflictcoder/geo/hdx.py: COD files found on HDX and imported, offline.

A local HTTP server on 127.0.0.1 plays HDX: it answers package_search with a recorded,
CKAN-shaped answer (tests/fixtures/hdx/, invented datasets) and serves small files.
"""

from __future__ import annotations

import json
import socket
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from conflictcoder.cli import app
from conflictcoder.errors import GazetteerError
from conflictcoder.geo import Gazetteer
from conflictcoder.geo.hdx import find_cod_files, import_hdx

FIXTURES = Path(__file__).parents[1] / "fixtures" / "hdx"
PLACES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [36.71, 35.97]},
            "properties": {
                "featureName": "Hdxkoy",
                "pcode": "C99911",
                "ADM1_EN": "Idlib",
                "ADM1_PCODE": "SY07",
                "ADM2_EN": "Hdxtesta District",
                "ADM2_PCODE": "SY0791",
                "ADM3_EN": "Hdxtesta Sub",
                "ADM3_PCODE": "SY079911",
            },
        }
    ],
}


class FakeHdx:
    """What the server serves, and the requests it saw."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.requests: list[str] = []
        (folder / "syr_adm3_test.csv").write_bytes((FIXTURES / "syr_adm3_test.csv").read_bytes())
        with zipfile.ZipFile(folder / "syr_pplp_test.zip", "w") as archive:
            archive.writestr("syr_pplp_test.geojson", json.dumps(PLACES))
            archive.writestr("readme.txt", "not a table")


@pytest.fixture
def hdx(tmp_path: Path) -> Iterator[tuple[str, FakeHdx]]:
    fake = FakeHdx(tmp_path / "served")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            fake.requests.append(self.path)
            if parts.path == "/api/3/action/package_search":
                query = parse_qs(parts.query)
                country = query["fq"][0].split()[0].removeprefix("groups:")
                recorded = FIXTURES / f"package_search_{country}.json"
                if recorded.is_file():
                    text = recorded.read_text(encoding="utf-8")
                    body = text.replace("{site}", site).encode()
                else:
                    body = json.dumps(
                        {"success": True, "result": {"count": 0, "results": []}}
                    ).encode()
                self._send(200, body, "application/json")
            elif parts.path.startswith("/files/"):
                path = fake.folder / parts.path.removeprefix("/files/")
                if path.is_file():
                    self._send(200, path.read_bytes(), "application/octet-stream")
                else:
                    self._send(404, b"not found", "text/plain")
            else:
                self._send(404, b"not found", "text/plain")

        def _send(self, code: int, body: bytes, kind: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, fake
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_finds_admin_units_and_populated_places(hdx: tuple[str, FakeHdx]) -> None:
    site, _ = hdx
    files = find_cod_files("syr", site=site)
    assert [(f.dataset, f.kind, f.name) for f in files] == [
        ("cod-ab-syr", "admin units", "syr_adm3_test.csv"),
        ("cod-pp-syr", "populated places", "syr_pplp_test.zip"),
    ]


def test_imports_what_it_downloads_once(
    hdx: tuple[str, FakeHdx], index_copy: Path, tmp_path: Path
) -> None:
    site, fake = hdx
    folder = tmp_path / "downloads"
    results = import_hdx(index_copy, "SYR", folder=folder, site=site)
    assert [r.added for r in results] == [2, 1]
    gaz = Gazetteer.open(index_copy)
    unit = gaz.lookup("Hdxtesta Sub")[0]
    assert (unit.feature_code, unit.admin1, unit.admin3_pcode) == ("ADM3", "Idleb", "SY079911")
    town = gaz.lookup("Hdxkoy")[0]
    assert (town.feature_code, town.admin3_pcode) == ("PPL", "SY079911")
    downloads = [r for r in fake.requests if r.startswith("/files/")]
    assert downloads == ["/files/syr_adm3_test.csv", "/files/syr_pplp_test.zip"]
    # again: nothing downloaded a second time, nothing added
    again = import_hdx(index_copy, "SYR", folder=folder, site=site)
    assert [r.added for r in again] == [0, 0]
    assert [r for r in fake.requests if r.startswith("/files/")] == downloads


def test_no_such_dataset(hdx: tuple[str, FakeHdx]) -> None:
    site, _ = hdx
    with pytest.raises(GazetteerError) as info:
        find_cod_files("SDN", site=site)
    assert str(info.value) == (
        "HDX has no common operational dataset of admin units or populated places for SDN "
        "in a format import-ocha reads (CSV, JSON, GeoJSON, Excel)"
    )


def test_an_excel_workbook_is_read_sheet_by_sheet(
    hdx: tuple[str, FakeHdx], index_copy: Path, tmp_path: Path
) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    import pyarrow as pa

    site, fake = hdx
    book = fake.folder / "yem_admin_boundaries.xlsx"
    units = {
        "admin2Name_en": ["Hdxwadi District"],
        "admin2Pcode": ["YE2699"],
        "admin1Name_en": ["Marib"],
        "admin1Pcode": ["YE26"],
        "admin0Pcode": ["YE"],
        "center_lat": ["15.5"],
        "center_lon": ["45.3"],
    }
    pyogrio.write_arrow(pa.table(units), str(book), layer="ADM2", driver="XLSX")
    notes = pa.table({"note": ["made for a test"]})
    pyogrio.write_arrow(notes, str(book), layer="Metadata", driver="XLSX", append=True)
    # the shapefile ZIP holds nothing import-ocha reads: only the workbook is chosen
    assert [f.name for f in find_cod_files("YEM", site=site)] == ["yem_admin_boundaries.xlsx"]
    results = import_hdx(index_copy, "YEM", folder=tmp_path / "dl", site=site)
    assert [r.added for r in results] == [1]  # the ADM2 sheet; Metadata has no P-codes
    unit = Gazetteer.open(index_copy).lookup("Hdxwadi District")[0]
    assert (unit.feature_code, unit.admin2_pcode) == ("ADM2", "YE2699")


def test_not_a_country_code() -> None:
    with pytest.raises(GazetteerError, match="'XQZ' is no ISO 3166 alpha-3 country code"):
        find_cod_files("XQZ", site="http://127.0.0.1:9")


def test_cli_offline_is_one_line_and_exit_1(index_copy: Path) -> None:
    site = f"http://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(
        app,
        [
            "gazetteer",
            "import-ocha",
            "--hdx",
            "SYR",
            "--hdx-site",
            site,
            "--gazetteer",
            str(index_copy),
        ],
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"error: cannot reach HDX at {site}: ")
    assert lines[0].endswith(
        "(offline? download the COD files by hand and import them with: "
        "conflictcoder gazetteer import-ocha FILE)"
    )


def test_cli_imports_from_hdx(hdx: tuple[str, FakeHdx], index_copy: Path) -> None:
    site, _ = hdx
    args = ["gazetteer", "import-ocha", "--hdx", "SYR", "--hdx-site", site]
    result = CliRunner().invoke(app, [*args, "--gazetteer", str(index_copy)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2
    assert "downloading admin units: " in result.stderr
    # the downloads are kept beside the index
    assert (index_copy.parent / "hdx" / "SYR" / "syr_adm3_test.csv").is_file()
