"""Place context: what the words around a name say of it (the province or town that contains
it, "near", "the countryside of", a direction from an anchor town).
"""

from __future__ import annotations

from ..geo import GazetteerEntry, name_key
from ..geo.countries import country_names
from ..geo.names import NAME_RULES
from ..model import PlaceRef
from ..text import word_tokens
from .place_rules import (
    _SENTENCE_END,
    Focus,
    PlaceSettings,
)


class PlaceContext(PlaceSettings):
    """The context part of ``PlaceResolver``."""

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
        glue = self.terms.anchor_words
        connectors = NAME_RULES.packaged().connectors
        home = {country_code} if country_code else self._home(focus)
        tokens = [t.text for t in word_tokens(window)]
        rural, within = self.terms.countryside_words, self.terms.container_words
        stops = self.terms.stops
        countryside = False  # "in rural Damascus", "in the countryside of Damascus"
        inside = False  # "X in Idlib", not "Idlib and Aleppo"
        # the first known place; a province named after it in which it does not lie says it
        # is a namesake ("X in Qanawat area in Damascus" is not Qanawat of As-Sweida)
        pending: tuple[GazetteerEntry, str, bool] | None = None
        locating = self.terms.locating_words
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
        unit = self._admin1(
            f"{self.terms.strip_admin_terms(name)} countryside", country_code, focus
        )
        if unit is not None:
            return unit, True
        return self._admin1(name, country_code, focus), False

    def _is_province(self, name: str, home: set[str] | None) -> bool:
        key = name_key(self.terms.strip_admin_terms(name))
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
        if name.casefold() in self.terms.stops or name_key(name) in country_names():
            return None
        for entry in self.gazetteer.lookup(name):
            if home is not None and entry.country_code not in home:
                continue
            if entry.feature_class != "A" or entry.feature_code in ("ADM2", "ADM3"):
                return entry
            return None  # a province: the container, not an anchor
        return None
