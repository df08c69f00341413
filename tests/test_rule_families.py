"""Tests for the rule families (ontology/families.py) and their loading per coder (Resources)."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from conflictcoder.clean import BOILERPLATE
from conflictcoder.config import Settings, UserRules
from conflictcoder.errors import OntologyError
from conflictcoder.extract.attribution import ATTRIBUTION
from conflictcoder.extract.cues import ACTOR_CUES, PLACE_CUES
from conflictcoder.extract.discourse import DISCOURSE
from conflictcoder.extract.modality import DATED_WORDS, MODALITY
from conflictcoder.extract.triggers import TRIGGERS
from conflictcoder.extract.weapons import WEAPONS
from conflictcoder.formats import acled_codebook, ucdp_rules
from conflictcoder.formats.acled import ACLED_CODEBOOK, SOURCE_SCALES, SourceScales
from conflictcoder.formats.ucdp import UCDP_RULES
from conflictcoder.geo.terms import PLACE_TERMS
from conflictcoder.ontology import acled_types
from conflictcoder.ontology.families import USER_FILE_FAMILIES
from conflictcoder.ontology.loader import RULE_FAMILIES
from conflictcoder.pipeline import Pipeline, Resources
from conflictcoder.resolve.actors import ActorResolver
from conflictcoder.resolve.claims import CLAIMS, ClaimReader
from conflictcoder.resolve.date_rules import DATES
from conflictcoder.resolve.incidents import INCIDENTS
from conflictcoder.resolve.narrative import NarrativeDates
from conflictcoder.resolve.sources import SOURCES
from conflictcoder.resolve.tolls import TOLLS
from conflictcoder.store.filters import ADMIN1_KEYS, admin1_keys

# The families the pipeline's resources load (importing the pipeline declares them all).
PIPELINE_FAMILIES = {
    "acled_types",
    "actor_cues",
    "actor_file",
    "attribution",
    "actors",
    "boilerplate",
    "claims",
    "countries",
    "curated_countries",
    "dated_words",
    "dates",
    "discourse",
    "event_model",
    "event_policy",
    "feature_kinds",
    "incidents",
    "modality",
    "name_rules",
    "numbers",
    "place_cues",
    "place_terms",
    "sources",
    "tolls",
    "triggers",
    "unit_nouns",
    "weapons",
}
# The families of the exports and the store's filters.
FORMAT_AND_STORE_FAMILIES = {"acled_codebook", "admin1_keys", "source_scales", "ucdp"}


PACKAGE = Path(__file__).resolve().parents[1] / "src" / "conflictcoder"
# Where rule data is read: no module here keeps a singleton of its own.
RULE_MODULES = [
    *sorted((PACKAGE / "resolve").glob("*.py")),
    *sorted((PACKAGE / "ontology").glob("*.py")),
    *(PACKAGE / "geo" / name for name in ("terms.py", "names.py", "countries.py", "build.py")),
    PACKAGE / "clean.py",
    PACKAGE / "ingest" / "_common.py",
    *sorted((PACKAGE / "formats").glob("*.py")),
    *sorted((PACKAGE / "store").glob("*.py")),
    *sorted((PACKAGE / "extract").glob("*.py")),
]
# Zero-argument caches that hold no rule data: a memo of code.
# Cached tables that are no rule data: the Event class's field types; the regex engine's
# case folding of the Unicode code points (read once, the same for every pipeline).
NOT_RULE_DATA = {"base.py _field_types", "actor_trie.py _lowered_to"}


def _cached_without_arguments(path: Path) -> list[str]:
    """Functions of ``path`` cached with ``lru_cache``/``cache`` that take no argument: a
    module-level singleton."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = getattr(target, "id", getattr(target, "attr", ""))
            args = node.args
            without_arguments = not (args.args or args.kwonlyargs)
            memo = f"{path.name} {node.name}" in NOT_RULE_DATA
            if name in ("lru_cache", "cache") and without_arguments and not memo:
                found.append(f"{path.name}:{node.lineno} {node.name}")
    return found


def _loaded_at_import(path: Path) -> list[str]:
    """Module-level names of ``path`` bound to a rule file read at import (``WordLists``,
    ``load_yaml``, ``load_*``)."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        calls = [node.value]  # what runs at import: not the body of a lambda (a loader)
        while calls:
            call = calls.pop()
            if isinstance(call, ast.Lambda):
                continue
            calls.extend(ast.iter_child_nodes(call))
            if isinstance(call, ast.Call):
                name = getattr(call.func, "id", getattr(call.func, "attr", ""))
                if name in ("WordLists", "load_yaml") or name.startswith("load_"):
                    found.append(f"{path.name}:{node.lineno} {name}")
    return found


def test_no_module_keeps_its_own_singleton_of_rule_data() -> None:
    found = [hit for path in RULE_MODULES for hit in _cached_without_arguments(path)]
    assert found == [], "declare a rule family (ontology/families.py) instead"
    loaded = [hit for path in RULE_MODULES for hit in _loaded_at_import(path)]
    assert loaded == [], "declare a rule family (ontology/families.py) instead"


def test_every_family_is_declared_once_with_its_packaged_file() -> None:
    assert set(RULE_FAMILIES) >= PIPELINE_FAMILIES | FORMAT_AND_STORE_FAMILIES
    for name in PIPELINE_FAMILIES | FORMAT_AND_STORE_FAMILIES:
        family = RULE_FAMILIES[name]
        assert family.name == name
        assert family.file.is_file(), family.file


def test_the_public_defaults_are_the_one_packaged_copy() -> None:
    assert ClaimReader(ActorResolver.load()).rules is CLAIMS.packaged()
    assert acled_codebook() is ACLED_CODEBOOK.packaged()
    assert SourceScales.load() is SOURCE_SCALES.packaged()
    assert ucdp_rules() is UCDP_RULES.packaged()
    assert admin1_keys("Rif Dimashq") <= {"rifdimashk", *ADMIN1_KEYS.packaged()["rifdimashk"]}
    assert INCIDENTS.packaged().tolls is TOLLS.packaged()
    assert NarrativeDates().rules is DATES.packaged()
    assert acled_types() is RULE_FAMILIES["acled_types"].packaged()


def test_the_families_that_take_a_user_file_are_declared() -> None:
    takers = {name for name, family in RULE_FAMILIES.items() if family.user_file}
    assert takers == USER_FILE_FAMILIES
    assert not RULE_FAMILIES["unit_nouns"].user_file


@pytest.mark.parametrize("name", sorted(USER_FILE_FAMILIES))
def test_a_family_that_takes_a_user_file_reads_it(name: str, tmp_path: Path) -> None:
    # USER_FILE_FAMILIES is a list apart from the loaders: a listed family whose loader
    # ignored the file would take a team's rules silently and do nothing with them
    broken = tmp_path / "team.yaml"
    broken.write_text("extra: [never closed\n", encoding="utf-8")
    with pytest.raises(OntologyError, match=r"team\.yaml:2: invalid YAML"):
        RULE_FAMILIES[name].with_user_file(broken)


def test_resources_load_a_family_once_and_merge_the_user_file_of_its_setting(
    tmp_path: Path,
) -> None:
    user = tmp_path / "outlets.yaml"
    user.write_text(
        "sources:\n  - country: Yemen\n    names: [Hillside Gazette]\n", encoding="utf-8"
    )
    resources = Resources(Settings(user_rules=UserRules(sources=str(user))))
    assert resources.sources is resources.rules(SOURCES)
    assert resources.sources.country("Hillside Gazette", None) == "Yemen"
    assert SOURCES.packaged().country("Hillside Gazette", None) is None  # packaged unchanged
    plain = Resources(Settings())
    assert plain.rules(SOURCES) is SOURCES.packaged()  # no user file: the packaged copy


def test_the_incident_rules_of_a_coder_carry_its_toll_shares() -> None:
    resources = Resources(Settings())
    assert resources.incident_rules.tolls is resources.toll_rules
    assert resources.incident_rules.generic_types == INCIDENTS.packaged().generic_types


def test_a_family_without_a_user_file_setting_refuses_one(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match="take no user file"):
        RULE_FAMILIES["unit_nouns"].with_user_file(tmp_path / "nouns.yaml")


def test_a_user_file_error_names_the_user_file_and_line(tmp_path: Path) -> None:
    user = tmp_path / "outlets.yaml"
    user.write_text("sources:\n  - country: Atlantis\n    names: [Nowhere Post]\n")
    with pytest.raises(OntologyError) as info:
        Resources(Settings(user_rules=UserRules(sources=str(user)))).sources  # noqa: B018
    assert str(info.value).startswith(f"{user}:2")


def test_the_components_get_their_rules_from_the_coders_resources(settings: Settings) -> None:
    resources = Resources(settings)
    pipeline = Pipeline.from_settings(settings, resources)
    assert pipeline.get("claims").reader.rules is resources.claim_rules  # type: ignore[attr-defined]
    assert pipeline.get("incidents").rules is resources.incident_rules  # type: ignore[attr-defined]
    boilerplate = resources.rules(BOILERPLATE)
    assert pipeline.get("clean").rules is boilerplate  # type: ignore[attr-defined]
    assert pipeline.get("report_date").rules is boilerplate  # type: ignore[attr-defined]
    resolver = resources.resolver
    assert resolver.rules is resources.number_rules
    assert resolver.tolls is resources.toll_rules
    assert resources.places.terms is resources.rules(PLACE_TERMS)
    assert resources.arguments.cues is resources.rules(PLACE_CUES)
    assert resources.arguments.actor_cues is resources.rules(ACTOR_CUES)
    extractor = resources.extractor
    assert extractor.attribution is resources.rules(ATTRIBUTION)
    assert extractor.discourse is resources.rules(DISCOURSE)
    assert extractor.weapons is resources.rules(WEAPONS)
    assert resources.tagger.rules is resources.rules(TRIGGERS)
    assert extractor.modality.rules is resources.rules(MODALITY)
    assert extractor.modality.dated_words is resources.rules(DATED_WORDS)


def test_a_user_boilerplate_file_reaches_the_coders_clean_up(
    settings: Settings, tmp_path: Path
) -> None:
    user = tmp_path / "boilerplate.yaml"
    user.write_text("drop_lines:\n  - {id: podcast, pattern: 'listen to our podcast\\b.*'}\n")
    resources = Resources(replace(settings, user_rules=UserRules(boilerplate=str(user))))
    cleaner = Pipeline.from_settings(resources.settings, resources).get("clean")
    assert cleaner.rules.drop_rule_for("Listen to our podcast now")  # type: ignore[attr-defined]
    assert not BOILERPLATE.packaged().drop_rule_for("Listen to our podcast now")
