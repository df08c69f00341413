"""Finding actor phrases in a text: ``PhraseFinder`` runs the dictionary's alias
expression, resolves what it finds for the event country (``ActorMatch``) and remembers
its results; a modifier that shares the next phrase's head noun ("Russian and regime
warplanes") stands for its own phrase."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Actor
from .actor_file import Alias, Entry, disjoint
from .actor_trie import compile_aliases, phrase_key, phrase_tokens

if TYPE_CHECKING:
    from .actors import ActorBook

log = logging.getLogger("conflictcoder")

CIVILIAN_INTER = 7

# "<modifier> and " right before an actor phrase (see ActorResolver._shared_head)
_SHARED_REACH = 40
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_SHARED_HEAD = re.compile(r"(?<![\w\-])([A-Za-z][\w\-]*)\s+(?:and|&)\s+\Z")


_FIND_MEMO = 4096


@dataclass(frozen=True)
class ActorMatch:
    """One actor phrase found in a text.

    start, end (int): offsets into the text passed to ``ActorResolver.find``.
    text (str): the phrase as written; for a modifier that shares the head noun of the
        next phrase ("Russian" in "Russian and regime warplanes") the phrase it stands for
        ("Russian warplanes"), while start and end cover the modifier only.
    actor (Actor): the actor it stands for, resolved for the event country.
    generic (bool): True for country-relative or generic phrases ("civilians", "gunmen",
        "the regime", "Syrian warplanes"), False for names ("HTS", "Russian forces").
    """

    start: int
    end: int
    text: str
    actor: Actor
    generic: bool


class PhraseFinder:
    """Finds actor phrases in text: every alias of the book in one regex, each match
    resolved through the book for the event country.

    book (ActorBook): the dictionary the aliases resolve through.
    """

    def __init__(self, book: ActorBook) -> None:
        self._book = book
        self._aliases = self._alias_table(book.entries, book.demonyms)
        self._regex = compile_aliases({a.text for group in self._aliases.values() for a in group})
        # find() per (text, country): the extractor asks about one sentence several times
        self._found: dict[tuple[str, str | None], tuple[ActorMatch, ...]] = {}

    @staticmethod
    def _alias_table(
        entries: list[Entry], demonyms: Mapping[str, tuple[str, ...]]
    ) -> dict[str, list[Alias]]:
        """Lookup key -> candidate aliases: named actors first, then templates, by priority."""
        table: dict[str, list[Alias]] = {}
        named_owner: dict[str, Entry] = {}
        for entry in sorted(entries, key=lambda e: e.is_template):  # stable: keeps priority
            phrases: list[tuple[str, str | None]] = []
            for alias in entry.aliases:
                if "{demonym}" not in alias:
                    phrases.append((alias, None))
                    continue
                for country, words in demonyms.items():
                    if entry.countries is None or country in entry.countries:
                        phrases.extend((alias.replace("{demonym}", w), country) for w in words)
            seen: set[tuple[str, str | None]] = set()
            for phrase, bound in phrases:
                key = phrase_key(phrase)
                if not key or (key, bound) in seen:
                    continue
                seen.add((key, bound))
                if not entry.is_template:
                    owner = named_owner.setdefault(key, entry)
                    if owner.path != entry.path and not disjoint(owner, entry):
                        log.debug("alias %r: %s wins over %s", phrase, owner.label, entry.label)
                        continue  # a user file took the phrase
                table.setdefault(key, []).append(Alias(phrase, entry, bound))
        return table

    def _lookup(self, phrase: str) -> list[Alias]:
        key = phrase_key(phrase)
        for candidate in (
            key,
            key[:-1] if key.endswith("s") else "",
            key[:-2] if key.endswith("es") else "",
        ):
            if candidate and candidate in self._aliases:
                return self._aliases[candidate]
        return []

    def _best(
        self, aliases: list[Alias], country: str | None, provisional: bool
    ) -> tuple[Actor, bool] | None:
        for alias in aliases:
            actor = self._book.alias_actor(alias, country)
            if actor is not None:
                return actor, alias.entry.is_template
        if provisional and country is None:
            # No event country yet: report the phrase with a provisional actor (the
            # template's name, country left open) so that callers still see an actor phrase;
            # resolve() it again once the country is known.
            for alias in aliases:
                if alias.entry.is_template:
                    return Actor(alias.entry.label, alias.entry.inter, alias.bound), True
        return None

    def _scan(self, text: str, country: str | None, provisional: bool) -> list[ActorMatch]:
        if self._regex is None or not text:
            return []
        matches: list[ActorMatch] = []
        for found in self._regex.finditer(text):
            best = self._best(self._lookup(found.group()), country, provisional)
            if best is not None:
                actor, generic = best
                shared = self._shared_head(text, found, country, provisional, matches)
                if shared is not None:
                    if matches and matches[-1].start == shared.start:
                        matches.pop()  # "regime" alone: "regime (warplanes)" says more
                    matches.append(shared)
                matches.append(
                    ActorMatch(found.start(), found.end(), found.group(), actor, generic)
                )
        return self._fold_heads(text, matches)

    def _head(self, match: ActorMatch) -> bool:
        """A generic noun for a group's members ("fighters", "terrorists")."""
        key = phrase_key(match.text)
        singular = key[:-1] if key.endswith("s") else key
        return match.generic and (
            key in self._book.group_heads or singular in self._book.group_heads
        )

    def _owner(self, match: ActorMatch, head: ActorMatch) -> bool:
        """Whether ``match`` can name the group that ``head``'s members belong to: an armed
        actor other than the head's own, and no head noun itself."""
        return (
            match.actor.inter != CIVILIAN_INTER
            and match.actor.name != head.actor.name
            and not self._head(match)
        )

    def _fold_heads(self, text: str, matches: list[ActorMatch]) -> list[ActorMatch]:
        """ "ISIS terrorists", "militants from al-Nusra Front", "fighters of the Islamic
        State": a generic noun for members and the group it belongs to are one phrase, which
        names the group (the group's text and actor over the span of both).

        Example:
            >>> from conflictcoder.resolve.actors import ActorResolver
            >>> found = ActorResolver.load().find("jihadists from ISIS", country="Syria")
            >>> [(m.text, m.actor.name) for m in found]
            [('ISIS', 'Islamic State (Syria)')]
        """
        book = self._book
        if not book.group_heads or len(matches) < 2:
            return matches
        folded: list[ActorMatch] = []
        i = 0
        while i < len(matches):
            here = matches[i]
            nxt = matches[i + 1] if i + 1 < len(matches) else None
            if nxt is not None:
                gap = text[here.end : nxt.start]
                words = phrase_key(gap).split()
                if words and words[-1] == "the":
                    words.pop()
                owner: ActorMatch | None = None
                if self._head(here) and " ".join(words) in book.owner_links:
                    owner = nxt if self._owner(nxt, here) else None  # "militants of X"
                elif gap and not gap.strip() and self._head(nxt):
                    owner = here if self._owner(here, nxt) else None  # "X militants"
                if owner is not None:
                    folded.append(dataclasses.replace(owner, start=here.start, end=nxt.end))
                    i += 2
                    continue
            folded.append(here)
            i += 1
        return folded

    def _shared_head(
        self,
        text: str,
        found: re.Match[str],
        country: str | None,
        provisional: bool,
        matches: list[ActorMatch],
    ) -> ActorMatch | None:
        """ "Russian and regime warplanes": the first modifier shares the head noun of the
        phrase after "and", so it names an actor of its own ("Russian warplanes"); in
        "regime and QSD forces" the shared head is the word after the phrase.

        Example:
            >>> from conflictcoder.resolve.actors import ActorResolver
            >>> found = ActorResolver.load().find("Russian and regime jets", country="Syria")
            >>> [m.text for m in found]
            ['Russian jets', 'regime jets']
        """
        before = _SHARED_HEAD.search(text, max(0, found.start() - _SHARED_REACH), found.start())
        words = phrase_tokens(found.group())
        if before is None:
            return None
        start, end = before.span(1)
        last = matches[-1] if matches else None
        if last is not None and last.end > start and (last.start, last.end) != (start, end):
            return None
        # "regime and loyalist militia forces": the head is the word after the phrase
        after = _NEXT_WORD.match(text, found.end())
        heads = [after.group(1)] if after is not None else []
        if len(words) > 1:
            heads.append(" ".join(words[1:]))
        for head in heads:
            phrase = f"{before.group(1)} {head}"
            best = self._best(self._lookup(phrase), country, provisional)
            if best is not None:
                actor, generic = best
                return ActorMatch(start, end, phrase, actor, generic)
        return None

    def find(self, text: str, *, country: str | None = None) -> list[ActorMatch]:
        """Every actor phrase in ``text``; see ``ActorResolver.find``."""
        key = (text, country)
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= _FIND_MEMO:
                self._found.clear()
            found = self._found[key] = tuple(self._scan(text, country, provisional=True))
        return list(found)

    def scan(self, text: str, country: str | None) -> list[ActorMatch]:
        """The actor phrases of ``text``, generic ones only where ``country`` resolves them
        (not remembered)."""
        return self._scan(text, country, provisional=False)

    def aliases(self) -> list[str]:
        """Every alias phrase, {demonym} expanded, sorted."""
        return sorted({a.text for group in self._aliases.values() for a in group})
