"""The ``Coder``: wires the stages into ``Coder().code(article) -> list[Event]``.

clean -> nlp -> extract -> resolve -> merge, in that order; each stage gets plain records
from the one before. Heavy resources (spaCy pipeline, gazetteer, lexicons) load once, on
first use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import islice

import pycountry
from spacy.language import Language

from .config import Settings, load_settings
from .extract import Extractor, split_paragraphs
from .geo import Gazetteer
from .model import Article, Event
from .nlp import load_nlp
from .resolve.actors import ActorResolver
from .resolve.events import EventResolver
from .resolve.places import Focus, PlaceResolver

# articles parsed together through nlp.pipe
_BATCH = 32
# inter codes of actors that fight in their own country: rebels and militias
_LOCAL_INTER = {2, 3, 4}


class Coder:
    """Code articles into ACLED-schema events.

    settings (Settings | None): pipeline settings. Defaults to the packaged defaults.

    Example:
        >>> coder = Coder()
        >>> events = coder.code(Article(id="a1", text="On Monday, regime helicopters "
        ...     "dropped barrel bombs on Kafr Nabl in southern Idlib province.",
        ...     published=date(2019, 12, 17)))
        >>> events[0].sub_event_type, events[0].actor1
        ('Air/drone strike', 'Military Forces of Syria (2000-)')
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()

    @cached_property
    def nlp(self) -> Language:
        return load_nlp(self.settings)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.open(self.settings.gazetteer_file)

    @cached_property
    def actors(self) -> ActorResolver:
        return ActorResolver.load(self.settings.user_actors or None)

    @cached_property
    def places(self) -> PlaceResolver:
        return PlaceResolver(self.gazetteer)

    @cached_property
    def extractor(self) -> Extractor:
        return Extractor(
            self.nlp,
            actors=self.actors,
            places=self.gazetteer,
            user_triggers=self.settings.user_triggers or None,
        )

    @cached_property
    def resolver(self) -> EventResolver:
        return EventResolver(self.places, self.actors)

    def code(self, article: Article) -> list[Event]:
        """Code one article. RETURNS (list[Event]): its realised events, in text order."""
        return next(self.code_many([article]))[1]

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Code a stream of articles, yielding each with its events (batched through spaCy).

        Example:
            >>> for article, events in Coder().code_many(read_inputs(["news/"])):
            ...     print(article.id, len(events))
        """
        stream = iter(articles)
        while batch := list(islice(stream, _BATCH)):
            paragraphs = [split_paragraphs(a.text) for a in batch]
            texts = [p.text for paras in paragraphs for p in paras]
            docs = iter(self.nlp.pipe(texts))
            for article, paras in zip(batch, paragraphs, strict=True):
                parsed = [(p.offset, next(docs)) for p in paras]
                focus = self.places.focus(self._without_actors(article.text))
                country = self._country(focus, article.text)
                mentions = self.extractor(article, parsed, country=country)
                yield article, self.resolver(article, mentions, focus, country=country)

    def _without_actors(self, text: str) -> str:
        """The text with actor names blanked out (offsets kept): "Russian warplanes" says
        who struck, not where, so it must not pull the article's focus to Russia."""
        chars = list(text)
        for hit in self.actors.find(text):
            chars[hit.start : hit.end] = " " * (hit.end - hit.start)
        return "".join(chars)

    def _country(self, focus: Focus, text: str) -> str | None:
        """ACLED country name of the article's main country.

        Where its events are is the best evidence: the provinces it names, then the home
        country of the rebels and militias it names (an article about the SDF is about
        Syria), and only then the countries and demonyms it mentions, since foreign forces
        ("Russian warplanes") are named wherever they fight.
        """
        if focus.admin1:
            return self._country_name(focus.admin1[0][0])
        homes = Counter(
            hit.actor.country
            for hit in self.actors.find(text)
            if not hit.generic and hit.actor.country and hit.actor.inter in _LOCAL_INTER
        )
        if homes:
            return str(homes.most_common(1)[0][0])
        return self._country_name(focus.countries[0]) if focus.countries else None

    def _country_name(self, code: str) -> str | None:
        found = self.gazetteer.country(code)
        if found:
            return found[0]
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return None
        return str(getattr(country, "common_name", None) or country.name)
