"""Place resolution: a toponym as written (``PlaceRef``) -> an ACLED location (``Place``).

The article's *focus* (the countries and provinces it names, and the towns it names that
the gazetteer knows without doubt) chooses between places of the same name; the province
the text puts a place in ("in eastern Idlib province") restricts the choice, and the known
place the text locates it by ("Dardara village in the countryside of Ras al-Ain", its
*anchor*) breaks ties by distance. The word around it ("the X airbase", "X district")
prefers a kind of feature (``geo/data/feature_kinds.yaml``).

ACLED's geo_precision: 1 the town itself or its outskirts, 2 near a town, an area around it
or a terrain feature, 3 only the province known (coded at its capital). A name no source
knows keeps its spelling, flagged ``unresolved``: it is placed at its anchor when the text
gives one, else at the capital of its province ("X in Idlib", "X in rural Damascus"), with the
precision of the unit it is placed at (2 at its anchor, 3 at a province), since that is what
its coordinates are; ``unresolved_precision = "text"`` codes the precision the text gives it
instead (1 a town, 2 near a town or an area), as ACLED codes villages its gazetteer holds.

The location is written as the source that knows the place names it (a learned event
dataset, OCHA, the user's supplement); for GeoNames places, as the text spells it (ACLED
keeps the reports' usual spelling), or GeoNames' own spelling with
``location_spelling = "gazetteer"``. Provincial capitals take ACLED's name ("Idleb").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import OntologyError
from ..geo import Gazetteer, GazetteerEntry, ascii_name, name_key
from ..geo.countries import country_names, demonym_keys
from ..geo.names import DATA_DIR, capitalised_ngrams, default_rules, exact_key
from ..geo.terms import (
    _place_terms,
    anchor_words,
    container_words,
    countryside_words,
    locating_words,
    stop_names,
    strip_admin_terms,
    strip_place_terms,
)
from ..model import Place, PlaceRef
from ..ontology import ONTOLOGY_DIR, WordLists, line_of, load_yaml

__all__ = ["Focus", "PlaceResolver", "load_feature_kinds"]

FEATURE_KINDS_FILE = DATA_DIR / "feature_kinds.yaml"
_WORD_BREAK = re.compile(r"[\s\-]+")
# Words and punctuation after a toponym, to find its anchor.
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)?|[^\w\s]")
_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)|\n")
_LEADING_ARTICLE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")

# How much one mention counts towards an article's focus.
_COUNTRY_WEIGHT = 2
_DEMONYM_WEIGHT = 1  # "Russian jets" names an actor more often than the place
_ADMIN1_WEIGHT = 2
_TOWN_WEIGHT = 1  # a large town named, when nothing else says which country
_FEATURE_CLASSES = frozenset("PSTLAHV")


@dataclass(frozen=True)
class FeatureKind:
    """What a kind word says: feature classes to prefer (best first) and the precision of a
    town found under it (None: the usual 1)."""

    classes: tuple[str, ...]
    precision: int | None = None
    city_part: bool = False
    building: bool = False


def load_feature_kinds(
    path: str | Path = FEATURE_KINDS_FILE,
) -> tuple[FeatureKind, dict[str, FeatureKind]]:
    """Load ``feature_kinds.yaml``: (the default, kind word -> FeatureKind).

    Raises OntologyError naming the file and line of a bad entry.

    Example:
        >>> default, kinds = load_feature_kinds()
        >>> kinds["airbase"].classes[0], kinds["district"].precision
        ('S', 2)
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise OntologyError(path, "expected 'default' and a 'kinds' mapping")

    def parse(entry: object, where: str) -> FeatureKind:
        line = line_of(entry)
        if not isinstance(entry, dict):
            raise OntologyError(
                path, f"{where}: expected {{classes: [...], precision: N}}", line=line
            )
        classes = entry.get("classes")
        if (
            not isinstance(classes, list)
            or not classes
            or not all(isinstance(c, str) and c in _FEATURE_CLASSES for c in classes)
        ):
            raise OntologyError(
                path,
                f"{where}: classes must be a list of GeoNames feature classes "
                f"({', '.join(sorted(_FEATURE_CLASSES))}), got {classes!r}",
                line=line,
            )
        precision = entry.get("precision")
        if precision is not None and precision not in (1, 2, 3):
            raise OntologyError(
                path, f"{where}: precision must be 1, 2 or 3, got {precision!r}", line=line
            )
        flags = []
        for flag in ("city_part", "building"):
            value = entry.get(flag, False)
            if not isinstance(value, bool):
                raise OntologyError(path, f"{where}: {flag} must be true or false", line=line)
            flags.append(value)
        return FeatureKind(tuple(classes), precision, *flags)

    default = parse(data.get("default"), "default")
    kinds = {str(k).lower(): parse(v, str(k)) for k, v in data["kinds"].items() if k != "__line__"}
    return default, kinds


@lru_cache(maxsize=1)
def _feature_kinds() -> tuple[FeatureKind, dict[str, FeatureKind]]:
    return load_feature_kinds()


@dataclass(frozen=True)
class Focus:
    """The countries and provinces an article names, most mentioned first.

    countries (tuple[str, ...]): ISO alpha-2 codes.
    admin1 (tuple[tuple[str, str], ...]): (ISO alpha-2, ACLED admin1 name) pairs.
    places (tuple[GazetteerEntry, ...]): places the article names that the gazetteer knows
        without doubt, in text order (for distances between an article's places).
    text (str): the article text (for the words around a reference).
    """

    countries: tuple[str, ...] = ()
    admin1: tuple[tuple[str, str], ...] = ()
    places: tuple[GazetteerEntry, ...] = field(default=(), compare=False, repr=False)
    text: str = field(default="", compare=False, repr=False)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


@lru_cache(maxsize=1)
def _unit_nouns() -> frozenset[str]:
    return frozenset(WordLists(ONTOLOGY_DIR / "places.yaml", "places").words("unit_nouns"))


def _names_province(text: str, end: int) -> bool:
    """Whether the word after ``text[:end]`` says the name before it is a province's
    ("Zamfara State", "Sumy oblast"): a suffix of ``admin_terms.yaml``."""
    following = _NEXT_WORD.match(text, end)
    return following is not None and strip_admin_terms("x " + following.group(1)) == "x"


def _names_unit(text: str, end: int) -> bool:
    """Whether the word after ``text[:end]`` makes the name before it an armed unit's."""
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).casefold() in _unit_nouns()


def _entry_km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    return _km(a.latitude, a.longitude, b.latitude, b.longitude)


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
    # With no country in view (no focus, container or anchor), a place matched only by an
    # alternate name needs this many inhabitants.
    min_unfocused_alias_population: int = 10_000
    # A one-word name no source knows is matched to a town of its province (or near its
    # anchor) whose key is at least this similar (rapidfuzz ratio, 0-100): "Bennsh" is
    # Binnish, "Saraqab" is Saraqib. Set by measurement (docs/gazetteer.md). Keys shorter than
    # ``fuzzy_min_length`` are never matched this way. None turns it off.
    fuzzy_cutoff: float | None = 85.0
    fuzzy_min_length: int = 5
    # A place this close to the anchor or to the article's other places counts as near them.
    near_km: float = 40.0
    # A namesake outside the article's provinces and this far from all its places is not meant.
    far_km: float = 100.0
    # A namesake this far from the known place the text locates it by ("X in the countryside
    # of Y", "X east of Y") is not meant either: X is then a place no source knows, near Y.
    anchor_km: float = 50.0
    # Two entries of one name this close together are one place (a learned copy of a
    # GeoNames town): the better-ranked source names it.
    same_place_km: float = 5.0
    # How GeoNames places are written: "text" (as the report spells them) or "gazetteer".
    location_spelling: str = "text"
    # A name no source knows, located by a known place ("X in the countryside of Y"): coded
    # at Y with precision 2 and written as Y ("anchor", ACLED's practice), or written as X
    # ("toponym"). Either way it is flagged unresolved.
    unknown_near_anchor: str = "toponym"
    # The geo_precision of a name no source knows: "unit" codes the unit its coordinates are
    # (2 at its anchor, 3 at its province or country: issue 3's rule); "text" codes what the
    # report says of it (1 a town, 2 near a town or an area), as ACLED codes the villages its
    # gazetteer holds, leaving the ``unresolved`` flag to say the coordinates are a unit's.
    unresolved_precision: str = "unit"
    # Parts of towns at least this populous are written "Aleppo - Al-Zahraa" (ACLED's usage).
    city_part_min_population: int = 300_000

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._default_kind, self._kinds = _feature_kinds()
        self._unit_cache: dict[tuple[str, str | None, float, float], GazetteerEntry | None] = {}
        self._refocused: dict[tuple[int, str], tuple[Focus, Focus]] = {}
        self._resolved: dict[tuple[object, ...], tuple[Focus, Place]] = {}
        self._place_words = _place_terms()
        self._town_words = frozenset(
            k
            for k, v in self._kinds.items()
            if v.classes[0] == "P" and not v.city_part and v.precision is None
        )

    # ------------------------------------------------------------------ focus

    def focus(self, text: str) -> Focus:
        """The countries (names, demonyms) and provinces ``text`` names, most mentioned first,
        and the places it names that the gazetteer knows without doubt.

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
        # (where, the units so called, whether the name says it is a province)
        province_hits: list[tuple[int, list[tuple[str, str]], bool]] = []
        for run in capitalised_ngrams(text):
            for start, end, surface in run:
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
                if _names_unit(text, end):
                    break  # "the Al Shamal brigade" names a unit, not a place
                if key in units and (" " in surface or self._spelled_as_unit(surface)):
                    # one word must be spelled as the province is ("Some" is not Sumy)
                    said = " " in surface or _names_province(text, end)
                    province_hits.append((start, units[key], said))
                    break
        named = set(country_weight)
        admin1_weight: Counter[tuple[str, str]] = Counter()
        admin1_first: dict[tuple[str, str], int] = {}
        curated = self.gazetteer.curated_countries()
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
        within ``same_place_km`` of the first: no doubt which place is meant."""
        found: list[GazetteerEntry] = []
        seen: set[tuple[float, float]] = set()
        for _start, _end, surface in self.gazetteer.spans(text):
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

    def resolve(self, ref: PlaceRef, focus: Focus, *, country: str | None = None) -> Place:
        """The ACLED location of a place reference.

        ref (PlaceRef): the toponym with its qualifier, direction, container and kind.
        focus (Focus): the article's countries, provinces and places (from ``focus``).
        country (str | None): the article's country as the caller determined it (ACLED name
            or ISO alpha-2), put first among the focus countries (see ``with_country``).
        RETURNS (Place): the location; ``unresolved=True`` when no source knows the name.

        Example:
            >>> resolver.resolve(PlaceRef("Aleppo", 0, 6, qualifier="countryside",
            ...                           direction="southern", kind="province"), focus).location
            'southern Aleppo countryside'
        """
        focus = self.with_country(focus, country)
        # News repeats names: one article, or articles with the same focus, resolve a
        # reference once. The words around it matter only when the focus holds the text.
        key = (
            ref.name,
            ref.qualifier,
            ref.direction,
            ref.container,
            ref.kind,
            (ref.start, ref.end, id(focus)) if focus.text else None,
            focus.countries,
            focus.admin1,
            tuple(p.place_id for p in focus.places),
            (
                self.location_spelling,
                self.unknown_near_anchor,
                self.fuzzy_cutoff,
                self.far_km,
                self.near_km,
            ),
        )
        cached = self._resolved.get(key)
        if cached is not None and (not focus.text or cached[0] is focus):
            return cached[1]
        place = self._resolve(ref, focus)
        if len(self._resolved) >= 65_536:
            self._resolved.clear()
        self._resolved[key] = (focus, place)
        return place

    def _resolve(self, ref: PlaceRef, focus: Focus) -> Place:
        name = self._clean(ref.name)
        container, container_cc = self._container(ref.container, focus)
        near_town: tuple[GazetteerEntry, str] | None = None
        if container is None and container_cc is None and ref.container:
            town_name = self._clean(ref.container)
            town = self._anchor_entry(town_name, self._home(focus))
            if town is not None:
                near_town = (town, town_name)
                container_cc = town.country_code
        if ref.qualifier == "countryside":
            unit, via_alias = self._countryside_unit(name, container_cc, focus)
            if unit is not None:
                shown = ascii_name(strip_admin_terms(name)) if via_alias else unit.admin1
                location = " ".join(p for p in (ref.direction, shown, "countryside") if p)
                return self._province_place(unit, location=location)
        if ref.kind == "province" or strip_admin_terms(name) != name:
            # "Idlib", or a name that says it is a province ("Idlib province"); a part of it
            # ("southern Idlib province") is its countryside, as ACLED writes it
            unit = self._admin1(name, container_cc, focus)
            if unit is not None:
                part = (
                    f"{ref.direction} {unit.admin1} countryside"
                    if ref.direction and unit.admin1
                    else None
                )
                return self._province_place(unit, location=part)
        kind = self._kinds.get((ref.kind or "").lower(), self._default_kind)
        last_word = ref.name.split()[-1].lower() if ref.name.split() else ""
        if last_word in self._kinds and (
            self._kinds[last_word].city_part or self._kinds[last_word].building
        ):
            kind = self._kinds[last_word]
        located = None if near_town else self._locators(ref, focus, container_cc)
        if container is None and isinstance(located, GazetteerEntry):
            # "X in Idlib", "X in the countryside of Aleppo": the province the text puts it in
            container, container_cc = located, located.country_code
        anchored = (*near_town, True) if near_town else located
        anchor, anchor_name, locates = (
            anchored if isinstance(anchored, tuple) else (None, None, False)
        )
        if kind.city_part and anchor is not None and anchor.feature_class == "P":
            return self._city_part(name, anchor, anchor_name)
        if kind.building and locates and anchor is not None and anchor.feature_class == "P":
            # "the X Hotel in Mogadishu": ACLED codes the town, exactly
            return self._entry_place(anchor, 1, self._shown(anchor, anchor_name))
        candidates: list[GazetteerEntry] = []
        written = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", ref.name.strip()))
        if written != name:  # "Rukban Camp" may be a place of its own, apart from Rukban
            candidates = self._candidates(
                written, container, container_cc, focus, anchor, kind, locates=locates
            )
            if candidates:
                name = written
        if not candidates:
            candidates = self._candidates(
                name, container, container_cc, focus, anchor, kind, locates=locates
            )
        sites = [e for e in candidates if e.feature_class != "A"]
        shown = name
        if written != name and self._facility(written):
            shown = written  # "Rukban Camp" is the camp at Rukban: ACLED names the camp
        if sites:
            return self._site_place(sites[0], candidates, shown, ref, kind)
        units = [e for e in candidates if e.feature_code == "ADM1"]
        if units:
            return self._province_place(units[0])
        states = [e for e in candidates if e.feature_code == "PCLI"]
        if states:
            return self._country_place(states[0])
        local = [e for e in candidates if e.feature_code in ("ADM2", "ADM3")]
        if local:
            return self._entry_place(local[0], 2, local[0].name)
        town = self._fuzzy_town(name, container, focus, anchor)
        if town is not None:
            near = ref.qualifier in ("near", "countryside") or kind.precision == 2
            return self._entry_place(town, 2 if near else 1, self._shown(town, name))
        place = self._unresolved(shown, container, container_cc, focus, anchor, anchor_name)
        named_by_anchor = (
            anchor is not None
            and self.unknown_near_anchor == "anchor"
            and (container is None or anchor.admin1 == container.admin1)
        )
        if self.unresolved_precision == "text" and not named_by_anchor:
            near = ref.qualifier in ("near", "countryside") or kind.precision == 2
            place = replace(place, geo_precision=2 if near else 1)
        return place

    # ------------------------------------------------------------------ helpers

    def _facility(self, written: str) -> bool:
        """Whether the last word of a name says it is a spot of its own ("Rukban Camp", "X
        Airport"): a kind whose preferred feature class is S in ``feature_kinds.yaml``."""
        words = written.split()
        kind = self._kinds.get(words[-1].lower()) if len(words) > 1 else None
        return kind is not None and kind.classes[0] == "S"

    @staticmethod
    def _clean(name: str) -> str:
        """The toponym without "the", a possessive or a trailing "village"/"city"."""
        text = _LEADING_ARTICLE.sub("", name.strip())
        text = _POSSESSIVE.sub("", text)
        return strip_place_terms(text)

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

    def _locators(
        self, ref: PlaceRef, focus: Focus, country_code: str | None
    ) -> tuple[GazetteerEntry, str, bool] | GazetteerEntry | None:
        """What the words after the reference locate it by: a known place with its spelling
        (the anchor) and whether a locating word ("in", "near", "countryside of") comes
        before it, not just "and", or a province (an ADM1 entry), or nothing."""
        text = focus.text
        if not text or not (0 <= ref.start < ref.end <= len(text)):
            return None
        if text[ref.start : ref.end].strip() != ref.name.strip():
            return None  # offsets from another text
        end = _SENTENCE_END.search(text, ref.end)
        window = text[ref.end : end.start() if end else len(text)][:240]
        glue = anchor_words()
        connectors = default_rules().connectors
        home = {country_code} if country_code else self._home(focus)
        tokens = [m.group() for m in _TOKEN.finditer(window)]
        rural, within = countryside_words(), container_words()
        stops = stop_names()
        countryside = False  # "in rural Damascus", "in the countryside of Damascus"
        inside = False  # "X in Idlib", not "Idlib and Aleppo"
        # the first known place; a province named after it in which it does not lie says it
        # is a namesake ("X in Qanawat area in Damascus" is not Qanawat of As-Sweida)
        pending: tuple[GazetteerEntry, str, bool] | None = None
        locating = locating_words()
        locates = False
        i = 0
        while i < len(tokens):
            word = tokens[i]
            folded = word.casefold()
            if folded in glue or word in {",", "-", "'s", "’s"} or word[0].isdigit():
                countryside = countryside or folded in rural
                inside = inside or folded in within
                locates = locates or folded in locating
                i += 1
                continue
            if not (word[0].isupper() or (folded.split("-")[0] in connectors and "-" in word)):
                return pending  # another clause begins
            j = i + 1
            while j < len(tokens) and (
                tokens[j][0].isupper() or tokens[j].casefold() in connectors
            ):
                j += 1
            run = tokens[i:j]
            # "Mogadishu on Friday": a stop word ends the name, with the connector before it
            stop = next((k for k, w in enumerate(run) if k and w.casefold() in stops), None)
            if stop is not None:
                run = run[:stop]
            while run and run[-1].casefold() in connectors:
                run.pop()
            # the whole run names the anchor ("Tal" of "Tal Jammeh" is another place), less
            # words that say what it is ("Ras al-Ain District", "Aleppo City")
            length = len(run)
            while length > 1 and run[length - 1].casefold() in self._place_words:
                length -= 1
            surface = " ".join(run[:length])
            following = tokens[i + length].casefold() if i + length < len(tokens) else ""
            if self._is_province(surface, home) and following not in self._town_words:
                # "in Idlib": the province, a container and no anchor
                if not inside or self._is_province(ref.name, home):
                    return pending
                if countryside or following in rural:
                    unit = self._countryside_unit(surface, country_code, focus)[0]
                else:
                    unit = self._admin1(surface, country_code, focus)
                if pending is not None and (unit is None or pending[0].admin1 == unit.admin1):
                    return pending
                return unit
            found = self._anchor_entry(surface, home) if surface and pending is None else None
            if found is not None:
                pending = (found, surface, locates)
            countryside = False
            i = j
        return pending

    def _is_province(self, name: str, home: set[str] | None) -> bool:
        key = name_key(strip_admin_terms(name))
        return any(
            home is None or cc in home for cc, _ in self.gazetteer.admin1_units().get(key, [])
        )

    @staticmethod
    def _home(focus: Focus) -> set[str] | None:
        """The article's main country and the countries of the provinces it names."""
        if not focus.countries:
            return None
        return {focus.countries[0]} | {cc for cc, _ in focus.admin1}

    def _anchor_entry(self, name: str, home: set[str] | None) -> GazetteerEntry | None:
        if name.casefold() in stop_names() or name_key(name) in country_names():
            return None
        for entry in self.gazetteer.lookup(name):
            if home is not None and entry.country_code not in home:
                continue
            if entry.feature_class != "A" or entry.feature_code in ("ADM2", "ADM3"):
                return entry
            return None  # a province: the container, not an anchor
        return None

    def _candidates(
        self,
        name: str,
        container: GazetteerEntry | None,
        container_cc: str | None,
        focus: Focus,
        anchor: GazetteerEntry | None = None,
        kind: FeatureKind | None = None,
        *,
        locates: bool = False,
    ) -> list[GazetteerEntry]:
        """Places called ``name``, best first, restricted by the container or the focus;
        ``locates``: the text puts the place at ``anchor`` ("X in the countryside of Y")."""
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
        connectors = default_rules().connectors
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

    def _unresolved(
        self,
        name: str,
        container: GazetteerEntry | None,
        container_cc: str | None,
        focus: Focus,
        anchor: GazetteerEntry | None = None,
        anchor_name: str | None = None,
    ) -> Place:
        """A name no source knows: near its anchor (precision 2), else at the capital of the
        province the text (or the article) puts it in, else in the article's country."""
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
            capital = self.gazetteer.capital(unit)
            pcode = unit.admin1_pcode or (
                self.gazetteer.admin1_pcode(unit.country_code, unit.admin1) if unit.admin1 else None
            )
            return Place(
                location=name,
                country=unit.country,
                iso=unit.iso,
                admin1=unit.admin1,
                latitude=capital.latitude if capital else unit.latitude,
                longitude=capital.longitude if capital else unit.longitude,
                geo_precision=3,
                unresolved=True,
                admin1_pcode=pcode,
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
