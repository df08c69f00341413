"""The heavy, shared things the components are built from, each loaded once, on first use.

Components receive what they need from here (the spaCy pipeline, the gazetteer, the
ontology's rule sets) instead of reading module-level singletons, so two coders with
different settings never share a rule set by accident.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Any, Generic, Self, TypeVar, overload

from spacy.language import Language

from ..config import Settings
from ..extract import Extractor
from ..extract.arguments import ArgumentFinder
from ..extract.attribution import ATTRIBUTION
from ..extract.cues import ACTOR_CUES, PLACE_CUES
from ..extract.discourse import DISCOURSE
from ..extract.modality import DATED_WORDS, MODALITY, ModalityClassifier
from ..extract.triggers import TRIGGERS, TriggerTagger
from ..extract.weapons import WEAPONS
from ..geo import Gazetteer
from ..geo.terms import PLACE_TERMS
from ..nlp import load_nlp
from ..ontology import ACLED_TYPES
from ..ontology.loader import RuleFamily
from ..resolve.actors import ACTORS
from ..resolve.claims import CLAIMS
from ..resolve.country import CountryChooser
from ..resolve.date_rules import DATES
from ..resolve.events import EventResolver
from ..resolve.incidents import INCIDENTS, IncidentRules
from ..resolve.narrative import NarrativeDates
from ..resolve.number_rules import NUMBERS
from ..resolve.place_rules import FEATURE_KINDS, UNIT_NOUNS
from ..resolve.places import PlaceResolver
from ..resolve.sources import SOURCES
from ..resolve.tolls import TOLLS

T = TypeVar("T")


class _LookedUp(Generic[T]):
    """An attribute whose value is looked up by its name on each read (``look_up``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type) -> T: ...

    def __get__(self, instance: object, owner: type) -> T | Self:
        return self if instance is None else self.look_up(instance)

    def look_up(self, instance: Any) -> T:
        raise NotImplementedError


class _Family(_LookedUp[T]):
    """A ``Resources`` attribute that is the rules of one family (``Resources.rules``); a
    value assigned to it replaces them for that attribute alone.
    """

    def __init__(self, family: RuleFamily[T]) -> None:
        self.family = family

    def look_up(self, resources: Resources) -> T:
        if self.name in vars(resources):
            value: T = vars(resources)[self.name]
            return value
        return resources.rules(self.family)

    def __set__(self, resources: Resources, value: T) -> None:
        vars(resources)[self.name] = value


class Shared(_LookedUp[T]):
    """An attribute of an object that holds ``resources`` (a ``Coder``): the resource of the
    same name, for callers that use one stage alone.

    Example:
        >>> class Desk:
        ...     nlp = Shared[Language]()
        ...     def __init__(self, resources: Resources) -> None:
        ...         self.resources = resources
        >>> Desk(Resources(Settings())).nlp.pipe_names[0]
        'tok2vec'
    """

    def look_up(self, holder: Any) -> T:
        value: T = getattr(holder.resources, self.name)
        return value

    def __set__(self, holder: Any, value: T) -> None:
        raise AttributeError(f"'{self.name}' is read-only: it is the resources' {self.name}")


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
        user file the settings name for it merged on top (``Settings.user_rules``).

        Example:
            >>> from conflictcoder.resolve.tolls import TOLLS
            >>> Resources(Settings()).rules(TOLLS).conflict_share
            75
        """
        if family.name not in self._rules:
            user = self.settings.user_rules.get(family.name)
            self._rules[family.name] = family.with_user_file(user)
        rules: T = self._rules[family.name]
        return rules

    # The rule sets that are used as they are loaded.
    actors = _Family(ACTORS)
    sources = _Family(SOURCES)
    # ACLED's sub-event types by name (``ontology/acled_types.yaml``)
    types = _Family(ACLED_TYPES)
    # the number vocabulary of the counts and the coders' notes (``numbers.yaml``)
    number_rules = _Family(NUMBERS)
    # how the figures of an incident's sentences combine (``tolls.yaml``)
    toll_rules = _Family(TOLLS)
    # the patterns of a claim of responsibility (``claims.yaml``)
    claim_rules = _Family(CLAIMS)
    attribution = _Family(ATTRIBUTION)
    discourse = _Family(DISCOURSE)
    date_rules = _Family(DATES)

    @cached_property
    def nlp(self) -> Language:
        return load_nlp(self.settings)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.open(self.settings.gazetteer_file)

    @cached_property
    def places(self) -> PlaceResolver:
        return PlaceResolver(
            self.gazetteer,
            kinds=self.rules(FEATURE_KINDS),
            unit_nouns=self.rules(UNIT_NOUNS),
            terms=self.rules(PLACE_TERMS),
        )

    @cached_property
    def incident_rules(self) -> IncidentRules:
        """When two tellings are one incident (``incidents.yaml``), with this coder's toll
        shares."""
        return replace(self.rules(INCIDENTS), tolls=self.toll_rules)

    @cached_property
    def tagger(self) -> TriggerTagger:
        return TriggerTagger(self.nlp, rules=self.rules(TRIGGERS))

    @cached_property
    def modality(self) -> ModalityClassifier:
        return ModalityClassifier(self.rules(MODALITY), dated_words=self.rules(DATED_WORDS))

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
    def narrative(self) -> NarrativeDates:
        return NarrativeDates(self.date_rules)

    @cached_property
    def resolver(self) -> EventResolver:
        return EventResolver(
            self.places,
            self.actors,
            types=self.types,
            rules=self.number_rules,
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
