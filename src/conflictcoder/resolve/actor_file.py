"""Reading and checking actor files (``ontology/actors.yaml`` and a user file of the same
shape): named actors, country-relative templates, demonyms and regime periods, each entry
validated with file:line errors.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..ontology import ONTOLOGY_DIR, line_of, load_yaml
from ..ontology.loader import rule_family
from .actor_presumed import Presumption, check_keys, parse_presumptions
from .actor_trie import phrase_key

log = logging.getLogger("conflictcoder")

ACTORS_FILE = ONTOLOGY_DIR / "actors.yaml"

INTER_CODES = range(1, 9)

_NAMED_KEYS = frozenset(
    {"name", "inter", "country", "role", "countries", "aliases", "periods", "presumed"}
)
_PERIOD_KEYS = frozenset({"name", "from", "inter"})
_TEMPLATE_KEYS = frozenset({"template", "inter", "role", "countries", "aliases", "stands_for"})
_TOP_KEYS = frozenset({"demonyms", "actors", "group_heads", "owner_links"})


@dataclass(frozen=True)
class Period:
    """One regime period of a named actor: its ACLED name and inter code from ``start`` on."""

    start: date | None  # None: since before the dictionary knows
    name: str
    inter: int


@dataclass(frozen=True)
class Entry:
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
    periods: tuple[Period, ...] = ()
    # the events it is taken to have carried out when a report names nobody able to
    presumed: tuple[Presumption, ...] = ()
    # templates: the named actors a generic phrase stands for when a report names one
    stands_for: tuple[str, ...] = ()

    def on(self, day: date) -> Period | None:
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
class Alias:
    """A phrase bound to an entry; ``bound`` is the country a {demonym} alias names."""

    text: str
    entry: Entry
    bound: str | None = None


@dataclass(frozen=True)
class ActorFile:
    """A parsed actor file."""

    entries: tuple[Entry, ...]
    demonyms: dict[str, tuple[str, ...]]
    # generic nouns for a group's members ("fighters") and the words that tie them to the
    # group they belong to ("militants from X"); see ``PhraseFinder``
    group_heads: tuple[str, ...] = ()
    owner_links: tuple[str, ...] = ()


def _where(entry: Mapping[str, Any]) -> str:
    label = entry.get("name", entry.get("template"))
    return f"'{label}'" if isinstance(label, str) else "entry"


def _str_list(value: Any, what: str, path: Path, line: int | None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise OntologyError(path, f"{what} must be a list of non-empty strings", line=line)
    return tuple(v.strip() for v in value)


def _parse_entry(raw: Any, path: Path, index: int, fallback_line: int | None) -> Entry:
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
    check_keys(raw, known, f"for {where}", path, line)
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
    return Entry(
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
        stands_for=_str_list(raw["stands_for"], f"stands_for of '{label}'", path, line)
        if "stands_for" in raw
        else (),
        presumed=parse_presumptions(
            raw.get("presumed"),
            label,
            country.strip() if isinstance(country, str) else None,
            path,
            line,
        ),
    )


def parse_day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _parse_periods(
    raw: Any, label: str, inter: int, path: Path, line: int | None
) -> tuple[Period, ...]:
    """``periods``: the names an actor had, each valid from its ``from`` day on (YYYY-MM-DD);
    the first may have no ``from``; ``inter`` defaults to the entry's."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise OntologyError(path, f"periods of '{label}' must be a non-empty list", line=line)
    periods: list[Period] = []
    for index, item in enumerate(raw):
        where = line_of(item) or line
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise OntologyError(
                path, f"period {index + 1} of '{label}' must be a mapping with 'name'", line=where
            )
        check_keys(item, _PERIOD_KEYS, f"in a period of '{label}'", path, where)
        start = parse_day(item["from"]) if "from" in item else None
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
        periods.append(Period(start, item["name"].strip(), code))
    return tuple(periods)


def parse_actor_file(path: str | Path) -> ActorFile:
    """Read and validate one actor file (packaged or user)."""
    path = Path(path)
    data = load_yaml(path)
    if data is None:
        log.warning("%s: no actor entries", path)
        return ActorFile((), {})
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
    words = {
        key: _str_list(data[key], key, path, line_of(data)) if key in data else ()
        for key in ("group_heads", "owner_links")
    }
    return ActorFile(entries, demonyms, words["group_heads"], words["owner_links"])


def _check_file(entries: Iterable[Entry], path: Path) -> None:
    """Duplicates within one file: names, template keys, roles and aliases of named actors."""
    seen: dict[tuple[Any, ...], Entry] = {}
    roles: dict[tuple[str, str], Entry] = {}
    aliases: dict[str, Entry] = {}
    entries = list(entries)
    labels = {e.label for e in entries if not e.is_template}
    periods: dict[str, Entry] = {}
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
            key = phrase_key(alias)
            other = aliases.get(key)
            if other is None or other is entry:
                aliases[key] = entry
                continue
            if disjoint(other, entry):
                continue  # the same phrase for different countries ("Asayish")
            raise OntologyError(
                path,
                f"alias '{alias}' of '{entry.label}' already belongs to '{other.label}' "
                f"(line {other.line})",
                line=entry.line,
            )


def disjoint(a: Entry, b: Entry) -> bool:
    """Whether two entries apply in different countries only."""
    return a.countries is not None and b.countries is not None and not a.countries & b.countries


# The packaged dictionary as parsed, shared by every resolver built on it (``ACTORS``).
ACTOR_FILE = rule_family("actor_file", ACTORS_FILE, lambda user: parse_actor_file(ACTORS_FILE))


def packaged() -> ActorFile:
    """The packaged dictionary, parsed (``ACTOR_FILE.packaged()``)."""
    return ACTOR_FILE.packaged()
