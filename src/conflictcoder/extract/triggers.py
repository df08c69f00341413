"""Trigger tagging: the event lexicon (``ontology/triggers.yaml``) matched over a Doc.

Reads: token lemmas, POS tags. Sets: ``TriggerHit`` per match (label = ACLED sub-event type).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..errors import OntologyError
from ..ontology import ONTOLOGY_DIR, acled_types, line_of, load_yaml, without_lines
from ..ontology.families import rule_family

logger = logging.getLogger("conflictcoder")

TRIGGERS_FILE = ONTOLOGY_DIR / "triggers.yaml"
_KEYS = {"id", "label", "pattern", "priority", "generic", "territory", "requires", "weapon"}


@dataclass(frozen=True)
class TriggerRule:
    """One lexicon entry (see the header of ``triggers.yaml`` for each field)."""

    id: str
    label: str
    pattern: str | tuple[Any, ...]
    priority: int = 50
    generic: bool = False
    territory: bool = False
    requires: tuple[str, ...] = ()
    weapon: str | None = None
    source: str = ""
    line: int | None = None


@dataclass(frozen=True)
class TriggerHit:
    """A rule matched on tokens ``start:end`` of a Doc."""

    rule: TriggerRule
    span: Span


def _rule_from_entry(entry: Any, path: Path) -> TriggerRule:
    line = line_of(entry)
    if not isinstance(entry, dict):
        raise OntologyError(path, "each trigger must be a mapping with id, label and pattern", line)
    unknown = set(entry) - _KEYS - {"__line__"}
    if unknown:
        raise OntologyError(
            path,
            f"unknown key(s) {', '.join(sorted(unknown))} in trigger",
            line,
            key=str(entry.get("id")),
        )
    for key in ("id", "label", "pattern"):
        if key not in entry:
            raise OntologyError(path, f"trigger without '{key}'", line)
    label = entry["label"]
    if label not in acled_types():
        raise OntologyError(
            path,
            f"unknown sub_event_type '{label}' in trigger '{entry['id']}'",
            line,
            key=entry["id"],
        )
    requires = tuple(entry.get("requires") or ())
    for req in requires:
        if req not in acled_types():
            raise OntologyError(path, f"unknown sub_event_type '{req}' in requires", line)
    pattern = entry["pattern"]
    if isinstance(pattern, list):
        pattern = tuple(without_lines(p) for p in pattern)
        if not all(isinstance(p, dict) for p in pattern):
            raise OntologyError(
                path, f"token pattern of '{entry['id']}' must be a list of mappings", line
            )
    elif not isinstance(pattern, str) or not pattern.strip():
        raise OntologyError(
            path, f"pattern of '{entry['id']}' must be a phrase or a token list", line
        )
    priority = entry.get("priority", 50)
    if isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 100:
        raise OntologyError(path, f"priority of '{entry['id']}' must be an integer 0-100", line)
    return TriggerRule(
        id=str(entry["id"]),
        label=label,
        pattern=pattern,
        priority=priority,
        generic=bool(entry.get("generic", False)),
        territory=bool(entry.get("territory", False)),
        requires=requires,
        weapon=entry.get("weapon"),
        source=str(path),
        line=line,
    )


def load_trigger_rules(user_file: str | Path | None = None) -> list[TriggerRule]:
    """The packaged lexicon with an optional user file merged on top (same id replaces).

    Example:
        >>> any(r.label == "Air/drone strike" for r in load_trigger_rules())
        True
    """
    rules: dict[str, TriggerRule] = {}
    for path in [TRIGGERS_FILE] + ([Path(user_file)] if user_file else []):
        data = load_yaml(path)
        if data is None:
            data = []
        if not isinstance(data, list):
            raise OntologyError(path, "a trigger file must be a YAML list of entries")
        for entry in data:
            rule = _rule_from_entry(entry, path)
            rules[rule.id] = rule
    if not rules:
        logger.warning("the trigger lexicon is empty: no event will be found")
    return list(rules.values())


# The trigger lexicon, with the team's file (``[user_rules] triggers``) merged on top.
TRIGGERS = rule_family("triggers", TRIGGERS_FILE, load_trigger_rules)


# The token attributes an anchor tests, in the column order of Doc.to_array.
_ATTR_COLUMNS = {"LEMMA": 0, "LOWER": 1}


def pattern_anchor(pattern: tuple[Any, ...] | list[Any]) -> tuple[str, frozenset[str]] | None:
    """The narrowest word test a token pattern cannot match without: the attribute (LEMMA
    or LOWER) and its values, from a token that is neither optional nor negated. None when
    every token is optional or tested otherwise (POS, a regular expression).

    Example:
        >>> attr, words = pattern_anchor([{"POS": "NOUN", "OP": "?"}, {"LEMMA": "shell"}])
        >>> attr, sorted(words)
        ('LEMMA', ['shell'])
        >>> pattern_anchor([{"LOWER": "car", "OP": "?"}]) is None
        True
    """
    best: tuple[str, frozenset[str]] | None = None
    for spec in pattern:
        test = _word_test(spec)
        if test is not None and (best is None or len(test[1]) < len(best[1])):
            best = test
    return best


def _word_test(spec: Any) -> tuple[str, frozenset[str]] | None:
    """The words (LEMMA or LOWER values) a required pattern token must be one of, or None
    when the token is optional, negated or tested otherwise; the narrower test of two."""
    if not isinstance(spec, dict) or spec.get("OP") not in (None, "+", "1"):
        return None
    best: tuple[str, frozenset[str]] | None = None
    for attr in ("LEMMA", "LOWER"):
        value = spec.get(attr)
        if isinstance(value, str):
            values = frozenset([value])
        elif isinstance(value, dict) and set(value) == {"IN"}:
            values = frozenset(str(v) for v in value["IN"])
        else:
            continue
        if best is None or len(values) < len(best[1]):
            best = (attr, values)
    return best


def pattern_needs(
    pattern: tuple[Any, ...] | list[Any],
) -> tuple[list[tuple[str, frozenset[str]]], int | None, int | None]:
    """What a match of a token pattern needs: the word test of every required token, in
    order, and the most tokens a match has before the first of them and after the last
    (None when unbounded or when no token has a word test). A match lies between an
    occurrence of the first word and one of the last, and holds every one of them.

    Example:
        >>> needs, before, after = pattern_needs(
        ...     [{"POS": "DET"}, {"LEMMA": "shell"}, {"OP": "*"}, {"LOWER": "town"}])
        >>> [(attr, sorted(words)) for attr, words in needs], before, after
        ([('LEMMA', ['shell']), ('LOWER', ['town'])], 1, 0)
    """
    found = [(k, test) for k, spec in enumerate(pattern) if (test := _word_test(spec))]
    if not found:
        return [], None, None
    first, last = found[0][0], found[-1][0]
    return (
        [test for _, test in found],
        pattern_length(pattern[:first]),
        pattern_length(pattern[last + 1 :]),
    )


def pattern_length(pattern: tuple[Any, ...] | list[Any]) -> int | None:
    """The most tokens a token pattern can match, or None when it has no bound.

    Example:
        >>> pattern_length([{"LOWER": "car"}, {"OP": "?"}, {"LEMMA": "bomb"}])
        3
        >>> pattern_length([{"LOWER": "car"}, {"OP": "*"}]) is None
        True
    """
    total = 0
    for spec in pattern:
        op = spec.get("OP") if isinstance(spec, dict) else None
        if op in (None, "?", "!", "1"):
            total += 1
        elif isinstance(op, str) and op.startswith("{") and op.endswith("}"):
            most = op[1:-1].split(",")[-1].strip()
            if not most.isdigit():
                return None
            total += int(most)
        else:  # "+", "*": no bound
            return None
    return total


def _windows(positions: list[int], reach: int, size: int) -> list[tuple[int, int]]:
    """Merged token windows ``[i - reach + 1, i + reach)`` around sorted ``positions``.

    Example:
        >>> _windows([2, 3, 20], 3, 30)
        [(0, 6), (18, 23)]
    """
    merged: list[tuple[int, int]] = []
    for i in positions:
        start, end = max(0, i - reach + 1), min(size, i + reach)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _first_last(seen: dict[int, list[int]], words: frozenset[int]) -> tuple[int, int] | None:
    """The first and the last position of any of ``words`` in ``seen`` (word -> its
    positions, ascending), or None when none of them occurs."""
    hits = words.intersection(seen)
    if not hits:
        return None
    return min(seen[v][0] for v in hits), max(seen[v][-1] for v in hits)


# What a match of one pattern needs (see pattern_needs), each word test as (column of
# Doc.to_array, word hashes); with the most tokens before the first and after the last.
_Needs = tuple[tuple[tuple[int, frozenset[int]], ...], int | None, int | None]


def _sentence_starts(doc: Doc) -> list[int]:
    """The index of the first token of each token's sentence, in one pass over ``doc``.

    Example:
        >>> _sentence_starts(nlp("Jets hit Ariha. Two died."))
        [0, 0, 0, 0, 4, 4, 4]
    """
    starts = [0] * len(doc)
    for sent in doc.sents:
        starts[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
    return starts


class TriggerTagger:
    """Find event triggers in a Doc.

    nlp (Language): the pipeline, used once to lemmatise phrase patterns.
    rules (list[TriggerRule] | None): the lexicon. Defaults to ``TRIGGERS`` with ``user_file``.
    user_file (str | Path | None): extra triggers merged over the packaged ones.

    Example:
        >>> tagger = TriggerTagger(nlp)
        >>> [h.rule.label for h in tagger(nlp("Warplanes carried out airstrikes."))]
        ['Air/drone strike']
    """

    requires = ("Token.lemma", "Token.pos")
    assigns = ("TriggerHit.rule", "TriggerHit.span")

    def __init__(
        self,
        nlp: Language,
        *,
        rules: list[TriggerRule] | None = None,
        user_file: str | Path | None = None,
    ) -> None:
        self.rules = rules if rules is not None else TRIGGERS.with_user_file(user_file)
        self._by_id = {r.id: r for r in self.rules}
        self.matcher = Matcher(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.surface = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrase_rules = [r for r in self.rules if isinstance(r.pattern, str)]
        # Phrases match on lemmas (inflections) and, since spaCy keeps the case of some
        # lemmas ("IED"), also on the lower-cased surface form and its plural.
        texts = [str(r.pattern) for r in phrase_rules]
        variants = [t.lower() for t in texts] + texts
        pdocs = list(nlp.pipe(variants, disable=["ner", "parser"]))
        n = len(texts)
        for i, rule in enumerate(phrase_rules):
            self.phrases.add(rule.id, [pdocs[i], pdocs[n + i]])
            lower = texts[i].lower()
            self.surface.add(rule.id, [nlp.make_doc(lower), nlp.make_doc(lower + "s")])
        self.has_token_rules = False
        # spaCy's Matcher tries every pattern at every token, so its time grows with the
        # number of patterns. A pattern with a required word (an anchor) gets a matcher of
        # its own, run only around the tokens that are one of the anchor's words (the whole
        # Doc when the pattern has no longest match); the rest share ``self.matcher``.
        # Patterns with the same anchor and reach share a matcher; anchor words are kept as
        # the hashes Doc.to_array gives, so a Doc's words are read without Token objects.
        groups: dict[tuple[str, frozenset[str], int | None], Matcher] = {}
        # what each pattern of a group needs (see pattern_needs), its words as hashes
        needs: dict[tuple[str, frozenset[str], int | None], list[_Needs]] = {}
        strings = nlp.vocab.strings
        for rule in self.rules:
            if not isinstance(rule.pattern, str):
                anchor = pattern_anchor(rule.pattern)
                if anchor is None:
                    matcher = self.matcher
                else:
                    group = (*anchor, pattern_length(rule.pattern))
                    matcher = groups.setdefault(group, Matcher(nlp.vocab))
                    tests, before, after = pattern_needs(rule.pattern)
                    hashed = tuple(
                        (_ATTR_COLUMNS[attr], frozenset(strings.add(v) for v in words))
                        for attr, words in tests
                    )
                    needs.setdefault(group, []).append((hashed, before, after))
                try:
                    matcher.add(rule.id, [list(rule.pattern)])
                except (ValueError, KeyError) as exc:
                    problem = str(exc).strip().splitlines()[0]
                    raise OntologyError(
                        rule.source or TRIGGERS_FILE,
                        f"invalid token pattern in trigger '{rule.id}': {problem}",
                        rule.line,
                        key=rule.id,
                    ) from None
                if anchor is None:
                    self.has_token_rules = True
        self._anchored: list[tuple[int, frozenset[int], int | None, Matcher, list[_Needs]]] = [
            (
                _ATTR_COLUMNS[attr],
                frozenset(strings.add(v) for v in values),
                longest,
                matcher,
                needs[(attr, values, longest)],
            )
            for (attr, values, longest), matcher in groups.items()
        ]
        # every word a pattern needs (anchor words among them), per column
        self._needed_words: tuple[frozenset[int], ...] = tuple(
            frozenset(
                v
                for *_, group_needs in self._anchored
                for tests, _, _ in group_needs
                for c, values in tests
                if c == column
                for v in values
            )
            for column in range(len(_ATTR_COLUMNS))
        )

    def _anchored_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The matches of the anchored patterns: each group's matcher runs only where a
        match can lie, on the windows around its anchor words (a match holds an anchor
        word) within the stretch from the first to the last word its patterns need (a
        pattern whose needed words are not all in the Doc cannot match)."""
        where: tuple[dict[int, list[int]], ...] = ({}, {})
        needed = self._needed_words
        for i, row in enumerate(doc.to_array(list(_ATTR_COLUMNS)).tolist()):
            for column, value in enumerate(row):
                if value in needed[column]:  # where no needed word is, no matcher looks
                    where[column].setdefault(value, []).append(i)
        found: list[tuple[int, int, int]] = []
        n = len(doc)
        for column, values, longest, matcher, group_needs in self._anchored:
            seen = where[column]
            at = sorted(i for v in values.intersection(seen) for i in seen[v])
            if not at:
                continue
            lo, hi = n, 0
            for tests, before, after in group_needs:
                spans = [_first_last(where[c], words) for c, words in tests]
                first, last = spans[0], spans[-1]
                if first is None or last is None or None in spans:
                    continue
                lo = min(lo, 0 if before is None else max(0, first[0] - before))
                hi = max(hi, n if after is None else min(n, last[1] + 1 + after))
            windows = [(lo, hi)] if longest is None else _windows(at, longest, n)
            for start, end in windows:
                start, end = max(start, lo), min(end, hi)
                if start < end:
                    found.extend(
                        (key, start + s, start + e) for key, s, e in matcher(doc[start:end])
                    )
        return found

    def __call__(self, doc: Doc) -> list[TriggerHit]:
        """All trigger hits in ``doc``, longest first where they overlap, in text order."""
        found: set[tuple[int, int, str]] = set()
        token_matches = list(self.matcher(doc)) if self.has_token_rules else []
        if self._anchored:
            token_matches.extend(self._anchored_matches(doc))
        for match_id, start, end in [*token_matches, *self.phrases(doc), *self.surface(doc)]:
            found.add((start, end, doc.vocab.strings[match_id]))
        raw = [(start, end, self._by_id[rule_id]) for start, end, rule_id in found]
        # A refining rule ("tear gas" -> protest with intervention) counts only in a
        # sentence where the type it refines was also found.
        # (Sentence starts looked up once per token: ``Token.sent`` walks its sentence, so
        # asking it per hit is quadratic in a long sentence of triggers.)
        sentence_of = _sentence_starts(doc) if raw else []
        labels: dict[int, set[str]] = {}
        for start, _, rule in raw:
            labels.setdefault(sentence_of[start], set()).add(rule.label)
        raw = [h for h in raw if all(req in labels[sentence_of[h[0]]] for req in h[2].requires)]
        # Prefer higher priority, then longer spans, when hits overlap.
        raw.sort(key=lambda h: (-h[2].priority, -(h[1] - h[0]), h[0]))
        taken: set[int] = set()
        hits: list[TriggerHit] = []
        for start, end, rule in raw:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            hits.append(TriggerHit(rule, doc[start:end]))
        hits.sort(key=lambda h: h.span.start)
        return hits
