"""Focus: the places, provinces and countries an article is about, which decide between
namesakes everywhere else in it.
"""

from __future__ import annotations

from collections import Counter

from ..geo import GazetteerEntry, name_key
from ..geo.countries import country_names, demonym_keys
from ..geo.dateline import dateline_span
from ..geo.names import capitalised_ngrams, exact_key
from .place_rules import (
    _ADMIN1_WEIGHT,
    _COUNTRY_WEIGHT,
    _DEMONYM_WEIGHT,
    _TOWN_WEIGHT,
    Focus,
    PlaceSettings,
    _entry_km,
    _names_province,
    _names_unit,
)


class FocusFinder(PlaceSettings):
    """The focus part of ``PlaceResolver``: ``focus`` and ``with_country``."""

    # ------------------------------------------------------------------ focus

    def focus(self, text: str) -> Focus:
        """The countries (names, demonyms) and provinces ``text`` names, most mentioned first,
        and the places it names that the gazetteer knows without doubt.

        A province counts for its country too. A province name shared by several countries
        ("Tripoli") counts for the one the text names, else is ignored. The place of a wire
        dateline ("BAMAKO (Reuters) -") is where the report was filed: it counts for its
        country, but its province comes after every province the story names, and its town
        is no known place of the story.

        text (str): the article text.
        RETURNS (Focus): countries and provinces by weight, ties in order of appearance.

        Example:
            >>> from conflictcoder.resolve.places import PlaceResolver
            >>> resolver = PlaceResolver(gaz)
            >>> resolver.focus("Syrian jets hit Idlib province.")
            Focus(countries=('SY',), admin1=(('SY', 'Idleb'),))
        """
        names = country_names()
        demonyms = demonym_keys()
        units = self.gazetteer.admin1_units()
        stops = self.terms.stops
        country_weight: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        # (where, the units so called, whether the name says it is a province)
        province_hits: list[tuple[int, list[tuple[str, str]], bool]] = []
        dateline = dateline_span(text)
        filed_at = dateline[1] if dateline else -1
        for run in capitalised_ngrams(text):
            for start, end, surface in run:
                if start < filed_at and surface.isupper():
                    surface = surface.title()  # "BAMAKO": the capitals of a dateline
                if surface.casefold() in stops:
                    continue
                key = name_key(surface)
                parts = [key]
                if " " not in surface and "-" in surface:  # "Iranian-backed", "Syrian-Turkish"
                    parts += [name_key(p) for p in surface.split("-") if p]
                hit = False
                for part in parts:
                    cc = names.get(part)
                    if cc is not None:
                        weight = _DEMONYM_WEIGHT if part in demonyms else _COUNTRY_WEIGHT
                        country_weight[cc] += weight
                        first_seen.setdefault(cc, start)
                        hit = True
                if hit:
                    break
                if _names_unit(text, end, self._unit_nouns):
                    break  # "the Al Shamal brigade" names a unit, not a place
                if key in units and (" " in surface or self._spelled_as_unit(surface)):
                    # one word must be spelled as the province is ("Some" is not Sumy)
                    said = " " in surface or _names_province(text, end, self.terms)
                    province_hits.append((start, units[key], said))
                    break
        named = set(country_weight)
        admin1_weight: Counter[tuple[str, str]] = Counter()
        admin1_first: dict[tuple[str, str], int] = {}
        curated = self.gazetteer.curated_countries()
        filed: list[tuple[str, str]] = []  # the dateline's province
        for start, candidates, said in province_hits:
            # a one-word unit of a country the packaged table does not cover counts only
            # where the text names its country or calls it a province ("Zamfara State"):
            # thousands of such units share a name with common words ("Grad rockets")
            chosen = [c for c in candidates if said or c[0] in curated or c[0] in named]
            if not chosen:
                continue
            if len({cc for cc, _ in chosen}) > 1:
                chosen = [c for c in chosen if c[0] in named]
                if len({cc for cc, _ in chosen}) != 1:
                    continue
            for unit in chosen[:1]:
                if start < filed_at:
                    filed.append(unit)
                    country_weight[unit[0]] += _ADMIN1_WEIGHT
                    first_seen.setdefault(unit[0], start)
                    continue
                admin1_weight[unit] += _ADMIN1_WEIGHT
                admin1_first.setdefault(unit, start)
                country_weight[unit[0]] += _ADMIN1_WEIGHT
                first_seen.setdefault(unit[0], start)
        if not country_weight:
            # no country, demonym or province named: the large towns it names ("in Kabul")
            for cc, start in self._city_countries(text):
                country_weight[cc] += _TOWN_WEIGHT
                first_seen.setdefault(cc, start)
        countries = sorted(country_weight, key=lambda c: (-country_weight[c], first_seen[c]))
        provinces = sorted(admin1_weight, key=lambda u: (-admin1_weight[u], admin1_first[u]))
        provinces += [u for u in dict.fromkeys(filed) if u not in admin1_weight]
        home = ({countries[0]} | {cc for cc, _ in provinces}) if countries else set()
        places = self._known_places(text, home) if home else ()
        return Focus(tuple(countries), tuple(provinces), places, text)

    def _city_countries(self, text: str) -> list[tuple[str, int]]:
        """(country, where) of each large town ``text`` names, spelled as the town's own
        name and of ``min_foreign_population`` or more, when no namesake as large lies in
        another country ("Tripoli" is Libya's and Lebanon's)."""
        found = []
        for start, _end, surface in self.gazetteer.spans(text):
            towns = [
                e
                for e in self.gazetteer.lookup_exact(surface)
                if e.feature_class == "P"
                and e.population >= self.min_foreign_population
                and exact_key(e.name) == exact_key(surface)
            ]
            if len({e.country_code for e in towns}) == 1:
                found.append((towns[0].country_code, start))
        return found

    def _spelled_as_unit(self, word: str) -> bool:
        return any(e.feature_code == "ADM1" for e in self.gazetteer.lookup_exact(word))

    def _known_places(self, text: str, home: set[str]) -> tuple[GazetteerEntry, ...]:
        """Places of ``home`` countries the text names whose every namesake there lies
        within ``same_place_km`` of the first: no doubt which place is meant; not the place
        of the dateline."""
        found: list[GazetteerEntry] = []
        seen: set[tuple[float, float]] = set()
        dateline = dateline_span(text)
        filed_at = dateline[1] if dateline else -1
        for start, _end, surface in self.gazetteer.spans(text):
            if start < filed_at:
                continue  # where the report was filed, not a place of the story
            key = name_key(surface)
            if key in country_names() or key in self.gazetteer.admin1_units():
                continue
            entries = [
                e
                for e in self.gazetteer.lookup(surface)
                if e.country_code in home and e.feature_class != "A"
            ]
            if not entries:
                continue
            first = entries[0]
            point = (first.latitude, first.longitude)
            if point not in seen and all(
                _entry_km(first, e) <= self.near_km / 4 for e in entries[1:]
            ):
                seen.add(point)
                found.append(first)
        return tuple(found)

    # ------------------------------------------------------------------ resolve

    def with_country(self, focus: Focus, country: str | None) -> Focus:
        """``focus`` with the article's country (as the caller determined it, from the
        armed groups it names for instance) first among its countries.

        country (str | None): ACLED country name or ISO alpha-2 code; None changes nothing.
        RETURNS (Focus): the same focus when the country is unknown or already first.

        Example:
            >>> from conflictcoder.resolve.places import PlaceResolver
            >>> resolver = PlaceResolver(gaz)
            >>> resolver.with_country(Focus(countries=("TR",)), "Syria").countries
            ('SY', 'TR')
        """
        if not country:
            return focus
        found = self.gazetteer.country(country)
        if found is None or (focus.countries and focus.countries[0] == found[1]):
            return focus
        key = (id(focus), found[1])
        cached = self._refocused.get(key)
        if cached is not None and cached[0] is focus:
            return cached[1]
        countries = (found[1], *(c for c in focus.countries if c != found[1]))
        home = {found[1]} | {cc for cc, _ in focus.admin1}
        places = self._known_places(focus.text, home) if focus.text else ()
        refocused = Focus(countries, focus.admin1, places, focus.text)
        if len(self._refocused) > 64:
            self._refocused.clear()
        self._refocused[key] = (focus, refocused)
        return refocused
