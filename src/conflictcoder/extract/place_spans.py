"""Place spans: the places a trigger's sentence names (gazetteer names, cued names,
described places, containers) as raw ``PlaceRef`` spans, and the provinces it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..model import PlaceRef
from .cues import (
    _HELD,
    _NAME_JOINERS,
    _NEAR_FILLER,
    ActorSpotter,
    PlaceCues,
    PlaceSpotter,
    _entities_in,
    _inside,
)


class PlaceSpans:
    """The place half of ``ArgumentFinder``: ``places`` and ``province_names``."""

    actor_spotter: ActorSpotter
    place_spotter: PlaceSpotter
    cues: PlaceCues

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
        refs = [self._describe(sent, span, last_province) for span in spans]
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
        allowed = self._gap_words()
        ordered = sorted(refs, key=lambda r: r.start)
        locating: set[int] = set()
        for i, earlier in enumerate(ordered):
            for later in ordered[i + 1 :]:
                if later.start <= earlier.end:
                    continue
                gap = text[earlier.end - offset : later.start - offset]
                words = re.findall(r"[\w-]+|,", gap.lower())
                if words and {"in", "of", "near"} & set(words) and all(w in allowed for w in words):
                    locating.add(id(later))
                elif any(w not in allowed for w in words[:-1]):
                    break  # every later gap holds this word too
        return locating

    def _gap_words(self) -> set[str]:
        """The words a locating gap may hold (see ``_locating_gap``)."""
        return (
            {"in", "of", "near", "the", "countryside"}
            | set(self.cues.directions)
            | set(self.cues.countryside_nouns)
        )

    def _locating_gap(self, gap: str) -> bool:
        """Whether the words between two place names make the second locate the first: only
        "in", "of", "near", "the", direction and countryside words, with one of the first
        three ("in the northern countryside of")."""
        words = re.findall(r"[\w-]+|,", gap.lower())
        links = {"in", "of", "near"}
        allowed = (
            links
            | {"the"}
            | set(self.cues.directions)
            | self.cues.countryside_nouns
            | {"countryside"}
        )
        return bool(words) and bool(links & set(words)) and all(w in allowed for w in words)

    def _candidates(
        self,
        sent: Span,
        excluded: Sequence[tuple[int, int]],
        actor_spans: Sequence[tuple[int, int]],
    ) -> list[Span]:
        doc = sent.doc
        offset = sent.start_char
        spans: list[Span] = []
        for start, end, _ in self.place_spotter.spans(sent.text):
            span = doc.char_span(start + offset, end + offset, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        for ent in _entities_in(sent):
            if ent.label_ in {"GPE", "LOC", "FAC"}:
                spans.append(ent)
        spans.extend(self._cued_names(sent))
        result: list[Span] = []
        for found in sorted(spans, key=lambda s: (s.start, -len(s))):
            span = self._without_countries(found)
            if span is None:
                continue
            text = span.text.strip()
            lead = re.split(r"[\s\-'’]", text, maxsplit=1)[0]
            if (
                not text
                or text in self.cues.not_places
                or not (text[0].isupper() or (lead in _NAME_JOINERS and lead != text))
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
            lead = doc[max(sent.start, span.start - 3) : span.start]
            if any(t.lower_ in self.cues.origin_prepositions for t in lead):
                continue  # "shelling from positions in X": where it came from
            if any(r.start <= span.start and span.end <= r.end for r in result):
                continue
            result = [r for r in result if not (span.start <= r.start and r.end <= span.end)]
            result.append(span)
        return sorted(result, key=lambda s: s.start)

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
        lead = re.split(r"[\s\-'’]", text, maxsplit=1)[0].lower()
        return lead not in _NAME_JOINERS or lead == text.lower()

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

    def _cued_names(self, sent: Span) -> list[Span]:
        """Proper-name runs after place cues ("on X", "the town of X", "including X and Y")."""
        found: list[Span] = []
        tokens = list(sent)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            cue = tok.lower_ in self.cues.place_prepositions or (
                tok.lower_ == "of" and i > 0 and tokens[i - 1].lower_ in self.cues.settlement_nouns
            )
            if not cue:
                i += 1
                continue
            j = i + 1
            # skip determiners and adjectives: "on the rebel-held village of X"
            while j < len(tokens) and j - i <= 5 and not self._name_start(tokens[j]):
                compound = j + 1 < len(tokens) and tokens[j + 1].text == "-"
                if (
                    tokens[j].pos_ not in {"DET", "ADJ", "PUNCT", "NUM"}
                    and tokens[j].lower_ not in self.cues.settlement_nouns | _HELD
                    and not compound
                ):
                    break
                j += 1
            while j < len(tokens) and self._name_start(tokens[j]):
                k = j
                while k < len(tokens) and self._name_token(
                    tokens[k], inner=k > j or tokens[k].text.isalpha() and tokens[k].is_lower
                ):
                    k += 1
                found.append(sent.doc[tokens[j].i : tokens[k - 1].i + 1])
                # coordinated names: "X and Y", "X, Y and Z"
                if k < len(tokens) - 1 and tokens[k].lower_ in {"and", ","}:
                    j = k + 1
                    if j < len(tokens) and tokens[j].lower_ == "and":
                        j += 1
                    continue
                j = k
                break
            i = max(j, i + 1)
        return found

    def _name_start(self, tok: Token) -> bool:
        """A token that can begin a name: a capitalised word, or an article before one
        ("shelled al Hanboushiyeh")."""
        if tok.text.isalpha() and tok.is_lower and tok.lower_ in _NAME_JOINERS:
            # not the English words spelled like an article: "at Saraqib", "an IDP camp"
            return tok.pos_ not in {"ADP", "DET", "SCONJ", "CCONJ"} and self._name_token(
                tok, inner=True
            )
        return self._name_token(tok)

    def _name_token(self, tok: Token, inner: bool = False) -> bool:
        text = tok.text
        if text in {"-", "'", "’"} and 0 < tok.i < len(tok.doc) - 1:
            # the hyphen of "al-Serian" when the parser splits it off
            before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
            if (
                before.lower_ in _NAME_JOINERS
                and not before.whitespace_
                and not tok.whitespace_
                and after.text[:1].isupper()
            ):
                return True
        if inner and text.lower() in _NAME_JOINERS:
            # "Abu al-Duhur", "Maarat an-Numan": only when a capitalised part follows
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            while nxt is not None and nxt.text in {"-", "'", "’"} and nxt.i + 1 < len(tok.doc):
                nxt = tok.doc[nxt.i + 1]
            return nxt is not None and nxt.text[:1].isupper()
        if inner and (
            tok.lower_ in self.cues.province_nouns
            or (tok.lower_ in self.cues.settlement_nouns and not text[:1].isupper())
        ):
            # "Dardara village", "Idlib Province"; but "Rukban Camp", "the Houla Plain"
            return False
        if inner and text.isdigit() and tok.i > 0 and tok.doc[tok.i - 1].text[:1].isupper():
            # "Regiment 46", "Brigade 80 in", "Division 17 checkpoint"; not a count after a
            # name ("in Idlib 3 civilians")
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            return (
                nxt is None
                or nxt.lower_ in self.cues.settlement_nouns
                or not (nxt.is_lower and nxt.pos_ in {"NOUN", "ADJ", "NUM"})
            )
        return (
            bool(text)
            and text[0].isupper()
            and tok.pos_ in {"PROPN", "NOUN", "ADJ", "VERB", "INTJ", "X"}  # "Um X": INTJ
            and (text not in self.cues.not_places)
        )

    def _describe(self, sent: Span, span: Span, last_province: str | None) -> PlaceRef:
        doc = sent.doc
        name = span.text.strip(" ,.'’")
        before = [t.lower_ for t in doc[max(sent.start, span.start - 4) : span.start]]
        after = [t.lower_ for t in doc[span.end : min(sent.end, span.end + 3)]]
        kind: str | None = None
        qualifier: str | None = None
        direction: str | None = None
        if after and after[0] in self.cues.province_nouns:
            kind = "province"
            if after[0] in self.cues.countryside_nouns:
                qualifier = "countryside"
        elif after and after[0] in self.cues.settlement_nouns:
            kind = after[0]
        elif len(after) > 1 and after[1] in self.cues.settlement_nouns:
            kind = after[1]
        if before and before[-1] == "of" and len(before) > 1:
            noun = before[-2]
            if noun in self.cues.countryside_nouns:
                qualifier, kind = "countryside", "province"
            elif noun in self.cues.province_nouns:
                kind = "province"
            elif noun in self.cues.outskirts_words:
                qualifier = "outskirts"
            elif noun in self.cues.settlement_nouns:
                kind = noun
        for word in reversed(before):
            if word in self.cues.directions and (kind == "province" or qualifier):
                direction = self.cues.directions[word]
                break
        if qualifier is None and any(w in self.cues.outskirts_words for w in before):
            qualifier = "outskirts"
        if qualifier is None:
            # "near X", "close to X", "in the vicinity of the town of X": only filler words
            # in between
            wide = [t.lower_ for t in doc[max(sent.start, span.start - 6) : span.start]]
            for word in reversed(wide):
                if word in self.cues.near_words:
                    qualifier = "near"
                    break
                if word not in _NEAR_FILLER and word not in self.cues.settlement_nouns:
                    break
        container = None
        if kind != "province":
            container = self._container(sent, span, last_province)
        return PlaceRef(
            name=name,
            start=span.start_char,
            end=span.end_char,
            qualifier=qualifier,
            direction=direction,
            container=container,
            kind=kind,
        )

    def _container(self, sent: Span, span: Span, last_province: str | None) -> str | None:
        """ "X in (eastern) Y province" -> Y; "in the province" -> the last province named.

        The province phrase after the name is preferred; one before it ("towns in the
        province, including X") is the fallback.
        """
        doc = sent.doc
        after = doc[span.end : min(sent.end, span.end + 8)]
        before = doc[max(sent.start, span.start - 10) : span.start]
        for window in (after, before):
            for i, tok in enumerate(window):
                if tok.lower_ not in self.cues.province_nouns:
                    continue
                lead = window[max(0, i - 4) : i]
                names: list[str] = []
                for t in reversed(lead):  # the capitalised run right before "province"
                    if t.lower_ in self.cues.directions and not names:
                        continue
                    if not t.text[:1].isupper() or t.lower_ in self.cues.directions:
                        break
                    names.insert(0, t.text)
                if names:
                    return " ".join(names)
                if any(t.lower_ in {"the", "this", "that"} for t in lead):
                    return last_province
        return None

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
