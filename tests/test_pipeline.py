"""Tests for conflictcoder/pipeline/: the ordered, named components of the Coder."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conflictcoder.coder import Coder
from conflictcoder.config import DEFAULTS_FILE, Settings, load_settings
from conflictcoder.errors import ConfigError
from conflictcoder.model import Article
from conflictcoder.pipeline import Component, Pipeline, Resources, Work, architecture, components
from conflictcoder.pipeline.base import check_order
from conflictcoder.pipeline.stages import DEFAULT_PIPELINE, Country

PUBLISHED = date(2023, 11, 22)
# a village no gazetteer knows and a generic actor: nothing in the text names a country
UNPLACED = "On 3 March 2021 regime forces shelled Tell Dahrija."


class FixedCountry(Component):
    """Every article is about one country (a desk that codes one country's news)."""

    name = "country"
    requires = ("article",)
    assigns = ("focus", "country")

    def __init__(self, *, chooser: object, country: str) -> None:
        self.chooser = chooser
        self.country = country

    def __call__(self, work: Work) -> Work:
        work.focus, _ = self.chooser(work.article)  # type: ignore[operator]
        work.country = self.country
        return work


@components.register("tests.fixed_country.v1")
def _fixed_country(resources: Resources) -> FixedCountry:
    return FixedCountry(chooser=resources.chooser, country="Syria")


def _unplaced() -> Article:
    return Article(id="unplaced", text=UNPLACED, published=PUBLISHED)


def test_the_default_pipeline_is_the_packaged_setting(coder: Coder) -> None:
    packaged = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))["pipeline"]
    assert tuple(packaged) == DEFAULT_PIPELINE
    assert coder.pipeline.names == list(DEFAULT_PIPELINE)
    assert coder.pipeline.names[:4] == ["clean", "report_date", "sentence_gate", "nlp"]


def test_replacing_a_component_by_name_in_the_settings_changes_its_output(
    settings: Settings,
) -> None:
    (plain,) = Coder(settings).code(_unplaced())
    assert (plain.country, plain.actor1) == (None, None)
    names = tuple("tests.fixed_country.v1" if n == "country" else n for n in DEFAULT_PIPELINE)
    coder = Coder(replace(settings, pipeline=names))
    assert isinstance(coder.pipeline.get("country"), FixedCountry)
    (event,) = coder.code(_unplaced())
    assert (event.country, event.actor1) == ("Syria", "Military Forces of Syria (2000-)")


def test_replacing_a_component_on_a_built_pipeline(settings: Settings) -> None:
    coder = Coder(settings)
    old = coder.pipeline.replace(
        "country", FixedCountry(chooser=coder.resources.chooser, country="Syria")
    )
    assert isinstance(old, Country)
    (event,) = coder.code(_unplaced())
    assert event.country == "Syria"


def test_disabling_the_merge_keeps_each_report_of_an_incident(settings: Settings) -> None:
    text = (
        "Regime warplanes struck Ariha in Idlib province on Monday, killing three civilians.\n"
        "The air strike on Ariha also wounded five people."
    )
    article = Article(id="a", text=text, published=PUBLISHED)
    merged = Coder(settings).code(article)
    unmerged = Coder(replace(settings, disable=("merge",))).code(article)
    assert len(unmerged) >= len(merged) == 1
    assert "merge" not in Coder(replace(settings, disable=("merge",))).pipeline.names


def test_the_clean_component_cleans_a_hand_built_article(coder: Coder) -> None:
    text = (
        "Regime warplanes struck Ariha in Idlib province on Monday, killing three civilians.\n"
        "Follow us on Twitter\n"
    )
    (event,) = coder.code(Article(id="a", text=text, published=PUBLISHED))
    (article, _), *_ = coder.code_many([Article(id="a", text=text, published=PUBLISHED)])
    assert "Follow us" not in article.text
    assert event.evidence[0].sentence.startswith("Regime warplanes struck Ariha")


def test_a_component_that_needs_what_no_earlier_one_sets_is_refused(settings: Settings) -> None:
    with pytest.raises(ConfigError) as info:
        Pipeline.from_settings(replace(settings, disable=("triggers",)))
    assert str(info.value) == (
        "component 'mentions' requires 'hits', which no component before it assigns: "
        "add or re-enable the component that sets it"
    )


def test_unknown_names_are_refused_with_the_known_ones(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="cannot disable unknown component 'parser'"):
        Pipeline.from_settings(replace(settings, disable=("parser",)))
    with pytest.raises(ConfigError, match="unknown pipeline component 'nope.v1'"):
        Pipeline.from_settings(replace(settings, pipeline=("clean", "nope.v1")))


def test_check_order_refuses_a_field_the_work_has_not(settings: Settings) -> None:
    class Odd(Component):
        name = "odd"
        assigns = ("colour",)

    with pytest.raises(ConfigError, match="names 'colour', which is no Work field"):
        check_order([Odd()])

    class Twin(Component):
        name = "twin"

    with pytest.raises(ConfigError, match="component 'twin' appears twice"):
        check_order([Twin(), Twin()])


def test_the_pipeline_settings_load_from_a_file(tmp_path: Path, gazetteer_path: Path) -> None:
    user = tmp_path / "settings.toml"
    user.write_text('disable = ["merge"]\n', encoding="utf-8")
    settings = load_settings(user, gazetteer_path=str(gazetteer_path))
    assert settings.disable == ("merge",)
    assert "merge" not in Pipeline.from_settings(settings).names


def test_describe_lists_what_each_component_reads_and_sets(coder: Coder) -> None:
    rows = coder.pipeline.describe()
    assert [r["name"] for r in rows] == list(DEFAULT_PIPELINE)
    nlp = next(r for r in rows if r["name"] == "nlp")
    assert (nlp["requires"], nlp["assigns"]) == (["chunks"], ["parsed"])
    assert all(r["summary"] for r in rows)


def test_the_architecture_doc_shows_the_registered_pipeline() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "architecture.md").read_text("utf-8")
    section = doc.split("<!-- pipeline:start -->\n", 1)[1].split("\n<!-- pipeline:end -->", 1)[0]
    assert section == architecture()
