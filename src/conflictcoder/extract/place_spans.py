"""Place spans: the places a trigger's sentence names (gazetteer names, cued names,
described places, containers) as raw ``PlaceRef`` spans, and the provinces it names.

Which spans are places is decided here; the names that follow a place cue are found by
``CuedNames`` (``place_names.py``) and what the words around a span say of it by
``PlaceDescriber`` (``place_describe.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..geo.dateline import dateline_span
from ..model import PlaceRef
from ..text import PUNCT, tokenize
from .cues import (
    ActorSpotter,
    PlaceCues,
    PlaceSpotter,
    _entities_in,
    _inside,
)
from .place_describe import PlaceDescriber
from .place_names import CuedNames


def _gap_words(gap: str) -> list[str]:
    """The words of the text between two place names, lower-cased, and its commas and
    hyphens; an apostrophe parts a word ("Idlib's": "idlib", "s"), other marks are no word.

    Example:
        >>> _gap_words(" (in the north-west of ")
        ['in', 'the', 'north-west', 'of']
    """
    words: list[str] = []
    for tok in tokenize(gap):
        if tok.kind != PUNCT:
            words.extend(tok.low.replace("'", " ").split())
        elif tok.text in {",", "-"}:
            words.append(tok.text)
    return words


def _first_part(text: str) -> str:
    """``text`` up to its first space, hyphen or apostrophe ("al" of "al-Serian")."""
    return re.split(r"[\s\-'’]", text, maxsplit=1)[0]


def _lower_case_words(doc: Doc) -> frozenset[str]:
    """The words ``doc`` writes in lower case, built once per Doc (kept in its user data):
    every sentence-opening candidate asks, and a scan each time would be quadratic."""
    words = doc.user_data.get(_LOWER_WORDS)
    if words is None:
        words = doc.user_data[_LOWER_WORDS] = frozenset(t.text for t in doc if t.is_lower)
    return words


_LOWER_WORDS = "conflictcoder.lower_case_words"


class PlaceSpans:
    """The place half of ``ArgumentFinder``: ``places`` and ``province_names``."""

    actor_spotter: ActorSpotter
    place_spotter: PlaceSpotter
    cues: PlaceCues
    cued_names: CuedNames
    describer: PlaceDescriber

    # ---------------------------------------------------------------- places
    def places(
        self,
        sent: Span,
        trigger: Span,
        *,
        excluded: Sequence[tuple[int, int]] = (),
        actor_spans: Sequence[tuple[int, int]] = (),
        last_province: str | None = None,
    ) -> list[PlaceRef]:
        """Place references of the event in ``sent``: towns first, provinces as containers."""
        spans = self._candidates(sent, excluded, actor_spans)
        refs = [self.describer.describe(sent, span, last_province) for span in spans]
        if not refs:
            return []
        # "X in Y", "X in the countryside of Y", "X near Y": Y locates X, it is not a place of
        # the event of its own
        locating = self._located(sent.text, refs, offset=sent.start_char)
        towns = [
            r
            for r in refs
            if r.kind != "province" and r.qualifier != "countryside" and id(r) not in locating
        ]
        regions = [r for r in refs if r not in towns and id(r) not in locating] or [
            r for r in refs if r not in towns
        ]
        if not towns:
            return regions[:1]
        # a province named right after a town is the town's container, not another place
        chosen = self._event_towns(sent, trigger, towns)
        return chosen

    def _located(self, text: str, refs: Sequence[PlaceRef], offset: int = 0) -> set[int]:
        """ids of the refs that locate an earlier one ("X in the north of Y": Y); ``text``
        is the sentence and ``offset`` where it starts in the Doc (the refs' offsets).

        The gap to a later ref holds the gap to every ref before it, and that ref's name:
        once a gap has a word no locating phrase has, no later ref can locate this one, so
        the search stops there (a sentence listing thousands of places stays linear).
        """
        allowed = self._locating_words()
        ordered = sorted(refs, key=lambda r: r.start)
        locating: set[int] = set()
        for i, earlier in enumerate(ordered):
            for later in ordered[i + 1 :]:
                if later.start <= earlier.end:
                    continue
                gap = text[earlier.end - offset : later.start - offset]
                words = _gap_words(gap)
                if words and {"in", "of", "near"} & set(words) and all(w in allowed for w in words):
                    locating.add(id(later))
                elif any(w not in allowed for w in words[:-1]):
                    break  # every later gap holds this word too
        return locating

    def _locating_words(self) -> set[str]:
        """The words a locating gap may hold: "in", "of", "near", "the", direction and
        countryside words ("in the northern countryside of")."""
        return (
            {"in", "of", "near", "the", "countryside"}
            | set(self.cues.directions)
            | set(self.cues.countryside_nouns)
        )

    def _candidates(
        self,
        sent: Span,
        excluded: Sequence[tuple[int, int]],
        actor_spans: Sequence[tuple[int, int]],
    ) -> list[Span]:
        doc = sent.doc
        offset = sent.start_char
        spans: list[Span] = []
        # names the gazetteer knows whole: a country word inside one is part of the name
        # ("Port Sudan", "Guinea-Bissau"), not a country to cut off
        known: set[tuple[int, int]] = set()
        for start, end, _ in self.place_spotter.spans(sent.text):
            span = doc.char_span(start + offset, end + offset, alignment_mode="expand")
            if span is not None:
                spans.append(span)
                known.add((span.start, span.end))
        for ent in _entities_in(sent):
            if ent.label_ in {"GPE", "LOC", "FAC"}:
                spans.append(ent)
        spans.extend(self.cued_names.find(sent))
        # the dateline that opens the text names where the report was filed, not a place of
        # the event ("BAMAKO (Reuters) - ..."): the resolver falls back on it, coarsely
        dateline = dateline_span(sent.text) if sent.start == 0 else None
        filed_at = offset + dateline[1] if dateline else -1
        result: list[Span] = []
        for found in sorted(spans, key=lambda s: (s.start, -len(s))):
            if found.start_char < filed_at:
                continue
            whole = (found.start, found.end) in known and len(found) > 1
            span = found if whole else self._without_countries(found)
            if span is None:
                continue
            text = span.text.strip()
            lead = _first_part(text)
            if (
                not text
                or text in self.cues.not_places
                or all(w in self.cues.not_places for w in text.split())
                or text in self.cues.name_particles
                or not (text[0].isupper() or (lead in self.cues.name_joiners and lead != text))
            ):
                continue
            if " " not in text and len(text) > 1 and text.isupper():
                continue  # an acronym ("IDP camp", "a VBIED", "the M4"): no place name
            if _inside(span.start_char, span.end_char, excluded):
                continue
            if any(s < span.end_char and span.start_char < e for s, e in actor_spans):
                continue
            if self._names_country(text) or self.place_spotter.ignored(text):
                continue
            if self._names_actor(text):
                continue  # "ISILs positions": an actor's possessive whose apostrophe was lost
            if (len(span) > 1 and span[-1].lower_ in self.cues.unit_nouns) or (
                span.end < sent.end and doc[span.end].lower_ in self.cues.unit_nouns
            ):
                continue  # "the Al Shamal brigade", "the Hamza Division": a unit's name
            if self._capitalised_by_position(sent, span):
                continue  # "Samples taken from X ...": a common noun opening the sentence
            if self._names_organisation(span):
                continue  # "the Organisation for the Ban of X": a body's name
            if self._names_family(span):
                continue  # "the Abu X family home", "Y's family": a family's name
            if not whole and self._names_person(sent, span):
                continue  # "his daughter Amal", "Yasser Khalil Haddad": a person's name
            before = doc[max(sent.start, span.start - 3) : span.start]
            if any(t.lower_ in self.cues.origin_prepositions for t in before):
                continue  # "shelling from positions in X": where it came from
            if any(r.start <= span.start and span.end <= r.end for r in result):
                continue
            result = [r for r in result if not (span.start <= r.start and r.end <= span.end)]
            result.append(span)
        return sorted(result, key=lambda s: s.start)

    def _capitalised_by_position(self, sent: Span, span: Span) -> bool:
        """Whether a one-word ``span`` opens the sentence (past punctuation) and the text
        writes the same word in lower case elsewhere: a common noun capitalised only by its
        place ("War planes struck ..." where the text speaks of "the war")."""
        if len(span) != 1 or not span[0].is_alpha or span[0].is_lower:
            return False
        if any(not t.is_punct for t in span.doc[sent.start : span.start]):
            return False
        return span[0].lower_ in _lower_case_words(span.doc)

    def _names_organisation(self, span: Span) -> bool:
        """Whether ``span`` ends in an organisation noun, a capitalised one follows it ("the
        X Media Council"), or the title of a body runs into it ("the Organisation for the
        Ban of X"): a body's name, not a place."""
        nouns = self.cues.organisation_nouns
        if span[-1].lower_ in nouns and span[-1].text[:1].isupper():
            return True
        doc, k = span.doc, span.end
        while k < len(doc) and k - span.end < 2 and doc[k].text[:1].isupper():
            if doc[k].lower_ in nouns:
                return True
            k += 1
        # the rest of a body's title: "the Organisation for the Ban of X", "Council of Y"
        k = span.start - 1
        while k >= 0 and span.start - k <= 6:
            tok = doc[k]
            if tok.text[:1].isupper():
                if tok.lower_ in nouns:
                    return True
            elif tok.lower_ not in self.cues.title_joiners:
                break
            k -= 1
        return False

    def _names_family(self, span: Span) -> bool:
        """Whether the word after ``span`` (past a possessive "'s") is a family noun: the
        span is then a family's name ("the Abu X family home", "Y's family"), not a place."""
        doc, k = span.doc, span.end
        if k < len(doc) and doc[k].text in {"'s", "’s", "'", "’"}:
            k += 1
        return k < len(doc) and doc[k].lower_ in self.cues.family_nouns

    def _names_person(self, sent: Span, span: Span) -> bool:
        """Whether ``span`` is a person's name, or a one-word part of one: opened by a title
        of ``person_titles`` ("Hajj Omar Dabbagh"), after a word of ``person_words`` or a
        title ("his daughter Amal", "a 40-year-old Hala"), after a title and a first name
        ("Ambassador Jane Holloway"), or between two capitalised words of a name ("Yasser
        Khalil Haddad")."""
        titles = self.cues.person_titles
        if len(span) > 1 and span[0].lower_ in titles and span[0].text[:1].isupper():
            return True  # "Hajj Omar Dabbagh": a title opens the name
        if len(span) != 1:
            return False
        doc = span.doc
        before = doc[span.start - 1] if span.start > sent.start else None
        if before is None:
            return False
        if before.lower_ in self.cues.person_words or before.lower_ in titles:
            return True
        if before.i > sent.start and self._name_word(before) and doc[before.i - 1].lower_ in titles:
            return True  # "Ambassador Jane Holloway": a surname after a title and a name
        after = doc[span.end] if span.end < sent.end else None
        return (
            after is not None
            and self._name_word(before)
            and self._name_word(after)
            and before.i > sent.start
        )

    def _name_word(self, tok: Token) -> bool:
        """A capitalised word that may be part of a person's name (no cue, no date)."""
        text = tok.text
        return (
            tok.is_alpha
            and text[:1].isupper()
            and text not in self.cues.not_places
            and tok.lower_ not in self.cues.directions
            and tok.lower_ not in self.cues.settlement_nouns
            and tok.lower_ not in self.cues.province_nouns
        )

    def _without_countries(self, span: Span) -> Span | None:
        """The span less a country name at either end ("Tabqa Syria", "Syria's Aleppo", and
        "Syrias Aleppo" where the apostrophe was lost), None when nothing else is left."""
        start, end = span.start, span.end
        while start < end and self._country_word(span.doc[start]):
            start += 1
            if start < end and span.doc[start].text in {"'s", "’s", "'", "’"}:
                start += 1
        while end > start and self._country_word(span.doc[end - 1]):
            end -= 1
        if start == span.start and end == span.end:
            return span
        return span.doc[start:end] if start < end else None

    def _names_actor(self, text: str) -> bool:
        """Whether ``text`` less a final "s" is wholly an actor's name ("ISILs", "Al-Qaedas")."""
        if len(text) < 4 or not text.endswith("s"):
            return False
        stem = text[:-1]
        return any(h.start == 0 and h.end == len(stem) for h in self.actor_spotter.find(stem))

    def _names_country(self, text: str) -> bool:
        """A country or its demonym ("Syria", "Syrians"), but not a toponym with an article
        that only sounds like one ("al-Serian")."""
        if self.place_spotter.country(text) is None:
            return False
        lead = _first_part(text).lower()
        return lead not in self.cues.name_joiners or lead == text.lower()

    def _country_word(self, tok: Token) -> bool:
        """A country's own name ("Syria"), also as a possessive whose apostrophe was lost
        ("Syrias"); not a demonym, nor a name that only sounds like one ("Serian")."""
        text = tok.text
        if not text[:1].isupper():
            return False
        for word in (text, text[:-1] if len(text) > 3 and text.endswith("s") else ""):
            found = self.place_spotter.country(word) if word else None
            if found is not None and str(found[0]).casefold() == word.casefold():
                return True
        return False

    def _event_towns(self, sent: Span, trigger: Span, towns: list[PlaceRef]) -> list[PlaceRef]:
        """The first town after the trigger (or before it) and the towns coordinated with it."""
        after = [t for t in towns if t.start >= trigger.start_char]
        first = after[0] if after else towns[0]
        chosen = [first]
        # the sentence's own text (Doc.text is rebuilt from every token on each use)
        text, offset = sent.text, sent.start_char
        for other in towns:
            if other.start <= chosen[-1].start:
                continue
            gap = text[chosen[-1].end - offset : other.start - offset].strip().lower()
            if gap in {"and", ",", ", and", "or", "and in", ", and in"}:
                chosen.append(other)
        return chosen

    def province_names(self, sent: Span) -> list[str]:
        """Names used as provinces in the sentence ("Y province"), for discourse context."""
        names = []
        for tok in sent:
            if tok.lower_ in self.cues.province_nouns and tok.i > sent.start:
                prev = sent.doc[tok.i - 1]
                if prev.text[:1].isupper():
                    names.append(prev.text)
        return names
