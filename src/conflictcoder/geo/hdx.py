"""A country's OCHA common operational datasets (CODs) from HDX, imported as ``import_ocha``.

HDX (the Humanitarian Data Exchange) is a CKAN site. ``find_cod_files`` asks its action API
(``package_search``) for the country's datasets tagged ``common operational dataset-cod``,
keeps those of admin units (tag ``administrative boundaries-divisions``) and populated
places (tag ``populated places-settlements``), and picks in each the resources that
``ocha.import_ocha`` reads: CSV, JSON or GeoJSON; else an Excel workbook (the usual COD
table; each sheet with P-code columns is read through GDAL, with the ``gpkg`` extra); else
a ZIP holding CSV or (Geo)JSON. ``import_hdx`` downloads them into a folder (a cache: a
file already there is not fetched again) and imports each.

Why httpx and not the maintained ``hdx-python-api`` client: two GET requests are all this
needs, and that client brings 44 more distributions into the lock (spreadsheet readers and
writers, frictionless, docutils, sphinxcontrib-napoleon, loguru...) and forces
python-dateutil down from 4.0 to 3.0, which the rest of the lock does not want.

Example:
    >>> results = import_hdx(None, "SYR")  # doctest: +SKIP
    >>> [r.summary() for r in results]  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import GazetteerError
from .index import ImportResult
from .ocha import import_ocha
from .paths import index_file

HDX_SITE = "https://data.humdata.org"
COD_TAG = "common operational dataset-cod"
KINDS = {
    "administrative boundaries-divisions": "admin units",
    "populated places-settlements": "populated places",
}
# what import_ocha reads, by a resource's format or its file name's suffix
READABLE = (".csv", ".json", ".geojson")
# a ZIP is worth downloading only when it says it holds one of these (not a shapefile)
_ZIP_HINTS = ("csv", "json")
# The largest download accepted: COD tables are a few MB; a country's boundaries as
# GeoJSON can be tens of MB.
MAX_DOWNLOAD_BYTES = 200_000_000
TIMEOUT_SECONDS = 60.0
USER_AGENT = "conflictcoder (gazetteer import-ocha --hdx)"
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

Fetch = Callable[[str, dict[str, str] | None], bytes]


@dataclass(frozen=True)
class CodFile:
    """One resource to download: its dataset, kind ("admin units"...), name and URL."""

    dataset: str
    kind: str
    name: str
    url: str


def _problem(site: str, exc: Exception) -> GazetteerError:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        why = "it did not answer in time"
    elif isinstance(exc, httpx.HTTPStatusError):
        why = f"it answered {exc.response.status_code} for {exc.request.url}"
    else:
        why = str(exc) or type(exc).__name__
    return GazetteerError(
        f"cannot reach HDX at {site}: {why} (offline? download the COD files by hand and "
        "import them with: conflictcoder gazetteer import-ocha FILE)"
    )


def http_fetch(site: str) -> Fetch:
    """A fetcher over httpx: URL and query -> body, at most ``MAX_DOWNLOAD_BYTES``."""

    def fetch(url: str, params: dict[str, str] | None = None) -> bytes:
        import httpx

        try:
            with (
                httpx.Client(
                    timeout=TIMEOUT_SECONDS,
                    follow_redirects=True,
                    headers={"User-Agent": USER_AGENT},
                ) as client,
                client.stream("GET", url, params=params) as response,
            ):
                response.raise_for_status()
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_DOWNLOAD_BYTES:
                        raise GazetteerError(
                            f"{url}: larger than {MAX_DOWNLOAD_BYTES // 1_000_000} MB; "
                            "download it by hand and use: conflictcoder gazetteer "
                            "import-ocha FILE"
                        )
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise _problem(site, exc) from None

    return fetch


def _iso3(country: str) -> str:
    import pycountry

    code = country.strip().upper()
    if not _ISO3.match(code) or pycountry.countries.get(alpha_3=code) is None:
        raise GazetteerError(f"'{country}' is no ISO 3166 alpha-3 country code (SYR, YEM, SDN...)")
    return code


def _suffix(resource: dict[str, Any]) -> str:
    name = str(resource.get("name") or "") + " " + urlsplit(str(resource.get("url") or "")).path
    name = name.lower().rstrip()
    fmt = str(resource.get("format") or "").strip().lower()
    for suffix in (*READABLE, ".xlsx"):
        if fmt == suffix[1:] or name.endswith(suffix):
            return suffix
    if (fmt == "zip" or "zip" in fmt.split() or name.endswith(".zip")) and any(
        hint in fmt or hint in name for hint in _ZIP_HINTS
    ):
        return ".zip"
    return ""


def find_cod_files(iso3: str, *, site: str = HDX_SITE, fetch: Fetch | None = None) -> list[CodFile]:
    """The COD resources of admin units and populated places that HDX lists for a country.

    iso3 (str): ISO 3166 alpha-3 code ("SYR").
    site (str): the HDX site. Defaults to https://data.humdata.org.
    fetch (Fetch | None): URL, query -> bytes. Defaults to httpx.
    RETURNS (list[CodFile]): per dataset, its CSV resources, else its JSON/GeoJSON ones,
        else its Excel workbooks, else its ZIPs of CSV or (Geo)JSON; admin units first.
        Raises GazetteerError when HDX cannot be reached, answers something that is not
        CKAN's, or has no such dataset.

    Example:
        >>> [f.kind for f in find_cod_files("SYR")]  # doctest: +SKIP
        ['admin units', 'populated places']
    """
    code = _iso3(iso3)
    site = site.rstrip("/")
    get = fetch or http_fetch(site)
    url = f"{site}/api/3/action/package_search"
    body = get(url, {"fq": f'groups:{code.lower()} AND tags:"{COD_TAG}"', "rows": "100"})
    try:
        answer = json.loads(body)
        datasets = answer["result"]["results"] if answer.get("success") else None
    except (ValueError, KeyError, TypeError, AttributeError):
        datasets = None
    if not isinstance(datasets, list):
        raise GazetteerError(f"{url}: not a CKAN package_search answer")
    found: list[CodFile] = []
    for kind_tag, kind in KINDS.items():
        for dataset in sorted(datasets, key=lambda d: str(d.get("name"))):
            tags = {str(t.get("name", "")).lower() for t in dataset.get("tags") or []}
            if kind_tag not in tags:
                continue
            by_suffix: dict[str, list[dict[str, Any]]] = {}
            for resource in dataset.get("resources") or []:
                suffix = _suffix(resource)
                if suffix and resource.get("url"):
                    by_suffix.setdefault(suffix, []).append(resource)
            for preferred in ((".csv",), (".json", ".geojson"), (".xlsx",), (".zip",)):
                chosen = [r for s in preferred for r in by_suffix.get(s, [])]
                if chosen:
                    for resource in chosen:
                        name = _SAFE_NAME.sub("_", str(resource.get("name") or "resource"))
                        if not name.lower().endswith(_suffix(resource)):
                            name += _suffix(resource)
                        found.append(
                            CodFile(str(dataset.get("name")), kind, name, str(resource["url"]))
                        )
                    break
    if not found:
        raise GazetteerError(
            f"HDX has no common operational dataset of admin units or populated places for "
            f"{code} in a format import-ocha reads (CSV, JSON, GeoJSON, Excel)"
        )
    return found


def _sheets(path: Path, folder: Path) -> Iterator[Path]:
    """Each sheet of an Excel workbook that has P-code columns, written out as CSV."""
    try:
        import pyogrio
    except ImportError:
        raise GazetteerError(
            f"{path}: reading an Excel workbook needs GDAL: pip install 'conflictcoder[gpkg]'"
        ) from None
    previous = pyogrio.get_gdal_config_option("OGR_XLSX_HEADERS")
    # COD tables are all text: without this GDAL would take their header row for data
    pyogrio.set_gdal_config_options({"OGR_XLSX_HEADERS": "FORCE"})
    try:
        for layer, _ in pyogrio.list_layers(path):
            _, table = pyogrio.read_arrow(path, layer=str(layer))
            if not any("pcode" in name.lower() for name in table.column_names):
                continue
            target = folder / f"{path.stem}-{_SAFE_NAME.sub('_', str(layer))}.csv"
            with target.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=table.column_names)
                writer.writeheader()
                writer.writerows(table.to_pylist())
            yield target
    except pyogrio.errors.DataSourceError as exc:
        raise GazetteerError(f"{path}: not a workbook GDAL can read ({exc})") from None
    finally:
        pyogrio.set_gdal_config_options({"OGR_XLSX_HEADERS": previous})


def _readable(path: Path, folder: Path) -> Iterator[Path]:
    """The files import_ocha reads: the file itself, the P-code sheets of a workbook (as
    CSV), or the CSV and (Geo)JSON files a ZIP holds (extracted)."""
    if path.suffix.lower() == ".xlsx":
        yield from _sheets(path, folder)
        return
    if path.suffix.lower() != ".zip":
        yield path
        return
    try:
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                inner = Path(member)
                if inner.suffix.lower() not in READABLE or inner.name.startswith("."):
                    continue
                if archive.getinfo(member).file_size > MAX_DOWNLOAD_BYTES:
                    raise GazetteerError(f"{path}: {member} is too large to import")
                target = folder / f"{path.stem}-{_SAFE_NAME.sub('_', inner.name)}"
                target.write_bytes(archive.read(member))
                yield target
    except zipfile.BadZipFile:
        raise GazetteerError(f"{path}: not a ZIP archive") from None


def import_hdx(
    index: str | Path | None,
    iso3: str,
    *,
    folder: str | Path | None = None,
    site: str = HDX_SITE,
    fetch: Fetch | None = None,
    on_file: Callable[[CodFile], None] | None = None,
) -> list[ImportResult]:
    """Download a country's COD admin units and populated places from HDX and import them.

    index (str | Path | None): the gazetteer index. Defaults to the settings' one.
    iso3 (str): ISO 3166 alpha-3 code ("SYR").
    folder (str | Path | None): where the downloads are kept (a file there is not fetched
        again). Defaults to ``hdx/ISO3`` beside the index.
    site (str): the HDX site. Defaults to https://data.humdata.org.
    fetch (Fetch | None): URL, query -> bytes. Defaults to httpx.
    on_file (Callable | None): called before each download, for progress.
    RETURNS (list[ImportResult]): one per imported file, as ``import_ocha`` gives.

    Example:
        >>> [r.summary() for r in import_hdx(None, "SYR")]  # doctest: +SKIP
    """
    code = _iso3(iso3)
    get = fetch or http_fetch(site.rstrip("/"))
    files = find_cod_files(code, site=site, fetch=get)
    target = Path(folder) if folder is not None else index_file(index).parent / "hdx" / code
    target.mkdir(parents=True, exist_ok=True)
    results: list[ImportResult] = []
    for cod in files:
        path = target / cod.name
        if not path.is_file():
            if on_file is not None:
                on_file(cod)
            data = get(cod.url, None)
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(data)
            partial.replace(path)
        for readable in _readable(path, target):
            results.append(import_ocha(index, readable))
    return results
