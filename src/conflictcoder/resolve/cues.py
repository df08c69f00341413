"""Casualty cues: whether a list of victim phrases counts deaths, injuries or both.

A list counts as deaths or injuries when a cue stands right before it ("killing 3", "the
death of a man", "injuring 5") or right after it, past a post-modifier, asides and
auxiliaries ("3 soldiers were killed", "4 people - all women - were injured", "5 dead");
"killed and wounded 20" is a mixed figure, never read as 20 deaths. A nominal cue after
"following", "after" ("arrested two men following the killing of a guard") reports an
earlier incident, and "tried to assassinate" no death at all. The cue words are data in
``ontology/numbers.yaml``.
"""

from __future__ import annotations

from typing import NamedTuple

from ..text import WORD as _WORD
from .number_rules import DEATH, INJURY, MIXED
from .numerals import NumeralReader, SentencePart
from .victims import PhraseReader

# Post-modifiers, breakdowns and asides read between victims and their cue, at most.
_MAX_MODIFIERS = 4

# An aside between victims and their cue ("277 civilians, including 72 children, were killed").
_MAX_ASIDE_TOKENS = 14

# A list of the victims set off by a dash that no dash closes, at most ("three people – A, his
# uncle B, and C, were killed").
_MAX_DASH_LIST_TOKENS = 45

# The token that closes an aside, by the token that opens it.
_ASIDE_CLOSERS = {"(": ")", "-": "-", "–": "–", "—": "—", ",": ","}
_DASHES = ("-", "–", "—")
_SENTENCE_BREAKS = (".", ";", ":")


class Cue(NamedTuple):
    """The cue read after a list of victims."""

    kind: str | None  # DEATH, INJURY, MIXED or None (no cue)
    aside: tuple[int, int] | None  # token span skipped between victims and cue
    bridged: bool  # an auxiliary stood between ("were killed")
    at: int  # the token where the cue starts
    stop: int = 0  # the token after it


class CueReader(SentencePart):
    """Finds the cue of a list of victim phrases, before it or after it."""

    def __init__(self, nums: NumeralReader, phrases: PhraseReader) -> None:
        super().__init__(nums)
        self.phrases = phrases
        self.words = phrases.words
        # cue tokens already read after their victims ("57 killed, 150 injured")
        self.used_right: set[int] = set()

    def _bridges_end(self, k: int) -> int:
        """Past the auxiliaries at token k ("were", "have been")."""
        bridges, low = self.r.bridges, self.low
        while length := bridges.match(low, k):
            k += length
        return k

    def has_own_cue(self, k: int) -> bool:
        """Whether the victim phrase at k is followed by its own cue ("22 injured")."""
        q = self.phrases.phrase(k)
        if q is None:
            return False
        e = self._bridges_end(q.np_end)
        return bool(self.r.death_right.match(self.low, e) or self.r.injury_right.match(self.low, e))

    def _mixed_before(self, cs: int, kind: str) -> bool:
        """ "killing and wounding 5", "the killing and injury of 5": the other kind of cue
        joined to the cue that starts at token cs."""
        r = self.r
        other = r.injury_words if kind == DEATH else r.death_words
        for back in (1, 2):
            before = cs - back - 1
            if before >= 0 and self.low[cs - back] in r.mixed_joiners and self.low[before] in other:
                return True
        return False

    def left(self, s: int) -> str | None:
        """The kind of the cue just before victims starting at token s, if any; a list
        joiner may stand between ("X was killed along with 9 others")."""
        if s - 1 in self.used_right:
            return None
        joiner = self.joiner_before(s)
        if joiner:
            kind = self._left_of(joiner)
            if kind is not None:
                return kind
        return self._left_of(s)

    def joiner_before(self, s: int) -> int:
        """The token where a list joiner ends before victims at token s starts ("killed along
        with 9 others", "killed alongside her four children"), 0 when none stands there."""
        low = self.low
        if s > 1 and low[s - 1] in self.r.determiners - {"the", "this", "that"}:
            s -= 1  # a possessive before the victims: "alongside her four children"
        joiner = self.r.list_joiners.match_before(low, s)
        return s - joiner if joiner else 0

    def _left_of(self, s: int) -> str | None:
        r, low = self.r, self.low
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
        if self._mixed_before(cs, kind):
            return MIXED
        return kind

    def skip_aside(self, k: int) -> int | None:
        """End of an aside opening at token k ("- all women -", ", including 3 children,")."""
        low = self.low
        if k >= self.n:
            return None
        close = _ASIDE_CLOSERS.get(low[k])
        if close is None:
            return None
        for j in range(k + 1, min(self.n, k + 1 + _MAX_ASIDE_TOKENS)):
            if low[j] == close or (close == "," and low[j] in _DASHES):
                return j + 1 if j > k + 1 else None
            if low[j] in _SENTENCE_BREAKS or self.words.is_cue_at(j):
                break
        return self._dash_list_end(k) if close in _DASHES else None

    def _dash_list_end(self, k: int) -> int | None:
        """End of a list of the victims opened by a dash that no dash closes ("three people
        – a teacher, his uncle, 60, and his grandson, were killed"): the comma before the
        verb that ends it, None when no such comma comes within ``_MAX_DASH_LIST_TOKENS``."""
        low, r = self.low, self.r
        for j in range(k + 2, min(self.n - 1, k + 1 + _MAX_DASH_LIST_TOKENS)):
            if low[j] in _SENTENCE_BREAKS or low[j] in _DASHES or self.words.is_cue_at(j):
                return None
            if low[j] == "," and r.bridges.match(low, j + 1):
                return j + 1
        return None

    def _relative_clause_end(self, k: int) -> int:
        """Past a relative clause on the victims at token k, to the comma that closes it,
        when a breakdown or the verb follows that comma ("22 members of the family that had
        fled the camp, including four women, were killed"); k when none is skipped."""
        low, r = self.low, self.r
        if self.word(k) not in r.relative_openers or self.word(k - 1) == ",":
            return k  # ", who was an imam,": an aside on one person, read as such
        for j in range(k + 1, min(self.n - 1, k + 1 + _MAX_ASIDE_TOKENS)):
            if low[j] in _SENTENCE_BREAKS or self.words.is_cue_at(j):
                return k
            if low[j] == ",":
                after = j + 1
                follows = r.subset_before.match(low, after) or r.bridges.match(low, after)
                return j if follows else k
        return k

    def _breakdown_end(self, k: int) -> int | None:
        """The end of a breakdown at token k that names its part with "of them" ("two of
        them children", "most of them foreigners"), None when none starts there."""
        q = self.phrases.phrase(k)
        if q is not None and q.low is not None:
            part_end = q.end
        elif k < self.n and self.toks[k].kind == _WORD and not self.words.is_cue_at(k):
            part_end = k + 1  # "most", "all", "half"
        else:
            return None
        after = self.r.subset_after.match(self.low, part_end)
        if not after:
            return None
        named = self.phrases.phrase(part_end + after)  # "one of them a newborn girl"
        return named.np_end if named is not None else self.words.scan(part_end + after)[0]

    def _relative_end(self, k: int) -> int:
        """Past a relative clause on a breakdown at token k, up to the comma that closes it
        ("3 children of whom one was a baby, were killed"); k when none starts there."""
        after = self.r.subset_after.match(self.low, k)
        if not after:
            return k
        for j in range(k + after, min(self.n, k + after + _MAX_ASIDE_TOKENS)):
            if self.low[j] == ",":
                return j
            if self.low[j] in _SENTENCE_BREAKS or self.words.is_cue_at(j):
                return k
        return k

    def _modifiers_end(self, e: int) -> tuple[int, tuple[int, int] | None]:
        """ "7 civilians belonging to the X family, including 3 children, all from Y, were
        killed": past the post-modifiers, breakdowns and asides after victims ending at e,
        in any order, up to a few of them. RETURNS the token after them and the aside span."""
        r, low, words = self.r, self.low, self.words
        k = e
        aside: tuple[int, int] | None = None
        for _ in range(_MAX_MODIFIERS):
            start = k
            post = r.np_post.match(low, k)
            if post:  # "a member of the regime forces was killed"
                k = words.post_modifier_end(k + post)
            k = self._relative_clause_end(k)
            comma = int(self.word(k) == ",")
            marker = r.subset_before.match(low, k + comma)
            if marker:  # "76 people including 28 children were killed"
                inner = self.phrases.phrase(k + comma + marker)
                if inner is not None:
                    # ", including 2 children and a man were killed": no comma closes it
                    stop = self._relative_end(self.phrases.phrase_list(inner)[1])
                    aside, k = (aside[0] if aside else k, stop), stop
            elif aside is not None and self.word(k) == "and":
                # "..., including 3 women, one of them elderly, and 2 children were killed":
                # the breakdown goes on after its own aside
                inner = self.phrases.phrase(k + 1)
                if inner is not None:
                    stop = self._relative_end(self.phrases.phrase_list(inner)[1])
                    aside, k = (aside[0], stop), stop
            breakdown = self._breakdown_end(k)
            if breakdown is not None:  # "three people two of them children died"
                aside, k = (aside[0] if aside else k, breakdown), breakdown
            skipped = self.skip_aside(k)
            if skipped is not None:
                opened = low[k]
                aside = (aside[0] if aside else k, skipped)
                k = skipped
                if post and opened == "(":  # "of the X (al-X) family": it goes on
                    k = words.post_modifier_end(k)
            if self.word(k) == "," and (words.is_cue_at(k + 1) or r.bridges.match(low, k + 1)):
                k += 1  # the comma that closes a breakdown ("..., including 3 children, were")
            if k == start:
                break
        return k, aside

    def right(self, e: int) -> Cue:
        """The cue after victims ending at token e ("were killed", "dead"), past a
        post-modifier ("of the regime forces"), an aside ("- all women -") and
        auxiliaries; ``bridged`` tells whether an auxiliary came between."""
        r, low, words = self.r, self.low, self.words
        k, aside = self._modifiers_end(e)
        bridged = passive = False
        while not words.is_cue_at(k):
            length = r.bridges.match(low, k)
            if not length:
                break
            passive = passive or any(w in r.passive_auxiliaries for w in low[k : k + length])
            k += length
            bridged = True
        death = r.death_right.match(low, k)
        injury = r.injury_right.match(low, k)
        if not death and not injury:
            return Cue(None, aside, bridged, k)
        kind, length = (DEATH, death) if death >= injury else (INJURY, injury)
        left = r.death_left if kind == DEATH else r.injury_left
        after = k + length
        # "2 gunmen killed a man", "the shelling has killed 9 civilians": an active verb (no
        # passive auxiliary before it), the phrase before it is the agent
        if (
            not passive
            and left.match(low, k) == length
            and (words.starts_phrase(after) or words.is_person_word(self.word(after)))
            and not self.has_own_cue(after)  # "6 citizens killed 22 injured"
        ):
            return Cue(None, aside, bridged, k)
        other = r.injury_words if kind == DEATH else r.death_words
        if (
            self.word(after) in r.mixed_joiners
            and self.word(after + 1) in other
            and not words.starts_phrase(after + 2)  # "4 dead and injured ten others"
        ):
            return Cue(MIXED, aside, bridged, k, after + 2)
        return Cue(kind, aside, bridged, k, after)
