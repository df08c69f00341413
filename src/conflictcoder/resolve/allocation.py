"""Coders' notes: a toll split between places ("Total fatalities 7 split as follows: 4 X
and 3 Y") and a coded figure ("Total fatalities coded to 12").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..text import NUM as _NUM
from ..text import WORD as _WORD
from .number_rules import NUMBERS, NumberRules
from .numerals import NumeralReader
from .victims import PhraseReader


class NoteReader(NumeralReader):
    """Reads a coder's allocation note: "Total fatalities 7 split as follows: 4 X and 3 Y"."""

    def __init__(self, rules: NumberRules, sentence: str) -> None:
        super().__init__(rules, sentence)
        self.phrases = PhraseReader(self)

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
        if self.word(k) == "the" and self._capital(k + 1):
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
        num = self.number_at(i)
        if num is None or self.toks[i].kind not in (_NUM, _WORD):
            return None
        if not self.is_count(i, num[1], i):
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
                num = self.number_at(k)
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
        num = self.number_at(j)
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
            if self.word(k) in ("in", "at", "for"):
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
            victims = self.phrases.phrase(i)
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
    return NoteReader(rules or NUMBERS.packaged(), sentence).allocation()


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
    return _coded_total(rules or NUMBERS.packaged(), sentence)


def _coded_total(r: NumberRules, sentence: str) -> int | None:
    if not r.prefilter.search(sentence):
        return None
    return NumeralReader(r, sentence).coded_total()


def split_by_place(
    sentence: str, names: Sequence[str], total: int, *, rules: NumberRules | None = None
) -> tuple[int, ...] | None:
    """How a news sentence splits its toll between the places it names, or None.

    "Shelling killed 11 people, eight in the old market of Kafr Zita and three more in
    Latamna": each place takes the figure told just before a link ("in", "at") a few
    words before its name; the split holds only when the figures of the sentence add up to
    the toll and each of ``names`` has one (ACLED codes one event per place, each with its
    own deaths).

    sentence (str): the sentence that tells the toll.
    names (Sequence[str]): the places of the telling, as written, in the events' order.
    total (int): the toll of the telling.
    rules (NumberRules | None): the vocabulary. Defaults to the packaged ``numbers.yaml``.
    RETURNS (tuple[int, ...] | None): one figure per name, None when the sentence gives none.

    Example:
        >>> split_by_place("Nine died, 5 in Kafr Ruma and 4 in Tell Hamra.", ["Tell Hamra"], 9)
        (4,)
    """
    r = rules or NUMBERS.packaged()
    if not names or not r.split_links:
        return None
    reader = NumeralReader(r, sentence)
    items = _split_items(reader)
    if len(items) < 2 or sum(items.values()) != total:
        return None
    figures = []
    for name in names:
        at = sentence.find(name)
        where = next((k for k, t in enumerate(reader.toks) if t.start == at), None)
        if at < 0 or where not in items:
            return None
        figures.append(items[where])
    return tuple(figures)


def _split_items(reader: NumeralReader) -> dict[int, int]:
    """The figures told by place ("15 in a district of X"): the first token of each place
    name, with its figure."""
    r, low, toks = reader.r, reader.low, reader.toks
    items: dict[int, int] = {}
    for j in range(1, reader.n):
        if low[j] not in r.split_links:
            continue
        figure = None
        for s in (j - 1, j - 2):  # "15 in", "15 civilians in"
            num = reader.number_at(s) if s >= 0 else None
            if num is not None and num[1] in (j, j - 1) and reader.is_count(s, num[1], s):
                figure = num[0]
                break
        if figure is None:
            continue
        for k in range(j + 1, min(reader.n, j + 2 + r.split_gap)):
            if low[k] in (".", ";", ",") or reader.number_at(k) is not None:
                break
            if toks[k].kind == _WORD and toks[k].text[:1].isupper():
                items[k] = figure
                break
    return items
