"""GeoNames dumps into the gazetteer index: country files, cities files, admin and alternate
names tables, read in their published format (https://download.geonames.org/export/dump/).

* ``XX.zip`` / ``XX.txt`` (one country), ``allCountries.zip``, ``cities500.zip`` (and the other
  ``citiesN`` files): the 19-column geoname table. Populated places (P), spots such as
  airports and bases (S), terrain (T), areas (L) and second- to fourth-level units (A/ADM2-4)
  are imported; countries and first-level units come from the embedded default.
* ``admin1CodesASCII.txt`` / ``admin2Codes.txt``: unit names by code; a place whose province
  ``admin1.csv`` lacks, or whose district a dump gives by code, is named through them.
* ``alternateNamesV2.zip`` (or ``alternateNames.zip``): extra names by GeoNames id.

``add_countries`` downloads country files when online; tests inject a fetcher.
GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from ..errors import GazetteerError
from ..registry import gazetteer_sources
from .countries import countries_table
from .index import ImportResult, IndexWriter, PlaceRecord
from .paths import index_file, open_source, source_file

log = logging.getLogger("conflictcoder")

DUMP_URL = "https://download.geonames.org/export/dump/{name}"
SOURCE = "geonames"
# Feature classes imported from a geoname table; A is limited to the codes below.
FEATURE_CLASSES = frozenset("PSTL")
ADMIN_CODES = frozenset({"ADM2", "ADM3", "ADM4", "ADM5", "ADMD"})
# Alternate-name "languages" that are codes or links, not names.
_NOT_NAMES = frozenset(
    {"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "fr_1793"}
)
_COUNTRY_FILE = re.compile(r"^[A-Z]{2}$")
_GEONAME_COLUMNS = 19

Fetcher = Callable[[str], bytes]


def _urllib_fetch(url: str) -> bytes:
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - fixed https URL
        data: bytes = response.read()
    return data


def _kind(name: str) -> str:
    """What a dump file is, from its name."""
    stem = Path(name).name
    for suffix in (".zip", ".txt"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    lower = stem.lower()
    if lower == "admin1codesascii" or lower == "admin1codes":
        return "admin1"
    if lower == "admin2codes":
        return "admin2"
    if lower.startswith("alternatenames"):
        return "alternates"
    if _COUNTRY_FILE.match(stem) or lower == "allcountries" or re.fullmatch(r"cities\d+", lower):
        return "geonames"
    raise GazetteerError(
        "not a GeoNames dump this importer knows; expected XX.zip, XX.txt, "
        "allCountries.zip, citiesN.zip, admin1CodesASCII.txt, admin2Codes.txt or "
        "alternateNamesV2.zip",
        name,
    )


def _open_text(path: Path, member_hint: str) -> Iterator[IO[str]]:
    """The text file inside ``path`` (a zip's main member) or ``path`` itself."""
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise GazetteerError(f"not a readable zip file ({exc})", path) from None
        with archive:
            members = [
                m
                for m in archive.namelist()
                if m.lower().endswith(".txt") and "readme" not in m.lower()
            ]
            preferred = [m for m in members if Path(m).stem.lower() == member_hint.lower()]
            chosen = (preferred or members)[:1]
            if not chosen:
                raise GazetteerError("the zip file holds no .txt table", path)
            with archive.open(chosen[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        return
    with open_source(path, encoding="utf-8", newline="\n") as fh:
        yield fh


def _rows(fh: IO[str], path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(fh, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        values = line.rstrip("\n").rstrip("\r").split("\t")
        if len(values) < columns:
            raise GazetteerError(
                f"expected {columns} tab-separated columns, got {len(values)}; "
                "is this a GeoNames dump?",
                path,
                number,
            )
        yield number, values


def parse_geonames(
    path: str | Path, *, countries: Iterable[str] | None = None, writer: IndexWriter | None = None
) -> Iterator[PlaceRecord]:
    """The places of a geoname table (``XX.txt``, ``allCountries.txt``, ``cities500.txt``,
    or their zips) that the gazetteer keeps.

    path (str | Path): the file.
    countries (Iterable[str] | None): only these ISO alpha-2 codes. Defaults to all.
    writer (IndexWriter | None): maps admin1 codes to ACLED names when given.
    RETURNS (Iterator[PlaceRecord]): one record per kept row.

    Example:
        >>> row = ["9900001", "Tell Hamra", "Tell Hamra", "Tal Hamra", "35.6", "36.5", "P", "PPL",
        ...        "SY", "", "12", "", "", "", "1200", "", "300", "Asia/Damascus", "2020-02-03"]
        >>> _ = (tmp / "SY.txt").write_text("\\t".join(row) + "\\n")
        >>> [(p.name, p.aliases, p.admin1_code) for p in parse_geonames(tmp / "SY.txt")]
        [('Tell Hamra', ('Tal Hamra',), '12')]
    """
    path = Path(path)
    wanted = {c.upper() for c in countries} if countries else None
    for fh in _open_text(path, path.stem):
        for number, v in _rows(fh, path, _GEONAME_COLUMNS):
            fclass, fcode, cc = v[6], v[7], v[8]
            if fclass not in FEATURE_CLASSES and not (fclass == "A" and fcode in ADMIN_CODES):
                continue
            if wanted is not None and cc not in wanted:
                continue
            try:
                gid, lat, lon = int(v[0]), float(v[4]), float(v[5])
                population = int(v[14] or 0)
            except ValueError:
                raise GazetteerError(
                    f"bad geonameid, coordinates or population "
                    f"({v[0]!r}, {v[4]!r}, {v[5]!r}, {v[14]!r})",
                    path,
                    number,
                ) from None
            aliases = tuple(a for a in [v[2], *v[3].split(",")] if a and a != v[1])
            admin1_code, admin2_code = v[10] or None, v[11] or None
            yield PlaceRecord(
                name=v[1],
                country_code=cc,
                latitude=lat,
                longitude=lon,
                aliases=aliases,
                admin1=writer.acled_admin1(cc, admin1_code) if writer else None,
                admin1_code=admin1_code,
                admin2_code=admin2_code,
                feature_class=fclass,
                feature_code=fcode,
                population=population,
                geonameid=gid,
            )


def parse_admin_codes(path: str | Path, level: int) -> Iterator[tuple[str, str, int, str]]:
    """(ISO alpha-2, code, level, ASCII name) of ``admin1CodesASCII.txt``/``admin2Codes.txt``.

    Codes drop the country prefix: ``SY.12`` -> ("SY", "12"), ``SY.12.167610`` -> ("SY",
    "12.167610"), which is how places refer to them.

    Example:
        >>> _ = (tmp / "admin1CodesASCII.txt").write_text("SY.12\\tIdlib\\tIdlib\\t9900002\\n")
        >>> list(parse_admin_codes(tmp / "admin1CodesASCII.txt", 1))
        [('SY', '12', 1, 'Idlib')]
    """
    path = Path(path)
    for fh in _open_text(path, path.stem):
        for number, v in _rows(fh, path, 4):
            cc, _, code = v[0].partition(".")
            if not code or len(cc) != 2:
                raise GazetteerError(f"expected a code like SY.12, got {v[0]!r}", path, number)
            yield cc, code, level, v[2] or v[1]


def parse_alternate_names(path: str | Path) -> Iterator[tuple[int, str]]:
    """(geonameid, name) of ``alternateNamesV2.txt`` (or its zip), codes and links left out.

    Example:
        >>> _ = (tmp / "alternateNamesV2.txt").write_text(
        ...     "1\\t9900001\\ten\\tTall Hamra\\t\\t\\t\\t\\t\\t\\n"
        ...     "2\\t9900001\\tlink\\thttps://example.org/Tell_Hamra\\t\\t\\t\\t\\t\\t\\n")
        >>> list(parse_alternate_names(tmp / "alternateNamesV2.txt"))
        [(9900001, 'Tall Hamra')]
    """
    path = Path(path)
    for fh in _open_text(path, "alternateNamesV2"):
        for number, v in _rows(fh, path, 4):
            if v[2] in _NOT_NAMES:
                continue
            try:
                gid = int(v[1])
            except ValueError:
                raise GazetteerError(f"bad geonameid {v[1]!r}", path, number) from None
            yield gid, v[3]


@gazetteer_sources.register("conflictcoder.geonames_dump.v1", aliases=("geonames",))
def import_geonames(
    index: str | Path | None, path: str | Path, *, countries: Iterable[str] | None = None
) -> ImportResult:
    """Import one GeoNames dump file into the index (idempotent).

    index (str | Path | None): the gazetteer index. Defaults to ``Settings().gazetteer_file``.
    path (str | Path): ``XX.zip``, ``XX.txt``, ``allCountries.zip``, ``cities500.zip``,
        ``admin1CodesASCII.txt``, ``admin2Codes.txt`` or ``alternateNamesV2.zip``.
    countries (Iterable[str] | None): for geoname tables, only these ISO alpha-2 codes.
    RETURNS (ImportResult): places (or codes, or names) added.

    Example:
        >>> import shutil
        >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
        >>> row = ["9900001", "Tell Hamra", "Tell Hamra", "Tal Hamra", "35.6", "36.5", "P", "PPL",
        ...        "SY", "", "12", "", "", "", "1200", "", "300", "Asia/Damascus", "2020-02-03"]
        >>> _ = (tmp / "SY.txt").write_text("\\t".join(row) + "\\n")
        >>> import_geonames(index, tmp / "SY.txt").added
        1
    """
    path = source_file(path)
    kind = _kind(path.name)
    with IndexWriter(index_file(index)) as writer:
        if kind == "admin1":
            return writer.add_admin_codes(
                SOURCE, str(path), parse_admin_codes(path, 1), kind="geonames admin1 codes"
            )
        if kind == "admin2":
            return writer.add_admin_codes(
                SOURCE, str(path), parse_admin_codes(path, 2), kind="geonames admin2 codes"
            )
        if kind == "alternates":
            return writer.add_names(
                SOURCE, str(path), parse_alternate_names(path), kind="geonames alternate names"
            )
        return writer.add(
            SOURCE,
            str(path),
            parse_geonames(path, countries=countries, writer=writer),
            kind="geonames dump",
        )


def add_countries(
    index: str | Path | None,
    codes: Iterable[str],
    *,
    fetch: Fetcher | None = None,
    cache_dir: str | Path | None = None,
) -> list[ImportResult]:
    """Download the GeoNames dump of each country (``SY.zip``...) and import it.

    index (str | Path | None): the gazetteer index. Defaults to ``Settings().gazetteer_file``.
    codes (Iterable[str]): ISO alpha-2 codes.
    fetch (Fetcher | None): URL -> bytes. Defaults to an HTTPS download (urllib).
    cache_dir (str | Path | None): where the downloaded zips are kept. Defaults to the
        directory of the index.
    RETURNS (list[ImportResult]): one per country.

    Raises GazetteerError naming ``--from`` when a download fails (no network).

    Example:
        >>> import io, shutil, zipfile
        >>> index = shutil.copy(gaz.path, tmp / "gaz.sqlite")
        >>> row = ["9900001", "Tell Hamra", "Tell Hamra", "Tal Hamra", "35.6", "36.5", "P", "PPL",
        ...        "SY", "", "12", "", "", "", "1200", "", "300", "Asia/Damascus", "2020-02-03"]
        >>> _ = (tmp / "SY.txt").write_text("\\t".join(row) + "\\n")
        >>> with zipfile.ZipFile(dump := io.BytesIO(), "w") as archive:
        ...     archive.write(tmp / "SY.txt", "SY.txt")
        >>> result = add_countries(index, ["SY"], fetch=lambda url: dump.getvalue())[0]
        >>> result.origin, result.added
        ('https://download.geonames.org/export/dump/SY.zip', 1)
    """
    fetcher = fetch or _urllib_fetch
    wanted = [c.strip().upper() for c in codes if c.strip()]
    unknown = [c for c in wanted if c not in countries_table()]
    if unknown:
        raise GazetteerError(
            f"unknown country code(s) {', '.join(unknown)}: use ISO 3166 alpha-2 codes like SY, IQ"
        )
    index_path = index_file(index)
    folder = Path(cache_dir) if cache_dir else index_path.parent
    results = []
    for code in wanted:
        url = DUMP_URL.format(name=f"{code}.zip")
        try:
            data = fetcher(url)
        except Exception as exc:  # any network failure: say how to do it by hand
            raise GazetteerError(
                f"cannot download {url} ({exc}); download it elsewhere and import it with: "
                f"conflictcoder gazetteer add --from {code}.zip"
            ) from None
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{code}.zip"
        target.write_bytes(data)
        result = import_geonames(index_path, target)
        results.append(
            ImportResult(
                result.source, url, result.added, result.known, result.skipped, result.names_added
            )
        )
    return results
