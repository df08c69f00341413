"""Incident tolls: the death figures of the sentences that tell one incident, combined.

A long report states its toll in the lead and then goes on: sources that counted
differently, victims named one by one, part of the dead ("three children were among them").
ACLED codes the most conservative figure among *conflicting reports of the whole toll*; a
figure for only some of the victims is no such report and never lowers the toll. The rules:

* the lead is the first sentence that gives a numbered death toll; a lead that counts one
  named victim ("Omar was killed") gives way to a later, larger figure;
* a later figure of at least ``conflict_share`` percent of the lead's is a conflicting report:
  ``fatalities`` is the smallest such figure (the lead's included) and ``fatalities_low`` /
  ``fatalities_high`` keep the range those reports span (a larger later figure widens it);
* a smaller figure counts part of the victims: it is cited but sets no figure; so does any
  figure the reader marks ``partial`` (one person, a named victim, relatives: "his two
  sons"), whatever its size (``report_share`` is the share for the others);
* a report of no casualties never lowers a death another sentence told;
* deaths reported without any number (ACLED's estimates 3 or 10) count only when no sentence
  gives a number, as before.

The shares are data in ``ontology/tolls.yaml``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..model import Casualties, Evidence
from ..ontology import ONTOLOGY_DIR, acled_types
from ..ontology.loader import load_rule_file, rule_error, rule_family, whole_number, word_list
from ..text import tokenize
from .number_rules import NUMBERS, NumberRules
from .numerals import NumeralReader

TOLLS_FILE = ONTOLOGY_DIR / "tolls.yaml"

_SECTIONS = (
    "conflict_share",
    "single_victim",
    "report_share",
    "partial_share",
    "untolled_types",
    "floor_words",
    "addition_words",
)


@dataclass(frozen=True)
class TollRules:
    """How sentence figures combine (see ``ontology/tolls.yaml``)."""

    conflict_share: int = 75  # percent of the lead's figure
    single_victim: int = 1
    report_share: int = 75  # percent of the lead's figure, for reports of the whole toll
    partial_share: int = 30  # percent of another telling's figure, for tellings of an incident
    untolled_types: frozenset[str] = frozenset()  # sub-event types that carry no deaths
    floor_words: tuple[tuple[str, ...], ...] = ()  # "at least": a lead's own floor
    addition_words: frozenset[str] = frozenset()  # "12 other members": more than the named


def load_toll_rules(
    path: str | Path = TOLLS_FILE, user_file: str | Path | None = None
) -> TollRules:
    """Load and validate ``tolls.yaml`` (and an optional user file merged on top).

    path (str | Path): the rules file. Defaults to the packaged ``ontology/tolls.yaml``.
    user_file (str | Path | None): a file with any of the same keys. Defaults to none.
    RETURNS (TollRules): the rules. Raises OntologyError naming the file and line.

    Example:
        >>> load_toll_rules().conflict_share
        75
    """
    path = Path(path)
    data = load_rule_file(path, _SECTIONS, user_file)
    return TollRules(
        conflict_share=whole_number(path, data["conflict_share"], "'conflict_share'", data, 1, 100),
        single_victim=whole_number(path, data["single_victim"], "'single_victim'", data, 0, 100),
        report_share=whole_number(path, data["report_share"], "'report_share'", data, 0, 100),
        partial_share=whole_number(path, data["partial_share"], "'partial_share'", data, 0, 100),
        untolled_types=_sub_event_types(path, data, "untolled_types"),
        floor_words=tuple(
            tuple(t.low for t in tokenize(w)) for w in word_list(path, data, "floor_words")
        ),
        addition_words=frozenset(w.lower() for w in word_list(path, data, "addition_words")),
    )


def _sub_event_types(path: Path, data: dict[str, Any], key: str) -> frozenset[str]:
    """The ACLED sub-event types listed under ``key``; an unknown name is an error."""
    value = data[key]
    known = acled_types()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise rule_error(path, f"'{key}' must be a list of sub-event types", data, key)
    for name in value:
        if name not in known:
            raise rule_error(path, f"'{key}': unknown sub-event type '{name}'", data, key)
    return frozenset(value)


TOLLS = rule_family("tolls", TOLLS_FILE, lambda user: load_toll_rules(user_file=user))


def floor_told(
    sentence: str, figure: int, rules: TollRules | None = None, numbers: NumberRules | None = None
) -> bool:
    """Whether a sentence states ``figure`` as a floor in its own voice ("at least 14
    civilians were killed"): a floor word (``floor_words`` of ``tolls.yaml``) before the
    figure and no report verb (``numbers.yaml``) anywhere else in the sentence ("the ministry
    said at least 14", "at least 14 were killed, the monitor said" cite a source).

    sentence (str): the sentence.
    figure (int): the toll it should state.
    rules (TollRules | None): the floor words. Defaults to the packaged ``tolls.yaml``.
    numbers (NumberRules | None): numbers and report verbs. Defaults to ``numbers.yaml``.
    RETURNS (bool): True for an own floor of ``figure``.

    Example:
        >>> floor_told("At least six people were killed in the raid.", 6)
        True
        >>> floor_told("The ministry said at least six people were killed.", 6)
        False
    """
    r, n = rules or TOLLS.packaged(), numbers or NUMBERS.packaged()
    nums = NumeralReader(n, sentence)
    low = nums.low
    for i in range(nums.n):
        floor = next((w for w in r.floor_words if tuple(low[i : i + len(w)]) == w), None)
        if floor is None:
            continue
        found = nums.number_at(i + len(floor))
        if found is None or found[0] != figure:
            continue
        # the word right after the figure may be a participle ("14 identified civilians")
        return not any(n.report_verbs.match(low, k) for k in range(nums.n) if k != found[1])
    return False


def _added(part: Casualties, rules: TollRules) -> bool:
    """Whether a sentence tells its figure as victims other than those told before ("the
    strike killed 12 other members of the family")."""
    if part.fatalities is None or not rules.addition_words:
        return False
    for e in part.evidence:
        nums = NumeralReader(NUMBERS.packaged(), e.sentence)
        found = (nums.number_at(i) for i in range(nums.n))
        if any(
            f is not None and f[0] == part.fatalities and nums.word(f[1]) in rules.addition_words
            for f in found
        ):
            return True
    return False


class Told(Protocol):
    """A telling with a toll and the sentences that tell it (a ``Casualties``, an ``Event``)."""

    @property
    def fatalities(self) -> int | None: ...

    @property
    def evidence(self) -> Sequence[Evidence]: ...


def own_floor(told: Told, rules: TollRules | None = None) -> bool:
    """Whether one of a telling's sentences states its toll as a floor in its own voice
    ("at least 14 civilians were killed", ``floor_told``)."""
    figure = told.fatalities
    return figure is not None and any(floor_told(e.sentence, figure, rules) for e in told.evidence)


def _numbered(part: Casualties) -> bool:
    return part.fatalities is not None and part.fatalities_low is not None


def combine_tolls(parts: Iterable[Casualties], rules: TollRules | None = None) -> Casualties:
    """Combine the counts of the sentences that tell one incident, in text order.

    parts (Iterable[Casualties]): one ``count_casualties`` result per sentence, in order.
    rules (TollRules | None): the shares. Defaults to the packaged ``tolls.yaml``.
    RETURNS (Casualties): ``fatalities`` the smallest conflicting report of the whole toll;
        ``fatalities_low``/``fatalities_high`` the range of those reports; ``injured`` the
        smallest reported; ``breakdown`` per key the smallest figure among the whole-toll
        sentences that give it; ``evidence`` every sentence once, in order.

    Example:
        >>> lead = Casualties(fatalities=10, fatalities_low=10, fatalities_high=10)
        >>> named = Casualties(fatalities=1, fatalities_low=1, fatalities_high=1)
        >>> other = Casualties(fatalities=8, fatalities_low=8, fatalities_high=8)
        >>> c = combine_tolls([lead, named, other])
        >>> c.fatalities, c.fatalities_low, c.fatalities_high
        (8, 8, 10)
    """
    r = rules or TOLLS.packaged()
    parts = list(parts)
    numbered = [p for p in parts if _numbered(p)]
    if any(p.fatalities for p in numbered):
        # "there were no casualties" beside a reported death: the house that was spared, a
        # source that knew less; a death told never gives way to a zero
        numbered = [p for p in numbered if p.fatalities]
    own = [p for p in numbered if p.own_losses]
    if own and len(own) < len(numbered):
        # "39 rebels were killed ... the group lost 13 of its fighters": the other side's dead,
        # told apart, add to the toll (once however often they are told: the smallest figure)
        rest = combine_tolls([p for p in parts if p not in own], r)
        added = min(own, key=lambda p: p.fatalities or 0)
        return dataclasses.replace(
            rest,
            fatalities=(rest.fatalities or 0) + (added.fatalities or 0),
            fatalities_low=(rest.fatalities_low or 0) + (added.fatalities_low or 0),
            fatalities_high=(rest.fatalities_high or 0) + (added.fatalities_high or 0),
            evidence=tuple(dict.fromkeys(e for p in parts for e in p.evidence)),
        )
    fatalities: int | None
    low: int | None
    high: int | None
    reports = [p for p in numbered if not p.partial]
    if reports and numbered[0].partial and _added(reports[0], r):
        # "A, a journalist, was killed ... the strike killed 12 other members of his family"
        named, first = numbered[0], reports[0]
        more = dataclasses.replace(
            first,
            fatalities=(first.fatalities or 0) + (named.fatalities or 0),
            fatalities_low=(first.fatalities_low or 0) + (named.fatalities_low or 0),
            fatalities_high=(first.fatalities_high or 0) + (named.fatalities_high or 0),
        )
        numbered = [more if p is first else p for p in numbered]
        reports = [more if p is first else p for p in reports]
    if reports:
        # reports of the whole toll conflict with each other: ACLED's most conservative
        lead = reports[0]
        floor = (lead.fatalities or 0) * r.report_share / 100
        if own_floor(lead, r):
            floor = lead.fatalities or 0  # "at least 14 were killed": later, smaller counts
        whole = [p for p in reports if (p.fatalities or 0) >= floor]
    if numbered and not reports:
        lead = numbered[0]
        larger = [p for p in numbered if (p.fatalities or 0) > (lead.fatalities or 0)]
        if (lead.fatalities or 0) <= r.single_victim and larger:
            lead = larger[0]
        floor = (lead.fatalities or 0) * r.conflict_share / 100
        whole = [p for p in numbered if (p.fatalities or 0) >= floor]
    if numbered:
        fatalities = min(p.fatalities for p in whole if p.fatalities is not None)
        low = min(p.fatalities_low for p in whole if p.fatalities_low is not None)
        high = max(
            p.fatalities_high if p.fatalities_high is not None else p.fatalities or 0 for p in whole
        )
        counted = whole
    else:
        estimates = [p.fatalities for p in parts if p.fatalities is not None]
        fatalities = min(estimates) if estimates else None
        low = None
        highs = [p.fatalities_high for p in parts if p.fatalities_high is not None]
        high = max(highs) if highs and fatalities is not None else None
        counted = parts
    injuries = [p.injured for p in parts if p.injured is not None]
    breakdown: dict[str, int] = {}
    for p in counted:
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


def fold_tolls(
    first: tuple[int, int | None, int | None],
    later: tuple[int, int | None, int | None],
    rules: TollRules | None = None,
) -> tuple[int, int | None, int | None]:
    """The toll of one incident told twice in an article, by the same rules as sentences.

    first (tuple): the earlier telling's (fatalities, fatalities_low, fatalities_high); a
        ``fatalities_low`` of None marks an ACLED estimate (deaths without a number), 0
        fatalities no toll at all.
    later (tuple): the later telling's, in the same shape.
    rules (TollRules | None): the shares. Defaults to the packaged ``tolls.yaml``.
    RETURNS (tuple[int, int | None, int | None]): (fatalities, low, high): a reported number
        wins over an estimate; of two numbers the later one lowers the first only when it is
        a conflicting report of the whole toll (at least ``conflict_share`` percent of it),
        and a first telling of one named victim gives way to a larger later toll.

    Example:
        >>> fold_tolls((16, 16, 16), (1, 1, 1))  # a named victim after the lead
        (16, 16, 16)
        >>> fold_tolls((16, 16, 16), (14, 14, 14))  # a source that counted fewer
        (14, 14, 16)
        >>> fold_tolls((16, 16, 16), (3, None, None))  # an estimate after a number
        (16, 16, 16)
    """
    # an event's figure does not say whether it counts all victims or some: by size
    parts = [
        Casualties(fatalities=f, fatalities_low=low, fatalities_high=high, partial=True)
        for f, low, high in (first, later)
        if f
    ]
    if not parts:
        return 0, None, None
    combined = combine_tolls(parts, rules)
    return combined.fatalities or 0, combined.fatalities_low, combined.fatalities_high
