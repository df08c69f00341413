"""Place resolution: a toponym as written (``PlaceRef``) -> an ACLED location (``Place``).

The article's *focus* (the countries and provinces it names) chooses between places of the
same name; the province the text puts a place in ("in eastern Idlib province") restricts the
choice. ACLED's geo_precision: 1 the town itself or its outskirts, 2 near a town or part of
a region, 3 only the province known (coded at its capital). A name the gazetteer lacks keeps
its spelling and is coded at its province with precision 3 and ``unresolved=True``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..geo import Gazetteer, GazetteerEntry, ascii_name, name_key
from ..geo.gazetteer import country_names, demonym_keys, stop_names, strip_admin_terms
from ..geo.names import capitalised_ngrams, default_rules, exact_key
from ..model import Place, PlaceRef

__all__ = ["Focus", "PlaceResolver"]

_WORD_BREAK = re.compile(r"[\s\-]+")

# How much one mention counts towards an article's focus.
_COUNTRY_WEIGHT = 2
_DEMONYM_WEIGHT = 1  # "Russian jets" names an actor more often than the place
_ADMIN1_WEIGHT = 2


@dataclass(frozen=True)
class Focus:
    """The countries and provinces an article names, most mentioned first.

    countries (tuple[str, ...]): ISO alpha-2 codes.
    admin1 (tuple[tuple[str, str], ...]): (ISO alpha-2, ACLED admin1 name) pairs.
    """

    countries: tuple[str, ...] = ()
    admin1: tuple[tuple[str, str], ...] = ()


class PlaceResolver:
    """Resolve place references against a gazetteer, using the article's focus.

    gazetteer (Gazetteer): the place index.

    Example:
        >>> resolver = PlaceResolver(Gazetteer.open())
        >>> focus = resolver.focus("Jets struck Binnish in Idlib province, Syria.")
        >>> resolver.resolve(PlaceRef("Binnish", 12, 19), focus).geo_precision
        1
    """

    # A place outside the article's countries is taken only when its own name is spelled as
    # written and it is at least this populous ("talks in Geneva"); a smaller or differently
    # spelled namesake abroad is more likely a miss.
    min_foreign_population: int = 100_000
    # A one-word name the gazetteer lacks is matched to a town of its province whose key is at
    # least this similar (rapidfuzz ratio, 0-100): "Bennsh" is Binnish, "Saraqab" is Saraqib.
    # Keys shorter than ``fuzzy_min_length`` are never matched this way. None turns it off.
    fuzzy_cutoff: float | None = 85.0
    fuzzy_min_length: int = 5

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    # ------------------------------------------------------------------ focus

    def focus(self, text: str) -> Focus:
        """The countries (names, demonyms) and provinces ``text`` names, most mentioned first.

        A province counts for its country too. A province name shared by several countries
        ("Tripoli") counts for the one the text names, else is ignored.

        text (str): the article text.
        RETURNS (Focus): countries and provinces by weight, ties in order of appearance.

        Example:
            >>> resolver.focus("Syrian jets hit Idlib province.")
            Focus(countries=('SY',), admin1=(('SY', 'Idleb'),))
        """
        names = country_names()
        demonyms = demonym_keys()
        units = self.gazetteer.admin1_units()
        stops = stop_names()
        country_weight: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        province_hits: list[tuple[int, list[tuple[str, str]]]] = []
        for run in capitalised_ngrams(text):
            for start, _end, surface in run:
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
                if key in units:
                    province_hits.append((start, units[key]))
                    break
        named = set(country_weight)
        admin1_weight: Counter[tuple[str, str]] = Counter()
        admin1_first: dict[tuple[str, str], int] = {}
        for start, candidates in province_hits:
            chosen = candidates
            if len({cc for cc, _ in candidates}) > 1:
                chosen = [c for c in candidates if c[0] in named]
                if len({cc for cc, _ in chosen}) != 1:
                    continue
            for unit in chosen[:1]:
                admin1_weight[unit] += _ADMIN1_WEIGHT
                admin1_first.setdefault(unit, start)
                country_weight[unit[0]] += _ADMIN1_WEIGHT
                first_seen.setdefault(unit[0], start)
        countries = sorted(country_weight, key=lambda c: (-country_weight[c], first_seen[c]))
        provinces = sorted(admin1_weight, key=lambda u: (-admin1_weight[u], admin1_first[u]))
        return Focus(tuple(countries), tuple(provinces))

    # ------------------------------------------------------------------ resolve

    def resolve(self, ref: PlaceRef, focus: Focus) -> Place:
        """The ACLED location of a place reference.

        ref (PlaceRef): the toponym with its qualifier, direction, container and kind.
        focus (Focus): the article's countries and provinces (from ``focus``).
        RETURNS (Place): the location; ``unresolved=True`` when the gazetteer lacks the name.

        Example:
            >>> resolver.resolve(PlaceRef("Aleppo", 0, 6, qualifier="countryside",
            ...                           direction="southern", kind="province"), focus).location
            'southern Aleppo countryside'
        """
        name = ref.name.strip()
        container, container_cc = self._container(ref.container, focus)
        if ref.qualifier == "countryside":
            unit, via_alias = self._countryside_unit(name, container_cc, focus)
            if unit is not None:
                shown = ascii_name(strip_admin_terms(name)) if via_alias else unit.admin1
                location = " ".join(p for p in (ref.direction, shown, "countryside") if p)
                return self._province_place(unit, location=location)
        if ref.kind == "province":
            unit = self._admin1(name, container_cc, focus)
            if unit is not None:
                return self._province_place(unit)
        candidates = self._candidates(name, container, container_cc, focus)
        towns = [e for e in candidates if e.feature_class == "P"]
        if towns:
            precision = 1
            if ref.qualifier == "near" or ref.qualifier == "countryside" or ref.kind == "province":
                precision = 2
            return self._town_place(towns[0], precision)
        units = [e for e in candidates if e.feature_code == "ADM1"]
        if units:
            return self._province_place(units[0])
        states = [e for e in candidates if e.feature_code == "PCLI"]
        if states:
            return self._country_place(states[0])
        town = self._fuzzy_town(name, container, focus)
        if town is not None:
            near = ref.qualifier in ("near", "countryside") or ref.kind == "province"
            return self._town_place(town, 2 if near else 1)
        return self._unresolved(name, container, container_cc, focus)

    # ------------------------------------------------------------------ helpers

    def _container(
        self, text: str | None, focus: Focus
    ) -> tuple[GazetteerEntry | None, str | None]:
        """The province (and country) a reference's container names, if any."""
        if not text or not text.strip():
            return None, None
        unit = self._admin1(text, None, focus)
        if unit is not None:
            return unit, unit.country_code
        found = self.gazetteer.country(text)
        if found is not None:
            return None, found[1]
        return None, None

    def _admin1(self, name: str, country_code: str | None, focus: Focus) -> GazetteerEntry | None:
        """A province by name: in the given country, else a focus country, else anywhere."""
        if country_code:
            return self.gazetteer.admin1(name, country_code=country_code)
        for cc, admin1 in focus.admin1:
            unit = self.gazetteer.admin1(name, country_code=cc)
            if unit is not None and unit.admin1 == admin1:
                return unit
        for cc in focus.countries:
            unit = self.gazetteer.admin1(name, country_code=cc)
            if unit is not None:
                return unit
        return self.gazetteer.admin1(name)

    def _countryside_unit(
        self, name: str, country_code: str | None, focus: Focus
    ) -> tuple[GazetteerEntry | None, bool]:
        """The province of "<name> countryside": a unit named so ("Damascus countryside" is
        Rural Damascus), else the province called <name>. The flag says which."""
        unit = self._admin1(f"{strip_admin_terms(name)} countryside", country_code, focus)
        if unit is not None:
            return unit, True
        return self._admin1(name, country_code, focus), False

    def _candidates(
        self, name: str, container: GazetteerEntry | None, container_cc: str | None,
        focus: Focus,
    ) -> list[GazetteerEntry]:
        """Places called ``name``, best first, restricted by the container or the focus."""
        entries = self.gazetteer.lookup(name, country_code=container_cc)
        if container is not None:
            return [e for e in entries if e.admin1 == container.admin1]
        country = self.gazetteer.country(name)
        if country is not None and name_key(name) not in demonym_keys():
            states = [e for e in entries
                      if e.feature_code == "PCLI" and e.country_code == country[1]]
            if states:
                return states
        exact = set(self.gazetteer.lookup_exact(name, country_code=container_cc))
        admin1_rank = {unit: i for i, unit in enumerate(focus.admin1)}
        country_rank = {cc: i for i, cc in enumerate(focus.countries)}
        far = len(focus.admin1) + len(focus.countries) + 1

        def score(entry: GazetteerEntry) -> tuple[int, int, bool, bool, int]:
            return (
                admin1_rank.get((entry.country_code, entry.admin1 or ""), far),
                country_rank.get(entry.country_code, far),
                entry not in exact,
                entry.feature_class != "P",
                -entry.population,
            )

        ranked = sorted(entries, key=score)
        if focus.countries and container_cc is None:
            home = {focus.countries[0]} | {cc for cc, _ in focus.admin1}
            ranked = [e for e in ranked
                      if self._plausible(name, e, e in exact, home, country_rank)]
        return ranked

    def _plausible(
        self, name: str, entry: GazetteerEntry, exact: bool, home: set[str],
        focus_countries: dict[str, int],
    ) -> bool:
        """Whether a place fits an article about ``home``: any place there; elsewhere in the
        article's countries only one with that spelling; abroad only a large city whose own
        name (not an alternate name) is spelled as written ("Geneva", not "Alia" for Aley)."""
        if entry.country_code in home:
            return True
        if entry.country_code in focus_countries:
            return exact
        return (
            exact_key(entry.name) == exact_key(name)
            and entry.population >= self.min_foreign_population
        )

    def _fuzzy_town(
        self, name: str, container: GazetteerEntry | None, focus: Focus
    ) -> GazetteerEntry | None:
        """The town of the container province (else of the focus provinces) whose name is
        closest to a one-word ``name``, when close enough."""
        key = name_key(name)
        connectors = default_rules().connectors
        words = [w for w in _WORD_BREAK.split(name) if w and w.lower() not in connectors]
        # one word only: "Maarat al-Naasan" is not "Maarat al-Numan" because most letters match
        if self.fuzzy_cutoff is None or len(key) < self.fuzzy_min_length or len(words) != 1:
            return None
        units = ([(container.country_code, container.admin1)] if container and container.admin1
                 else list(focus.admin1))
        best: tuple[float, GazetteerEntry] | None = None
        for cc, admin1 in units:
            for town_key, town in self.gazetteer.town_keys(cc, admin1):
                if town_key[:1] != key[:1]:
                    continue
                score = fuzz.ratio(key, town_key, score_cutoff=self.fuzzy_cutoff)
                if score and (best is None or score > best[0]):
                    best = (score, town)
        return best[1] if best else None

    def _town_place(self, town: GazetteerEntry, precision: int) -> Place:
        return Place(
            location=self.gazetteer.capital_name(town) or ascii_name(town.name),
            country=town.country,
            iso=town.iso,
            admin1=town.admin1,
            admin2=town.admin2,
            latitude=town.latitude,
            longitude=town.longitude,
            geo_precision=precision,
            geonameid=town.geonameid,
        )

    def _province_place(self, unit: GazetteerEntry, *, location: str | None = None) -> Place:
        capital = self.gazetteer.capital(unit)
        return Place(
            location=location or (capital.name if capital else unit.name),
            country=unit.country,
            iso=unit.iso,
            admin1=unit.admin1,
            latitude=capital.latitude if capital else unit.latitude,
            longitude=capital.longitude if capital else unit.longitude,
            geo_precision=3,
            geonameid=capital.geonameid if capital and location is None else None,
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

    def _unresolved(
        self, name: str, container: GazetteerEntry | None, container_cc: str | None,
        focus: Focus,
    ) -> Place:
        unit = container
        if unit is None and focus.admin1:
            cc, admin1 = focus.admin1[0]
            if container_cc in (None, cc):
                unit = self.gazetteer.admin1(admin1, country_code=cc)
        if unit is not None:
            capital = self.gazetteer.capital(unit)
            return Place(
                location=name,
                country=unit.country,
                iso=unit.iso,
                admin1=unit.admin1,
                latitude=capital.latitude if capital else unit.latitude,
                longitude=capital.longitude if capital else unit.longitude,
                geo_precision=3,
                unresolved=True,
            )
        code = container_cc or (focus.countries[0] if focus.countries else None)
        found = self.gazetteer.country(code) if code else None
        return Place(
            location=name,
            country=found[0] if found else None,
            iso=found[2] if found else None,
            geo_precision=3,
            unresolved=True,
        )
