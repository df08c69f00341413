"""Place records: a found entry, a province, a country, a part of a city or a name no source
knows, as the ``Place`` an event is coded at (location, admin units, precision).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..geo import GazetteerEntry
from ..model import Place, PlaceRef
from .candidates import Candidates, Where
from .place_rules import (
    FeatureKind,
    _entry_km,
)


class PlaceRecords(Candidates):
    """The record part of ``PlaceResolver``."""

    def _site_place(
        self,
        best: GazetteerEntry,
        candidates: Sequence[GazetteerEntry],
        surface: str,
        ref: PlaceRef,
        kind: FeatureKind,
    ) -> Place:
        """A town, spot or terrain feature, named by the best-ranked source that knows it."""
        for other in candidates:
            if (
                other.rank < best.rank
                and other.feature_class == best.feature_class
                and other.admin1 == best.admin1
                and _entry_km(other, best) <= self.same_place_km
            ):
                best = other
                break
        precision = 1
        if best.feature_class in ("T", "L") or kind.precision == 2:
            precision = 2
        if ref.qualifier in ("near", "countryside"):
            precision = 2
        return self._entry_place(best, precision, self._shown(best, surface))

    def _city_part(self, name: str, town: GazetteerEntry, town_name: str | None) -> Place:
        """A neighbourhood of a town: the town at precision 1, written "Aleppo - Al-Zahraa"
        for a large city (ACLED's usage), else as the town."""
        shown = self._shown(town, town_name)
        if town.population >= self.city_part_min_population or (
            self.gazetteer.capital_name(town) and town.population == 0
        ):
            shown = f"{shown} - {name}"
        return self._entry_place(town, 1, shown)

    def _entry_place(self, entry: GazetteerEntry, precision: int, location: str) -> Place:
        admin2, admin3, pcode1, pcode2, pcode3 = self._admin_units(entry)
        return Place(
            location=location,
            country=entry.country,
            iso=entry.iso,
            admin1=entry.admin1,
            admin2=admin2,
            admin3=admin3,
            latitude=entry.latitude,
            longitude=entry.longitude,
            geo_precision=precision,
            geonameid=entry.geonameid,
            admin1_pcode=pcode1,
            admin2_pcode=pcode2,
            admin3_pcode=pcode3,
        )

    def _admin_units(
        self, entry: GazetteerEntry
    ) -> tuple[str | None, str | None, str | None, str | None, str | None]:
        """(admin2, admin3, admin1 P-code, admin2 P-code, admin3 P-code) of a place: its own
        where its source gives them, else the OCHA unit with the nearest centroid in its
        province."""
        admin2, admin3 = entry.admin2, entry.admin3
        pcode2, pcode3 = entry.admin2_pcode, entry.admin3_pcode
        pcode1 = entry.admin1_pcode or (
            self.gazetteer.admin1_pcode(entry.country_code, entry.admin1) if entry.admin1 else None
        )
        if pcode3 is None and entry.feature_code not in ("ADM1", "PCLI"):
            unit = self._nearest_unit(entry)
            if unit is not None:
                admin2 = admin2 or unit.admin2
                admin3 = admin3 or unit.admin3
                pcode2 = pcode2 or unit.admin2_pcode
                pcode3 = unit.admin3_pcode
                pcode1 = pcode1 or unit.admin1_pcode
        return admin2, admin3, pcode1, pcode2, pcode3

    def _nearest_unit(self, entry: GazetteerEntry) -> GazetteerEntry | None:
        key = (
            entry.country_code,
            entry.admin1,
            round(entry.latitude, 4),
            round(entry.longitude, 4),
        )
        if key in self._unit_cache:
            return self._unit_cache[key]
        units = [
            u
            for u in self.gazetteer.units(entry.country_code)
            if u.feature_code == "ADM3" and (entry.admin1 is None or u.admin1 == entry.admin1)
        ]
        best = None
        if units:
            scale = math.cos(math.radians(entry.latitude))

            def sq(u: GazetteerEntry) -> float:
                return (u.latitude - entry.latitude) ** 2 + (
                    (u.longitude - entry.longitude) * scale
                ) ** 2

            best = min(units, key=sq)
            if _entry_km(best, entry) > 3 * self.near_km:
                best = None
        if len(self._unit_cache) > 65_536:
            self._unit_cache.clear()
        self._unit_cache[key] = best
        return best

    def _town_place(self, town: GazetteerEntry, precision: int) -> Place:
        return self._entry_place(town, precision, self._shown(town, None))

    def _province_place(self, unit: GazetteerEntry, *, location: str | None = None) -> Place:
        capital = self.gazetteer.capital(unit)
        pcode = unit.admin1_pcode or (
            self.gazetteer.admin1_pcode(unit.country_code, unit.admin1) if unit.admin1 else None
        )
        return Place(
            location=location or (capital.name if capital else unit.name),
            country=unit.country,
            iso=unit.iso,
            admin1=unit.admin1,
            latitude=capital.latitude if capital else unit.latitude,
            longitude=capital.longitude if capital else unit.longitude,
            geo_precision=3,
            geonameid=capital.geonameid if capital and location is None else None,
            admin1_pcode=pcode,
        )

    def _country_place(self, state: GazetteerEntry) -> Place:
        capital = self.gazetteer.capital(state)
        return Place(
            location=capital.name if capital else state.name,
            country=state.country,
            iso=state.iso,
            admin1=capital.admin1 if capital else state.admin1,
            latitude=state.latitude,
            longitude=state.longitude,
            geo_precision=3,
            geonameid=capital.geonameid if capital else None,
        )

    def _unresolved(self, name: str, where: Where, anchor_name: str | None = None) -> Place:
        """A name no source knows: near its anchor (precision 2), else at the capital of the
        province the text (or the article) puts it in, else in the article's country."""
        container, container_cc, focus, anchor = where
        if anchor is not None and (container is None or anchor.admin1 == container.admin1):
            shown = (
                self._shown(anchor, anchor_name) if self.unknown_near_anchor == "anchor" else name
            )
            place = self._entry_place(anchor, 2, shown)
            return replace(place, geonameid=None, unresolved=True)
        unit = container
        if unit is None and focus.admin1:
            cc, admin1 = focus.admin1[0]
            if container_cc in (None, cc):
                unit = self.gazetteer.admin1(admin1, country_code=cc)
        if unit is None and focus.places:
            provinces = Counter(
                (p.country_code, p.admin1)
                for p in focus.places
                if p.admin1 and container_cc in (None, p.country_code)
            )
            if provinces:
                (cc, admin1), _ = provinces.most_common(1)[0]
                unit = self.gazetteer.admin1(admin1, country_code=cc)
        if unit is not None:
            # the province's place under the name as written (an empty one too)
            place = self._province_place(unit, location=name)
            return replace(place, location=name, unresolved=True)
        code = container_cc or (focus.countries[0] if focus.countries else None)
        found = self.gazetteer.country(code) if code else None
        return Place(
            location=name,
            country=found[0] if found else None,
            iso=found[2] if found else None,
            geo_precision=3,
            unresolved=True,
        )
