"""The heavy, shared things the components are built from, each loaded once, on first use.

Components receive what they need from here (the spaCy pipeline, the gazetteer, the
ontology's rule sets) instead of reading module-level singletons, so two coders with
different settings never share a rule set by accident.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Any, TypeVar

from spacy.language import Language

from ..config import Settings
from ..extract import Discourse, Extractor
from ..extract.arguments import ArgumentFinder
from ..extract.attribution import ATTRIBUTION, AttributionFinder
from ..extract.cues import ACTOR_CUES, PLACE_CUES
from ..extract.discourse import DISCOURSE
from ..extract.modality import DATED_WORDS, MODALITY, ModalityClassifier
from ..extract.triggers import TRIGGERS, TriggerTagger
from ..extract.weapons import WEAPONS
from ..geo import Gazetteer
from ..geo.terms import PLACE_TERMS
from ..nlp import load_nlp
from ..ontology import ACLED_TYPES, SubEventType
from ..ontology.loader import RuleFamily
from ..resolve.actors import ACTORS, ActorResolver
from ..resolve.claims import CLAIMS, ClaimRules
from ..resolve.country import CountryChooser
from ..resolve.date_rules import DATES, DateRules
from ..resolve.events import EventResolver
from ..resolve.incidents import INCIDENTS, IncidentRules
from ..resolve.narrative import NarrativeDates
from ..resolve.number_rules import NUMBERS, NumberRules
from ..resolve.place_rules import FEATURE_KINDS, UNIT_NOUNS
from ..resolve.places import PlaceResolver
from ..resolve.sources import SOURCES, SourceCountries
from ..resolve.tolls import TOLLS, TollRules

T = TypeVar("T")


class Resources:
    """Lazily loaded resources for the components of one coder.

    settings (Settings): where the models and rule files come from.

    Example:
        >>> Resources(Settings()).tagger.rules[0].label
        'Air/drone strike'
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._rules: dict[str, Any] = {}

    def rules(self, family: RuleFamily[T]) -> T:
        """The rules of ``family`` for this coder, loaded once: the packaged ones with the
        user file its setting names merged on top (``family.setting``).

        Example:
            >>> from conflictcoder.resolve.tolls import TOLLS
            >>> Resources(Settings()).rules(TOLLS).conflict_share
            75
        """
        if family.name not in self._rules:
            user = getattr(self.settings, family.setting) if family.setting else None
            self._rules[family.name] = family.with_user_file(user or None)
        rules: T = self._rules[family.name]
        return rules

    @cached_property
    def nlp(self) -> Language:
        return load_nlp(self.settings)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.open(self.settings.gazetteer_file)

    @cached_property
    def actors(self) -> ActorResolver:
        return self.rules(ACTORS)

    @cached_property
    def sources(self) -> SourceCountries:
        return self.rules(SOURCES)

    @cached_property
    def places(self) -> PlaceResolver:
        return PlaceResolver(
            self.gazetteer,
            kinds=self.rules(FEATURE_KINDS),
            unit_nouns=self.rules(UNIT_NOUNS),
            terms=self.rules(PLACE_TERMS),
        )

    @cached_property
    def types(self) -> dict[str, SubEventType]:
        """ACLED's sub-event types by name (``ontology/acled_types.yaml``)."""
        return self.rules(ACLED_TYPES)

    @cached_property
    def number_rules(self) -> NumberRules:
        """The number vocabulary of the counts and the coders' notes (``numbers.yaml``)."""
        return self.rules(NUMBERS)

    @cached_property
    def toll_rules(self) -> TollRules:
        """How the figures of an incident's sentences combine (``tolls.yaml``)."""
        return self.rules(TOLLS)

    @cached_property
    def claim_rules(self) -> ClaimRules:
        """The patterns of a claim of responsibility (``claims.yaml``)."""
        return self.rules(CLAIMS)

    @cached_property
    def incident_rules(self) -> IncidentRules:
        """When two tellings are one incident (``incidents.yaml``), with this coder's toll
        shares."""
        return replace(self.rules(INCIDENTS), tolls=self.toll_rules)

    @cached_property
    def tagger(self) -> TriggerTagger:
        return TriggerTagger(self.nlp, rules=self.rules(TRIGGERS))

    @cached_property
    def attribution(self) -> AttributionFinder:
        return self.rules(ATTRIBUTION)

    @cached_property
    def modality(self) -> ModalityClassifier:
        return ModalityClassifier(self.rules(MODALITY), dated_words=self.rules(DATED_WORDS))

    @cached_property
    def discourse(self) -> Discourse:
        return self.rules(DISCOURSE)

    @cached_property
    def arguments(self) -> ArgumentFinder:
        return ArgumentFinder(
            self.actors,
            self.gazetteer,
            cues=self.rules(PLACE_CUES),
            membership=self.discourse.membership,
            actor_cues=self.rules(ACTOR_CUES),
        )

    @cached_property
    def extractor(self) -> Extractor:
        return Extractor(
            self.nlp,
            actors=self.actors,
            places=self.gazetteer,
            tagger=self.tagger,
            attribution=self.attribution,
            modality=self.modality,
            discourse=self.discourse,
            arguments=self.arguments,
            types=self.types,
            weapons=self.rules(WEAPONS),
        )

    @cached_property
    def date_rules(self) -> DateRules:
        return self.rules(DATES)

    @cached_property
    def narrative(self) -> NarrativeDates:
        return NarrativeDates(self.date_rules)

    @cached_property
    def resolver(self) -> EventResolver:
        return EventResolver(
            self.places,
            self.actors,
            types=self.types,
            rules=self.number_rules,
            narrative=self.narrative,
            tolls=self.toll_rules,
        )

    @cached_property
    def chooser(self) -> CountryChooser:
        return CountryChooser(
            places=self.places,
            actors=self.actors,
            sources=self.sources,
            gazetteer=self.gazetteer,
            default_country=self.settings.default_country,
        )
