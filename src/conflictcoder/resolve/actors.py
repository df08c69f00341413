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
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..model import Actor, Event
from ..ontology import ONTOLOGY_DIR, line_of, load_yaml

__all__ = ["ACTORS_FILE", "ActorMatch", "ActorResolver", "interaction"]

log = logging.getLogger("conflictcoder")

ACTORS_FILE = ONTOLOGY_DIR / "actors.yaml"

STATE_FORCES = 1
EXTERNAL_FORCES = 8
INTER_CODES = range(1, 9)

_NAMED_KEYS = frozenset({"name", "inter", "country", "role", "countries", "aliases", "periods"})
_PERIOD_KEYS = frozenset({"name", "from", "inter"})
_TEMPLATE_KEYS = frozenset({"template", "inter", "role", "countries", "aliases"})
_TOP_KEYS = frozenset({"demonyms", "actors"})

# Spaces and hyphens between words are interchangeable; apostrophes inside a word are optional.
_SEPARATOR = r"[\s\-\u2010\u2011\u2012\u2013]+"
_SPLIT = re.compile(_SEPARATOR)
_APOSTROPHES = "'\u2019\u02bc`"
_APOSTROPHE_CLASS = "['\u2019\u02bc`]?"
_PLURAL = "(?:e?s)?"
# "<modifier> and " right before an actor phrase (see ActorResolver._shared_head)
_SHARED_REACH = 40
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_SHARED_HEAD = re.compile(r"(?<![\w\-])([A-Za-z][\w\-]*)\s+(?:and|&)\s+\Z")


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


@dataclass(frozen=True)
class _Period:
    """One regime period of a named actor: its ACLED name and inter code from ``start`` on."""

    start: date | None  # None: since before the dictionary knows
    name: str
    inter: int


@dataclass(frozen=True)
class _Entry:
    """One validated entry of an actor file."""

    label: str  # the ACLED name, or the template text
    is_template: bool
    inter: int
    country: str | None
    roles: tuple[str, ...]
    countries: frozenset[str] | None
    aliases: tuple[str, ...]
    path: str
    line: int | None
    periods: tuple[_Period, ...] = ()

    def on(self, day: date) -> _Period | None:
        """The period that holds on ``day`` (the first one before any start), None without
        periods."""
        found = self.periods[0] if self.periods else None
        for period in self.periods:
            if period.start is not None and period.start <= day:
                found = period
        return found

    @property
    def key(self) -> tuple[Any, ...]:
        """What a user entry must share with a packaged one to replace it."""
        if not self.is_template:
            return ("name", self.label)
        return ("template", self.label, self.roles, self.countries)

    @property
    def relative(self) -> bool:
        """Whether the template needs the event country to be resolved."""
        return self.is_template and (
            "{country}" in self.label or bool(self.roles) or self.countries is not None
        )


@dataclass(frozen=True)
class _Alias:
    """A phrase bound to an entry; ``bound`` is the country a {demonym} alias names."""

    text: str
    entry: _Entry
    bound: str | None = None


@dataclass(frozen=True)
class _File:
    """A parsed actor file."""

    entries: tuple[_Entry, ...]
    demonyms: dict[str, tuple[str, ...]]


# ---------------------------------------------------------------------------- loading


def _where(entry: Mapping[str, Any]) -> str:
    label = entry.get("name", entry.get("template"))
    return f"'{label}'" if isinstance(label, str) else "entry"


def _str_list(value: Any, what: str, path: Path, line: int | None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise OntologyError(path, f"{what} must be a list of non-empty strings", line=line)
    return tuple(v.strip() for v in value)


def _parse_entry(raw: Any, path: Path, index: int, fallback_line: int | None) -> _Entry:
    line = line_of(raw) or fallback_line
    if not isinstance(raw, dict):
        raise OntologyError(
            path,
            f"actor entry {index + 1} must be a mapping with 'name' or 'template', got {raw!r}",
            line=line,
        )
    where = _where(raw)
    has_name, has_template = "name" in raw, "template" in raw
    if has_name == has_template:
        problem = "has both 'name' and 'template'" if has_name else "has no 'name' or 'template'"
        raise OntologyError(path, f"actor entry {where} {problem}; give exactly one", line=line)
    known = _TEMPLATE_KEYS if has_template else _NAMED_KEYS
    for key in raw:
        if key != "__line__" and key not in known:
            raise OntologyError(
                path,
                f"unknown key '{key}' for {where} (known keys: {', '.join(sorted(known))})",
                line=line,
            )
    label = raw["template"] if has_template else raw["name"]
    if not isinstance(label, str) or not label.strip():
        kind = "template" if has_template else "name"
        raise OntologyError(path, f"{kind} must be a non-empty string, got {label!r}", line=line)
    label = label.strip()
    if "inter" not in raw:
        raise OntologyError(path, f"missing inter code for '{label}' (use 1-8)", line=line)
    inter = raw["inter"]
    if isinstance(inter, bool) or not isinstance(inter, int) or inter not in INTER_CODES:
        raise OntologyError(
            path, f"unknown inter code {inter!r} for '{label}' (use 1-8)", line=line
        )
    if has_template:
        for _, field_name, _, _ in string.Formatter().parse(label):
            if field_name is not None and field_name != "country":
                raise OntologyError(
                    path,
                    f"template '{label}' uses unknown placeholder '{{{field_name}}}' "
                    "(use {country})",
                    line=line,
                )
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not country.strip()):
        raise OntologyError(path, f"country of '{label}' must be a country name", line=line)
    role = raw.get("role")
    if role is None:
        roles: tuple[str, ...] = ()
    elif isinstance(role, str) and role.strip():
        roles = (role.strip(),)
    elif has_template and isinstance(role, list):
        roles = _str_list(role, f"role of '{label}'", path, line)
    else:
        expected = "a role name or a list of them" if has_template else "a role name"
        raise OntologyError(path, f"role of '{label}' must be {expected}", line=line)
    if roles and not has_template and country is None:
        raise OntologyError(path, f"'{label}' has a role but no country; add 'country'", line=line)
    countries = raw.get("countries")
    country_set = (
        None
        if countries is None
        else frozenset(_str_list(countries, f"countries of '{label}'", path, line))
    )
    aliases = _str_list(raw.get("aliases", []), f"aliases of '{label}'", path, line)
    for alias in aliases:
        for _, field_name, _, _ in string.Formatter().parse(alias):
            if field_name is not None and (field_name != "demonym" or not has_template):
                hint = "(use {demonym})" if has_template else "({demonym} is for templates)"
                raise OntologyError(
                    path,
                    f"alias '{alias}' of '{label}' uses unknown placeholder "
                    f"'{{{field_name}}}' {hint}",
                    line=line,
                )
    return _Entry(
        label=label,
        is_template=has_template,
        inter=inter,
        country=country.strip() if isinstance(country, str) else None,
        roles=roles,
        countries=country_set,
        aliases=aliases,
        path=str(path),
        line=line,
        periods=_parse_periods(raw.get("periods"), label, inter, path, line),
    )


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _parse_periods(
    raw: Any, label: str, inter: int, path: Path, line: int | None
) -> tuple[_Period, ...]:
    """``periods``: the names an actor had, each valid from its ``from`` day on (YYYY-MM-DD);
    the first may have no ``from``; ``inter`` defaults to the entry's."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise OntologyError(path, f"periods of '{label}' must be a non-empty list", line=line)
    periods: list[_Period] = []
    for index, item in enumerate(raw):
        where = line_of(item) or line
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise OntologyError(
                path, f"period {index + 1} of '{label}' must be a mapping with 'name'", line=where
            )
        for key in item:
            if key != "__line__" and key not in _PERIOD_KEYS:
                raise OntologyError(
                    path,
                    f"unknown key '{key}' in a period of '{label}' "
                    f"(known keys: {', '.join(sorted(_PERIOD_KEYS))})",
                    line=where,
                )
        start = _day(item["from"]) if "from" in item else None
        if "from" in item and start is None:
            raise OntologyError(
                path,
                f"period '{item['name']}' of '{label}': invalid 'from' {item['from']!r} "
                "(use YYYY-MM-DD)",
                line=where,
            )
        if start is None and index > 0:
            raise OntologyError(
                path,
                f"period '{item['name']}' of '{label}' needs 'from' (only the first may omit it)",
                line=where,
            )
        previous = periods[-1].start if periods else None
        if start is not None and previous is not None and start <= previous:
            raise OntologyError(
                path,
                f"periods of '{label}' must be in date order ('{item['name']}' starts on "
                f"{start.isoformat()}, not after {previous.isoformat()})",
                line=where,
            )
        code = item.get("inter", inter)
        if isinstance(code, bool) or not isinstance(code, int) or code not in INTER_CODES:
            raise OntologyError(
                path, f"unknown inter code {code!r} for '{item['name']}' (use 1-8)", line=where
            )
        periods.append(_Period(start, item["name"].strip(), code))
    return tuple(periods)


def _parse_file(path: str | Path) -> _File:
    """Read and validate one actor file (packaged or user)."""
    path = Path(path)
    data = load_yaml(path)
    if data is None:
        log.warning("%s: no actor entries", path)
        return _File((), {})
    if not isinstance(data, dict):
        raise OntologyError(
            path, f"expected a mapping with 'actors' (and 'demonyms'), got {type(data).__name__}"
        )
    for key in data:
        if key != "__line__" and key not in _TOP_KEYS:
            raise OntologyError(
                path,
                f"unknown top-level key '{key}' (known keys: {', '.join(sorted(_TOP_KEYS))})",
                line=line_of(data),
            )
    demonyms: dict[str, tuple[str, ...]] = {}
    raw_demonyms = data.get("demonyms") or {}
    if not isinstance(raw_demonyms, dict):
        raise OntologyError(path, "demonyms must map a country to a list of adjectives")
    for country, words in raw_demonyms.items():
        if country == "__line__":
            continue
        demonyms[str(country)] = _str_list(
            words, f"demonyms of '{country}'", path, line_of(raw_demonyms)
        )
    raw_entries = data.get("actors") or []
    if not isinstance(raw_entries, list):
        raise OntologyError(
            path, f"'actors' must be a list of entries, got {type(raw_entries).__name__}"
        )
    entries = tuple(_parse_entry(raw, path, i, line_of(data)) for i, raw in enumerate(raw_entries))
    if not entries:
        log.warning("%s: no actor entries", path)
    _check_file(entries, path)
    return _File(entries, demonyms)


def _check_file(entries: Iterable[_Entry], path: Path) -> None:
    """Duplicates within one file: names, template keys, roles and aliases of named actors."""
    seen: dict[tuple[Any, ...], _Entry] = {}
    roles: dict[tuple[str, str], _Entry] = {}
    aliases: dict[str, _Entry] = {}
    entries = list(entries)
    labels = {e.label for e in entries if not e.is_template}
    periods: dict[str, _Entry] = {}
    for entry in entries:
        for period in entry.periods:
            owner = periods.setdefault(period.name, entry)
            # entries of one country may merge into one force; other countries may not
            if owner.country != entry.country and period.name not in labels:
                raise OntologyError(
                    path,
                    f"period name '{period.name}' of '{entry.label}' already belongs to "
                    f"'{owner.label}' (line {owner.line})",
                    line=entry.line,
                )
    for entry in entries:
        other = seen.get(entry.key)
        if other is not None:
            kind = "template" if entry.is_template else "actor"
            raise OntologyError(
                path,
                f"duplicate {kind} '{entry.label}' (also on line {other.line})",
                line=entry.line,
            )
        seen[entry.key] = entry
        if entry.is_template:
            continue
        for role in entry.roles:
            assert entry.country is not None  # checked in _parse_entry
            other = roles.get((entry.country, role))
            if other is not None:
                raise OntologyError(
                    path,
                    f"role '{role}' for {entry.country} is given to both '{other.label}' "
                    f"(line {other.line}) and '{entry.label}'",
                    line=entry.line,
                )
            roles[(entry.country, role)] = entry
        for alias in entry.aliases:
            key = _key(alias)
            other = aliases.get(key)
            if other is None or other is entry:
                aliases[key] = entry
                continue
            if _disjoint(other, entry):
                continue  # the same phrase for different countries ("Asayish")
            raise OntologyError(
                path,
                f"alias '{alias}' of '{entry.label}' already belongs to '{other.label}' "
                f"(line {other.line})",
                line=entry.line,
            )


def _disjoint(a: _Entry, b: _Entry) -> bool:
    """Whether two entries apply in different countries only."""
    return a.countries is not None and b.countries is not None and not a.countries & b.countries


@lru_cache(maxsize=1)
def _packaged() -> _File:
    return _parse_file(ACTORS_FILE)


# ---------------------------------------------------------------------------- matching


def _is_caps(token: str) -> bool:
    """An all-capitals word (HTS, IS, U.S.) that must match in capitals only."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _tokens(phrase: str) -> list[str]:
    return [t for t in _SPLIT.split(phrase.strip()) if t]


def _key(phrase: str) -> str:
    """Lookup key shared by an alias and the text it matches."""
    words = ("".join(c for c in t if c not in _APOSTROPHES) for t in _tokens(phrase))
    return " ".join(w.lower() for w in words if w)


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end = False


def _token_regex(token: str) -> str:
    body = "".join(_APOSTROPHE_CLASS if c in _APOSTROPHES else re.escape(c) for c in token)
    return f"(?-i:{body})" if _is_caps(token) else body


def _trie_regex(node: _Node) -> str:
    """Alternation over a word trie; longer words first and continuations before endings,
    so that the regex prefers the longest alias at each position."""
    alternatives = []
    for token in sorted(node.children, key=lambda t: (-len(t), t)):
        child = node.children[token]
        head = _token_regex(token)
        plural = _PLURAL if token[-1].isalpha() and not _is_caps(token) else ""
        if child.children:
            more = f"{_SEPARATOR}(?:{_trie_regex(child)})"
            if child.end:
                alternatives.append(
                    f"{head}(?:{more}|{plural})" if plural else f"{head}(?:{more})?"
                )
            else:
                alternatives.append(head + more)
        else:
            alternatives.append(head + plural)
    return "|".join(alternatives)


def _compile(phrases: Iterable[str]) -> re.Pattern[str] | None:
    root = _Node()
    for phrase in phrases:
        node = root
        for token in _tokens(phrase):
            token = "".join("'" if c in _APOSTROPHES else c for c in token)
            token = token if _is_caps(token) else token.lower()
            node = node.children.setdefault(token, _Node())
        node.end = True
    if not root.children:
        return None
    return re.compile(rf"(?<!\w)(?:{_trie_regex(root)})(?!\w)", re.IGNORECASE)


# ---------------------------------------------------------------------------- resolver


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

    def __init__(self, files: list[_File]) -> None:
        """Merge parsed files in order (later files win); use ``load`` instead."""
        kept: dict[tuple[Any, ...], _Entry] = {}
        demonyms: dict[str, tuple[str, ...]] = {}
        for parsed in files:
            kept.update((entry.key, entry) for entry in parsed.entries)
            demonyms.update(parsed.demonyms)
        keep = {id(e) for e in kept.values()}
        # priority: the last file first, each file in its own order
        entries = [e for parsed in reversed(files) for e in parsed.entries if id(e) in keep]
        self._entries = entries
        self._named: dict[str, _Entry] = {}
        self._named_folded: dict[str, _Entry] = {}
        self._roles: dict[tuple[str, str], _Entry] = {}
        for entry in reversed(entries):  # so that the later file's entry is set last
            if entry.is_template:
                continue
            self._named[entry.label] = entry
            self._named_folded[entry.label.casefold()] = entry
            for role in entry.roles:
                assert entry.country is not None
                self._roles[(entry.country, role)] = entry
        # a regime period's name -> its entry; an entry's own name wins over another's period
        self._periodic: dict[str, _Entry] = {}
        for entry in entries:
            for period in entry.periods:
                self._periodic.setdefault(period.name.casefold(), entry)
        for entry in entries:
            if entry.periods:
                self._periodic[entry.label.casefold()] = entry
        self._templates = [e for e in entries if e.is_template]
        self._template_patterns = [
            (e, re.compile(re.escape(e.label).replace(re.escape("{country}"), "([^()]+?)") + r"\Z"))
            for e in self._templates
        ]
        self._aliases = self._alias_table(entries, demonyms)
        self._regex = _compile({a.text for group in self._aliases.values() for a in group})
        # find() per (text, country): the extractor asks about one sentence several times
        self._found: dict[tuple[str, str | None], tuple[ActorMatch, ...]] = {}

    @staticmethod
    def _alias_table(
        entries: list[_Entry], demonyms: Mapping[str, tuple[str, ...]]
    ) -> dict[str, list[_Alias]]:
        """Lookup key -> candidate aliases: named actors first, then templates, by priority."""
        table: dict[str, list[_Alias]] = {}
        named_owner: dict[str, _Entry] = {}
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
                key = _key(phrase)
                if not key or (key, bound) in seen:
                    continue
                seen.add((key, bound))
                if not entry.is_template:
                    owner = named_owner.setdefault(key, entry)
                    if owner.path != entry.path and not _disjoint(owner, entry):
                        log.debug("alias %r: %s wins over %s", phrase, owner.label, entry.label)
                        continue  # a user file took the phrase
                table.setdefault(key, []).append(_Alias(phrase, entry, bound))
        return table

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
            return _default_resolver()
        return cls([_packaged(), _parse_file(user_file)])

    # ------------------------------------------------------------------ resolution
    @staticmethod
    def _finish(name: str, inter: int, home: str | None, country: str | None) -> Actor:
        """Apply ACLED's rule: state forces outside their own country are external forces."""
        if inter == STATE_FORCES and home and country and home != country:
            inter = EXTERNAL_FORCES
        return Actor(name, inter, home)

    def _from_entry(self, entry: _Entry, country: str | None) -> Actor:
        return self._finish(entry.label, entry.inter, entry.country, country)

    def _template(self, entry: _Entry, place: str | None, country: str | None) -> Actor | None:
        """Resolve a template for ``place`` (the country it refers to)."""
        if entry.countries is not None and (place is None or place not in entry.countries):
            return None
        if place is None and entry.relative:
            return None
        for role in entry.roles:
            assert place is not None
            named = self._roles.get((place, role))
            if named is not None:
                return self._from_entry(named, country)
        if "{country}" in entry.label:
            assert place is not None
            name, home = entry.label.replace("{country}", place), place
        else:
            name, home = entry.label, None
        named = self._named.get(name)
        if named is not None:
            return self._from_entry(named, country)
        return self._finish(name, entry.inter, home, country)

    def _alias_actor(self, alias: _Alias, country: str | None) -> Actor | None:
        entry = alias.entry
        if not entry.is_template:
            if (
                entry.countries is not None
                and country is not None
                and country not in entry.countries
            ):
                return None
            return self._from_entry(entry, country)
        return self._template(entry, alias.bound or country, country)

    def _lookup(self, phrase: str) -> list[_Alias]:
        key = _key(phrase)
        for candidate in (
            key,
            key[:-1] if key.endswith("s") else "",
            key[:-2] if key.endswith("es") else "",
        ):
            if candidate and candidate in self._aliases:
                return self._aliases[candidate]
        return []

    def _best(
        self, aliases: list[_Alias], country: str | None, provisional: bool
    ) -> tuple[Actor, bool] | None:
        for alias in aliases:
            actor = self._alias_actor(alias, country)
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
        return matches

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
            >>> found = ActorResolver.load().find("Russian and regime jets", country="Syria")
            >>> [m.text for m in found]
            ['Russian jets', 'regime jets']
        """
        before = _SHARED_HEAD.search(text, max(0, found.start() - _SHARED_REACH), found.start())
        words = _tokens(found.group())
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
        key = (text, country)
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= _FIND_MEMO:
                self._found.clear()
            found = self._found[key] = tuple(self._scan(text, country, provisional=True))
        return list(found)

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
        found = self._scan(phrase, country, provisional=False)
        if not found:
            return None
        best = min(found, key=lambda m: (m.generic, -(m.end - m.start), m.start))
        return best.actor

    def aliases(self) -> list[str]:
        """Every alias phrase, {demonym} expanded, sorted.

        Example:
            >>> "Russian warplanes" in ActorResolver.load().aliases()
            True
        """
        return sorted({a.text for group in self._aliases.values() for a in group})

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
        entry = self._named.get(name) or self._named_folded.get(name.casefold())
        if entry is not None:
            return self._from_entry(entry, country)
        entry = self._periodic.get(name.casefold())
        if entry is not None:
            period = next(p for p in entry.periods if p.name.casefold() == name.casefold())
            return self._finish(period.name, period.inter, entry.country, country)
        for template, pattern in self._template_patterns:
            found = pattern.match(name)
            if found is None:
                continue
            home = found.group(1) if found.groups() else None
            return self._finish(name, template.inter, home, country)
        return None

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
        entry = self._periodic.get(name.casefold())
        period = entry.on(day) if entry is not None else None
        if entry is None or period is None:
            return None
        return self._finish(period.name, period.inter, entry.country, country)

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
        day = _day(event.event_date) if event.event_date and self._periodic else None
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

    def names(self) -> list[str]:
        """Canonical names of the named actors, sorted."""
        return sorted(self._named)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<ActorResolver: {len(self._named)} actors, {len(self._templates)} templates>"


@lru_cache(maxsize=1)
def _default_resolver() -> ActorResolver:
    return ActorResolver([_packaged()])
