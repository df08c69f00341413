"""The casualty counter's vocabulary (``ontology/numbers.yaml``): number words, vague
numbers, victim nouns, cue verbs, coders' notes; loaded, validated with ``file:line``
errors and merged with a user file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..ontology import ONTOLOGY_DIR
from ..ontology.loader import META_KEYS, load_rule_file, rule_error, rule_family
from ..text import phrase_alternation
from ..text import tokenize as _tokenize
from .calendar import month_words

NUMBERS_FILE = ONTOLOGY_DIR / "numbers.yaml"

DEATH = "death"

INJURY = "injury"

MIXED = "mixed"

BREAKDOWN_KEYS = ("children", "women", "men", "civilians", "combatants")


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
            if n == 1 or tuple(low[i : i + n]) == seq:  # (one word: the key itself)
                return n
        return 0

    def match_before(self, low: Sequence[str], i: int) -> int:
        """Length of the longest phrase ending just before token ``i`` (0: none)."""
        if i <= 0:
            return 0
        for seq in self._by_last.get(low[i - 1], ()):
            n = len(seq)
            if n == 1 or (i - n >= 0 and tuple(low[i - n : i]) == seq):
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
    death_noun_references: _Phrases
    bridges: _Phrases
    passive_auxiliaries: frozenset[str]
    report_verbs: _Phrases
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
    toll_counts: _Phrases
    toll_updates: _Phrases
    toll_update_gap: int
    loss_cues: _Phrases
    loss_owners: _Phrases
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
    period_tolls: re.Pattern[str] | None = field(default=None, repr=False)
    charges: re.Pattern[str] | None = field(default=None, repr=False)
    campaign_tolls: re.Pattern[str] | None = field(default=None, repr=False)
    other_incident: re.Pattern[str] | None = field(default=None, repr=False)
    wire_datelines: re.Pattern[str] | None = field(default=None, repr=False)
    ranks: frozenset[str] = frozenset()
    incident_toll_limit: int | None = None
    range_uppers: _Phrases = field(default_factory=lambda: _Phrases(()), repr=False)
    list_joiners: _Phrases = field(default_factory=lambda: _Phrases(()), repr=False)
    relative_openers: frozenset[str] = frozenset()
    ages: frozenset[str] = frozenset()
    kin: frozenset[str] = frozenset()
    general_victims: frozenset[str] = frozenset()
    name_blockers: frozenset[str] = frozenset()
    person_verbs: frozenset[str] = frozenset()
    early_reports: re.Pattern[str] | None = field(default=None, repr=False)
    later_reports: re.Pattern[str] | None = field(default=None, repr=False)
    split_links: frozenset[str] = frozenset()
    split_gap: int = 0


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
    "death_noun_references",
    "bridges",
    "passive_auxiliaries",
    "report_verbs",
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
    "own_losses",
    "allocation",
    "war_tolls",
    "period_tolls",
    "charges",
    "campaign_tolls",
    "other_incident",
    "wire_agencies",
    "incident_toll_limit",
    "ranks",
    "range_uppers",
    "list_joiners",
    "relative_openers",
    "ages",
    "kin",
    "general_victims",
    "name_blockers",
    "person_verbs",
    "early_reports",
    "later_reports",
)


# The plain word lists of numbers.yaml: (field of NumberRules, section ("" for the top
# level), key, how the words are kept: a set of words or _Phrases).
_LISTS: tuple[tuple[str, str, str, Callable[[list[str]], Any]], ...] = (
    ("approximators", "", "approximators", _Phrases),
    ("range_openers", "", "range_openers", frozenset),
    ("range_joiners", "", "range_joiners", frozenset),
    ("articles", "", "articles", frozenset),
    ("determiners", "", "determiners", frozenset),
    ("collectives", "", "collectives", frozenset),
    ("people", "", "people", frozenset),
    ("irregular_plurals", "", "irregular_plurals", frozenset),
    ("unnumbered_death_nouns", "", "unnumbered_death_nouns", frozenset),
    ("death_noun_references", "", "death_noun_references", _Phrases),
    ("bridges", "", "bridges", _Phrases),
    ("passive_auxiliaries", "", "passive_auxiliaries", frozenset),
    ("report_verbs", "", "report_verbs", _Phrases),
    ("np_breaks", "", "np_breaks", frozenset),
    ("np_post", "", "np_post", _Phrases),
    ("np_post_links", "", "np_post_links", frozenset),
    ("attempts", "", "attempts", _Phrases),
    ("earlier", "", "earlier", _Phrases),
    ("subset_before", "", "subset_before", _Phrases),
    ("subset_after", "", "subset_after", _Phrases),
    ("negation_blockers", "negation", "blockers", frozenset),
    ("negators", "negation", "negators", _Phrases),
    ("total_nouns", "totals", "total_nouns", _Phrases),
    ("coded_nouns", "totals", "coded_nouns", _Phrases),
    ("coded_links", "totals", "coded_links", _Phrases),
    ("total_links", "totals", "links", _Phrases),
    ("toll_nouns", "tolls", "nouns", _Phrases),
    ("toll_links", "tolls", "links", _Phrases),
    ("toll_counts", "tolls", "count_nouns", _Phrases),
    ("toll_updates", "tolls", "update_links", _Phrases),
    ("loss_cues", "own_losses", "cues", _Phrases),
    ("loss_owners", "own_losses", "owners", _Phrases),
    ("mixed_joiners", "", "mixed_joiners", frozenset),
    ("alloc_cues", "allocation", "cues", _Phrases),
    ("alloc_links", "allocation", "links", _Phrases),
    ("alloc_each", "allocation", "each", frozenset),
    ("alloc_spreads", "allocation", "spreads", frozenset),
    ("alloc_shares", "allocation", "shares", frozenset),
    ("alloc_here", "allocation", "here", _Phrases),
    ("place_nouns", "allocation", "place_nouns", frozenset),
    ("split_links", "allocation", "split_links", frozenset),
    ("name_particles", "allocation", "name_particles", frozenset),
    ("ranks", "", "ranks", frozenset),
    ("range_uppers", "", "range_uppers", _Phrases),
    ("list_joiners", "", "list_joiners", _Phrases),
    ("relative_openers", "", "relative_openers", frozenset),
    ("ages", "", "ages", frozenset),
    ("kin", "", "kin", frozenset),
    ("general_victims", "", "general_victims", frozenset),
    ("name_blockers", "", "name_blockers", frozenset),
    ("person_verbs", "", "person_verbs", frozenset),
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
    data = load_rule_file(path, _SECTIONS, user_file)
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
    losses = c.mapping(data, "own_losses", data)
    update_gap = c.integer(tolls.get("max_update_gap_words"), "tolls.max_update_gap_words", tolls)
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

    sections = {
        "": data,
        "negation": negation,
        "totals": totals,
        "tolls": tolls,
        "own_losses": losses,
        "allocation": alloc,
    }
    lists = {
        name: keep(c.words(sections[section], key, sections[section]))
        for name, section, key, keep in _LISTS
    }
    return NumberRules(
        **lists,
        number_words=number_words,
        scale_words=scale_words,
        vague_numbers={_phrase_words(k): v for k, v in vague.items()},
        vague_phrases=_Phrases(vague),
        limited=levels["limited"],
        significant=levels["significant"],
        unnumbered=unnumbered,
        unnumbered_phrases=_Phrases(" ".join(k) for k in unnumbered),
        pronouns={_phrase_words(k): v for k, v in pronouns.items()},
        pronoun_phrases=_Phrases(pronouns),
        victims=victims,
        non_victims=frozenset(c.words(data, "non_victims", data) + c.words(data, "ages", data))
        | months,
        labels=frozenset(c.words(data, "labels", data)) | months,
        death_left=cues["death_left"],
        death_right=cues["death_right"],
        injury_left=cues["injury_left"],
        injury_right=cues["injury_right"],
        death_words=frozenset(death_words),
        injury_words=frozenset(injury_words),
        negation_window=window or 0,
        negation_targets=negation_targets,
        negation_target_phrases=_Phrases(" ".join(k) for k in negation_targets),
        toll_gap=toll_gap or 0,
        toll_update_gap=update_gap or 0,
        split_gap=c.integer(alloc.get("split_gap_words"), "allocation.split_gap_words", alloc) or 0,
        prefilter=prefilter,
        war_tolls=_any_phrase(c.words(data, "war_tolls", data)),
        period_tolls=_any_phrase(c.words(data, "period_tolls", data)),
        charges=_any_phrase(c.words(data, "charges", data)),
        campaign_tolls=_campaign_pattern(c, data),
        other_incident=_gap_pattern(c, data, "other_incident", ("verbs", "spans", "links")),
        wire_datelines=_wire_dateline(c.words(data, "wire_agencies", data)),
        incident_toll_limit=c.integer(data.get("incident_toll_limit"), "incident_toll_limit", data),
        early_reports=_any_phrase(c.words(data, "early_reports", data)),
        later_reports=_any_phrase(c.words(data, "later_reports", data)),
    )


def _campaign_pattern(c: _Checker, data: dict[str, Any]) -> re.Pattern[str] | None:
    """One pattern for ``campaign_tolls``: a campaign noun, a few words, a present perfect
    ("the battle in the province has killed"). None when a list is empty."""
    return _gap_pattern(c, data, "campaign_tolls", ("nouns", "auxiliaries", "participles"))


def _gap_pattern(
    c: _Checker, data: dict[str, Any], name: str, keys: tuple[str, ...]
) -> re.Pattern[str] | None:
    """One pattern for the section ``name``: a phrase of each list in ``keys``, in order,
    at most ``max_gap_words`` words after the first and two words after each later one.
    None when a list is empty."""
    section = c.mapping(data, name, data)
    parts = [c.words(section, key, section) for key in keys]
    gap = c.integer(section.get("max_gap_words"), f"{name}.max_gap_words", section)
    if not all(parts):
        return None
    first, *rest = (phrase_alternation(p) for p in parts)
    gaps = [gap] + [2] * (len(rest) - 1)
    tail = "".join(rf"(?:\W+\w+){{0,{g}}}?\W+(?:{p})" for g, p in zip(gaps, rest, strict=True))
    return re.compile(rf"(?<!\w)(?:{first}){tail}(?!\w)", re.IGNORECASE)


def _wire_dateline(agencies: list[str]) -> re.Pattern[str] | None:
    """A wire dateline as glued inside a sentence: an agency (any case), an optional
    weekday, a day, a month and a year ("AFP Friday 10 Oct 2014")."""
    if not agencies:
        return None
    names = "|".join(
        r"\s+".join(map(re.escape, a.split())) for a in sorted(agencies, key=len)[::-1]
    )
    return re.compile(
        rf"(?<!\w)(?i:{names})\s+(?:[A-Z][a-z]+day\s+)?\d{{1,2}}\s+[A-Z][a-z]{{2,8}}\.?"
        r"\s+(?:19|20)\d\d(?!\w)"
    )


def _any_phrase(phrases: list[str]) -> re.Pattern[str] | None:
    """One pattern for any of ``phrases`` as whole words, whatever the case and spacing."""
    if not phrases:
        return None
    words = (r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


NUMBERS = rule_family("numbers", NUMBERS_FILE, lambda user: load_number_rules(user_file=user))
