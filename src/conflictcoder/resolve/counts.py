"""Casualty counts: killed and injured in one sentence, with ACLED's number rules.

The reading is split by rule family: the vocabulary is ``number_rules.py``, the numbers
``numerals.py``, the victim phrases ``victims.py``, their death and injury cues ``cues.py``,
the coders' notes ``allocation.py`` and the combining of several sentences ``tolls.py``;
this module puts a sentence's phrases and cues together into its figures.

The vocabulary (number words, vague quantities and their ACLED values, victim words and
their breakdown key, death and injury cues, negations, coded totals) is data in
``ontology/numbers.yaml``; the modules above hold only the reading rules:

* a *victim phrase* is a quantity ("16", "twenty-one", "at least 16", "between 5 and 7",
  "dozens of", "several", "a man", "his brother", "him", "civilians") with the words that
  follow it ("3 pro-regime fighters"); phrases joined by "and" or commas form one list
  ("two children and one woman" = 3);
* a list counts as deaths or injuries when a cue stands right before it ("killing 3",
  "the death of a man", "injuring 5") or right after it, past auxiliaries and asides
  ("3 soldiers were killed", "4 people - all women - were injured", "5 dead");
  "killed and wounded 20" is a mixed figure, never read as 20 deaths;
* "including 3 children", "3 of them children" only break down the figure just counted;
* figures that each follow a report verb of their own ("X reported that 8 were killed,
  while other sources reported 10 dead") are conflicting reports of one toll, not tolls to
  add: the most conservative is coded, the range kept;
* ACLED's conservative figure goes into ``fatalities``: a range gives its low end, vague
  quantities their ACLED value ("dozens" = 12), deaths without a number 3 (limited) or 10
  (significant), a coded total ("Total fatalities coded to 58") wins over everything;
  "no fatalities", "neither injuries nor fatalities" give 0; injuries are never deaths;
* a nominal cue after "following", "after" ("arrested two men following the killing of a
  guard") reports an earlier incident, not this one's toll;
* ``allocation.read_allocation`` reads how a note splits a toll between the events
  (places) it covers ("split as follows: 4 X, 3 Y", "5 each", "split between both
  locations", "Total fatalities in X coded to 8"); the event resolver gives each event its
  share.

``fatalities_low``/``fatalities_high`` hold the figures the text gave (equal for a single
number); they stay None when the text gave no number and ``fatalities`` is ACLED's estimate
(3 or 10), which lets ``merge_casualties`` prefer a reported number over an estimate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..model import Casualties, Evidence
from ..text import WORD as _WORD
from .cues import CueReader
from .number_rules import (
    BREAKDOWN_KEYS,
    DEATH,
    INJURY,
    MIXED,
    NUMBERS,
    NUMBERS_FILE,
    NumberRules,
    load_number_rules,
)
from .numerals import NumeralReader, parse_number
from .tolls import TOLLS, TollRules, combine_tolls
from .victims import PhraseReader, VictimPhrase


@dataclass
class _Group:
    kind: str
    items: list[VictimPhrase]
    subset: bool = False
    own: bool = False  # a side's own losses ("lost 13 of its fighters")
    joined: bool = False  # companions after a cue ("was killed alongside her four children")


# The breakdown key of armed men: only their losses are a side's own ("lost 13 of its fighters").
COMBATANTS = "combatants"
# The breakdown key of civilians: a part of the dead named so leaves the others combatants.
CIVILIANS = "civilians"
CIVILIAN_WORDS = ("civilian", "civilians")

# Tokens that may stand between a breakdown marker and the phrase it follows ("- including").
_SUBSET_PUNCTUATION = (",", "(", "-", "–", "—")
# Tokens that end a clause for the toll and negation readers.
_CLAUSE_ENDS = (".", ";")


class _Reader:
    """Reads the casualty phrases of one sentence. Token-level, no spaCy: it runs on every
    event sentence. Its collaborators read the numbers (``NumeralReader``), the victim
    phrases (``PhraseReader``) and their cues (``CueReader``); it puts them together into
    groups of deaths or injuries and reads the sentence-wide statements (a death toll, a
    negation, a coder's total)."""

    def __init__(self, rules: NumberRules, sentence: str) -> None:
        self.nums = NumeralReader(rules, sentence)
        self.phrases = PhraseReader(self.nums)
        self.cues = CueReader(self.nums, self.phrases)
        self.r, self.low, self.n = rules, self.nums.low, self.nums.n
        self._toll: tuple[int, int, int] | None = None
        self._toll_read = False

    def coded_total(self) -> int | None:
        return self.nums.coded_total()

    # ----------------------------------------------------------------- groups
    def groups(self) -> list[_Group]:
        groups: list[_Group] = []
        consumed = [False] * self.n
        self.cues.used_right = set()
        toll = self.toll_span()
        if toll is not None:  # "the toll has risen to 13 and 106 injured": the toll's own
            for j in range(toll[1], toll[2]):
                consumed[j] = True
        i = 0
        while i < self.n:
            if consumed[i]:
                i += 1
                continue
            q = self.phrases.phrase(i)
            if q is None:
                i += 1
                continue
            # "3 of them children": a breakdown of the figure before
            after = self.r.subset_after.match(self.low, q.end)
            if after and groups and q.low is not None:
                q.category, q.word = self._category_near(q.end + after)
                groups.append(_Group(groups[-1].kind, [q], subset=True))
                i = q.end + after
                continue
            items, end = self.phrases.phrase_list(q)
            named = self._name_before(q.start)
            if named is not None:  # "Judge A B, along with 9 family members, were killed"
                items = [named, *items]
            if groups and self._subset_before(q.start):
                groups.append(_Group(groups[-1].kind, items, subset=True))
                i = max(end, i + 1)
                continue
            kind, items, end, aside = self._cue_of(items, end)
            own = kind is None and self._own_losses(items)
            if own:
                kind = DEATH
            if kind is None:
                i += 1  # a phrase inside may still count ("the offensive caused heavy...")
                continue
            parts = _apposed_parts(items)
            joined = bool(self.cues.joiner_before(items[0].start))
            groups.append(_Group(kind, items[:1] if parts else items, own=own, joined=joined))
            if parts:  # "six members of the X family, four children and two women, were killed"
                groups.append(_Group(kind, parts, subset=True))
            if aside is not None:
                self._aside_subsets(aside, groups)
            for j in range(i, end):
                consumed[j] = True
            i = max(end, i + 1)
        return groups

    def _cue_of(
        self, items: list[VictimPhrase], end: int
    ) -> tuple[str | None, list[VictimPhrase], int, tuple[int, int] | None]:
        """The kind of a list of victims ending at token end, from the cue before it or
        after it: (kind, the items it covers, the token after them, an aside skipped)."""
        kind = self.cues.left(items[0].start)
        aside = None
        if kind is not None and len(items) > 1:
            # "killing 2 civilians, 3 more were wounded": the last phrase has its own cue
            own = self.cues.right(end).kind
            if own is not None and own != kind:
                items, end = items[:-1], items[-1].start
        elif kind is None:
            cue = self.cues.right(end)
            kind, aside = cue.kind, cue.aside
            if kind is not None and not cue.bridged and any(not q.names_people for q in items):
                kind = None  # "an explosion killed and wounded...": not a victim
            if kind is not None:
                end = max(end, cue.at)  # the post-modifier and aside belong to it
                self.cues.used_right.update(range(cue.at, cue.stop))
            elif items[0].inner is not None:
                kind = items[0].inner
        return kind, items, end, aside

    def _own_losses(self, items: list[VictimPhrase]) -> bool:
        """Whether a list of numbered victims after a loss cue counts an armed side's own
        dead ("the army lost 20 soldiers", "the group lost 13 of its fighters"); a family
        that "lost 11 relatives" counts its own victims, part of a toll."""
        r, first = self.r, items[0]
        if first.low is None or not r.loss_cues.match_before(self.low, first.start):
            return False
        if all(q.category == COMBATANTS for q in items):
            return True
        owner = r.loss_owners.match(self.low, items[-1].np_end)
        after = self.nums.word(items[-1].np_end + owner)
        return bool(owner) and r.victims.get(after) == COMBATANTS

    def conflicting(self, groups: list[_Group]) -> bool:
        """Whether each group follows a report verb of its own ("X reported that 8 were
        killed, while other sources reported 10 dead"): conflicting reports of one toll.
        Groups that name different victims ("4 soldiers ... 2 civilians") are two tolls."""
        named = [{q.category for q in g.items if q.category} for g in groups]
        if any(a and b and not a & b for a in named for b in named):
            return False
        start = 0
        for g in groups:
            if not any(
                self.r.report_verbs.match(self.low, k) for k in range(start, g.items[0].start)
            ):
                return False
            start = max(q.np_end for q in g.items)
        return True

    def _name_before(self, s: int) -> VictimPhrase | None:
        """A person named in full just before a list joiner and the victims at token s
        ("Omar Saleh and 9 others", "Judge A B, along with 9 family members"): one victim
        more. The name is two or more capitalised words after no preposition."""
        r, toks, word = self.r, self.nums.toks, self.nums.word
        j = s - r.list_joiners.match_before(self.low, s)
        if j == s and word(s - 1) == "and":
            j = s - 1
        if j == s:
            return None
        while word(j - 1) == ",":
            j -= 1
        k = j
        while k > 0 and toks[k - 1].kind == _WORD and toks[k - 1].text[:1].isupper():
            k -= 1
        if j - k < 2 or word(k - 1) in r.np_breaks:
            return None
        return VictimPhrase(k, j, j, 1, 1, None, None, "people")

    def _subset_before(self, s: int) -> bool:
        """Whether a breakdown marker ("including", "among them") stands before token s."""
        j = s
        while j > 0 and self.low[j - 1] in _SUBSET_PUNCTUATION:
            j -= 1
        before = self.r.subset_before
        return bool(before.match_before(self.low, j) or before.match_before(self.low, s))

    def _aside_subsets(self, aside: tuple[int, int], groups: list[_Group]) -> None:
        start, end = aside
        k = start
        parent = groups[-1]
        while k < end - 1:
            marker = self.r.subset_before.match(self.low, k)
            if marker:
                q = self.phrases.phrase(k + marker)
                if q is not None:
                    items, stop = self.phrases.phrase_list(q)
                    groups.append(_Group(parent.kind, items, subset=True))
                    k = max(stop, k + 1)
                    continue
            k += 1

    def _category_near(self, k: int) -> tuple[str | None, str | None]:
        """The category and victim word within a few tokens from k ("of them civilians")."""
        for j in range(k, min(self.n, k + 3)):
            if self.low[j] in self.r.victims:
                return self.r.victims[self.low[j]], self.low[j]
        return None, None

    # ----------------------------------------------------------------- sentence-wide
    def toll(self) -> int | None:
        """ "the death toll rose to 12", "the number of fighters killed has risen to 39"."""
        found = self.toll_span()
        return found[0] if found is not None else None

    def toll_span(self) -> tuple[int, int, int] | None:
        """The first death toll of the sentence: (figure, its first token, the token after)."""
        if self._toll_read:
            return self._toll
        r, low, nums = self.r, self.low, self.nums
        self._toll_read = True
        for i in range(self.n):
            noun = r.toll_nouns.match(low, i)
            start = i + noun
            if not noun:
                count = r.toll_counts.match(low, i)
                if not count:
                    continue
                # "the number of X killed": the count noun needs its death cue
                cue = next(
                    (
                        k + r.death_right.match(low, k)
                        for k in range(i + count, min(self.n, i + count + r.toll_gap))
                        if low[k] not in _CLAUSE_ENDS and r.death_right.match(low, k)
                    ),
                    None,
                )
                if cue is None:
                    continue
                start = cue
            for k in range(start, min(self.n, start + max(r.toll_gap, r.toll_update_gap))):
                if low[k] in _CLAUSE_ENDS:
                    break
                near = k < start + r.toll_gap
                link = r.toll_links.match(low, k) if near else r.toll_updates.match(low, k)
                if not link:
                    continue
                j = k + link
                # "the toll at the two depots": after a determiner the figure may count things
                determined = low[j] in r.determiners if j < self.n else False
                j += r.approximators.match(low, j)
                num = nums.number_at(j)
                if (
                    num is not None
                    and nums.is_count(j, num[1], -1)
                    and (not determined or self._ends_toll(num[1]))
                ):
                    self._toll = (num[0], j, num[1])
                    return self._toll
        return None

    def _ends_toll(self, k: int) -> bool:
        """Whether the word at token k may follow a toll's figure told after a determiner: a
        person, a cue, a break ("to the 12 people"), not another noun ("the toll at the two
        depots")."""
        if k >= self.n or self.nums.toks[k].kind != _WORD:
            return True
        word, r = self.low[k], self.r
        return (
            word in r.np_breaks
            or self.phrases.words.is_person_word(word)
            or self.phrases.words.is_cue_at(k)
            or bool(r.bridges.match(self.low, k))
        )

    def zeros(self) -> set[str]:
        """Kinds a negation sets to zero ("no fatalities", "no one was hurt")."""
        r, low = self.r, self.low
        found: set[str] = set()
        for i in range(self.n):
            neg = r.negators.match(low, i)
            if not neg:
                continue
            for k in range(i + neg, min(self.n, i + neg + r.negation_window)):
                if low[k] in _CLAUSE_ENDS or low[k] in r.negation_blockers:
                    break
                target = r.negation_target_phrases.match(low, k)
                if target:
                    if self.nums.word(k + target) in r.negation_blockers:
                        break  # "no death toll"
                    kind = r.negation_targets[tuple(low[k : k + target])]
                    found.update((DEATH, INJURY) if kind == "both" else (kind,))
                    break
        return found

    def partial(self, q: VictimPhrase) -> bool:
        """Whether a victim phrase counts only some of an incident's dead: one person ("a
        man", a named victim, "him"), relatives ("his two sons", "their daughter")."""
        if q.article or (q.low == 1 and q.high == 1):
            return True
        if self.nums.word(q.start - 1) in self.r.determiners - {"the", "this", "that"}:
            return True  # "their five children"
        return any(self.low[k] in self.r.kin for k in range(q.end, min(q.np_end, self.n)))

    def partial_list(self, items: list[VictimPhrase]) -> bool:
        """Whether a list of victims counts only some of an incident's dead: each of its
        numbered phrases does, or a possessive opens it and covers all of it ("his wife and
        five children")."""
        first = items[0]
        possessives = self.r.determiners - {"the", "this", "that"}
        if self.low[first.start] in possessives or self.nums.word(first.start - 1) in possessives:
            return True
        numbered = [q for q in items if q.low is not None]
        kinds = {q.word for q in numbered}
        # "five children and four medical staff": victims by kind, none in general
        if (
            len(numbered) > 1
            and len(kinds) == len(numbered)
            and all(w is not None and w not in self.r.general_victims for w in kinds)
        ):
            return True
        return all(self.partial(q) for q in numbered)

    def unnumbered_death_noun(self) -> bool:
        """ "resulting in fatalities", but not "the list of fatalities" (a register)."""
        r = self.r
        return any(
            w in r.unnumbered_death_nouns and not r.death_noun_references.match_before(self.low, k)
            for k, w in enumerate(self.low)
        )


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
    r = rules or NUMBERS.packaged()
    glued = r.wire_datelines.search(sentence) if r.wire_datelines is not None else None
    if glued is not None and sentence[: glued.start()].strip() and sentence[glued.end() :].strip():
        # "... of the country AFP Friday 10 Oct 2014 The monitor said 19 ...": a headline and
        # its lead, two tellings of one toll
        parts = [
            count_casualties(part, doc_id=doc_id, offset=offset, rules=r)
            for part in (sentence[: glued.start()], sentence[glued.end() :])
        ]
        told = [p for p in parts if p.fatalities is not None or p.injured is not None]
        if not told:
            return Casualties()
        # a headline's floor ("kills at least 21 in the south and north") may sum several
        # places: of the two tellings the conservative figure is kept all the same
        combined = combine_tolls(told, replace(TOLLS.packaged(), floor_words=()))
        return replace(
            combined,
            evidence=(Evidence(doc_id, sentence, offset, offset + len(sentence)),),
            partial=all(p.partial for p in told),
            own_losses=all(p.own_losses for p in told),
        )
    cuts = [
        cut.start()
        for pattern in (r.war_tolls, r.campaign_tolls)
        if pattern is not None and (cut := pattern.search(sentence)) is not None
    ]
    counted = sentence[: min(cuts)] if cuts else sentence
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
    if any(not _named(g) and not g.joined for g in numbered):
        # "11 civilians were killed ... A B was killed with her sons": people named one by
        # one beside a toll are among its dead, not more; beside their companions only ("A B
        # was killed alongside her four children") they are more
        numbered = [g for g in numbered if not _named(g)]
    period = r.period_tolls is not None and bool(r.period_tolls.search(counted))
    if period or (
        r.incident_toll_limit and any(_sum(g, "low") > r.incident_toll_limit for g in numbered)
    ):
        # "More than 200,000 people have been killed": a war's toll, no incident's; "25 were
        # killed during the past 24 hours": a period's
        numbered, groups = [], [g for g in groups if g.kind != DEATH]
    coded = reader.coded_total()
    toll = reader.toll()
    if toll is not None and (period or (r.incident_toll_limit and toll > r.incident_toll_limit)):
        toll = None
    partial = bool(numbered) and all(reader.partial_list(g.items) for g in numbered)
    dropped: list[_Group] = []
    if numbered:
        if len(numbered) > 1 and reader.conflicting(numbered):
            # "X reported that 8 were killed, while other sources reported 10 dead": one toll
            whole = [g for g in numbered if not reader.partial_list(g.items)]
            lead = min(whole or numbered, key=lambda g: _sum(g, "low"))
            dropped = [g for g in numbered if g is not lead]
            low_sum, high_sum = _sum(lead, "low"), max(_sum(g, "high") for g in numbered)
        else:
            low_sum = sum(_sum(g, "low") for g in numbered)
            high_sum = sum(_sum(g, "high") for g in numbered)
        low, high = low_sum, high_sum if toll is None else max(high_sum, toll)
        fatalities = low
        if toll is not None and toll > low and _later(r, counted):
            fatalities = toll  # "14 were killed ..., later estimates put the toll at 22"
    elif toll is not None:
        fatalities = low = high = toll
    elif r.charges is None or not r.charges.search(counted):  # not "criticised for killing"
        estimate = _estimate(groups, DEATH, r.limited)
        if estimate is not None:
            fatalities, high = estimate
        elif not period and reader.unnumbered_death_noun() and DEATH not in reader.zeros():
            fatalities = r.limited
    if coded is not None:
        fatalities = low = high = coded
    civilians_among = False
    for g in groups:
        if g.kind != DEATH or any(g is d for d in dropped):
            continue
        for q in _with_inherited(g.items):
            if q.category and q.low is not None:
                if g.subset:
                    breakdown[q.category] = max(breakdown.get(q.category, 0), q.low)
                    # "five of them civilians", not "including a journalist" (a civilian too)
                    civilians_among = civilians_among or q.word in CIVILIAN_WORDS
                else:
                    breakdown[q.category] = breakdown.get(q.category, 0) + q.low
                    civilians_among = civilians_among and q.category != CIVILIANS
    civilians, dead = breakdown.get(CIVILIANS, 0), low or 0
    if civilians_among and set(breakdown) == {CIVILIANS} and fatalities and civilians < dead:
        # "six were killed, five of them civilians": the others were not civilians
        breakdown[COMBATANTS] = dead - civilians

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
        partial=(partial or _early(r, counted)) and coded is None,
        own_losses=bool(numbered) and all(g.own for g in numbered) and coded is None,
    )


def _apposed_parts(items: list[VictimPhrase]) -> list[VictimPhrase]:
    """ "six members of the X family, four children and two women": phrases after a general
    one (people, members, civilians) that name its parts by category and add up to it break
    it down; they are no more victims. RETURNS those parts, or [] for a plain list."""
    first, rest = items[0], items[1:]
    if len(rest) < 2 or first.low is None or any(q.low is None for q in rest):
        return []
    if first.category not in (None, "civilians") or first.head not in ("people", "victim"):
        return []
    if any(q.category is None or q.category == first.category for q in rest):
        return []
    return rest if sum(q.low or 0 for q in rest) == first.low else []


def _later(rules: NumberRules, sentence: str) -> bool:
    """Whether the sentence tells a toll as a later, updated count ("later ... 22")."""
    return rules.later_reports is not None and bool(rules.later_reports.search(sentence))


def _early(rules: NumberRules, sentence: str) -> bool:
    """Whether the sentence tells its figure as an early report ("initially ... nine")."""
    return rules.early_reports is not None and bool(rules.early_reports.search(sentence))


def _named(group: _Group) -> bool:
    return all(q.named for q in group.items)


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


def _with_inherited(items: list[VictimPhrase]) -> list[VictimPhrase]:
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


def merge_casualties(parts: Iterable[Casualties], tolls: TollRules | None = None) -> Casualties:
    """Combine the counts of several sentences about one incident (in text order).

    parts (Iterable[Casualties]): one result of ``count_casualties`` per sentence.
    tolls (TollRules | None): the shares. Defaults to the packaged ``tolls.yaml``.
    RETURNS (Casualties): see ``tolls.combine_tolls``: ``fatalities`` is the conservative
        figure among the reports of the whole toll (a figure for part of the victims, such as
        one named victim after a lead of ten, never lowers it; an ACLED estimate for
        unnumbered deaths only when no sentence gave a number); ``fatalities_low``/
        ``fatalities_high`` the range of those reports; ``injured`` the smallest reported;
        ``breakdown`` per key the smallest figure; ``evidence`` each sentence once.

    Example:
        >>> a = count_casualties("Five people were killed.")
        >>> b = count_casualties("Activists said seven people died.")
        >>> m = merge_casualties([a, b])
        >>> m.fatalities, m.fatalities_low, m.fatalities_high
        (5, 5, 7)
    """
    return combine_tolls(parts, tolls)


# Names that moved out of this module in the split, still importable from here.
__all__ = [
    "BREAKDOWN_KEYS",
    "DEATH",
    "INJURY",
    "load_number_rules",
    "MIXED",
    "NumberRules",
    "NUMBERS_FILE",
    "parse_number",
]
