"""Place descriptions: what the words around a place span say of it (its kind, "near",
"the outskirts of", "the countryside of", a direction, the province that contains it), as
the raw ``PlaceRef`` that ``PlaceSpans`` returns.
"""

from __future__ import annotations

from spacy.tokens import Span

from ..model import PlaceRef
from .cues import PlaceCues


class PlaceDescriber:
    """Describes a place span from the words around it (``describe``); cue words: ``cues``."""

    def __init__(self, cues: PlaceCues) -> None:
        self.cues = cues

    def describe(self, sent: Span, span: Span, last_province: str | None) -> PlaceRef:
        """``span`` of ``sent`` as a ``PlaceRef``: its kind ("town", "province"), qualifier
        ("countryside", "outskirts", "near"), direction and container (a province named
        around it, or ``last_province`` for "the province")."""
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
                if word not in self.cues.near_fillers and word not in self.cues.settlement_nouns:
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
