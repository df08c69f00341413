"""The article's focus (the places it is about) and its main country.

Runs after the parse and before extraction: the extractor resolves country-relative actors
("regime forces") against the country chosen here, and the resolvers fall back on it where
a place gives none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pycountry

from ..model import Article
from .places import Focus

# inter codes of actors that fight in their own country: rebels and militias
LOCAL_INTER = frozenset({2, 3, 4})


@dataclass(kw_only=True, eq=False, repr=False)
class CountryChooser:
    """Find an article's focus and choose its main country.

    places (PlaceResolver): gives the focus of a text.
    actors (ActorResolver): finds the actors an article names.
    sources (SourceCountries): the country an outlet covers.
    gazetteer (Gazetteer): country names by ISO code.
    default_country (str): ACLED name used when nothing else names a country; "" = none.

    Example:
        >>> from conflictcoder.model import Article
        >>> from conflictcoder.resolve.actors import ActorResolver
        >>> from conflictcoder.resolve.places import PlaceResolver
        >>> from conflictcoder.resolve.sources import SourceCountries
        >>> chooser = CountryChooser(places=PlaceResolver(gaz), actors=ActorResolver.load(),
        ...                          sources=SourceCountries.load(), gazetteer=gaz)
        >>> focus, country = chooser(Article("a1", "Jets struck Ariha in Idlib province."))
        >>> focus.admin1, country
        ((('SY', 'Idleb'),), 'Syria')
        >>> chooser(Article("a2", "HTS fighters stormed a checkpoint."))  # the group's home
        (Focus(countries=(), admin1=()), 'Syria')
    """

    places: Any
    actors: Any
    sources: Any
    gazetteer: Any
    default_country: str = ""

    def __call__(self, article: Article) -> tuple[Focus, str | None]:
        """The article's focus and its main country (ACLED name, None when unknown)."""
        hits = self.actors.find(article.text)  # once: the focus and the country need them
        focus = self.places.focus(without_actors(article.text, hits))
        country = self.country(
            focus,
            hits,
            self.sources.country(article.source, article.url),
            self.title_countries(article.title) if not focus.countries else (),
        )
        return focus, country

    def title_countries(self, title: str | None) -> tuple[str, ...]:
        """The countries an article's title names ("Dozens killed in Burkina village"), for
        an article whose text names none."""
        if not title:
            return ()
        return self.places.focus(without_actors(title, self.actors.find(title))).countries

    def country(
        self,
        focus: Focus,
        hits: Iterable[Any],
        source_country: str | None = None,
        title_countries: Sequence[str] = (),
    ) -> str | None:
        """ACLED country name of the article's main country.

        Where its events are is the best evidence: the provinces it names, then the home
        country of the rebels and militias it names (an article about the SDF is about
        Syria), then the one country its source covers (``source_country``: "SOHR" reports
        on Syria; see ``ontology/sources.yaml``), then the countries and demonyms it
        mentions, which come late since foreign forces ("Russian warplanes") are named
        wherever they fight, then those its title names (``title_countries``), and last
        the ``default_country`` setting. None when all of these are silent.
        """
        if focus.admin1:
            return self.country_name(focus.admin1[0][0])
        homes = Counter(
            hit.actor.country
            for hit in hits
            if not hit.generic and hit.actor.country and hit.actor.inter in LOCAL_INTER
        )
        if homes:
            return str(homes.most_common(1)[0][0])
        if source_country:
            return source_country
        named = focus.countries or tuple(title_countries)
        return (self.country_name(named[0]) if named else None) or (self.default_country or None)

    def country_name(self, code: str) -> str | None:
        """The ACLED name of the country with ISO alpha-2 ``code``."""
        found = self.gazetteer.country(code)
        if found:
            return str(found[0])
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return None
        return str(getattr(country, "common_name", None) or country.name)


def without_actors(text: str, hits: Iterable[Any]) -> str:
    """The text with actor names blanked out (offsets kept): "Russian warplanes" says who
    struck, not where, so it must not pull the article's focus to Russia.

    Example:
        >>> from conflictcoder.resolve.actors import ActorResolver
        >>> text = "Russian jets hit Ariha"
        >>> without_actors(text, ActorResolver.load().find(text))
        '             hit Ariha'
    """
    chars = list(text)
    for hit in hits:
        chars[hit.start : hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)
