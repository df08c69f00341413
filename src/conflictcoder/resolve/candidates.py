"""Candidates: the gazetteer entries a name may be, the plausible ones among them, a
misspelt town's nearest key, and how a found place is written.
"""

from __future__ import annotations

from typing import NamedTuple

from rapidfuzz import fuzz, process

from ..geo import GazetteerEntry, ascii_name, name_key
from ..geo.countries import demonym_keys
from ..geo.names import NAME_RULES, exact_key
from .place_rules import (
    _WORD_BREAK,
    FeatureKind,
    Focus,
    PlaceSettings,
    _entry_km,
)


class Where(NamedTuple):
    """Where the text puts a name: the province it is in (``container``) and the country
    (``container_cc``), the article's focus, and the place the text anchors it to."""

    container: GazetteerEntry | None
    container_cc: str | None
    focus: Focus
    anchor: GazetteerEntry | None = None


class Candidates(PlaceSettings):
    """The candidate part of ``PlaceResolver``."""

    def _candidates(
        self,
        name: str,
        where: Where,
        kind: FeatureKind | None = None,
        *,
        locates: bool = False,
    ) -> list[GazetteerEntry]:
        """Places called ``name``, best first, restricted by the container or the focus;
        ``locates``: the text puts the place at ``anchor`` ("X in the countryside of Y")."""
        container, container_cc, focus, anchor = where
        entries = self.gazetteer.lookup(name, country_code=container_cc)
        if container is not None:
            entries = [e for e in entries if e.admin1 == container.admin1]
        else:
            country = self.gazetteer.country(name)
            if country is not None and name_key(name) not in demonym_keys():
                states = [
                    e for e in entries if e.feature_code == "PCLI" and e.country_code == country[1]
                ]
                if states:
                    return states
        exact = {e.place_id for e in self.gazetteer.lookup_exact(name, country_code=container_cc)}
        admin1_rank = {unit: i for i, unit in enumerate(focus.admin1)}
        country_rank = {cc: i for i, cc in enumerate(focus.countries)}
        far = len(focus.admin1) + len(focus.countries) + 1
        classes = (kind or self._default_kind).classes
        others = focus.places

        def near_others(entry: GazetteerEntry) -> int:
            distances = [
                _entry_km(entry, o)
                for o in others
                if o.place_id != entry.place_id
                and (o.geonameid is None or o.geonameid != entry.geonameid)
            ]
            if not distances:
                return 1
            return 0 if min(distances) <= self.near_km else 2

        def score(entry: GazetteerEntry) -> tuple[int, ...]:
            cls = entry.feature_class
            return (
                admin1_rank.get((entry.country_code, entry.admin1 or ""), far)
                if container is None
                else 0,
                country_rank.get(entry.country_code, far),
                0 if anchor is None or _entry_km(entry, anchor) <= self.near_km else 1,
                classes.index(cls) if cls in classes else len(classes),
                near_others(entry),
                entry.place_id not in exact,
                entry.rank,
                -entry.population,
            )

        ranked = sorted(entries, key=score)
        if focus.countries and container_cc is None and container is None:
            home = {focus.countries[0]} | {cc for cc, _ in focus.admin1}
            ranked = [
                e
                for e in ranked
                if self._plausible(name, e, e.place_id in exact, home, country_rank)
            ]
        elif container_cc is None and container is None and anchor is None:
            # nothing says which country: a small place known only by another spelling of one
            # of its alternate names is a guess (a village must not become a namesake abroad)
            ranked = [
                e
                for e in ranked
                if exact_key(e.name) == exact_key(name)
                or e.population >= self.min_unfocused_alias_population
            ]
        if container is None and focus.admin1 and (focus.places or anchor is not None):
            # a namesake outside the provinces the article names, far from every place it
            # names, is another place than the one meant
            near = [p for p in (anchor, *focus.places) if p is not None]
            provinces = set(focus.admin1)
            ranked = [
                e
                for e in ranked
                if e.feature_class == "A"
                or (e.country_code, e.admin1 or "") in provinces
                or any(_entry_km(e, p) <= self.far_km for p in near)
                # a large city spelled as its own name is meant wherever it is ("Moscow")
                or (
                    e.population >= self.min_foreign_population
                    and exact_key(e.name) == exact_key(name)
                )
            ]
        if locates and anchor is not None:
            # "X in the western countryside of Y": a namesake far from Y is another place
            ranked = [
                e
                for e in ranked
                if e.feature_class == "A" or _entry_km(e, anchor) <= self.anchor_km
            ]
        return ranked

    def _plausible(
        self,
        name: str,
        entry: GazetteerEntry,
        exact: bool,
        home: set[str],
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
        self,
        name: str,
        container: GazetteerEntry | None,
        focus: Focus,
        anchor: GazetteerEntry | None = None,
    ) -> GazetteerEntry | None:
        """The town of the container province (else of the focus provinces and of the
        article's known places) whose name is closest to a one-word ``name``, when close
        enough; near the anchor when there is one."""
        key = name_key(name)
        connectors = NAME_RULES.packaged().connectors
        words = [w for w in _WORD_BREAK.split(name) if w and w.lower() not in connectors]
        # one word only: "Maarat al-Naasan" is not "Maarat al-Numan" because most letters match
        if self.fuzzy_cutoff is None or len(key) < self.fuzzy_min_length or len(words) != 1:
            return None
        if container is not None and container.admin1:
            units = [(container.country_code, container.admin1)]
        else:
            units = list(focus.admin1)
            for place in (anchor, *focus.places):
                if (
                    place is not None
                    and place.admin1
                    and (place.country_code, place.admin1) not in units
                ):
                    units.append((place.country_code, place.admin1))
        best: tuple[float, GazetteerEntry] | None = None
        for cc, admin1 in units:
            keys, ids = self.gazetteer.fuzzy_index(cc, admin1).get(key[:1], ([], []))
            # best first; ties keep the larger town (the index is ordered by population)
            for _match, score, i in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_cutoff, limit=5
            ):
                town = self.gazetteer.entry(ids[i])
                if town is None or (anchor is not None and _entry_km(town, anchor) > self.near_km):
                    continue
                if best is None or score > best[0]:
                    best = (score, town)
                break
        return best[1] if best else None

    # ------------------------------------------------------------------ places

    def _shown(self, entry: GazetteerEntry, surface: str | None) -> str:
        """The location name: the naming source's, ACLED's for a capital, else the text's."""
        if entry.source in ("learned", "supplement", "ocha"):
            return entry.name
        # ACLED's own name of a capital, where admin1.csv gives one
        curated = entry.country_code in self.gazetteer.curated_countries()
        capital = self.gazetteer.capital_name(entry) if curated else None
        if capital:
            return capital
        if surface and self.location_spelling == "text":
            return ascii_name(surface)
        return ascii_name(entry.name)
