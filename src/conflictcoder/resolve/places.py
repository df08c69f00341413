"""Place resolution: a toponym as written (``PlaceRef``) -> an ACLED location (``Place``).

The article's *focus* (the countries and provinces it names, and the towns it names that
the gazetteer knows without doubt) chooses between places of the same name; the province
the text puts a place in ("in eastern Idlib province") restricts the choice, and the known
place the text locates it by ("Dardara village in the countryside of Ras al-Ain", its
*anchor*) breaks ties by distance. The word around it ("the X airbase", "X district")
prefers a kind of feature (``ontology/geo/feature_kinds.yaml``).

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

from dataclasses import replace

from ..geo import GazetteerEntry, ascii_name
from ..model import Place, PlaceRef
from .candidates import Where
from .focus import FocusFinder
from .place_context import PlaceContext
from .place_records import PlaceRecords
from .place_rules import (
    _LEADING_ARTICLE,
    _POSSESSIVE,
    FEATURE_KINDS_FILE,
    FeatureKind,
    Focus,
    load_feature_kinds,
)

__all__ = ["FEATURE_KINDS_FILE", "FeatureKind", "Focus", "PlaceResolver", "load_feature_kinds"]


class PlaceResolver(FocusFinder, PlaceContext, PlaceRecords):
    """Resolve place references against a gazetteer, using the article's focus.

    gazetteer (Gazetteer): the place index.

    Example:
        >>> resolver = PlaceResolver(gaz)
        >>> focus = resolver.focus("Jets struck Binnish in Idlib province, Syria.")
        >>> place = resolver.resolve(PlaceRef("Binnish", 12, 19), focus)
        >>> place.location, place.admin1, place.geo_precision
        ('Binnish', 'Idleb', 1)
    """

    def resolve(self, ref: PlaceRef, focus: Focus, *, country: str | None = None) -> Place:
        """The ACLED location of a place reference.

        ref (PlaceRef): the toponym with its qualifier, direction, container and kind.
        focus (Focus): the article's countries, provinces and places (from ``focus``).
        country (str | None): the article's country as the caller determined it (ACLED name
            or ISO alpha-2), put first among the focus countries (see ``with_country``).
        RETURNS (Place): the location; ``unresolved=True`` when no source knows the name.

        Example:
            >>> resolver = PlaceResolver(gaz)
            >>> ref = PlaceRef("Aleppo", 0, 6, qualifier="countryside", direction="southern",
            ...                kind="province")
            >>> place = resolver.resolve(ref, Focus(countries=("SY",)))
            >>> place.location, place.admin1, place.geo_precision
            ('southern Aleppo countryside', 'Aleppo', 3)
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
                shown = ascii_name(self.terms.strip_admin_terms(name)) if via_alias else unit.admin1
                location = " ".join(p for p in (ref.direction, shown, "countryside") if p)
                return self._province_place(unit, location=location)
        if ref.kind == "province" or self.terms.strip_admin_terms(name) != name:
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
        where = Where(container, container_cc, focus, anchor)
        candidates: list[GazetteerEntry] = []
        written = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", ref.name.strip()))
        if written != name:  # "Rukban Camp" may be a place of its own, apart from Rukban
            candidates = self._candidates(written, where, kind, locates=locates)
            if candidates:
                name = written
        if not candidates:
            candidates = self._candidates(name, where, kind, locates=locates)
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
        place = self._unresolved(shown, where, anchor_name)
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

    def _clean(self, name: str) -> str:
        """The toponym without "the", a possessive or a trailing "village"/"city"."""
        text = _LEADING_ARTICLE.sub("", name.strip())
        text = _POSSESSIVE.sub("", text)
        return self.terms.strip_place_terms(text)
