"""Finding place names in running text: the candidates the gazetteer knows, and the
capitalised names it never takes for a place.

``PlaceSpotter`` reads runs of capitalised words (``names.capitalised_ngrams``) and keeps the
longest run, left to right, that the index holds, skipping the stop names, demonyms,
abbreviations and people's names of ``stop_names.yaml``.
"""

from __future__ import annotations

import re

from .countries import demonym_keys
from .names import capitalised_ngrams, exact_key, name_key
from .reader import PlaceRows
from .terms import place_terms, stop_names

# the word right before a run of capitalised words ("Mary" of "Mary Johnson")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+\Z")


class PlaceSpotter:
    """Place names in text, by the name keys of one index.

    Example:
        >>> from conflictcoder.geo.reader import IndexConnection
        >>> PlaceSpotter(PlaceRows(IndexConnection(gaz.path))).spans("Jets hit Idlib.")
        [(9, 14, 'Idlib')]
    """

    def __init__(self, rows: PlaceRows) -> None:
        self._rows = rows

    def ignored(self, name: str) -> bool:
        """Whether a capitalised name found by other means (a cue word, the entity
        recogniser) is one that ``spans`` never takes for a place: a stop word of
        ``stop_names.yaml`` ("Artillery", "Wed", "Bashar al-Assad"), a run of stop words and
        abbreviations ("Red Crescent", "Monitor AFP"), or a run holding a title ("President
        Bashar al-Assad", "Foreign Secretary Boris Johnson").

        Example:
            >>> from conflictcoder.geo.reader import IndexConnection
            >>> spotter = PlaceSpotter(PlaceRows(IndexConnection(gaz.path)))
            >>> [spotter.ignored(n) for n in ("Wed", "President Al Bab", "Binnish")]
            [True, True, False]
        """
        words = name.split()
        if not words:
            return True
        stops, titles = stop_names(), stop_names("titles")
        folded = [w.casefold().strip(".,") for w in words]
        whole = name.casefold()
        return (
            whole in stops
            # "Tuesdays attack": a possessive whose apostrophe was lost
            or (len(words) == 1 and whole.endswith("s") and whole[:-1] in stops)
            or any(w in titles for w in folded)
            or all(w in stops or word.isupper() for w, word in zip(folded, words, strict=True))
        )

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Every known place name in ``text``: longest match, left to right, no overlaps.

        Candidates are runs of 1-4 capitalised words (see ``capitalised_ngrams``). A run of
        several words matches in any transliteration (``name_key``); a single word, or a run
        holding a stop word, must match a stored name exactly (``exact_key``), so "Syrian"
        does not match the town of Serian. Skipped: stop words (``stop_names.yaml``: months,
        weekdays, "Most", "Hope"...), demonyms ("Russian"), abbreviations in capitals ("SDF"),
        a name right after a first name ("Mary Johnson"), and a known word heading a longer
        unknown name ("Tall" of "Tall Nabi Noman": the whole run is some other place).

        text (str): any text.
        RETURNS (list[tuple[int, int, str]]): (start, end, surface) of each place name.

        Example:
            >>> from conflictcoder.geo.reader import IndexConnection
            >>> spotter = PlaceSpotter(PlaceRows(IndexConnection(gaz.path)))
            >>> spotter.spans("Shelling hit Maarat al-Numan in Idlib.")
            [(13, 28, 'Maarat al-Numan'), (32, 37, 'Idlib')]
        """
        stops = stop_names()
        people = stop_names("people")
        demonyms = demonym_keys()
        found: list[tuple[int, int, str]] = []
        covered = -1
        for run in capitalised_ngrams(text):
            if not run or run[0][0] < covered:
                continue
            before = _WORD_BEFORE.search(text, max(0, run[0][0] - 40), run[0][0])
            if before and before.group(1).casefold() in people:
                continue
            for start, end, surface in run:
                words = surface.split()
                if surface.casefold() in stops or (len(words) == 1 and surface.isupper()):
                    continue
                if name_key(surface) in demonyms:
                    continue
                if len(words) == 1 or any(w.casefold() in stops for w in words):
                    hit = self._rows.has_exact_key(exact_key(surface))
                else:
                    hit = self._rows.has_key(name_key(surface))
                if hit and len(words) == 1 and end < run[0][1]:
                    # "Tall" of "Tall Nabi Noman": a known word heading an unknown longer
                    # name is not that place, unless the next word is a common word or says
                    # what the place is ("Idlib Governorate", "Homs Military Hospital")
                    following = text[end : run[0][1]].split()[0].casefold()
                    if following not in stops and following not in place_terms():
                        covered = run[0][1]
                        break
                if hit:
                    found.append((start, end, surface))
                    covered = end
                    break
        return found
