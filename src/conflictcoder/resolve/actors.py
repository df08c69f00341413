"""Actor phrases -> canonical ACLED actors with inter codes, from ``ontology/actors.yaml``.

The dictionary holds named actors ("HTS: Hayat Tahrir al Sham") and country-relative
templates ("Civilians ({country})", "the regime" -> the state forces of the event country).
``ActorResolver`` compiles every alias into one regular expression (a word trie) once, then
finds actor phrases in text and resolves them for the event country, applying ACLED's rule
that state forces outside their own country are external forces (inter 8). ACLED names
state forces by regime period: ``ActorResolver.dated`` renames an event's actors to the
names valid on its date (the ``periods`` of an entry).

Example:
    >>> resolver = ActorResolver.load()
    >>> resolver.resolve("Russian warplanes", country="Syria")
    Actor(name='Military Forces of Russia (2000-)', inter=8, country='Russia')
    >>> interaction(8, 7)
    78
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Actor, Event
from ..ontology import SubEventType
from ..ontology.loader import rule_family
from .actor_file import (
    ACTOR_FILE,
    ACTORS_FILE,
    INTER_CODES,
    ActorFile,
    Alias,
    Entry,
    parse_actor_file,
    parse_day,
)
from .actor_phrases import ActorMatch, PhraseFinder
from .actor_trie import phrase_key

__all__ = ["ACTORS_FILE", "ActorMatch", "ActorResolver", "interaction"]

log = logging.getLogger("conflictcoder")

STATE_FORCES = 1
EXTERNAL_FORCES = 8
CIVILIAN_INTER = 7


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both inter codes, the lower first; one code alone times ten.

    inter1 (int | None): inter code of actor1.
    inter2 (int | None): inter code of actor2, None when there is no actor2.
    RETURNS (int | None): e.g. 18, 78, 10 (state forces alone); None with no codes.

    Example:
        >>> interaction(1, 8), interaction(8, 7), interaction(2, None), interaction(None, None)
        (18, 78, 20, None)
    """
    codes = sorted(code for code in (inter1, inter2) if code is not None)
    for code in codes:
        if code not in INTER_CODES:
            raise ValueError(f"unknown inter code {code} (use 1-8)")
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


# Texts whose actor phrases ``ActorResolver.find`` remembers (then it starts again).


class ActorBook:
    """The merged actor dictionary: named actors, country roles, templates and regime
    periods, each resolved to an ``Actor`` for an event country.

    files (list[ActorFile]): parsed files in order; later files win.
    """

    def __init__(self, files: list[ActorFile]) -> None:
        kept: dict[tuple[Any, ...], Entry] = {}
        demonyms: dict[str, tuple[str, ...]] = {}
        for parsed in files:
            kept.update((entry.key, entry) for entry in parsed.entries)
            demonyms.update(parsed.demonyms)
        keep = {id(e) for e in kept.values()}
        # priority: the last file first, each file in its own order
        entries = [e for parsed in reversed(files) for e in parsed.entries if id(e) in keep]
        self.entries = entries
        self.named: dict[str, Entry] = {}
        self.named_folded: dict[str, Entry] = {}
        self.roles: dict[tuple[str, str], Entry] = {}
        for entry in reversed(entries):  # so that the later file's entry is set last
            if entry.is_template:
                continue
            self.named[entry.label] = entry
            self.named_folded[entry.label.casefold()] = entry
            for role in entry.roles:
                assert entry.country is not None
                self.roles[(entry.country, role)] = entry
        # a regime period's name -> its entry; an entry's own name wins over another's period
        self.periodic: dict[str, Entry] = {}
        for entry in entries:
            for period in entry.periods:
                self.periodic.setdefault(period.name.casefold(), entry)
        for entry in entries:
            if entry.periods:
                self.periodic[entry.label.casefold()] = entry
        # (presumption, its actor's entry), the user file's first
        self.presumptions = [(rule, e) for e in entries for rule in e.presumed]
        self.templates = [e for e in entries if e.is_template]
        self.template_patterns = [
            (e, re.compile(re.escape(e.label).replace(re.escape("{country}"), "([^()]+?)") + r"\Z"))
            for e in self.templates
        ]
        self.demonyms = demonyms
        self.group_heads = frozenset(
            phrase_key(w) for parsed in files for w in parsed.group_heads if phrase_key(w)
        )
        self.owner_links = frozenset(
            phrase_key(w) for parsed in files for w in parsed.owner_links if phrase_key(w)
        )

    @staticmethod
    def finish(name: str, inter: int, home: str | None, country: str | None) -> Actor:
        """Apply ACLED's rule: state forces outside their own country are external forces."""
        if inter == STATE_FORCES and home and country and home != country:
            inter = EXTERNAL_FORCES
        return Actor(name, inter, home)

    def from_entry(self, entry: Entry, country: str | None) -> Actor:
        """A named entry's actor for the event ``country``."""
        return self.finish(entry.label, entry.inter, entry.country, country)

    def _template(self, entry: Entry, place: str | None, country: str | None) -> Actor | None:
        """Resolve a template for ``place`` (the country it refers to)."""
        if entry.countries is not None and (place is None or place not in entry.countries):
            return None
        if place is None and entry.relative:
            return None
        for role in entry.roles:
            assert place is not None
            named = self.roles.get((place, role))
            if named is not None:
                return self.from_entry(named, country)
        if "{country}" in entry.label:
            assert place is not None
            name, home = entry.label.replace("{country}", place), place
        else:
            name, home = entry.label, None
        named = self.named.get(name)
        if named is not None:
            return self.from_entry(named, country)
        return self.finish(name, entry.inter, home, country)

    def alias_actor(self, alias: Alias, country: str | None) -> Actor | None:
        """The actor an alias stands for in the event ``country``; None where it does not
        apply there."""
        entry = alias.entry
        if not entry.is_template:
            if (
                entry.countries is not None
                and country is not None
                and country not in entry.countries
            ):
                return None
            return self.from_entry(entry, country)
        return self._template(entry, alias.bound or country, country)

    def actor(self, name: str, *, country: str | None = None) -> Actor | None:
        """An actor by its canonical ACLED name (or a filled-in template name); see
        ``ActorResolver.actor``."""
        entry = self.named.get(name) or self.named_folded.get(name.casefold())
        if entry is not None:
            return self.from_entry(entry, country)
        entry = self.periodic.get(name.casefold())
        if entry is not None:
            period = next(p for p in entry.periods if p.name.casefold() == name.casefold())
            return self.finish(period.name, period.inter, entry.country, country)
        for template, pattern in self.template_patterns:
            found = pattern.match(name)
            if found is None:
                continue
            home = found.group(1) if found.groups() else None
            return self.finish(name, template.inter, home, country)
        return None

    def stands_for(self, name: str) -> tuple[str, ...]:
        """The named actors a template's actor ``name`` stands for (``stands_for``, with
        its country filled in); none for another name."""
        for template, pattern in self.template_patterns:
            found = pattern.match(name) if template.stands_for else None
            if found is not None:
                place = found.group(1) if found.groups() else ""
                return tuple(n.replace("{country}", place) for n in template.stands_for)
        return ()

    def presumed(self, country: str | None, sub_event_type: str, day: date) -> Actor | None:
        """The actor presumed to carry out an event of ``sub_event_type`` in ``country`` on
        ``day``; see ``ActorResolver.presume``."""
        for rule, entry in self.presumptions:
            if rule.holds(country, sub_event_type, day):
                return self.from_entry(entry, country)
        return None

    def on_date(self, name: str, day: date, *, country: str | None = None) -> Actor | None:
        """The actor ``name`` stands for on ``day``; see ``ActorResolver.on_date``."""
        entry = self.periodic.get(name.casefold())
        period = entry.on(day) if entry is not None else None
        if entry is None or period is None:
            return None
        return self.finish(period.name, period.inter, entry.country, country)


class ActorResolver:
    """Finds actor phrases in text and resolves them to ACLED actors.

    Build it with ``ActorResolver.load()``; the alias regex is compiled once per resolver.

    Example:
        >>> resolver = ActorResolver.load()
        >>> [(m.text, m.actor.name) for m in resolver.find("HTS shelled the town", country="Syria")]
        [('HTS', 'HTS: Hayat Tahrir al Sham')]
        >>> resolver.resolve("regime warplanes", country="Syria").name
        'Military Forces of Syria (2000-) Syrian Arab Air Force'
    """

    def __init__(self, files: list[ActorFile]) -> None:
        """Merge parsed files in order (later files win); use ``load`` instead."""
        self._book = ActorBook(files)
        self._phrases = PhraseFinder(self._book)

    @classmethod
    def load(cls, user_file: str | Path | None = None) -> ActorResolver:
        """The packaged dictionary, with an optional user file merged on top.

        user_file (str | Path | None): YAML file of the same shape as ``actors.yaml``; its
            entries replace packaged entries of the same name and take their aliases.
            Defaults to None (packaged dictionary only).
        RETURNS (ActorResolver): a resolver with its alias regex compiled.
        Raises OntologyError (file:line: problem) for an invalid entry.

        Example:
            >>> ActorResolver.load().actor("HTS: Hayat Tahrir al Sham").inter
            2
        """
        if user_file is None:
            return ACTORS.packaged()
        return ACTORS.load(Path(user_file))

    # ------------------------------------------------------------------ resolution

    # ------------------------------------------------------------------ public API
    def find(self, text: str, *, country: str | None = None) -> list[ActorMatch]:
        """Every actor phrase in ``text``: whole words, case-insensitive, longest first.

        text (str): any text (a sentence, an article).
        country (str | None): ACLED name of the event country, for country-relative phrases
            and the inter 1 / 8 rule. Defaults to None: named actors resolve as usual and
            generic phrases get a provisional actor (template name, country None).
        RETURNS (list[ActorMatch]): non-overlapping matches sorted by start offset.

        Example:
            >>> r = ActorResolver.load()
            >>> found = r.find("Russian jets hit civilians", country="Syria")
            >>> [(m.text, m.actor.inter) for m in found]
            [('Russian jets', 8), ('civilians', 7)]
        """
        return self._phrases.find(text, country=country)

    def resolve(self, phrase: str, *, country: str | None = None) -> Actor | None:
        """The actor an actor phrase stands for ("Russian warplanes", "two children").

        A canonical ACLED name resolves to itself. Otherwise the phrases found in it are
        ranked: names before generic phrases, then the longest, then the first.

        phrase (str): the actor phrase.
        country (str | None): ACLED name of the event country. Defaults to None, where
            generic phrases resolve to None unless they name the country ("Syrian army").
        RETURNS (Actor | None): the actor, or None when nothing in the phrase is known.

        Example:
            >>> r = ActorResolver.load()
            >>> r.resolve("opposition factions", country="Syria").name
            'Opposition Rebels (Syria)'
            >>> r.resolve("two children", country="Iraq")
            Actor(name='Civilians (Iraq)', inter=7, country='Iraq')
            >>> r.resolve("gunmen") is None
            True
        """
        if not phrase or not phrase.strip():
            return None
        exact = self.actor(phrase.strip(), country=country)
        if exact is not None:
            return exact
        found = self._phrases.scan(phrase, country)
        if not found:
            return None
        best = min(found, key=lambda m: (m.generic, -(m.end - m.start), m.start))
        return best.actor

    def country_forces(self, name: str, *, country: str | None = None) -> ActorMatch | None:
        """The military forces of the country ``name`` names ("Russia", "the US"): the actor
        of a country that is the agent of an attack ("Turkey shelled the village"). A name
        is a country of ``demonyms`` or a demonym written in capitals ("US", "UK").

        name (str): the country's name as written, "the" allowed before it.
        country (str | None): the event country, for the inter 1 / 8 rule. Defaults to None.
        RETURNS (ActorMatch | None): a match over the whole name whose text is the forces'
            canonical name, or None for a name that is no country or has no military.

        Example:
            >>> ActorResolver.load().country_forces("Russia").actor.name
            'Military Forces of Russia (2000-)'
        """
        bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
        home = next(
            (
                land
                for land, words in self._book.demonyms.items()
                if bare == land or (bare.isupper() and bare in words)
            ),
            None,
        )
        entry = self._book.roles.get((home, "military")) if home else None
        if entry is None:
            return None
        actor = self._book.from_entry(entry, country)
        return ActorMatch(0, len(name), actor.name, actor, False)

    def aliases(self) -> list[str]:
        """Every alias phrase, {demonym} expanded, sorted.

        Example:
            >>> "Russian warplanes" in ActorResolver.load().aliases()
            True
        """
        return self._phrases.aliases()

    def actor(self, name: str, *, country: str | None = None) -> Actor | None:
        """An actor by its canonical ACLED name (or a filled-in template name).

        name (str): "Military Forces of Turkey (2016-)", "Civilians (Syria)"...
        country (str | None): the event country, for the inter 1 / 8 rule. Defaults to None.
        RETURNS (Actor | None): the actor, or None for an unknown name.

        Example:
            >>> ActorResolver.load().actor("Military Forces of Turkey (2016-)", country="Syria")
            Actor(name='Military Forces of Turkey (2016-)', inter=8, country='Turkey')
            >>> ActorResolver.load().actor("Unidentified Armed Group (Syria)")
            Actor(name='Unidentified Armed Group (Syria)', inter=3, country='Syria')
        """
        return self._book.actor(name, country=country)

    def on_date(self, name: str, day: date, *, country: str | None = None) -> Actor | None:
        """The actor ``name`` stands for as ACLED names it on ``day`` (its regime period).

        name (str): a canonical name, of any period ("Military Forces of Yemen (2012-)").
        day (date): the event date.
        country (str | None): the event country, for the inter 1 / 8 rule. Defaults to None.
        RETURNS (Actor | None): the actor of the period holding on ``day``; None when the
            name has no periods.

        Example:
            >>> r = ActorResolver.load()
            >>> r.on_date("Military Forces of Yemen (2012-)", date(2023, 1, 5)).name
            'Military Forces of Yemen (2022-) Presidential Leadership Council'
        """
        return self._book.on_date(name, day, country=country)

    def dated(self, event: Event) -> Event:
        """The event with its actors named as on its date (ACLED's regime periods), their
        inter codes and the interaction to match; the event itself when nothing changes.

        event (Event): a resolved event; without ``event_date`` it is returned as it is.
        RETURNS (Event): the renamed event (a new ``event_id``) or ``event``.

        Example:
            >>> e = Event("2020-06-01", "Battles", "Armed clash", inter1=1,
            ...           actor1="Military Forces of Yemen (2022-) Presidential Leadership Council")
            >>> ActorResolver.load().dated(e).actor1
            'Military Forces of Yemen (2012-)'
        """
        day = parse_day(event.event_date) if event.event_date and self._book.periodic else None
        if day is None:
            return event
        changes: dict[str, Any] = {}
        for key, inter_key in (("actor1", "inter1"), ("actor2", "inter2")):
            name = getattr(event, key)
            actor = self.on_date(name, day, country=event.country) if name else None
            if actor is not None and (actor.name, actor.inter) != (name, getattr(event, inter_key)):
                changes[key], changes[inter_key] = actor.name, actor.inter
        for key in ("assoc_actor_1", "assoc_actor_2"):
            value = getattr(event, key)
            if not value:
                continue
            parts = [part.strip() for part in value.split(";") if part.strip()]
            renamed = [
                (self.on_date(part, day, country=event.country) or Actor(part, 0)).name
                for part in parts
            ]
            renamed = list(dict.fromkeys(renamed))
            if renamed != parts:
                changes[key] = "; ".join(renamed)
        if not changes:
            return event
        inter1, inter2 = changes.get("inter1", event.inter1), changes.get("inter2", event.inter2)
        changes["interaction"] = interaction(inter1, inter2)
        return dataclasses.replace(event, **changes, event_id="")

    def presume(self, event: Event, types: Mapping[str, SubEventType]) -> Event:
        """The event with its presumed actor1 (``presumed`` in the actor file) when it names
        none, or one that cannot carry it out (``initiators`` of ``acled_types.yaml``: an
        armed group flies no jets); the event itself otherwise.

        event (Event): a resolved event; without ``event_date`` it is returned as it is.
        types (Mapping[str, SubEventType]): ACLED's sub-event types by name.
        RETURNS (Event): the event with the presumed actor1, its inter code and the
            interaction to match (a new ``event_id``), or ``event``.

        Example:
            >>> from conflictcoder.ontology import acled_types
            >>> e = Event("2016-09-10", "Explosions/Remote violence", "Air/drone strike",
            ...           country="Syria", actor2="Civilians (Syria)", inter2=7)
            >>> ActorResolver.load().presume(e, acled_types()).actor1
            'Allied Syrian and/or Russian Forces'
        """
        day = parse_day(event.event_date) if event.event_date else None
        spec = types.get(event.sub_event_type or "")
        if day is None or spec is None or not self._book.presumptions:
            return event
        if event.actor1 is not None and spec.can_initiate(event.inter1, event.weapon):
            return event
        actor = self._book.presumed(event.country, spec.name, day)
        if actor is None or actor.name in (event.actor1, event.actor2):
            return event
        return dataclasses.replace(
            event,
            actor1=actor.name,
            inter1=actor.inter,
            interaction=interaction(actor.inter, event.inter2),
            event_id="",
        )

    def namesakes(
        self, event: Event, text: str, *, memo: dict[str | None, Counter[str]] | None = None
    ) -> Event:
        """The event with a generic actor ("jihadists": Islamist Militia) replaced by the
        named actor it stands for (``stands_for`` in the actor file) when ``text``, the
        report, names exactly one of those (or one at least twice as often as each other:
        a group named in passing does not blur whom the report is about) and the event has it
        nowhere (nor as an associated actor).

        event (Event): a resolved event.
        text (str): the text of its report.
        memo (dict | None): the report's actor counts by country, kept by a caller that
            asks for several events of one report, so that the report is read once a
            country (and only when an event has a generic actor).
        RETURNS (Event): the event with the named actor (as on the event date), its inter
            code and the interaction to match (a new ``event_id``), or ``event``.

        Example:
            >>> e = Event("2016-05-14", "Battles", "Armed clash", country="Syria",
            ...           actor1="Islamist Militia (Syria)", inter1=3)
            >>> text = "Islamic State fighters attacked the town. The jihadists took it."
            >>> ActorResolver.load().namesakes(e, text).actor1
            'Islamic State (Syria)'
        """
        changes: dict[str, Any] = {}
        named: Counter[str] | None = None
        taken = {event.actor1, event.actor2}
        for assoc in (event.assoc_actor_1, event.assoc_actor_2):
            taken.update(part.strip() for part in (assoc or "").split(";"))
        for key, inter_key in (("actor1", "inter1"), ("actor2", "inter2")):
            name = getattr(event, key)
            wanted = self._book.stands_for(name) if name else ()
            if not wanted:
                continue
            if named is None:
                memo = {} if memo is None else memo
                if event.country not in memo:
                    memo[event.country] = self.named_in(text, event.country)
                named = memo[event.country]
            found = sorted((n for n in wanted if n in named), key=lambda n: -named[n])
            if any(n in taken for n in found):
                continue  # the group is on the event already
            # one named, or one the report names at least twice as often as each other
            sole = len(found) == 1 or (len(found) > 1 and named[found[0]] >= 2 * named[found[1]])
            actor = self.actor(found[0], country=event.country) if sole else None
            if actor is not None:
                changes[key], changes[inter_key] = actor.name, actor.inter
        if not changes:
            return event
        inter1, inter2 = changes.get("inter1", event.inter1), changes.get("inter2", event.inter2)
        changes["interaction"] = interaction(inter1, inter2)
        return self.dated(dataclasses.replace(event, **changes, event_id=""))

    def named_in(self, text: str, country: str | None) -> Counter[str]:
        """How often ``text`` names each actor (canonical names), read as in ``country``."""
        return Counter(m.actor.name for m in self.find(text, country=country))

    def names(self) -> list[str]:
        """Canonical names of the named actors, sorted."""
        return sorted(self._book.named)

    def __len__(self) -> int:
        return len(self._book.entries)

    def __repr__(self) -> str:
        book = self._book
        return f"<ActorResolver: {len(book.named)} actors, {len(book.templates)} templates>"


def _load_actors(user_file: Path | None) -> ActorResolver:
    """The packaged dictionary (parsed once, ``ACTOR_FILE``) with ``user_file`` on top."""
    files = [ACTOR_FILE.packaged()]
    if user_file is not None:
        files.append(parse_actor_file(user_file))
    return ActorResolver(files)


ACTORS = rule_family("actors", ACTORS_FILE, _load_actors)
