"""The sources file: one ``[[source]]`` table per feed or page to watch, validated with file:line.

A sources file is TOML::

    [watch]                      # optional: how every source is fetched
    timeout = "20s"              # give up on a response after this long (whole body)
    retries = 2                  # further tries after a timeout, a 5xx or a 429
    backoff = "2s"               # first wait before a retry; doubled for each next one
    host_delay = "1s"            # at least this long between two requests to one host
    max_bytes = 10_000_000       # a larger response is cut off and counts as an error
    concurrency = 8              # requests in flight at once (to different hosts)
    contact = "mailto:desk@example.org"   # added to the User-Agent, so a site can reach you
    proxy = "http://proxy.example:3128"   # send every request through this proxy

    [[source]]
    name = "levant-wire"         # unique; letters, digits, '.', '_' and '-'
    url = "https://levant-wire.example/feed.xml"
    interval = "15m"             # how often to poll: "30s", "15m", "1h", "1d"
    kind = "feed"                # feed (RSS/Atom), page (one HTML article) or auto (default)
    country = "Syria"            # the country its reports are about, if it covers one
    language = "en"              # the language of its articles, if the source does not say
    source_scale = "National"    # ACLED's source scale (source_scales.yaml's names): shown
                                 # by ``conflictcoder sources``, and the ACLED export's
                                 # source_scale for its articles whose outlet it does not list

``load_sources`` returns the validated file or raises ``InputError`` naming the file, the
line of the offending key (or of its ``[[source]]`` header) and what to change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..checks import bounded, check_of, checked
from ..errors import InputError

KINDS: tuple[str, ...] = ("auto", "feed", "page")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")


def _duration(value: Any) -> float:
    """Seconds in a duration (see ``parse_duration``); ValueError("must be ...") if it is none."""
    if isinstance(value, bool):
        raise ValueError('must be a duration such as "30s", "15m" or "1h"')
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.fullmatch(value)):
        seconds = float(match[1]) * _UNIT_SECONDS[match[2]]
    else:
        raise ValueError('must be a duration such as "30s", "15m" or "1h" (units ms, s, m, h, d)')
    if not seconds >= 0 or seconds == float("inf"):
        raise ValueError("must be a duration of 0 or more")
    return seconds


def parse_duration(value: Any, what: str = "interval") -> float:
    """Seconds in a duration written "30s", "15m", "1h", "1d" or "500ms" (or a number of seconds).

    Raises ValueError naming ``what`` and the accepted forms.

    Example:
        >>> parse_duration("15m"), parse_duration("1h"), parse_duration("30s"), parse_duration(2)
        (900.0, 3600.0, 30.0, 2.0)
    """
    try:
        return _duration(value)
    except ValueError as exc:
        raise ValueError(f"{what} {exc}, got {value!r}") from None


def _proxy(value: Any) -> str:
    """An http:// or https:// proxy address."""
    try:
        parts = urlsplit(value) if isinstance(value, str) else None
    except ValueError:  # such as an unclosed "[" of an IPv6 address
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// address")
    return value


def _one_line(value: Any) -> str:
    """A one-line string, stripped."""
    if not isinstance(value, str) or not value.strip() or any(c in value for c in "\r\n"):
        raise ValueError("must be a one-line string")
    return value.strip()


def _seconds(default: float) -> Any:
    """A WatchOptions field of seconds, written as a duration ("20s", "2m") or a number."""
    return checked(default, _duration)


@dataclass(frozen=True)
class WatchOptions:
    """How sources are fetched (the ``[watch]`` table; every key optional).

    timeout (float): seconds a whole response may take (connect, headers and body). 20.
    retries (int): further tries after a timeout, a connection error, a 5xx or a 429. 2.
    backoff (float): seconds before the first retry, doubled for each next one. 2.
    max_backoff (float): the longest wait between two tries (also caps ``Retry-After``). 60.
    host_delay (float): the least seconds between two requests to the same host. 1.
    max_bytes (int): a response body larger than this is cut off: an error. 10 MB.
    concurrency (int): requests in flight at once. 8.
    contact (str | None): added to the User-Agent ("mailto:desk@example.org"). None.
    alert_interval (float): how often ``watch`` delivers alerts between polls. 60.
    proxy (str | None): an http:// or https:// proxy for every request. None
        (environment variables such as HTTPS_PROXY are not read: say it here).

    Each field declares the check its value in the file must pass (``checks.checked``).

    Example:
        >>> WatchOptions().timeout, WatchOptions(retries=0).retries
        (20.0, 0)
    """

    timeout: float = _seconds(20.0)
    retries: int = bounded(2, 0, 20)
    backoff: float = _seconds(2.0)
    max_backoff: float = _seconds(60.0)
    host_delay: float = _seconds(1.0)
    max_bytes: int = bounded(10_000_000, 1, 2**40)
    concurrency: int = bounded(8, 1, 256)
    contact: str | None = checked(None, _one_line)
    alert_interval: float = _seconds(60.0)
    proxy: str | None = checked(None, _proxy)


@dataclass(frozen=True)
class Source:
    """One feed or page to watch.

    name (str): unique name, recorded with its articles (``origin`` "watch:NAME") and state.
    url (str): http(s) address.
    interval (float): seconds between two polls.
    kind (str): "feed", "page" or "auto" (decided by the response). Defaults to "auto".
    country (str | None): the country its reports are about. Defaults to None.
    language (str | None): its articles' language when they do not say. Defaults to None.
    source_scale (str | None): ACLED's source scale (one of ``source_scales.yaml``'s
        scales). Defaults to None.
    line (int | None): where its ``[[source]]`` table starts in the file.

    Example:
        >>> Source("wire", "https://wire.example/rss", 900.0).host
        'wire.example'
    """

    name: str
    url: str
    interval: float
    kind: str = "auto"
    country: str | None = None
    language: str | None = None
    source_scale: str | None = None
    line: int | None = field(default=None, compare=False)

    @property
    def host(self) -> str:
        """The host the polite per-host delay applies to (lower case, with its port)."""
        parts = urlsplit(self.url)
        return (parts.netloc.rpartition("@")[2] or parts.path).lower()

    @property
    def origin(self) -> str:
        """What its articles record as ``origin``: "watch:" + its name."""
        return f"watch:{self.name}"


# The keys a [[source]] table may hold: the fields of Source but where it starts in the file.
SOURCE_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Source) if f.name != "line")


@dataclass(frozen=True)
class SourcesFile:
    """A validated sources file: its path, the fetch options and the sources in file order."""

    path: Path
    options: WatchOptions
    sources: tuple[Source, ...]


class _Lines:
    """Finds the line of a key of the Nth ``[[source]]`` table (tomllib keeps no positions)."""

    _HEADER = re.compile(r"\s*\[\[\s*(\"?)(\w+)\1\s*\]\]")
    _TABLE = re.compile(r"\s*\[\s*(\"?)(\w+)\1\s*\]")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.sources: list[int] = []  # line index of each [[source]] header
        self.watch: int | None = None
        for index, line in enumerate(self.lines):
            if (match := self._HEADER.match(line)) and match[2] == "source":
                self.sources.append(index)
            elif (match := self._TABLE.match(line)) and match[2] == "watch":
                self.watch = index

    def _section_end(self, start: int) -> int:
        for index in range(start + 1, len(self.lines)):
            if self.lines[index].lstrip().startswith("["):
                return index
        return len(self.lines)

    def _key_line(self, start: int | None, key: str | None) -> int | None:
        if start is None:
            return None
        if key is not None:
            pattern = re.compile(
                rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*="
            )
            for index in range(start + 1, self._section_end(start)):
                if pattern.match(self.lines[index]):
                    return index + 1
        return start + 1

    def source(self, number: int, key: str | None = None) -> int | None:
        start = self.sources[number] if number < len(self.sources) else None
        return self._key_line(start, key)

    def options(self, key: str | None = None) -> int | None:
        return self._key_line(self.watch, key)


def load_sources(path: str | Path) -> SourcesFile:
    """Read and validate a sources file.

    path (str | Path): the TOML file.
    RETURNS (SourcesFile): the options and sources.
    Raises InputError ("sources.toml:12: source 'wire': interval must be ...") for a
    missing or unreadable file, a TOML syntax error, an unknown or missing key, a bad value,
    or two sources with one name.

    Example:
        >>> _ = (tmp / "sources.toml").write_text('[[source]]\\nname = "wire"\\n'
        ...     'url = "https://wire.example/feed.xml"\\ninterval = "15m"\\n')
        >>> load_sources(tmp / "sources.toml").sources[0].interval
        900.0
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "sources file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the sources file: {exc}") from None
    return parse_sources(text, path)


def parse_sources(text: str, path: str | Path = "<sources>") -> SourcesFile:
    """Validate the text of a sources file (see ``load_sources``); ``path`` names it in errors.

    Example:
        >>> parse_sources('[[source]]\\nname = "a"\\nurl = "http://a.example/rss"\\n'
        ...               'interval = "1h"').sources[0].interval
        3600.0
    """
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match[1]) if match else None
        problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) if match else message
        raise InputError(path, f"not valid TOML: {problem}", line) from None
    lines = _Lines(text)
    unknown = sorted(set(data) - {"source", "watch"})
    if unknown:
        raise InputError(
            path,
            f"unknown table or key '{unknown[0]}': a sources file has [watch] and [[source]]",
            _top_line(lines, unknown[0]),
        )
    options = _options(data.get("watch", {}), path, lines)
    raw = data.get("source")
    if raw is None:
        raise InputError(path, "no sources: add a [[source]] table with name, url and interval")
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise InputError(path, "'source' must be [[source]] tables", _top_line(lines, "source"))
    sources: list[Source] = []
    seen: dict[str, int | None] = {}
    for number, table in enumerate(raw):
        source = _source(table, number, path, lines)
        if source.name in seen:
            first = seen[source.name]
            where = f" (first at line {first})" if first else ""
            raise InputError(
                path,
                f"source '{source.name}' is named twice{where}: give each source its own name",
                lines.source(number, "name"),
            )
        seen[source.name] = lines.source(number, "name")
        sources.append(source)
    return SourcesFile(path, options, tuple(sources))


def _top_line(lines: _Lines, key: str) -> int | None:
    pattern = re.compile(rf"\s*\[*\s*\"?{re.escape(key)}\"?\s*[\]=]")
    for index, line in enumerate(lines.lines):
        if pattern.match(line):
            return index + 1
    return None


def _options(table: Any, path: Path, lines: _Lines) -> WatchOptions:
    if not isinstance(table, dict):
        raise InputError(path, "[watch] must be a table", _top_line(lines, "watch"))
    checks = {f.name: check_of(f) for f in fields(WatchOptions)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = lines.options(key)
        if key not in checks:
            raise InputError(
                path,
                f"[watch]: unknown key '{key}': use one of {', '.join(sorted(checks))}",
                line,
            )
        check = checks[key]
        try:
            values[key] = value if check is None else check(value)
        except ValueError as exc:
            raise InputError(path, f"[watch]: {key} {exc}, got {value!r}", line) from None
    return WatchOptions(**values)


def _source(table: dict[str, Any], number: int, path: Path, lines: _Lines) -> Source:
    name = table.get("name")
    label = f"source '{name}'" if isinstance(name, str) and name else f"source {number + 1}"

    def fail(problem: str, key: str | None = None) -> InputError:
        return InputError(path, f"{label}: {problem}", lines.source(number, key))

    for key in table:
        if key not in SOURCE_KEYS:
            raise fail(f"unknown key '{key}': use one of {', '.join(SOURCE_KEYS)}", key)
    for key in ("name", "url", "interval"):
        if key not in table:
            raise fail(f"missing '{key}'")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise fail(
            "name must be 1 to 100 letters, digits, '.', '_' or '-' (starting with a letter "
            f"or digit), got {name!r}",
            "name",
        )
    url = table["url"]
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail(f"url must be an http:// or https:// address, got {url!r}", "url")
    if any(c.isspace() for c in url):
        raise fail(f"url must not contain spaces, got {url!r}", "url")
    try:
        interval = parse_duration(table["interval"])
    except ValueError as exc:
        raise fail(str(exc), "interval") from None
    if interval < 1:
        raise fail(f"interval must be at least 1s, got {table['interval']!r}", "interval")
    kind = table.get("kind", "auto")
    if kind not in KINDS:
        raise fail(f"kind must be one of {', '.join(KINDS)}, got {kind!r}", "kind")
    texts: dict[str, str | None] = {}
    for key in ("country", "language", "source_scale"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise fail(f"{key} must be a non-empty string, got {value!r}", key)
        texts[key] = value.strip() if isinstance(value, str) else None
    if texts["country"] is not None:
        from ..resolve.sources import acled_country

        country = acled_country(texts["country"])
        if country is None:
            raise fail(
                f'country must be a country\'s name or ISO code ("Syria", "SY"), '
                f"got {texts['country']!r}",
                "country",
            )
        texts["country"] = country
    if texts["source_scale"] is not None:
        from ..formats.acled import SourceScales

        order = SourceScales.load().order
        scale = next((s for s in order if s.lower() == texts["source_scale"].lower()), None)
        if scale is None:
            raise fail(
                f"source_scale must be one of ACLED's scales ({', '.join(order)}), "
                f"got {texts['source_scale']!r}",
                "source_scale",
            )
        texts["source_scale"] = scale
    language = texts["language"]
    if language is not None and not _LANGUAGE.fullmatch(language):
        raise fail(f'language must be an ISO 639 code such as "en", got {language!r}', "language")
    return Source(
        name=name,
        url=url,
        interval=interval,
        kind=kind,
        country=texts["country"],
        language=language,
        source_scale=texts["source_scale"],
        line=lines.source(number),
    )
