"""News sources -> the one country they cover, from ``ontology/sources.yaml``.

A single-country monitor or national outlet ("SOHR", "Enab Baladi") says which country a
report is about when its text does not: a one-sentence report names a village no gazetteer
knows and "regime warplanes". ``SourceCountries`` matches an article's ``source`` (each
part of "SOHR; Enab Baladi") by name and its ``url`` by domain, subdomains included.

Example:
    >>> sources = SourceCountries.load()
    >>> sources.country("SOHR; Local Coordination Committees", None)
    'Syria'
    >>> sources.country(None, "https://en.enabbaladi.net/archives/1")
    'Syria'
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import OntologyError
from ..geo.countries import acled_country, acled_names
from ..ontology import ONTOLOGY_DIR, line_of, load_yaml
from ..ontology.loader import rule_family

__all__ = ["SOURCES_FILE", "SourceCountries", "acled_country"]

log = logging.getLogger("conflictcoder")

SOURCES_FILE = ONTOLOGY_DIR / "sources.yaml"

_TOP_KEYS = frozenset({"sources"})
_ENTRY_KEYS = frozenset({"country", "names", "domains"})
# what separates the outlets of one source string ("SOHR; Enab Baladi", "SANA, Reuters")
_PARTS = re.compile(r"[;,]")
# "Syrian Observatory for Human Rights (SOHR)": the name and the bracketed abbreviation
_BRACKETED = re.compile(r"^(.*?)\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_NOT_WORD = re.compile(r"[\W_]+")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")


def _name_key(name: str) -> str:
    """What a name is matched by: case, spaces and punctuation ignored."""
    return _NOT_WORD.sub("", name.casefold())


@dataclass(frozen=True)
class _Claim:
    """One name or domain of one outlet: the country it stands for and where it is listed."""

    country: str
    path: str
    line: int | None


def _str_list(raw: Mapping[str, Any], key: str, path: Path, line: int | None) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise OntologyError(
            path, f"'{key}' must be a list of non-empty strings, got {value!r}", line=line
        )
    return [v.strip() for v in value]


def _parse_entry(
    raw: Any, path: Path, number: int, fallback_line: int | None
) -> tuple[str, list[str], list[str], int | None]:
    line = line_of(raw) or fallback_line
    if not isinstance(raw, dict):
        raise OntologyError(
            path, f"source entry {number} must be a mapping with 'country', got {raw!r}", line=line
        )
    for key in raw:
        if key != "__line__" and key not in _ENTRY_KEYS:
            known = ", ".join(sorted(_ENTRY_KEYS))
            raise OntologyError(
                path,
                f"unknown key '{key}' in source entry {number} (known keys: {known})",
                line=line,
            )
    country = raw.get("country")
    if not isinstance(country, str) or not country.strip():
        raise OntologyError(
            path, f"source entry {number} needs a 'country' (an ACLED country name)", line=line
        )
    country = country.strip()
    if country not in acled_names():
        known_as = acled_country(country)
        hint = f"write '{known_as}'" if known_as else "use the country's ACLED name"
        raise OntologyError(
            path, f"unknown country '{country}' in source entry {number}; {hint}", line=line
        )
    names = _str_list(raw, "names", path, line)
    domains = [d.lower().rstrip(".") for d in _str_list(raw, "domains", path, line)]
    if not names and not domains:
        raise OntologyError(
            path, f"source entry {number} ({country}) gives no 'names' or 'domains'", line=line
        )
    for name in names:
        if not _name_key(name):
            raise OntologyError(path, f"name {name!r} has no letters or digits", line=line)
    for domain in domains:
        if not _DOMAIN.fullmatch(domain):
            raise OntologyError(
                path,
                f"domain '{domain}' must be a host name like 'example.org' (no scheme or path)",
                line=line,
            )
    return country, names, domains, line


def _parse_file(path: str | Path) -> tuple[dict[str, _Claim], dict[str, _Claim]]:
    """Read and validate one sources file: (name key -> claim, domain -> claim)."""
    path = Path(path)
    data = load_yaml(path)
    if data is None:
        log.warning("%s: no source entries", path)
        return {}, {}
    if not isinstance(data, dict):
        raise OntologyError(
            path, f"expected a mapping with 'sources', got {type(data).__name__}", line=None
        )
    for key in data:
        if key != "__line__" and key not in _TOP_KEYS:
            raise OntologyError(
                path, f"unknown top-level key '{key}' (known keys: sources)", line=line_of(data)
            )
    entries = data.get("sources") or []
    if not isinstance(entries, list):
        raise OntologyError(
            path,
            f"'sources' must be a list of entries, got {type(entries).__name__}",
            line=line_of(data),
        )
    if not entries:
        log.warning("%s: no source entries", path)
    names: dict[str, _Claim] = {}
    domains: dict[str, _Claim] = {}
    for number, raw in enumerate(entries, start=1):
        country, entry_names, entry_domains, line = _parse_entry(raw, path, number, line_of(data))
        claim = _Claim(country, str(path), line)
        for kind, table, keys in (
            ("name", names, [(n, _name_key(n)) for n in entry_names]),
            ("domain", domains, [(d, d) for d in entry_domains]),
        ):
            for shown, key in keys:
                other = table.get(key)
                if other is not None:
                    raise OntologyError(
                        path,
                        f"{kind} '{shown}' is listed twice (also on line {other.line})",
                        line=line,
                    )
                table[key] = claim
    return names, domains


class SourceCountries:
    """Which country a news source covers, by its name or its web domain.

    names (Mapping[str, str]): outlet name -> ACLED country name.
    domains (Mapping[str, str]): web domain ("syriahr.com") -> ACLED country name.

    Example:
        >>> SourceCountries({"Levant Wire": "Syria"}, {}).country("levant wire", None)
        'Syria'
    """

    def __init__(self, names: Mapping[str, str], domains: Mapping[str, str]) -> None:
        self._names = {_name_key(k): v for k, v in names.items() if _name_key(k)}
        self._domains = {k.lower().rstrip("."): v for k, v in domains.items()}

    @classmethod
    def load(cls, user_file: str | Path | None = None) -> SourceCountries:
        """The packaged list (``ontology/sources.yaml``), with a user file merged on top.

        user_file (str | Path | None): YAML file of the same shape; its names and domains
            replace packaged ones. Defaults to None (packaged list only).
        RETURNS (SourceCountries): the matcher.
        Raises OntologyError (file:line: problem) for an invalid entry.

        Example:
            >>> SourceCountries.load().country("Enab Baladi", None)
            'Syria'
        """
        if user_file is None:
            return SOURCES.packaged()
        return SOURCES.load(Path(user_file))

    def country(self, source: str | None, url: str | None) -> str | None:
        """The one country the outlets of ``source`` and the site of ``url`` cover.

        source (str | None): the article's outlets, "SOHR; Enab Baladi" (split on ";" and
            ","; "Syrian Observatory for Human Rights (SOHR)" is matched whole and by both
            of its halves). Outlets not listed say nothing.
        url (str | None): the article's address; its host and every parent domain of it
            are looked up.
        RETURNS (str | None): the ACLED country name; None when no outlet is listed or
            the listed ones cover different countries.

        Example:
            >>> SourceCountries.load().country("SANA; Ukrinform", None) is None
            True
        """
        found = set(self._source_countries(source or ""))
        if url:
            found.update(self._url_countries(url))
        return found.pop() if len(found) == 1 else None

    def _source_countries(self, source: str) -> Iterator[str]:
        for part in _PARTS.split(source):
            for candidate in _candidates(part.strip()):
                country = self._names.get(_name_key(candidate))
                if country is not None:
                    yield country

    def _url_countries(self, url: str) -> Iterator[str]:
        text = url.strip()
        try:
            host = urlsplit(text if "//" in text else "//" + text).hostname
        except ValueError:  # a malformed address (bad port, bracket) names no site
            return
        labels = (host or "").rstrip(".").split(".")
        for start in range(len(labels) - 1):
            country = self._domains.get(".".join(labels[start:]))
            if country is not None:
                yield country
                return  # the most specific listed domain decides


def _candidates(part: str) -> Iterable[str]:
    """A source part, and the name and abbreviation of "Name (ABBR)"."""
    if not part:
        return ()
    bracketed = _BRACKETED.match(part)
    return (part, *bracketed.groups()) if bracketed else (part,)


def _load_sources(user_file: Path | None) -> SourceCountries:
    """The packaged list with ``user_file`` on top (its names and domains win)."""
    files = [_parse_file(SOURCES_FILE)] + (
        [_parse_file(user_file)] if user_file is not None else []
    )
    names: dict[str, str] = {}
    domains: dict[str, str] = {}
    for file_names, file_domains in files:
        names.update((k, c.country) for k, c in file_names.items())
        domains.update((k, c.country) for k, c in file_domains.items())
    return SourceCountries(names, domains)


SOURCES = rule_family("sources", SOURCES_FILE, _load_sources)
