"""Casualty counts: killed and injured in one sentence, with ACLED's number rules.

Why over 600 lines: the casualty phrase reader (``_Reader``) is one pass over the tokens
whose steps share its cursor state; the vocabulary (``number_rules.py``), the numerals
(``numerals.py``) and the coders' notes (``allocation.py``) already have files of their own.

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
* ``allocation.read_allocation`` reads how a note splits a toll between the events
  (places) it covers ("split as follows: 4 X, 3 Y", "5 each", "split between both
  locations", "Total fatalities in X coded to 8"); the event resolver gives each event its
  share.

The vocabulary's loader is ``number_rules.py``, the numbers themselves ``numerals.py``.

``fatalities_low``/``fatalities_high`` hold the figures the text gave (equal for a single
number); they stay None when the text gave no number and ``fatalities`` is ACLED's estimate
(3 or 10), which lets ``merge_casualties`` prefer a reported number over an estimate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ..model import Casualties, Evidence
from ..text import NUM as _NUM
from ..text import OTHER as _OTHER
from ..text import WORD as _WORD
from .number_rules import (
    BREAKDOWN_KEYS,
    DEATH,
    INJURY,
    MIXED,
    NUMBERS_FILE,
    NumberRules,
    load_number_rules,
    number_rules,
)
from .numerals import NumeralReader, parse_number
from .tolls import combine_tolls

# A victim phrase is at most this many words after its quantity ("3 pro-regime militia fighters").
_MAX_NP_WORDS = 6

# Post-modifiers, breakdowns and asides read between victims and their cue, at most.
_MAX_MODIFIERS = 3

# An aside between victims and their cue ("277 civilians, including 72 children, were killed").
_MAX_ASIDE_TOKENS = 14


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


class _Reader(NumeralReader):
    """Reads the casualty phrases of one sentence. Token-level, no spaCy: it runs on every
    event sentence."""

    def __init__(self, rules: NumberRules, sentence: str) -> None:
        super().__init__(rules, sentence)
        # cue tokens already read after their victims ("57 killed, 150 injured")
        self._used_right: set[int] = set()

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
            if self._is_cue_at(k) or r.subset_before.match(low, k) or r.np_post.match(low, k) > 1:
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
            aged = self._age_end(i + 1)
            if aged is None and self._plain_number(i + 1) is not None:
                return None  # "that four people": the number counts
            end, category, head, last = self._scan_np(aged or i + 1)
            if last is None or last in r.non_victims or low[i + 1] in r.non_victims:
                return None
            if word in r.articles or not self._plural(last):
                return _Qty(i, i + 1, end, 1, 1, None, category, head, article=True)
            return _Qty(i, i + 1, end, None, None, r.limited, category, head, article=True)

        if (word in r.victims or word in r.people) and self._plural(word):
            end, category, head, _ = self._scan_np(i)
            return _Qty(i, i, end, None, None, r.limited, category, head)
        return self._named_person(i)

    def _age_end(self, k: int) -> int | None:
        """The token after an age at k ("12 year-old", "40 years old"), None if none."""
        num = self._plain_number(k)
        if num is None or num[1] >= self.n or self.low[num[1]] not in self.r.ages:
            return None
        end = num[1] + 1
        if end < self.n and self.low[end] == "old":
            end += 1
        return end

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
        upper_at = k + 1
        if k + 1 < self.n and low[k] == "and" and self.r.range_uppers.match(low, k + 1):
            upper_at = k + 1 + self.r.range_uppers.match(low, k + 1)  # "12 and up to 20"
            upper = self._plain_number(upper_at)
            if (
                upper is not None
                and upper[0] > value
                and self._is_count_number(upper_at, upper[1], -1, upper=True)
            ):
                return self._finish(i, upper[1], value, upper[0], None)
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
        r, low = self.r, self.low
        while k < self.n:
            post = r.np_post.match(low, k)
            if post:  # "8 members of the A family and 6 members of the B family"
                after = k + post
                while (
                    after < self.n
                    and after - k <= _MAX_NP_WORDS
                    and low[after] not in ("and", ",")
                    and not self._is_cue_at(after)
                    and (low[after] not in r.np_breaks or low[after] in r.np_post_links)
                ):
                    after += 1
                if (
                    after + 1 < self.n
                    and low[after] in ("and", ",")
                    and self._starts_qty(after + 1)
                ):
                    k = after
            j = k
            while j < self.n:
                joiner = r.list_joiners.match(low, j)  # "together with his wife"
                if joiner:
                    j += joiner
                elif low[j] in (",", "and", "&", "plus"):
                    j += 1
                else:
                    break
            if j == k or j >= self.n:
                break
            if r.subset_before.match(low, j):
                break
            if low[j] in r.determiners and self._plain_number(j + 1) is not None:
                j += 1  # "and their three children"
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
        # "7 civilians belonging to the X family, including 3 children, all from Y, were
        # killed": post-modifiers, breakdowns and asides, in any order, up to a few of them
        for _ in range(_MAX_MODIFIERS):
            start = k
            post = r.np_post.match(low, k)
            if post:  # "a member of the regime forces was killed"
                k = self._scan_post(k + post)
            marker = r.subset_before.match(low, k)
            if marker:  # "76 people including 28 children were killed"
                inner = self._qty(k + marker)
                if inner is not None:
                    stop = self._list(inner)[1]
                    aside, k = (aside[0] if aside else k, stop), stop
            skipped = self._skip_aside(k)
            if skipped is not None:
                aside = (aside[0] if aside else k, skipped)
                k = skipped
            if (
                k < self.n
                and low[k] == ","
                and (self._is_cue_at(k + 1) or r.bridges.match(low, k + 1))
            ):
                k += 1  # the comma that closes a breakdown ("..., including 3 children, were")
            if k == start:
                break
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

    def partial(self, q: _Qty) -> bool:
        """Whether a victim phrase counts only some of an incident's dead: one person ("a
        man", a named victim, "him"), relatives ("his two sons", "their daughter")."""
        low = self.low
        if q.article or (q.low == 1 and q.high == 1):
            return True
        if q.start > 0 and low[q.start - 1] in self.r.determiners - {"the", "this", "that"}:
            return True  # "their five children"
        return any(low[k] in self.r.kin for k in range(q.end, min(q.np_end, self.n)))

    def unnumbered_death_noun(self) -> bool:
        return any(w in self.r.unnumbered_death_nouns for w in self.low)


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
    partial = bool(numbered) and all(
        reader.partial(q) for g in numbered for q in g.items if q.low is not None
    )
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
        partial=partial and coded is None,
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


def merge_casualties(parts: Iterable[Casualties]) -> Casualties:
    """Combine the counts of several sentences about one incident (in text order).

    parts (Iterable[Casualties]): one result of ``count_casualties`` per sentence.
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
    return combine_tolls(parts)


# Names that moved out of this module in the split, still importable from here.
__all__ = [
    "BREAKDOWN_KEYS",
    "DEATH",
    "INJURY",
    "load_number_rules",
    "MIXED",
    "number_rules",
    "NumberRules",
    "NUMBERS_FILE",
    "parse_number",
]
