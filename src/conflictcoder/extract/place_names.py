"""Cued place names: the proper-name runs that follow a place cue in a parsed sentence
("on X", "the town of X", "including X and Y"), for ``PlaceSpans`` to weigh with the names
the gazetteer and the entity recogniser find.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .cues import PlaceCues


class CuedNames:
    """Finds the names a place cue introduces (``find``); the cue words are ``cues``."""

    def __init__(self, cues: PlaceCues) -> None:
        self.cues = cues

    def find(self, sent: Span) -> list[Span]:
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
                    and tokens[j].lower_ not in self.cues.settlement_nouns | self.cues.held_words
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
        if tok.text.isalpha() and tok.is_lower and tok.lower_ in self.cues.name_joiners:
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
                before.lower_ in self.cues.name_joiners
                and not before.whitespace_
                and not tok.whitespace_
                and after.text[:1].isupper()
            ):
                return True
        if inner and text.lower() in self.cues.name_joiners:
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
