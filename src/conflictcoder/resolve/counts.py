"""Casualty counts: killed and injured in one sentence, with ACLED's number rules.

The vocabulary (number words, vague quantities and their ACLED values, victim words and
their breakdown key, death and injury cues, negations, coded totals) is data in
``ontology/numbers.yaml``; this module holds only the reading rules:

* a *victim phrase* is a quantity ("16", "twenty-one", "at least 16", "between 5 and 7",
  "dozens of", "several", "a man", "his brother", "him", "civilians") with the words that
  follow it ("3 pro-regime fighters"); phrases joined by "and" or commas form one list
  ("two children and one woman" = 3);
* a list counts as deaths or injuries when a cue stands right before it ("killing 3",
  "the death of a man", "injuring 5") or right after it, past auxiliaries and asides
  ("3 soldiers were killed", "4 people - all women - were injured", "5 dead");
  "killed and wounded 20" is a mixed figure, never read as 20 deaths;
* "including 3 children", "3 of them children" only break down the figure just counted;
* ACLED's conservative figure goes into ``fatalities``: a range gives its low end, vague
  quantities their ACLED value ("dozens" = 12), deaths without a number 3 (limited) or 10
  (significant), a coded total ("Total fatalities coded to 58") wins over everything;
  "no fatalities", "neither injuries nor fatalities" give 0; injuries are never deaths;
* a nominal cue after "following", "after" ("arrested two men following the killing of a
  guard") reports an earlier incident, not this one's toll;
* ``read_allocation`` reads how a note splits a toll between the events (places) it covers
  ("split as follows: 4 X, 3 Y", "5 each", "split between both locations", "Total
  fatalities in X coded to 8"); the event resolver gives each event its share.

``fatalities_low``/``fatalities_high`` hold the figures the text gave (equal for a single
number); they stay None when the text gave no number and ``fatalities`` is ACLED's estimate
(3 or 10), which lets ``merge_casualties`` prefer a reported number over an estimate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import OntologyError
from ..model import Casualties, Evidence
from ..ontology import ONTOLOGY_DIR, line_of, load_yaml
from ..ontology.loader import META_KEYS, merge_rule_files, rule_error
from .calendar import month_words

NUMBERS_FILE = ONTOLOGY_DIR / "numbers.yaml"

DEATH = "death"
INJURY = "injury"
MIXED = "mixed"
BREAKDOWN_KEYS = ("children", "women", "men", "civilians", "combatants")
# A victim phrase is at most this many words after its quantity ("3 pro-regime militia fighters").
_MAX_NP_WORDS = 6
# An aside between victims and their cue ("277 civilians, including 72 children, were killed").
_MAX_ASIDE_TOKENS = 14
_YEAR_RANGE = range(1900, 2101)

_WORD, _NUM, _PUNCT, _OTHER = 0, 1, 2, 3
_TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:[,.]\d+)*)(?P<suffix>[^\W\d_]+|-[^\W\d_]+(?:-[^\W\d_]+)*)?"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*)"
    r"|(?P<punct>[^\w\s])"
    r"|(?P<other>\w+)"
)
_MAX_COUNT_DIGITS = 7
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    kind: int
    value: int | None = None


def _tokenize(text: str) -> list[_Tok]:
    """Words (hyphenated kept whole), integers ("1,200"), punctuation; "5km"/"3rd"/"1990s"
    and "12-year-old" are single non-number tokens."""
    tokens: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        s = m.group(0)
        if m.group("num") is not None:
            if m.group("suffix"):
                tokens.append(_Tok(s, s.lower(), m.start(), m.end(), _OTHER))
                continue
            digits = m.group("num")
            plain = digits.replace(",", "")
            # more digits than any reported toll: an identifier or junk, never a count
            value = (
                int(plain)
                if _THOUSANDS_RE.fullmatch(digits) and len(plain) <= _MAX_COUNT_DIGITS
                else None
            )
            kind = _NUM if value is not None else _OTHER
            tokens.append(_Tok(s, s, m.start(), m.end(), kind, value))
        elif m.group("word") is not None:
            low = s.lower().replace("’", "'")
            tokens.append(_Tok(s, low, m.start(), m.end(), _WORD))
        elif m.group("punct") is not None:
            tokens.append(_Tok(s, s, m.start(), m.end(), _PUNCT))
        else:
            tokens.append(_Tok(s, s.lower(), m.start(), m.end(), _OTHER))
    return tokens


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(t.low for t in _tokenize(phrase))


class _Phrases:
    """A set of word sequences matched on token lists, longest first."""

    __slots__ = ("_by_first", "_by_last", "words")

    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        by_last: dict[str, list[tuple[str, ...]]] = {}
        words: set[str] = set()
        for phrase in phrases:
            seq = _phrase_words(phrase)
            if not seq:
                continue
            by_first.setdefault(seq[0], []).append(seq)
            by_last.setdefault(seq[-1], []).append(seq)
            if len(seq) == 1:
                words.add(seq[0])
        self._by_first = {k: sorted(set(v), key=len, reverse=True) for k, v in by_first.items()}
        self._by_last = {k: sorted(set(v), key=len, reverse=True) for k, v in by_last.items()}
        self.words = frozenset(words)

    def match(self, low: Sequence[str], i: int) -> int:
        """Length of the longest phrase starting at token ``i`` (0: none)."""
        if i >= len(low):
            return 0
        for seq in self._by_first.get(low[i], ()):
            n = len(seq)
            if tuple(low[i : i + n]) == seq:
                return n
        return 0

    def match_before(self, low: Sequence[str], i: int) -> int:
        """Length of the longest phrase ending just before token ``i`` (0: none)."""
        if i <= 0:
            return 0
        for seq in self._by_last.get(low[i - 1], ()):
            n = len(seq)
            if i - n >= 0 and tuple(low[i - n : i]) == seq:
                return n
        return 0

    def first_words(self) -> set[str]:
        return set(self._by_first)


@dataclass(frozen=True)
class NumberRules:
    """The compiled vocabulary of ``numbers.yaml`` (see that file for each list's meaning)."""

    number_words: dict[str, int]
    scale_words: dict[str, int]
    vague_numbers: dict[tuple[str, ...], int]
    vague_phrases: _Phrases
    limited: int
    significant: int
    unnumbered: dict[tuple[str, ...], int]
    unnumbered_phrases: _Phrases
    approximators: _Phrases
    range_openers: frozenset[str]
    range_joiners: frozenset[str]
    articles: frozenset[str]
    determiners: frozenset[str]
    pronouns: dict[tuple[str, ...], int | None]
    pronoun_phrases: _Phrases
    collectives: frozenset[str]
    victims: dict[str, str]
    people: frozenset[str]
    irregular_plurals: frozenset[str]
    non_victims: frozenset[str]
    labels: frozenset[str]
    death_left: _Phrases
    death_right: _Phrases
    injury_left: _Phrases
    injury_right: _Phrases
    death_words: frozenset[str]
    injury_words: frozenset[str]
    unnumbered_death_nouns: frozenset[str]
    bridges: _Phrases
    np_breaks: frozenset[str]
    np_post: _Phrases
    np_post_links: frozenset[str]
    attempts: _Phrases
    earlier: _Phrases
    subset_before: _Phrases
    subset_after: _Phrases
    negation_window: int
    negation_blockers: frozenset[str]
    negators: _Phrases
    negation_targets: dict[tuple[str, ...], str]
    negation_target_phrases: _Phrases
    total_nouns: _Phrases
    coded_nouns: _Phrases
    coded_links: _Phrases
    total_links: _Phrases
    toll_nouns: _Phrases
    toll_links: _Phrases
    toll_gap: int
    mixed_joiners: frozenset[str]
    alloc_cues: _Phrases
    alloc_links: _Phrases
    alloc_each: frozenset[str]
    alloc_spreads: frozenset[str]
    alloc_shares: frozenset[str]
    alloc_here: _Phrases
    place_nouns: frozenset[str]
    name_particles: frozenset[str]
    prefilter: re.Pattern[str] = field(repr=False)
    war_tolls: re.Pattern[str] | None = field(default=None, repr=False)
    ranks: frozenset[str] = frozenset()
    incident_toll_limit: int | None = None


# ----------------------------------------------------------------------------- loading

_SECTIONS = (
    "number_words",
    "scale_words",
    "vague_numbers",
    "unnumbered",
    "approximators",
    "range_openers",
    "range_joiners",
    "articles",
    "determiners",
    "pronouns",
    "collectives",
    "victims",
    "people",
    "irregular_plurals",
    "non_victims",
    "labels",
    "death",
    "injury",
    "unnumbered_death_nouns",
    "bridges",
    "np_breaks",
    "np_post",
    "np_post_links",
    "attempts",
    "earlier",
    "subset_before",
    "subset_after",
    "negation",
    "totals",
    "tolls",
    "mixed_joiners",
    "allocation",
    "war_tolls",
    "incident_toll_limit",
    "ranks",
)


class _Checker:
    """Shape checks that raise OntologyError(path, problem, line=...)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, problem: str, where: Any, key: str | None = None) -> OntologyError:
        return rule_error(self.path, problem, where, key)

    def mapping(self, data: Any, key: str, parent: Any) -> dict[str, Any]:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' must be a mapping", parent, key)
        return {k: v for k, v in value.items() if k not in META_KEYS}

    def words(self, data: Any, key: str, parent: Any) -> list[str]:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, list):
            raise self.fail(f"'{key}' must be a list of words", parent, key)
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(
                    f"'{key}': expected a word or phrase, got {item!r}",
                    data,
                    key,
                )
        return [item.strip().lower() for item in value]

    def integer(
        self, value: Any, what: str, where: Any, *, nullable: bool = False, key: str | None = None
    ) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(f"{what}: expected a whole number >= 0, got {value!r}", where, key)
        return value

    def int_map(
        self, data: Any, key: str, parent: Any, *, nullable: bool = False
    ) -> dict[str, Any]:
        mapping = self.mapping(data, key, parent)
        for word, value in mapping.items():
            self.integer(
                value, f"'{key}' entry '{word}'", data[key], nullable=nullable, key=str(word)
            )
        return {str(k).lower(): v for k, v in mapping.items()}


def load_number_rules(
    path: str | Path = NUMBERS_FILE, user_file: str | Path | None = None
) -> NumberRules:
    """Load and validate ``numbers.yaml`` (and an optional user file merged on top).

    path (str | Path): the rules file. Defaults to the packaged ``ontology/numbers.yaml``.
    user_file (str | Path | None): a file with any subset of the same keys; lists extend the
        packaged lists, mappings update them.
    RETURNS (NumberRules): the compiled vocabulary.

    Raises OntologyError naming the file and line of a malformed entry.

    Example:
        >>> load_number_rules().vague_numbers[("dozens",)]
        12
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(path, "expected a mapping of sections at the top level")
    for key in _SECTIONS:
        if key not in data:
            raise OntologyError(path, f"missing section '{key}'", line=line_of(data))
    if user_file is not None:
        user_path = Path(user_file)
        extra = load_yaml(user_path)
        if not isinstance(extra, dict):
            raise OntologyError(user_path, "expected a mapping of sections at the top level")
        merge_rule_files(data, extra, user_path, _SECTIONS)
    return _compile(data, _Checker(path))


def _compile(data: dict[str, Any], c: _Checker) -> NumberRules:
    number_words = c.int_map(data, "number_words", data)
    scale_words = c.int_map(data, "scale_words", data)
    vague = c.int_map(data, "vague_numbers", data)

    unnumbered_map = c.mapping(data, "unnumbered", data)
    levels: dict[str, int] = {}
    unnumbered: dict[tuple[str, ...], int] = {}
    for level in ("limited", "significant"):
        entry = unnumbered_map.get(level)
        if not isinstance(entry, dict):
            raise c.fail(f"'unnumbered' needs a '{level}' mapping with value and words", data)
        value = c.integer(entry.get("value"), f"unnumbered.{level}.value", entry)
        assert value is not None
        levels[level] = value
        for phrase in c.words(entry, "words", entry):
            unnumbered[_phrase_words(phrase)] = value

    pronouns = c.int_map(data, "pronouns", data, nullable=True)

    victims: dict[str, str] = {}
    for key in c.mapping(data, "victims", data):
        if key not in BREAKDOWN_KEYS:
            raise c.fail(
                f"'victims': unknown breakdown key '{key}'; use one of "
                + ", ".join(BREAKDOWN_KEYS),
                data["victims"],
                key,
            )
        for word in c.words(data["victims"], key, data["victims"]):
            if " " in word:
                raise c.fail(
                    f"'victims.{key}': '{word}' must be a single word", data["victims"], key
                )
            victims[word] = key

    cues: dict[str, _Phrases] = {}
    for kind in (DEATH, INJURY):
        section = data[kind]
        if not isinstance(section, dict):
            raise c.fail(f"'{kind}' must be a mapping with left and right lists", data)
        for side in ("left", "right"):
            cues[f"{kind}_{side}"] = _Phrases(c.words(section, side, section))

    negation = data["negation"]
    if not isinstance(negation, dict):
        raise c.fail("'negation' must be a mapping", data)
    window = c.integer(negation.get("window"), "negation.window", negation)
    targets_map = c.mapping(negation, "targets", negation)
    negation_targets: dict[tuple[str, ...], str] = {}
    for kind in targets_map:
        if kind not in (DEATH, INJURY, "both"):
            raise c.fail(
                f"'negation.targets': unknown kind '{kind}'; use death, injury or both",
                negation["targets"],
                kind,
            )
        for phrase in c.words(negation["targets"], kind, negation["targets"]):
            negation_targets[_phrase_words(phrase)] = kind

    totals = data["totals"]
    tolls = data["tolls"]
    for name, section in (("totals", totals), ("tolls", tolls)):
        if not isinstance(section, dict):
            raise c.fail(f"'{name}' must be a mapping", data)
    toll_gap = c.integer(tolls.get("max_gap_words"), "tolls.max_gap_words", tolls)
    c.mapping(data, "allocation", data)
    alloc = data["allocation"]

    months = month_words()
    death_words = (
        cues["death_left"].words | cues["death_right"].words | {"killing", "killed", "death"}
    )
    injury_words = cues["injury_left"].words | cues["injury_right"].words

    # The prefilter: a sentence with none of these words has no casualty figure.
    # (the longest word of each phrase is enough: "claimed the lives of" -> "claimed")
    phrases_for_filter: list[str] = []
    for kind in (DEATH, INJURY):
        for side in ("left", "right"):
            phrases_for_filter += c.words(data[kind], side, data[kind])
    for section, keys in ((totals, ("total_nouns", "coded_nouns")), (tolls, ("nouns",))):
        for key in keys:
            phrases_for_filter += c.words(section, key, section)
    phrases_for_filter += [" ".join(target) for target in negation_targets]
    cue_words = {max(_phrase_words(p), key=len) for p in phrases_for_filter if p}
    prefilter = re.compile(
        r"\b(?:" + "|".join(sorted(map(re.escape, cue_words), key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )

    return NumberRules(
        number_words=number_words,
        scale_words=scale_words,
        vague_numbers={_phrase_words(k): v for k, v in vague.items()},
        vague_phrases=_Phrases(vague),
        limited=levels["limited"],
        significant=levels["significant"],
        unnumbered=unnumbered,
        unnumbered_phrases=_Phrases(" ".join(k) for k in unnumbered),
        approximators=_Phrases(c.words(data, "approximators", data)),
        range_openers=frozenset(c.words(data, "range_openers", data)),
        range_joiners=frozenset(c.words(data, "range_joiners", data)),
        articles=frozenset(c.words(data, "articles", data)),
        determiners=frozenset(c.words(data, "determiners", data)),
        pronouns={_phrase_words(k): v for k, v in pronouns.items()},
        pronoun_phrases=_Phrases(pronouns),
        collectives=frozenset(c.words(data, "collectives", data)),
        victims=victims,
        people=frozenset(c.words(data, "people", data)),
        irregular_plurals=frozenset(c.words(data, "irregular_plurals", data)),
        non_victims=frozenset(c.words(data, "non_victims", data)) | months,
        labels=frozenset(c.words(data, "labels", data)) | months,
        death_left=cues["death_left"],
        death_right=cues["death_right"],
        injury_left=cues["injury_left"],
        injury_right=cues["injury_right"],
        death_words=frozenset(death_words),
        injury_words=frozenset(injury_words),
        unnumbered_death_nouns=frozenset(c.words(data, "unnumbered_death_nouns", data)),
        bridges=_Phrases(c.words(data, "bridges", data)),
        np_breaks=frozenset(c.words(data, "np_breaks", data)),
        np_post=_Phrases(c.words(data, "np_post", data)),
        np_post_links=frozenset(c.words(data, "np_post_links", data)),
        attempts=_Phrases(c.words(data, "attempts", data)),
        earlier=_Phrases(c.words(data, "earlier", data)),
        subset_before=_Phrases(c.words(data, "subset_before", data)),
        subset_after=_Phrases(c.words(data, "subset_after", data)),
        negation_window=window or 0,
        negation_blockers=frozenset(c.words(negation, "blockers", negation)),
        negators=_Phrases(c.words(negation, "negators", negation)),
        negation_targets=negation_targets,
        negation_target_phrases=_Phrases(" ".join(k) for k in negation_targets),
        total_nouns=_Phrases(c.words(totals, "total_nouns", totals)),
        coded_nouns=_Phrases(c.words(totals, "coded_nouns", totals)),
        coded_links=_Phrases(c.words(totals, "coded_links", totals)),
        total_links=_Phrases(c.words(totals, "links", totals)),
        toll_nouns=_Phrases(c.words(tolls, "nouns", tolls)),
        toll_links=_Phrases(c.words(tolls, "links", tolls)),
        toll_gap=toll_gap or 0,
        mixed_joiners=frozenset(c.words(data, "mixed_joiners", data)),
        alloc_cues=_Phrases(c.words(alloc, "cues", alloc)),
        alloc_links=_Phrases(c.words(alloc, "links", alloc)),
        alloc_each=frozenset(c.words(alloc, "each", alloc)),
        alloc_spreads=frozenset(c.words(alloc, "spreads", alloc)),
        alloc_shares=frozenset(c.words(alloc, "shares", alloc)),
        alloc_here=_Phrases(c.words(alloc, "here", alloc)),
        place_nouns=frozenset(c.words(alloc, "place_nouns", alloc)),
        name_particles=frozenset(c.words(alloc, "name_particles", alloc)),
        prefilter=prefilter,
        war_tolls=_any_phrase(c.words(data, "war_tolls", data)),
        ranks=frozenset(c.words(data, "ranks", data)),
        incident_toll_limit=c.integer(data.get("incident_toll_limit"), "incident_toll_limit", data),
    )


def _any_phrase(phrases: list[str]) -> re.Pattern[str] | None:
    """One pattern for any of ``phrases`` as whole words, whatever the case and spacing."""
    if not phrases:
        return None
    words = (r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def number_rules() -> NumberRules:
    """The packaged rules, loaded once.

    Example:
        >>> number_rules().victims["children"]
        'children'
    """
    return load_number_rules()


# ----------------------------------------------------------------------------- parsing


@dataclass
class _Qty:
    """One victim phrase: its quantity and the words that name the victims."""

    start: int  # first token (approximators included)
    end: int  # token after the quantity words
    np_end: int  # token after the victim words
    low: int | None  # None: no number given
    high: int | None
    vague: int | None  # ACLED value of an unnumbered quantity
    category: str | None = None
    head: str | None = None  # "victim", "people", "other" or None (no words)
    article: bool = False  # "a man", "the driver": counts only beside a cue
    inner: str | None = None  # a participle inside the phrase ("six wounded children")


class _Cue(NamedTuple):
    kind: str | None
    aside: tuple[int, int] | None  # token span skipped between victims and cue
    bridged: bool  # an auxiliary stood between ("were killed")
    at: int  # the token where the cue starts
    stop: int = 0  # the token after it


@dataclass
class _Group:
    kind: str
    items: list[_Qty]
    subset: bool = False


class _Reader:
    """Reads one sentence. Token-level, no spaCy: it runs on every event sentence."""

    def __init__(self, rules: NumberRules, sentence: str) -> None:
        self.r = rules
        self.toks = _tokenize(sentence)
        self.low = [t.low for t in self.toks]
        self.n = len(self.toks)
        # cue tokens already read after their victims ("57 killed, 150 injured")
        self._used_right: set[int] = set()

    # ----------------------------------------------------------------- numbers
    def _number_word_at(self, i: int) -> tuple[int, int] | None:
        """Number words from token i ("twenty-one", "one hundred and twenty")."""
        r = self.r
        total = 0
        current = 0
        k = i
        seen = False
        while k < self.n and self.toks[k].kind == _WORD:
            word = self.low[k]
            parts = word.split("-")
            if all(p in r.number_words for p in parts) and len(parts) <= 2:
                value = sum(r.number_words[p] for p in parts)
                # "twenty one", "hundred and five" go on; "two three" is two numbers
                tens = current % 100 >= 20 and current % 10 == 0 and value < 10
                if seen and not (tens or (current % 100 == 0 and value < 100)):
                    break
                current += value
                seen = True
                k += 1
                continue
            if seen and word in r.scale_words:
                scale = r.scale_words[word]
                if scale >= 1000:
                    total += max(current, 1) * scale
                    current = 0
                else:
                    current = max(current, 1) * scale
                k += 1
                continue
            if (
                seen
                and word == "and"
                and k + 1 < self.n
                and self.low[k + 1].split("-")[0] in r.number_words
                and k > i
                and self.low[k - 1] in r.scale_words
            ):
                k += 1
                continue
            break
        if not seen:
            return None
        return total + current, k

    def _plain_number(self, i: int) -> tuple[int, int] | None:
        """A number at token i: digits (with a scale word), number words or a vague number."""
        if i >= self.n:
            return None
        tok = self.toks[i]
        if tok.kind == _NUM and tok.value is not None:
            value, k = tok.value, i + 1
            if k < self.n and self.low[k] == "+" and self.toks[k].start == tok.end:
                k += 1  # "20+" is at least 20
            if k < self.n and self.low[k] in self.r.scale_words:
                value, k = value * self.r.scale_words[self.low[k]], k + 1
            return value, k
        vague = self.r.vague_phrases.match(self.low, i)
        if vague:
            value = self.r.vague_numbers[tuple(self.low[i : i + vague])]
            k = i + vague
            if k < self.n and self.low[k] == "of":
                k += 1
            return value, k
        if tok.kind == _WORD:
            return self._number_word_at(i)
        return None

    def _is_count_number(self, i: int, k: int, label_at: int, *, upper: bool = False) -> bool:
        """Whether the number in tokens [i, k) can count people (not a date, label, unit).

        label_at: the token whose predecessor may be a label ("Resolution"), -1 for none.
        upper: the second number of a range ("7" in "5-7").
        """
        toks, low, r = self.toks, self.low, self.r
        tok = toks[i]
        if label_at > 0 and low[label_at - 1] in r.labels:
            return False
        if tok.kind == _NUM:
            if not upper and self._part_of_numeral(i):  # "2/11/2019", "10:30", "2019-11-02"
                return False
            if tok.value in _YEAR_RANGE and "," not in tok.text:
                nxt = low[k] if k < self.n else ""
                if nxt not in r.victims and nxt not in r.people:
                    return False
        return not (k < self.n and low[k] in r.non_victims)

    def _part_of_numeral(self, i: int) -> bool:
        """Whether number token i is glued by "/", ":", "." or "-" to other numbers."""
        toks = self.toks

        def glued(a: int, b: int) -> bool:  # token a, a separator, token b, no spaces
            return (
                a >= 0
                and b < self.n
                and toks[a].kind == _NUM
                and toks[b].kind == _NUM
                and toks[a + 1].low in ("/", ":", ".", "-")
                and toks[a].end == toks[a + 1].start
                and toks[a + 1].end == toks[b].start
            )

        if glued(i - 2, i):  # the second part: "11" in "2/11", "7" in "5-7"
            return True
        if glued(i, i + 2):
            # the first part: "2" in "2/11/2019"; "5-7" stays a range unless a date follows
            return toks[i + 1].low != "-" or glued(i + 2, i + 4)
        return False

    # ----------------------------------------------------------------- victim phrases
    def _starts_qty(self, k: int) -> bool:
        """A cheap test: could a victim phrase start at token k?"""
        if k >= self.n:
            return False
        tok, word, r = self.toks[k], self.low[k], self.r
        if tok.kind == _NUM:
            return True
        if tok.kind != _WORD:
            return False
        if word.split("-")[0] in r.number_words or r.vague_phrases.match(self.low, k):
            return True
        if r.unnumbered_phrases.match(self.low, k) or r.pronoun_phrases.match(self.low, k):
            return True
        if r.approximators.match(self.low, k) or word in r.range_openers:
            return True
        if word in r.articles or word in r.determiners:
            return True
        return (word in r.victims or word in r.people) and self._plural(word)

    def _plural(self, word: str) -> bool:
        if word in self.r.irregular_plurals:
            return True
        return word.endswith("s") and not word.endswith("ss")

    def _is_cue_at(self, k: int) -> bool:
        r, low = self.r, self.low
        return bool(
            r.death_left.match(low, k)
            or r.death_right.match(low, k)
            or r.injury_left.match(low, k)
            or r.injury_right.match(low, k)
        )

    def _scan_np(self, k: int) -> tuple[int, str | None, str | None, str | None]:
        """The victim words from token k: (end, category, head kind, last word)."""
        r, low, toks = self.r, self.low, self.toks
        category: str | None = None
        head: str | None = None
        last: str | None = None
        words = 0
        while k < self.n and words < _MAX_NP_WORDS and toks[k].kind in (_WORD, _OTHER):
            word = low[k]
            if self._is_cue_at(k) or r.subset_before.match(low, k):
                break
            if word in r.np_breaks or word in r.bridges.words:
                if (
                    word in ("and", "or")
                    and words > 0
                    and k + 1 < self.n
                    and toks[k + 1].kind == _WORD
                    and low[k + 1] not in r.np_breaks
                    and not self._starts_qty(k + 1)
                    and not self._is_cue_at(k + 1)
                ):
                    k += 1
                    continue
                break
            if word in r.victims:
                category, head = r.victims[word], "victim"
            elif word in r.people and head != "victim":
                head = "people"
            elif head is None:
                head = "other"
            last = word
            words += 1
            k += 1
        return k, category, head, last

    def _scan_post(self, k: int) -> int:
        """The end of a post-modifier ("of the regime forces", "from HTS")."""
        r, low, toks = self.r, self.low, self.toks
        start = k
        while k < self.n and k - start < _MAX_NP_WORDS and toks[k].kind in (_WORD, _OTHER):
            word = low[k]
            if self._is_cue_at(k) or r.bridges.match(low, k):
                break
            if word in r.np_breaks and word not in r.np_post_links:
                break
            k += 1
        return k

    def _qty(self, i: int) -> _Qty | None:
        """The victim phrase starting at token i, if any."""
        if i >= self.n:
            return None
        r, low, toks = self.r, self.low, self.toks
        tok = toks[i]
        if tok.kind not in (_WORD, _NUM):
            return None
        word = low[i]

        # "a family of five"
        if (
            word in r.articles
            and i + 3 < self.n
            and low[i + 1] in r.collectives
            and low[i + 2] == "of"
        ):
            num = self._plain_number(i + 3)
            if num is not None and self._is_count_number(i + 3, num[1], -1):
                return self._finish(i, num[1], num[0], num[0], None)

        # "between 5 and 7"
        if word in r.range_openers:
            num = self._plain_number(i + 1)
            if num is not None and num[1] + 1 < self.n and low[num[1]] in r.range_joiners:
                hi = self._plain_number(num[1] + 1)
                if hi is not None and self._is_count_number(num[1] + 1, hi[1], -1, upper=True):
                    return self._finish(i, hi[1], min(num[0], hi[0]), max(num[0], hi[0]), None)
            return None

        # "at least 16", "some 20", "the 3"
        approx = r.approximators.match(low, i)
        if approx:
            j = i + approx
            if j < self.n and low[j] in r.range_openers:
                inner = self._qty(j)
                if inner is not None and inner.low is not None:
                    inner.start = i
                    return inner
            num = self._plain_number(j)
            if num is not None and self._is_count_number(j, num[1], i):
                return self._number_qty(i, num)

        num = self._plain_number(i)
        if num is not None:
            if not self._is_count_number(i, num[1], i):
                return None
            return self._number_qty(i, num)

        unnumbered = r.unnumbered_phrases.match(low, i)
        if unnumbered:
            value = r.unnumbered[tuple(low[i : i + unnumbered])]
            k = i + unnumbered
            if k < self.n and low[k] == "of":
                k += 1
            end, category, head, last = self._scan_np(k)
            if head == "other":
                return None  # "heavy losses", "several shells": not people
            q = _Qty(i, k, end, None, None, value, category, head)
            self._inner_participle(q)
            return q

        pronoun = r.pronoun_phrases.match(low, i)
        if pronoun and not (pronoun == 1 and word in r.determiners and self._np_follows(i + 1)):
            count = r.pronouns[tuple(low[i : i + pronoun])]
            k = i + pronoun
            end, category, head, _ = self._scan_np(k)
            if count is None:
                return _Qty(i, k, end, None, None, r.limited, category, head)
            return _Qty(i, k, end, count, count, None, category, head)

        if word in r.articles or word in r.determiners:
            if i + 1 < self.n and low[i + 1] in r.scale_words:
                return None  # "a million people" is not one victim
            if self._plain_number(i + 1) is not None:
                return None  # "that four people": the number counts
            end, category, head, last = self._scan_np(i + 1)
            if last is None or last in r.non_victims or low[i + 1] in r.non_victims:
                return None
            if word in r.articles or not self._plural(last):
                return _Qty(i, i + 1, end, 1, 1, None, category, head, article=True)
            return _Qty(i, i + 1, end, None, None, r.limited, category, head, article=True)

        if (word in r.victims or word in r.people) and self._plural(word):
            end, category, head, _ = self._scan_np(i)
            return _Qty(i, i, end, None, None, r.limited, category, head)
        return self._named_person(i)

    def _named_person(self, i: int) -> _Qty | None:
        """ "killed Hamas deputy leader Saleh X", "killed IS commander Abu Y": a person
        named by a title (capitalised words and ranks before a singular person noun) is
        one victim; "killed Kurdish fighters" (a plural) is an unnumbered toll."""
        r, low, toks = self.r, self.low, self.toks
        if not toks[i].text[:1].isupper():
            return None
        j = i
        while (
            j < self.n
            and j - i < 4
            and toks[j].kind == _WORD
            and (toks[j].text[:1].isupper() or low[j] in r.ranks)
            and low[j] not in r.people
            and low[j] not in r.victims
        ):
            j += 1
        if j == i or j >= self.n or (low[j] not in r.people and low[j] not in r.victims):
            return None
        end, category, head, _ = self._scan_np(j)
        if self._plural(low[j]):
            return _Qty(i, j, end, None, None, r.limited, category, head)
        return _Qty(i, j, end, 1, 1, None, category, head)

    def _np_follows(self, k: int) -> bool:
        return k < self.n and self.toks[k].kind == _WORD and self.low[k] not in self.r.np_breaks

    def _number_qty(self, i: int, num: tuple[int, int]) -> _Qty:
        value, k = num
        low = self.low
        hi = value
        # "5 to 7", "5-7", "five or six"
        if k + 1 < self.n and low[k] in self.r.range_joiners and low[k] != "and":
            upper = self._plain_number(k + 1)
            if (
                upper is not None
                and upper[0] > value
                and self._is_count_number(k + 1, upper[1], -1, upper=True)
            ):
                hi, k = upper[0], upper[1]
        return self._finish(i, k, value, hi, None)

    def _finish(self, i: int, k: int, low: int, high: int | None, vague: int | None) -> _Qty:
        end, category, head, _ = self._scan_np(k)
        q = _Qty(i, k, end, low, high, vague, category, head)
        self._inner_participle(q)
        return q

    def _inner_participle(self, q: _Qty) -> None:
        """ "six wounded children", "five dead soldiers": the cue inside the phrase."""
        r, low, e = self.r, self.low, q.np_end
        if e + 1 >= self.n or q.head in ("victim", "people"):
            return
        word = low[e]
        if word in r.death_right.words:
            kind = DEATH
        elif word in r.injury_right.words:
            kind = INJURY
        else:
            return
        end, category, head, _ = self._scan_np(e + 1)
        if head in ("victim", "people"):
            q.np_end, q.category, q.head, q.inner = end, category, head, kind

    def _list(self, q: _Qty) -> tuple[list[_Qty], int]:
        """Victim phrases joined by "and"/commas ("two children and one woman")."""
        items = [q]
        k = q.np_end
        while k < self.n:
            j = k
            while j < self.n and self.low[j] in (",", "and", "&", "plus"):
                j += 1
            if j == k or j >= self.n:
                break
            if self.r.subset_before.match(self.low, j):
                break
            nxt = self._qty(j)
            if nxt is None or self.r.subset_after.match(self.low, nxt.end):
                break
            if any(_not_people(x) for x in (items[-1], nxt)):
                break  # "during the exchange, a lieutenant was killed"
            items.append(nxt)
            k = nxt.np_end
        return items, k

    # ----------------------------------------------------------------- cues
    def _has_own_cue(self, k: int) -> bool:
        """Whether the victim phrase at k is followed by its own cue ("22 injured")."""
        q = self._qty(k)
        if q is None:
            return False
        e = q.np_end
        while e < self.n and self.r.bridges.match(self.low, e):
            e += self.r.bridges.match(self.low, e)
        return bool(self.r.death_right.match(self.low, e) or self.r.injury_right.match(self.low, e))

    def _left_cue(self, s: int) -> str | None:
        r, low = self.r, self.low
        if s - 1 in self._used_right:
            return None
        death = r.death_left.match_before(low, s)
        injury = r.injury_left.match_before(low, s)
        if not death and not injury:
            return None
        kind, length = (DEATH, death) if death >= injury else (INJURY, injury)
        cs = s - length
        if r.attempts.match_before(low, cs):
            return None  # "tried to assassinate a civilian"
        if low[cs] in r.determiners and r.earlier.match_before(low, cs):
            return None  # "following the killing of a guard": an earlier incident
        other = r.injury_words if kind == DEATH else r.death_words
        for back in (1, 2):  # "killing and wounding 5", "the killing and injury of 5"
            if (
                cs - back - 1 >= 0
                and low[cs - back] in r.mixed_joiners
                and low[cs - back - 1] in other
            ):
                return MIXED
        return kind

    def _skip_aside(self, k: int) -> int | None:
        """End of an aside opening at token k ("- all women -", ", including 3 children,")."""
        low = self.low
        if k >= self.n:
            return None
        closers = {"(": ")", "-": "-", "–": "–", "—": "—", ",": ","}
        close = closers.get(low[k])
        if close is None:
            return None
        for j in range(k + 1, min(self.n, k + 1 + _MAX_ASIDE_TOKENS)):
            if low[j] == close or (close == "," and low[j] in ("-", "–", "—")):
                return j + 1 if j > k + 1 else None
            if low[j] in (".", ";", ":") or self._is_cue_at(j):
                return None
        return None

    def _right_cue(self, e: int) -> _Cue:
        """The cue after victims ending at token e ("were killed", "dead"), past a
        post-modifier ("of the regime forces"), an aside ("- all women -") and
        auxiliaries; ``bridged`` tells whether an auxiliary came between."""
        r, low = self.r, self.low
        k = e
        aside: tuple[int, int] | None = None
        post = r.np_post.match(low, k)
        if post:  # "a member of the regime forces was killed"
            k = self._scan_post(k + post)
        marker = r.subset_before.match(low, k)
        if marker:  # "76 people including 28 children were killed"
            inner = self._qty(k + marker)
            if inner is not None:
                stop = self._list(inner)[1]
                aside, k = (k, stop), stop
        skipped = self._skip_aside(k)
        if skipped is not None:
            aside = (aside[0] if aside else k, skipped)
            k = skipped
        bridged = False
        while True:
            if self._is_cue_at(k):
                break
            length = r.bridges.match(low, k)
            if not length:
                break
            k += length
            bridged = True
        death = r.death_right.match(low, k)
        injury = r.injury_right.match(low, k)
        if not death and not injury:
            return _Cue(None, aside, bridged, k)
        kind, length = (DEATH, death) if death >= injury else (INJURY, injury)
        left = r.death_left if kind == DEATH else r.injury_left
        after = k + length
        # "2 gunmen killed a man": an active verb, the phrase before it is the agent
        if (
            not bridged
            and left.match(low, k) == length
            and (
                self._starts_qty(after)
                or (after < self.n and (low[after] in r.victims or low[after] in r.people))
            )
            and not self._has_own_cue(after)  # "6 citizens killed 22 injured"
        ):
            return _Cue(None, aside, bridged, k)
        other = r.injury_words if kind == DEATH else r.death_words
        if (
            after + 1 < self.n
            and low[after] in r.mixed_joiners
            and low[after + 1] in other
            and not self._starts_qty(after + 2)  # "4 dead and injured ten others"
        ):
            return _Cue(MIXED, aside, bridged, k, after + 2)
        return _Cue(kind, aside, bridged, k, after)

    # ----------------------------------------------------------------- whole sentence
    def groups(self) -> list[_Group]:
        groups: list[_Group] = []
        consumed = [False] * self.n
        self._used_right = set()
        i = 0
        while i < self.n:
            if consumed[i]:
                i += 1
                continue
            q = self._qty(i)
            if q is None:
                i += 1
                continue
            # "3 of them children": a breakdown of the figure before
            after = self.r.subset_after.match(self.low, q.end)
            if after and groups and q.low is not None:
                q.category = self._category_near(q.end + after)
                groups.append(_Group(groups[-1].kind, [q], subset=True))
                i = q.end + after
                continue
            items, end = self._list(q)
            if groups and self._subset_before(q.start):
                groups.append(_Group(groups[-1].kind, items, subset=True))
                i = max(end, i + 1)
                continue
            kind = self._left_cue(q.start)
            aside = None
            if kind is not None and len(items) > 1:
                # "killing 2 civilians, 3 more were wounded": the last phrase has its own cue
                own = self._right_cue(end).kind
                if own is not None and own != kind:
                    items, end = items[:-1], items[-1].start
            elif kind is None:
                cue = self._right_cue(end)
                kind, aside = cue.kind, cue.aside
                if kind is not None and not cue.bridged and any(_not_people(q) for q in items):
                    kind = None  # "an explosion killed and wounded...": not a victim
                if kind is not None:
                    end = max(end, cue.at)  # the post-modifier and aside belong to it
                    self._used_right.update(range(cue.at, cue.stop))
                elif items[0].inner is not None:
                    kind = items[0].inner
            if kind is None:
                i += 1  # a phrase inside may still count ("the offensive caused heavy...")
                continue
            groups.append(_Group(kind, items))
            if aside is not None:
                self._aside_subsets(aside, groups)
            for j in range(i, end):
                consumed[j] = True
            i = max(end, i + 1)
        return groups

    def _subset_before(self, s: int) -> bool:
        low = self.low
        j = s
        while j > 0 and low[j - 1] in (",", "(", "-", "–", "—"):
            j -= 1
        before = self.r.subset_before
        return bool(before.match_before(low, j) or before.match_before(low, s))

    def _aside_subsets(self, aside: tuple[int, int], groups: list[_Group]) -> None:
        start, end = aside
        k = start
        parent = groups[-1]
        while k < end - 1:
            marker = self.r.subset_before.match(self.low, k)
            if marker:
                q = self._qty(k + marker)
                if q is not None:
                    items, stop = self._list(q)
                    groups.append(_Group(parent.kind, items, subset=True))
                    k = max(stop, k + 1)
                    continue
            k += 1

    def _category_near(self, k: int) -> str | None:
        for j in range(k, min(self.n, k + 3)):
            if self.low[j] in self.r.victims:
                return self.r.victims[self.low[j]]
        return None

    # ----------------------------------------------------------------- totals, zeros
    def coded_total(self) -> int | None:
        """ "Total fatalities coded to 58", "Unknown fatalities coded as 10"."""
        r, low = self.r, self.low
        for i in range(self.n):
            total = r.total_nouns.match(low, i)
            coded = 0 if total else r.coded_nouns.match(low, i)
            if not total and not coded:
                continue
            k = i + (total or coded)
            if low[k : k + 1] and low[k] in ("in", "at", "for") and total:
                j = k + 1  # "Total fatalities in X coded to 8"
                while j < min(self.n, k + 7) and self.toks[j].kind == _WORD:
                    if r.total_links.match(low, j) and low[j] not in ("at",):
                        break
                    j += 1
                k = j
            links = r.total_links if total else r.coded_links
            link = links.match(low, k)
            if coded and not link:
                continue
            k += link
            approx = r.approximators.match(low, k)
            num = self._plain_number(k + approx)
            if num is not None:
                return num[0]
        return None

    def toll(self) -> int | None:
        """ "the death toll rose to 12"."""
        r, low = self.r, self.low
        for i in range(self.n):
            noun = r.toll_nouns.match(low, i)
            if not noun:
                continue
            for k in range(i + noun, min(self.n, i + noun + r.toll_gap)):
                if low[k] in (".", ";"):
                    break
                link = r.toll_links.match(low, k)
                if not link:
                    continue
                j = k + link
                j += r.approximators.match(low, j)
                num = self._plain_number(j)
                if num is not None and self._is_count_number(j, num[1], -1):
                    return num[0]
        return None

    def zeros(self) -> set[str]:
        """Kinds a negation sets to zero ("no fatalities", "no one was hurt")."""
        r, low = self.r, self.low
        found: set[str] = set()
        for i in range(self.n):
            neg = r.negators.match(low, i)
            if not neg:
                continue
            for k in range(i + neg, min(self.n, i + neg + r.negation_window)):
                if low[k] in (".", ";") or low[k] in r.negation_blockers:
                    break
                target = r.negation_target_phrases.match(low, k)
                if target:
                    if low[k + target : k + target + 1] and low[k + target] in r.negation_blockers:
                        break  # "no death toll"
                    kind = r.negation_targets[tuple(low[k : k + target])]
                    found.update((DEATH, INJURY) if kind == "both" else (kind,))
                    break
        return found

    def unnumbered_death_noun(self) -> bool:
        return any(w in self.r.unnumbered_death_nouns for w in self.low)

    # ----------------------------------------------------------------- allocations
    def _capital(self, k: int) -> bool:
        """A word that can be part of a place name: capitalised, or a particle joined to a
        capitalised word ("al-Akrad")."""
        if k >= self.n or self.toks[k].kind != _WORD:
            return False
        text = self.toks[k].text
        if text[:1].isupper():
            return True
        head, _, rest = text.partition("-")
        return head.lower() in self.r.name_particles and rest[:1].isupper()

    def _place_name(self, k: int) -> tuple[str, int] | None:
        """A place name from token k ("Ras al Ain", "the Tell B area"): (name, end)."""
        r, low = self.r, self.low
        if k < self.n and low[k] == "the" and self._capital(k + 1):
            k += 1
        if not self._capital(k):
            return None
        start = end = k
        while end < self.n and (
            self._capital(end)
            or (low[end] in r.name_particles and self._capital(end + 1) and end > start)
        ):
            end += 1
        while end < self.n and low[end] in r.place_nouns:
            end += 1
        if end < self.n and (low[end] in r.victims or low[end] in r.people):
            return None  # "14 QSD fighters": a victim phrase, not a place
        text = " ".join(t.text for t in self.toks[start:end])
        return text, end

    def _place_list(self, k: int) -> tuple[list[str], int]:
        """Place names joined by commas and "and" ("Suluk, Tell B, and in the C area")."""
        names: list[str] = []
        while True:
            found = self._place_name(k)
            if found is None:
                break
            names.append(found[0])
            k = found[1]
            j = k
            while j < self.n and self.low[j] in (",", ";", "and", "in", "at", "the"):
                j += 1
            if j == k or not self._capital(j):
                break
            k = j
        return names, k

    def _count_at(self, i: int) -> tuple[int, int] | None:
        num = self._plain_number(i)
        if num is None or self.toks[i].kind not in (_NUM, _WORD):
            return None
        if not self._is_count_number(i, num[1], i):
            return None
        return num

    def _shares(self) -> int | None:
        """ "split between both locations", "split among the 3 events": the even shares."""
        r, low = self.r, self.low
        for i in range(self.n - 2):
            if low[i] not in r.alloc_spreads:
                continue
            k = i + 1
            if low[k] == "the":
                k += 1
            count = r.pronouns.get((low[k],)) if k < self.n else None
            end = k + 1
            if count is None:
                num = self._plain_number(k)
                if num is None:
                    continue
                count, end = num
            if end < self.n and low[end] in r.alloc_shares and count > 1:
                return count
        return None

    def _here_total(self, k: int) -> int | None:
        """ "coded to 19 at that location", "coded to that location are 8" from token k."""
        r, low = self.r, self.low
        at = next((j for j in range(k, self.n) if r.alloc_here.match(low, j)), None)
        if at is None:
            return None
        value = self.coded_total()
        if value is not None:
            return value
        j = at + r.alloc_here.match(low, at)
        j += r.total_links.match(low, j)
        j += r.approximators.match(low, j)
        num = self._plain_number(j)
        return num[0] if num is not None else None

    def allocation(self) -> Allocation | None:
        r, low = self.r, self.low
        places: list[tuple[str, int]] = []
        here: int | None = None
        # "Total fatalities in X coded to 8"
        for i in range(self.n):
            total = r.total_nouns.match(low, i)
            if not total:
                continue
            k = i + total
            if k < self.n and low[k] in ("in", "at", "for"):
                found = self._place_name(k + 1)
                value = self.coded_total()
                if found is not None and value is not None:
                    places.append((found[0], value))
            else:
                here = self._here_total(k) if here is None else here
        each: int | None = None
        shares: int | None = None
        cued = any(r.alloc_cues.match(low, j) for j in range(self.n))
        i = 0
        while i < self.n:
            num = self._count_at(i)
            if num is None:
                i += 1
                continue
            value, k = num
            victims = self._qty(i)
            if victims is not None and victims.head in ("victim", "people"):
                i = max(victims.np_end, i + 1)  # "21 Turkish and allied fighters": a count
                continue
            each_seen = False
            while k < self.n:
                if low[k] in r.alloc_each:
                    each_seen = True
                    k += 1
                    continue
                link = r.alloc_links.match(low, k)
                if not link:
                    break
                k += link
            # "19 coded to X" needs no cue: a coder's note names the event it codes
            if cued or any(r.coded_links.match(low, j) for j in range(num[1], k)):
                names, end = self._place_list(k)
                if names:
                    places.extend((name, value) for name in names)
                elif each_seen:
                    each = value
                i = max(end, i + 1)
            else:
                i = max(k, i + 1)
        if cued and not places and each is None:
            shares = self._shares()
        if not places and here is None and each is None and shares is None:
            return None
        coded = self.coded_total() if shares is not None else None
        return Allocation(tuple(places), here, each, shares, coded)


# ----------------------------------------------------------------------------- public API


def parse_number(text: str, *, rules: NumberRules | None = None) -> int | None:
    """The value of a number written in words or digits, with ACLED's vague values.

    text (str): "two", "twenty-one", "16", "1,200", "one hundred and twenty", "dozens",
        "a dozen", "tens", "hundreds"; "at least 16" gives 16.
    rules (NumberRules | None): the vocabulary. Defaults to the packaged ``numbers.yaml``.
    RETURNS (int | None): the value, or None for vague words without an ACLED value
        ("several", "many": callers use the unnumbered-death rule) and for non-numbers.

    Example:
        >>> parse_number("twenty-one"), parse_number("dozens"), parse_number("several")
        (21, 12, None)
    """
    reader = _Reader(rules or number_rules(), text.strip())
    if reader.n == 0:
        return None
    start = reader.r.approximators.match(reader.low, 0)
    if start >= reader.n:
        start = 0
    num = reader._plain_number(start)
    if num is None and start:
        num = reader._plain_number(0)
    if num is None or num[1] != reader.n:
        return None
    return num[0]


def count_casualties(
    sentence: str, *, doc_id: str = "", offset: int = 0, rules: NumberRules | None = None
) -> Casualties:
    """Killed and injured reported in one sentence, with ACLED's conservative figure.

    sentence (str): one sentence of the article.
    doc_id (str): the article id, for the evidence.
    offset (int): where the sentence starts in the article text, for the evidence.
    rules (NumberRules | None): the vocabulary. Defaults to the packaged ``numbers.yaml``.
    RETURNS (Casualties): ``fatalities`` None when no death is reported, 0 when the
        sentence says there were none; ``injured`` likewise; ``breakdown`` counts the
        deaths by "children", "women", "men", "civilians", "combatants" where stated;
        ``evidence`` holds the sentence when a figure was found.

    Example:
        >>> c = count_casualties("Two children and one woman were killed on Monday.")
        >>> c.fatalities, c.breakdown
        (3, {'children': 2, 'women': 1})
        >>> count_casualties("The strike killed two people and injured five.").injured
        5
    """
    r = rules or number_rules()
    war = r.war_tolls.search(sentence) if r.war_tolls is not None else None
    counted = sentence[: war.start()] if war else sentence
    if not r.prefilter.search(counted):
        return Casualties()
    reader = _Reader(r, counted)
    groups = reader.groups()

    fatalities: int | None = None
    low: int | None = None
    high: int | None = None
    injured: int | None = None
    breakdown: dict[str, int] = {}

    numbered = [g for g in groups if g.kind == DEATH and not g.subset and _numbered(g)]
    if r.incident_toll_limit and any(_sum(g, "low") > r.incident_toll_limit for g in numbered):
        # "More than 200,000 people have been killed": a war's toll, no incident's
        numbered, groups = [], [g for g in groups if g.kind != DEATH]
    coded = reader.coded_total()
    toll = reader.toll()
    if toll is not None and r.incident_toll_limit and toll > r.incident_toll_limit:
        toll = None
    if numbered:
        low = sum(_sum(g, "low") for g in numbered)
        high = sum(_sum(g, "high") for g in numbered)
        if toll is not None:
            high = max(high, toll)
        fatalities = low
    elif toll is not None:
        fatalities = low = high = toll
    else:
        estimate = _estimate(groups, DEATH, r.limited)
        if estimate is not None:
            fatalities, high = estimate
        elif reader.unnumbered_death_noun() and DEATH not in reader.zeros():
            fatalities = r.limited
    if coded is not None:
        fatalities = low = high = coded
    for g in groups:
        if g.kind != DEATH:
            continue
        for q in _with_inherited(g.items):
            if q.category and q.low is not None:
                if g.subset:
                    breakdown[q.category] = max(breakdown.get(q.category, 0), q.low)
                else:
                    breakdown[q.category] = breakdown.get(q.category, 0) + q.low

    injured_groups = [g for g in groups if g.kind == INJURY and not g.subset and _numbered(g)]
    if injured_groups:
        injured = sum(_sum(g, "low") for g in injured_groups)
    else:
        estimate = _estimate(groups, INJURY, r.limited)
        if estimate is not None:
            injured = estimate[0]

    if fatalities is None or injured is None:
        zeros = reader.zeros()
        if fatalities is None and DEATH in zeros:
            fatalities = low = high = 0
        if injured is None and INJURY in zeros:
            injured = 0

    found = fatalities is not None or injured is not None
    evidence = (Evidence(doc_id, sentence, offset, offset + len(sentence)),) if found else ()
    return Casualties(
        fatalities=fatalities,
        fatalities_low=low,
        fatalities_high=high,
        injured=injured,
        breakdown=breakdown if fatalities else {},
        evidence=evidence,
    )


def _not_people(q: _Qty) -> bool:
    """ "the exchange", "an explosion": an article phrase that names no person."""
    return q.article and q.head not in ("victim", "people")


def _numbered(group: _Group) -> bool:
    return any(q.low is not None for q in group.items)


def _sum(group: _Group, attr: str) -> int:
    return sum(getattr(q, attr) or 0 for q in group.items if q.low is not None)


def _estimate(groups: list[_Group], kind: str, limited: int) -> tuple[int, int | None] | None:
    """ACLED's figure for deaths (or injuries) reported without a number: the largest
    unnumbered value (3 limited, 10 significant). "Killed and wounded 20" is unnumbered too:
    the limited value, at most 20, with 20 as the high figure."""
    best: tuple[int, int | None] | None = None
    for g in groups:
        if g.subset or g.kind not in (kind, MIXED):
            continue
        for q in g.items:
            if q.low is not None:
                if g.kind != MIXED:
                    continue  # numbered deaths are summed by the caller
                value, high = min(q.low, limited), q.high
            elif q.vague is not None:
                value, high = q.vague, None
            else:
                continue
            if best is None or value > best[0]:
                best = (value, high if kind == DEATH else None)
    return best


def _with_inherited(items: list[_Qty]) -> list[_Qty]:
    """ "21 QSD and 37 pro-Turkish fighters": a phrase without a victim word takes the
    category of the next phrase in the list. "8 women and children": a number followed by
    unnumbered victims covers both, so it gives no category."""
    result = list(items)
    for q, nxt in zip(result, result[1:], strict=False):
        if q.low is not None and nxt.low is None and nxt.category is not None:
            q.category = None
    following: str | None = None
    for idx in range(len(result) - 1, -1, -1):
        q = result[idx]
        if q.category is None and q.head in (None, "other") and following is not None:
            q.category = following
        elif q.category is not None and q.low is not None:
            following = q.category
    return result


@dataclass(frozen=True)
class Allocation:
    """How one sentence splits deaths between the events (places) they belong to.

    places: (place name as written, deaths) in text order ("4 Kafr A, 3 Tell B").
    here: a total for the place named just before ("coded to 19 at that location").
    each: a figure for every event ("5 each", "1 fatality coded to each").
    shares: the number of even shares ("split between both locations" = 2).
    total: the coded total the even shares divide, when the sentence gives one.
    """

    places: tuple[tuple[str, int], ...] = ()
    here: int | None = None
    each: int | None = None
    shares: int | None = None
    total: int | None = None


def read_allocation(sentence: str, *, rules: NumberRules | None = None) -> Allocation | None:
    """How a sentence splits a toll between places, or None when it does not.

    ACLED codes one event per place, so a note that gives one toll for several places
    says how it is split; each event then takes its share (see ``Allocation``).

    sentence (str): one sentence.
    rules (NumberRules | None): the vocabulary. Defaults to the packaged ``numbers.yaml``.
    RETURNS (Allocation | None): the split, None when the sentence gives none.

    Example:
        >>> read_allocation("Total fatalities 7 split as follows: 4 Kafr Ruma and 3 Tell Hamra.")
        Allocation(places=(('Kafr Ruma', 4), ('Tell Hamra', 3)), here=None, each=None, \
shares=None, total=None)
        >>> read_allocation("Fatalities coded to 10 and split, 5 each, between both villages.").each
        5
    """
    return _Reader(rules or number_rules(), sentence).allocation()


def coded_fatalities(sentence: str, *, rules: NumberRules | None = None) -> int | None:
    """The figure a coder's note fixes for the event ("Total fatalities coded to 58",
    "Unknown fatalities coded as 10"): it overrides every count of the other sentences.

    sentence (str): one sentence.
    rules (NumberRules | None): the vocabulary. Defaults to the packaged ``numbers.yaml``.
    RETURNS (int | None): the coded figure, None when the sentence codes none.

    Example:
        >>> coded_fatalities("Total fatalities coded to 12."), coded_fatalities("Two died.")
        (12, None)
    """
    if rules is None:
        return _coded_with_default_rules(sentence)
    return _coded_total(rules, sentence)


@lru_cache(maxsize=256)
def _coded_with_default_rules(sentence: str) -> int | None:
    """``coded_fatalities`` with the packaged rules, remembered per sentence: every event of
    a sentence asks for it (a sentence naming thousands of places has thousands)."""
    return _coded_total(number_rules(), sentence)


def _coded_total(r: NumberRules, sentence: str) -> int | None:
    if not r.prefilter.search(sentence):
        return None
    return _Reader(r, sentence).coded_total()


def merge_casualties(parts: Iterable[Casualties]) -> Casualties:
    """Combine the counts of several sentences about one incident.

    parts (Iterable[Casualties]): one result of ``count_casualties`` per sentence.
    RETURNS (Casualties): ``fatalities`` is the conservative figure: the smallest reported
        number (an ACLED estimate for unnumbered deaths only when no sentence gave a number);
        ``fatalities_low``/``fatalities_high`` the smallest and largest reported figures;
        ``injured`` the smallest reported; ``breakdown`` per key the smallest figure among
        the sentences that give it; ``evidence`` concatenated, each sentence once.

    Example:
        >>> a = count_casualties("Five people were killed.")
        >>> b = count_casualties("Activists said seven people died.")
        >>> m = merge_casualties([a, b])
        >>> m.fatalities, m.fatalities_low, m.fatalities_high
        (5, 5, 7)
    """
    parts = list(parts)
    reported = [p for p in parts if p.fatalities is not None and p.fatalities_low is not None]
    estimates = [p.fatalities for p in parts if p.fatalities is not None]
    fatalities: int | None
    if reported:
        fatalities = min(p.fatalities for p in reported if p.fatalities is not None)
        low: int | None = min(p.fatalities_low for p in reported if p.fatalities_low is not None)
        high: int | None = max(
            p.fatalities_high if p.fatalities_high is not None else p.fatalities_low or 0
            for p in reported
        )
    elif estimates:
        fatalities = min(estimates)
        low = None
        highs = [p.fatalities_high for p in parts if p.fatalities_high is not None]
        high = max(highs) if highs else None
    else:
        fatalities = low = high = None
    injuries = [p.injured for p in parts if p.injured is not None]
    breakdown: dict[str, int] = {}
    for p in parts:
        for key, value in p.breakdown.items():
            breakdown[key] = min(breakdown[key], value) if key in breakdown else value
    evidence: list[Evidence] = []
    for p in parts:
        for e in p.evidence:
            if e not in evidence:
                evidence.append(e)
    return Casualties(
        fatalities=fatalities,
        fatalities_low=low,
        fatalities_high=high,
        injured=min(injuries) if injuries else None,
        breakdown=breakdown if fatalities else {},
        evidence=tuple(evidence),
    )
