"""Numerals: the tokens of a sentence and the numbers written in them ("twenty-one",
"1,200", "dozens"), with ACLED's values for vague ones.
"""

from __future__ import annotations

from functools import lru_cache

from ..text import NUM as _NUM
from ..text import WORD as _WORD
from ..text import Token as _Token
from ..text import tokenize as _tokenize
from .number_rules import NUMBERS, NumberRules

_YEAR_RANGE = range(1900, 2101)


# A sentence is read again and again (by the counter, the allocation, its notes and
# splits): its tokens are remembered for the sentences read last (at most this many, so
# that memory stays flat on a stream).
_TOKENS_CACHE_SIZE = 1024


@lru_cache(maxsize=_TOKENS_CACHE_SIZE)
def _sentence_tokens(sentence: str) -> tuple[list[_Token], list[str]]:
    """The tokens of ``sentence`` (``text.tokenize``) and their lower-cased forms."""
    toks = _tokenize(sentence)
    return toks, [t.low for t in toks]


class NumeralReader:
    """Reads the numbers of one sentence (words or digits, ACLED's vague values) and a
    coder's total ("Total fatalities coded to 58"). Token-level, no spaCy."""

    def __init__(self, rules: NumberRules, sentence: str) -> None:
        self.r = rules
        # shared with the other readers of the same sentence: read, never changed
        self.toks, self.low = _sentence_tokens(sentence)
        self.n = len(self.toks)

    def word(self, k: int) -> str:
        """The lower-cased token k, "" outside the sentence."""
        return self.low[k] if 0 <= k < self.n else ""

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

    def number_at(self, i: int) -> tuple[int, int] | None:
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

    def is_count(self, i: int, k: int, label_at: int, *, upper: bool = False) -> bool:
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
            if total and self.word(k) in ("in", "at", "for"):
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
            num = self.number_at(k + approx)
            if num is not None:
                return num[0]
        return None


class SentencePart:
    """A collaborator that reads the same sentence as a ``NumeralReader`` (its tokens,
    vocabulary and numbers)."""

    def __init__(self, nums: NumeralReader) -> None:
        self.nums = nums
        self.r = nums.r
        self.toks = nums.toks
        self.low = nums.low
        self.n = nums.n

    def word(self, k: int) -> str:
        """The lower-cased token k, "" outside the sentence."""
        return self.low[k] if 0 <= k < self.n else ""


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
    reader = NumeralReader(rules or NUMBERS.packaged(), text.strip())
    if reader.n == 0:
        return None
    start = reader.r.approximators.match(reader.low, 0)
    if start >= reader.n:
        start = 0
    num = reader.number_at(start)
    if num is None and start:
        num = reader.number_at(0)
    if num is None or num[1] != reader.n:
        return None
    return num[0]
