"""Attribution: who says an event happened ("opposition sources said", "according to X").

Rules: ``ontology/attribution.yaml``. The source span is kept out of actor search.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from ..errors import OntologyError
from ..ontology import ONTOLOGY_DIR, load_yaml
from ..ontology.families import rule_family

ATTRIBUTION_FILE = ONTOLOGY_DIR / "attribution.yaml"


# Dependents of a reporting verb that say when or how it was said, not what happened.
_REPORT_ADJUNCTS = frozenset({"prep", "npadvmod", "advmod", "tmod"})


def _reports_itself(
    verb: Token, pronouns: frozenset[str], records: frozenset[str] = frozenset()
) -> bool:
    """Whether the report's own subject is a pronoun ("police said *they* arrested five"):
    its source then did what it reports, and stays an actor of it. A source that says it
    recorded, counted or received the dead ("the rescuers said they recorded three
    deaths") still only reports."""
    return any(
        s.lower_ in pronouns and c.lemma_.lower() not in records
        for c in verb.children
        if c.dep_ == "ccomp"
        for s in c.children
        if s.dep_ in {"nsubj", "nsubjpass"}
    )


@dataclass(frozen=True)
class Attribution:
    """The source of a sentence's report and the character spans it occupies."""

    reported_by: str | None
    spans: tuple[tuple[int, int], ...] = ()
    pronoun: bool = False


class AttributionFinder:
    """Find the reporting source of a sentence.

    Example:
        >>> finder = AttributionFinder()
        >>> finder(next(nlp("Two men died, local activists said.").sents)).reported_by
        'local activists'
    """

    def __init__(self, path: str | Path = ATTRIBUTION_FILE) -> None:
        data = load_yaml(path)
        if not isinstance(data, dict):
            raise OntologyError(path, "attribution file must be a mapping")
        self.verbs = frozenset(v.lower() for v in data.get("reporting_verbs", []))
        self.sources = frozenset(v.lower() for v in data.get("source_nouns", []))
        self.telling = frozenset(v.lower() for v in data.get("telling_verbs", []))
        self.prepositions = tuple(p.lower().split() for p in data.get("source_prepositions", []))
        # subjects that take their source from an earlier sentence ("they said")
        self.pronouns = frozenset(str(v).lower() for v in data.get("pronouns", []))
        # what a source does with a toll it only reports ("said it recorded three deaths")
        self.records = frozenset(str(v).lower() for v in data.get("record_verbs", []))

    def report_adjuncts(self, sent: Span) -> list[tuple[int, int]]:
        """Character spans (Doc offsets) of what modifies a reporting verb besides the
        report itself: "the government said *on Monday*", "activists told AFP *by phone*".
        A date there is when it was said, not when it happened.

        Example:
            >>> doc = nlp("Jihadists killed 20 people over the weekend, officials said on Monday.")
            >>> [doc.text[s:e] for s, e in AttributionFinder().report_adjuncts(doc[:])]
            ['on Monday']
        """
        spans: list[tuple[int, int]] = []
        for tok in sent:
            if tok.lemma_.lower() not in self.verbs or tok.pos_ not in {"VERB", "AUX"}:
                continue
            for child in tok.children:
                if child.dep_ in _REPORT_ADJUNCTS:
                    sub = list(child.subtree)
                    spans.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
        return spans

    def _source(self, token: Token) -> bool:
        """Whether the phrase headed by ``token`` names a source (an outlet, a monitor,
        officials, a named organisation or person)."""
        words = {t.lemma_.lower() for t in token.subtree}
        return bool(words & self.sources) or token.ent_type_ in {"ORG", "PERSON"}

    def __call__(self, sent: Span) -> Attribution:
        spans: list[tuple[int, int]] = []
        reported: list[str] = []
        pronoun = False
        for tok in sent:
            if tok.lemma_.lower() in self.verbs and tok.pos_ in {"VERB", "AUX"}:
                subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
                for subj in subjects:
                    sub = list(subj.subtree)
                    is_source = self._source(subj)
                    if subj.lower_ in self.pronouns:
                        pronoun = True
                        is_source = True
                    if not is_source:
                        continue
                    start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
                    if not pronoun:
                        # the text of start:end (Doc.text would join every token's text)
                        reported.append(sent.doc[sub[0].i : sub[-1].i + 1].text)
                    if _reports_itself(tok, self.pronouns, self.records):
                        continue  # "police said they arrested five": the source is the actor
                    # the verb and whom it was told to ("told The New Arab") belong to the
                    # source; the object of another verb is the report itself ("the monitor
                    # reported Russian air raids on X"), with its actors and places
                    told = [
                        c
                        for c in tok.children
                        if c.dep_ == "dative"
                        or (c.dep_ == "dobj" and tok.lemma_.lower() in self.telling)
                    ]
                    stop = max(
                        [tok.idx + len(tok.text)]
                        + [list(c.subtree)[-1].idx + len(list(c.subtree)[-1].text) for c in told]
                    )
                    spans.append((min(start, tok.idx), max(end, stop)))
        lowered = [t.lower_ for t in sent]
        for words in self.prepositions:
            n = len(words)
            for i in range(len(lowered) - n + 1):
                if lowered[i : i + n] == words and i + n < len(sent):
                    head = sent[i + n - 1]
                    objs = [c for c in head.children if c.dep_ in {"pobj", "dobj"}]
                    if objs:
                        sub = list(objs[0].subtree)
                        first, last = sub[0], sub[-1]
                    else:
                        # no parse link: the noun phrase that starts right after the cue
                        first = sent[i + n]
                        chunk = next(
                            (c for c in sent.noun_chunks if c.start <= first.i < c.end), None
                        )
                        last = chunk[-1] if chunk is not None else first
                    end = last.idx + len(last.text)
                    reported.append(sent.doc[first.i : last.i + 1].text)
                    spans.append((sent[i].idx, end))
        return Attribution(
            reported[0] if reported else None, tuple(spans), pronoun and not reported
        )


# The attribution cues, as the finder that reads with them (a coder's come from its
# Resources).
ATTRIBUTION = rule_family("attribution", ATTRIBUTION_FILE, lambda user: AttributionFinder())
