"""Victim phrases: a quantity with the words that name the victims.

A *victim phrase* is a quantity ("16", "twenty-one", "at least 16", "between 5 and 7",
"dozens of", "several", "a man", "his brother", "him", "civilians", "a family of five") with
the words that follow it ("3 pro-regime fighters"); phrases joined by "and" or commas form
one list ("two children and one woman" = 3). Whether a list counts deaths or injuries is the
business of its cues (``cues.py``); the sentence reader (``counts.py``) puts both together.

Two collaborators, over the numerals of one sentence (``numerals.NumeralReader``):

* ``VictimWords``: the words after a quantity (the victim words and their category, a
  post-modifier "of the regime forces", an age "12-year-old");
* ``PhraseReader``: the quantity itself, by its kind (number, range, approximation, vague or
  unnumbered word, pronoun, article, a person named by a title), and lists of phrases.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import NUM as _NUM
from ..text import OTHER as _OTHER
from ..text import WORD as _WORD
from .number_rules import DEATH, INJURY
from .numerals import NumeralReader, SentencePart

# A victim phrase is at most this many words after its quantity ("3 pro-regime militia fighters").
MAX_NP_WORDS = 6

# Joiners of the phrases of one list ("two children and one woman", "a man, his wife").
_LIST_JOINERS = (",", "and", "&", "plus")
# Dashes open an aside: a post-modifier ends before them.
_DASH_OPENERS = ("-", "–", "—")

# Quote marks around a name inside a post-modifier ("members of the ‘Abu Ali’ family").
_QUOTES = ("'", '"', "‘", "’", "“", "”")

# A comma or "and" that ends a post-modifier and may open another quantity.
_NEXT_ITEM = ("and", ",")


@dataclass
class VictimPhrase:
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
    named: bool = False  # a person named in full ("A B (25)"): one victim of a toll
    word: str | None = None  # the last victim word of a numbered phrase ("staff")

    @property
    def names_people(self) -> bool:
        """False for an article phrase that names no person ("the exchange", "an explosion")."""
        return not self.article or self.head in ("victim", "people")


class VictimWords(SentencePart):
    """The words of a sentence that can name victims, and where their phrases end."""

    def plural(self, word: str) -> bool:
        if word in self.r.irregular_plurals:
            return True
        return word.endswith("s") and not word.endswith("ss")

    def is_cue_at(self, k: int) -> bool:
        """Whether a death or injury cue starts at token k ("killed", "the death of")."""
        r, low = self.r, self.low
        return bool(
            r.death_left.match(low, k)
            or r.death_right.match(low, k)
            or r.injury_left.match(low, k)
            or r.injury_right.match(low, k)
        )

    def is_person_word(self, word: str) -> bool:
        return word in self.r.victims or word in self.r.people

    def starts_phrase(self, k: int) -> bool:
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
        return self.is_person_word(word) and self.plural(word)

    def _opens_number(self, k: int) -> bool:
        """Whether a number word or a vague number starts at token k ("four", "dozens")."""
        r = self.r
        return self.low[k].split("-")[0] in r.number_words or bool(
            r.vague_phrases.match(self.low, k)
        )

    def _joins_words(self, k: int, words: int) -> bool:
        """ "women and children": an "and"/"or" at k that joins two victim words, not two
        phrases or a phrase and its cue."""
        r, nxt = self.r, k + 1
        return (
            self.word(k) in ("and", "or")
            and words > 0
            and nxt < self.n
            and self.toks[nxt].kind == _WORD
            and self.low[nxt] not in r.np_breaks
            and not self.starts_phrase(nxt)
            and not self.is_cue_at(nxt)
        )

    def scan(self, k: int) -> tuple[int, str | None, str | None, str | None]:
        """The victim words from token k: (end, category, head kind, last word)."""
        r, low, toks = self.r, self.low, self.toks
        category: str | None = None
        head: str | None = None
        last: str | None = None
        words = 0
        while k < self.n and words < MAX_NP_WORDS and toks[k].kind in (_WORD, _OTHER):
            word = low[k]
            if self.is_cue_at(k) or r.subset_before.match(low, k) or r.np_post.match(low, k) > 1:
                break
            if words and self._opens_number(k):
                break  # "the city hospital four people died": another quantity
            if head in ("victim", "people") and toks[k].text[:1].isupper():
                # "the commander Abu Taha": the name after its title ends the phrase, and
                # the title, not the name, tells how many
                while k < self.n and toks[k].kind == _WORD and toks[k].text[:1].isupper():
                    k += 1
                break
            if word in r.np_breaks or word in r.bridges.words:
                if self._joins_words(k, words):
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

    def post_modifier_end(self, k: int) -> int:
        """The end of a post-modifier ("of the regime forces", "from HTS") from token k."""
        r, low, toks = self.r, self.low, self.toks
        start = k
        while (
            k < self.n
            and k - start < MAX_NP_WORDS + 2
            and (toks[k].kind in (_WORD, _OTHER) or low[k] in _QUOTES)
        ):
            word = low[k]
            if self.is_cue_at(k) or r.bridges.match(low, k):
                break
            if word in r.np_breaks and word not in r.np_post_links:
                break
            k += 1
        return k

    def next_item_after_post(self, k: int) -> int | None:
        """ "8 members of the A family and 6 members of the B family": past the
        post-modifier opening at k, the "and"/comma before another quantity, if any."""
        r, low = self.r, self.low
        post = r.np_post.match(low, k)
        if not post:
            return None
        after = k + post
        while (
            after < self.n
            and after - k <= MAX_NP_WORDS
            and low[after] not in _NEXT_ITEM
            and low[after] not in _DASH_OPENERS  # "of A B – two sons and two daughters"
            and not self.is_cue_at(after)
            and (low[after] not in r.np_breaks or low[after] in r.np_post_links)
        ):
            after += 1
        if self.word(after) in _NEXT_ITEM and self.starts_phrase(after + 1):
            return after
        return None

    def np_follows(self, k: int) -> bool:
        return k < self.n and self.toks[k].kind == _WORD and self.low[k] not in self.r.np_breaks

    def age_end(self, k: int) -> int | None:
        """The token after an age at k ("12 year-old", "40 years old"), None if none."""
        num = self.nums.number_at(k)
        if num is None or self.word(num[1]) not in self.r.ages:
            return None
        end = num[1] + 1
        if self.word(end) == "old":
            end += 1
        return end

    def participle(self, k: int) -> str | None:
        """DEATH or INJURY for a participle at k that qualifies victims ("wounded")."""
        word = self.word(k)
        if word in self.r.death_right.words:
            return DEATH
        if word in self.r.injury_right.words:
            return INJURY
        return None


class PhraseReader(SentencePart):
    """Reads the victim phrases of one sentence and the lists they form."""

    def __init__(self, nums: NumeralReader) -> None:
        super().__init__(nums)
        self.words = VictimWords(nums)

    # ----------------------------------------------------------------- one phrase
    def phrase(self, i: int) -> VictimPhrase | None:
        """The victim phrase starting at token i, if any."""
        if i >= self.n or self.toks[i].kind not in (_WORD, _NUM):
            return None
        r, word = self.r, self.low[i]
        if word in r.articles and (family := self._family_of(i)) is not None:
            return family
        if word in r.range_openers:
            return self._between(i)
        if (approx := self._approximate(i)) is not None:
            return approx
        num = self.nums.number_at(i)
        if num is not None:
            if not self.nums.is_count(i, num[1], i):
                return None
            return self._numbered(i, num)
        if r.unnumbered_phrases.match(self.low, i):
            return self._unnumbered(i)
        pronoun = r.pronoun_phrases.match(self.low, i)
        if pronoun and not (
            pronoun == 1 and word in r.determiners and self.words.np_follows(i + 1)
        ):
            return self._pronoun(i, pronoun)
        if word in r.articles or word in r.determiners:
            return self._determined(i)
        if self.words.is_person_word(word) and self.words.plural(word):
            end, category, head, _ = self.words.scan(i)
            return VictimPhrase(i, i, end, None, None, r.limited, category, head)
        return self._named_person(i)

    def _family_of(self, i: int) -> VictimPhrase | None:
        """ "a family of five" at token i."""
        if self.word(i + 1) not in self.r.collectives or self.word(i + 2) != "of":
            return None
        num = self.nums.number_at(i + 3)
        if num is None or not self.nums.is_count(i + 3, num[1], -1):
            return None
        return self._finish(i, num[1], num[0], num[0], None)

    def _between(self, i: int) -> VictimPhrase | None:
        """ "between 5 and 7" at token i."""
        nums = self.nums
        first = nums.number_at(i + 1)
        if first is None or self.word(first[1]) not in self.r.range_joiners:
            return None
        second = nums.number_at(first[1] + 1)
        if second is None or not nums.is_count(first[1] + 1, second[1], -1, upper=True):
            return None
        low, high = min(first[0], second[0]), max(first[0], second[0])
        return self._finish(i, second[1], low, high, None)

    def _approximate(self, i: int) -> VictimPhrase | None:
        """ "at least 16", "some 20", "the 3", "about between 5 and 7" at token i."""
        approx = self.r.approximators.match(self.low, i)
        if not approx:
            return None
        j = i + approx
        if self.word(j) in self.r.range_openers:
            inner = self.phrase(j)
            if inner is not None and inner.low is not None:
                inner.start = i
                return inner
        num = self.nums.number_at(j)
        if num is not None and self.nums.is_count(j, num[1], i):
            return self._numbered(i, num)
        return None

    def _unnumbered(self, i: int) -> VictimPhrase | None:
        """ "several civilians", "dozens of people" (no number) at token i."""
        r = self.r
        length = r.unnumbered_phrases.match(self.low, i)
        value = r.unnumbered[tuple(self.low[i : i + length])]
        k = i + length
        if self.word(k) == "of":
            k += 1
        end, category, head, _ = self.words.scan(k)
        if head == "other":
            return None  # "heavy losses", "several shells": not people
        q = VictimPhrase(i, k, end, None, None, value, category, head)
        self._inner_participle(q)
        return q

    def _pronoun(self, i: int, length: int) -> VictimPhrase:
        """ "him", "his brother", "both of them" at token i."""
        r = self.r
        count = r.pronouns[tuple(self.low[i : i + length])]
        k = i + length
        end, category, head, _ = self.words.scan(k)
        if count is None:
            return VictimPhrase(i, k, end, None, None, r.limited, category, head)
        return VictimPhrase(i, k, end, count, count, None, category, head)

    def _determined(self, i: int) -> VictimPhrase | None:
        """ "a man", "the driver", "these civilians" at token i: counts only beside a cue."""
        r, word, nxt = self.r, self.low[i], self.word(i + 1)
        if nxt in r.scale_words:
            return None  # "a million people" is not one victim
        aged = self.words.age_end(i + 1)
        if aged is None and self.nums.number_at(i + 1) is not None:
            return None  # "that four people": the number counts
        end, category, head, last = self.words.scan(aged or i + 1)
        if last is None or last in r.non_victims or nxt in r.non_victims:
            return None
        if word in r.articles or not self.words.plural(last):
            return VictimPhrase(i, i + 1, end, 1, 1, None, category, head, article=True)
        return VictimPhrase(i, i + 1, end, None, None, r.limited, category, head, article=True)

    def _named_person(self, i: int) -> VictimPhrase | None:
        """ "killed Hamas deputy leader Saleh X", "killed IS commander Abu Y": a person
        named by a title (capitalised words and ranks before a singular person noun) is
        one victim; "killed Kurdish fighters" (a plural) is an unnumbered toll."""
        r, low, toks, words = self.r, self.low, self.toks, self.words
        if not toks[i].text[:1].isupper():
            return self._full_name(i)
        j = i
        while (
            j < self.n
            and j - i < 4
            and toks[j].kind == _WORD
            and (toks[j].text[:1].isupper() or low[j] in r.ranks)
            and not words.is_person_word(low[j])
        ):
            j += 1
        if j == i or j >= self.n or not words.is_person_word(low[j]):
            return self._full_name(i)
        end, category, head, _ = words.scan(j)
        if words.plural(low[j]):
            return VictimPhrase(i, j, end, None, None, r.limited, category, head)
        return VictimPhrase(i, j, end, 1, 1, None, category, head)

    def _full_name(self, i: int) -> VictimPhrase | None:
        """ "A B C (25) was killed", "killed journalist A B": a person named in full, two or
        more capitalised words (an alias in brackets among them: "A (Abu D) B"), maybe after
        a singular person word, is one victim beside a cue; not after a word of
        ``name_blockers`` ("in A B", "the A B family") nor inside a longer capitalised run."""
        r, low, toks = self.r, self.low, self.toks

        def capital(k: int) -> bool:
            return k < self.n and toks[k].kind == _WORD and toks[k].text[:1].isupper()

        k = i
        if not capital(k) and self.words.is_person_word(low[k]) and not self.words.plural(low[k]):
            k += 1  # "journalist A B"
        if k > 0 and (capital(k - 1) or low[k - 1] in r.name_blockers):
            return None
        names = 0
        while k < self.n:
            if capital(k) and low[k] not in r.articles:
                names, k = names + 1, k + 1
            elif low[k] == "(" and capital(k + 1) and self.word(k + 2) == ")" and names:
                k += 3  # "A (Abu D) B": an alias
            else:
                break
        if names < 2:
            return None
        if k == i + names and not self._told_as_person(k):
            return None  # "killing A B": a bare name may be a place's
        if self.word(k) == "(" and self.nums.number_at(k + 1) is not None:
            # "A B (52)", "A B (35 years old)": the age belongs to the name
            close = next((j for j in range(k + 2, min(self.n, k + 6)) if self.low[j] == ")"), None)
            k = close + 1 if close is not None else k
        return VictimPhrase(i, i, k, 1, 1, None, None, "people", article=True, named=True)

    def _told_as_person(self, k: int) -> bool:
        """Whether the words after a bare name at token k tell a person: an age or alias in
        brackets ("A B (25)"), an apposition ("A B, a nurse"), a verb of ``person_verbs``
        ("A B was killed")."""
        nxt = self.word(k)
        if nxt == "(":
            return True
        if nxt == ",":
            after = self.word(k + 1)
            return after in self.r.articles or self.nums.number_at(k + 1) is not None
        return nxt in self.r.person_verbs

    def _numbered(self, i: int, num: tuple[int, int]) -> VictimPhrase:
        """A number at token i and its range, if one follows ("5 to 7", "5-7", "five or
        six", "12 and up to 20")."""
        nums, r = self.nums, self.r
        value, k = num
        hi = value
        # "12 and up to 20", "at least 40, and up to 90, people"
        j = k + 1 if self.word(k) == "," and self.word(k + 1) == "and" else k
        if self.word(j) == "and" and r.range_uppers.match(self.low, j + 1):
            upper_at = j + 1 + r.range_uppers.match(self.low, j + 1)
            upper = nums.number_at(upper_at)
            if upper is not None and upper[0] > value:
                end = upper[1]
                if j > k:  # set off by commas on both sides
                    if self.word(end) == ",":
                        return self._finish(i, end + 1, value, upper[0], None)
                elif nums.is_count(upper_at, upper[1], -1, upper=True):
                    return self._finish(i, end, value, upper[0], None)
        if k + 1 < self.n and self.low[k] in r.range_joiners and self.low[k] != "and":
            upper = nums.number_at(k + 1)
            if (
                upper is not None
                and upper[0] > value
                and nums.is_count(k + 1, upper[1], -1, upper=True)
            ):
                hi, k = upper[0], upper[1]
        return self._finish(i, k, value, hi, None)

    def _finish(
        self, i: int, k: int, low: int, high: int | None, vague: int | None
    ) -> VictimPhrase:
        end, category, head, last = self.words.scan(k)
        q = VictimPhrase(i, k, end, low, high, vague, category, head, word=last)
        self._inner_participle(q)
        return q

    def _inner_participle(self, q: VictimPhrase) -> None:
        """ "six wounded children", "five dead soldiers": the cue inside the phrase."""
        e = q.np_end
        if e + 1 >= self.n or q.head in ("victim", "people"):
            return
        kind = self.words.participle(e)
        if kind is None:
            return
        end, category, head, _ = self.words.scan(e + 1)
        if head in ("victim", "people"):
            q.np_end, q.category, q.head, q.inner = end, category, head, kind

    # ----------------------------------------------------------------- lists
    def _joiner_end(self, k: int) -> int:
        """Past the joiners at token k ("and", ",", "together with")."""
        r, low = self.r, self.low
        j = k
        while j < self.n:
            joiner = r.list_joiners.match(low, j)  # "together with his wife"
            if joiner:
                j += joiner
            elif low[j] in _LIST_JOINERS:
                j += 1
            else:
                break
        return j

    def _apposed(self, prev: VictimPhrase, k: int, nxt: VictimPhrase) -> bool:
        """Whether ``nxt``, after a bare comma at token k, describes the one victim before it
        ("one civilian, a woman, was killed", "A B, a 30 year old nurse"): an article
        phrase after a phrase of one, with no further victim after it."""
        if not nxt.article or nxt.low != 1 or prev.low != 1 or prev.high != 1:
            return False
        if self.low[k] != "," or self._joiner_end(k) != k + 1:
            return False
        after = self._joiner_end(nxt.np_end)
        return after == nxt.np_end or after >= self.n or self.phrase(after) is None

    def phrase_list(self, q: VictimPhrase) -> tuple[list[VictimPhrase], int]:
        """Victim phrases joined by "and"/commas ("two children and one woman"): the
        phrases from q and the token after the last."""
        items = [q]
        k = q.np_end
        r, low = self.r, self.low
        while k < self.n:
            nxt_item = self.words.next_item_after_post(k)
            if nxt_item is not None:
                k = nxt_item
            j = self._joiner_end(k)
            if j == k or j >= self.n:
                break
            if r.subset_before.match(low, j):
                break
            if low[j] in r.determiners and self.nums.number_at(j + 1) is not None:
                j += 1  # "and their three children"
            nxt = self.phrase(j)
            if nxt is None or r.subset_after.match(low, nxt.end):
                break
            if not (items[-1].names_people and nxt.names_people):
                break  # "during the exchange, a lieutenant was killed"
            if self._apposed(items[-1], k, nxt):
                break  # "one civilian, a woman, was killed": the same person
            items.append(nxt)
            k = nxt.np_end
        return items, k
