"""Modality: is a trigger a realised event, or a plan, forecast, denial, aggregate...?

Reads: the dependency parse around a trigger. Rules: ``ontology/modality.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from ..errors import OntologyError
from ..model import MODALITIES, REALISED
from ..ontology import ONTOLOGY_DIR, load_yaml

MODALITY_FILE = ONTOLOGY_DIR / "modality.yaml"

# Dependents that carry modality for the token they attach to.
_MODAL_DEPS = {
    "aux",
    "auxpass",
    "neg",
    "advmod",
    "acomp",
    "mark",
    "det",
    "npadvmod",
    "prep",
    "xcomp",
}
# Where the search stops climbing: a reported clause belongs to its own speaker.
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "ROOT", "parataxis"}


@dataclass(frozen=True)
class ModalityMarkers:
    lemmas: frozenset[str]
    phrases: tuple[re.Pattern[str], ...]


def load_modality_rules(path: str | Path = MODALITY_FILE) -> dict[str, ModalityMarkers]:
    """Markers per modality, in file order (first match wins).

    Example:
        >>> "planned" in load_modality_rules()
        True
    """
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(path, "modality file must map modality names to markers")
    rules: dict[str, ModalityMarkers] = {}
    for name, spec in data.items():
        if name == "__line__":
            continue
        if name not in MODALITIES or name == REALISED:
            raise OntologyError(
                path, f"unknown modality '{name}' (use one of {', '.join(MODALITIES[1:])})"
            )
        spec = spec or {}
        phrases = tuple(
            re.compile(r"(?<!\w)" + re.escape(p.lower()) + r"(?!\w)")
            for p in spec.get("phrases", [])
        )
        rules[name] = ModalityMarkers(frozenset(s.lower() for s in spec.get("lemmas", [])), phrases)
    return rules


class ModalityClassifier:
    """Classify the modality of a trigger from the clause that governs it.

    Example:
        >>> clf = ModalityClassifier()
        >>> doc = nlp("The army is planning an offensive.")
        >>> clf(doc[4:5])
        'planned'
    """

    def __init__(self, rules: dict[str, ModalityMarkers] | None = None) -> None:
        self.rules = rules if rules is not None else load_modality_rules()

    def clause_tokens(self, trigger: Span) -> list[Token]:
        """The trigger, its heads up to the clause boundary, and their modal dependents."""
        chain: list[Token] = []
        token: Token = trigger.root
        while True:
            chain.append(token)
            if token.dep_ in _CLAUSE_DEPS or token.head is token:
                break
            token = token.head
        tokens = list(chain)
        for tok in chain:
            for child in tok.children:
                if child.dep_ in _MODAL_DEPS and child not in tokens:
                    tokens.append(child)
                    # "last month", "since January", "at the beginning of November"
                    if child.dep_ in {"npadvmod", "prep"}:
                        tokens.extend(t for t in child.subtree if t not in tokens)
        return tokens

    def __call__(self, trigger: Span) -> str:
        """RETURNS (str): one of ``model.MODALITIES``."""
        tokens = self.clause_tokens(trigger)
        lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
        lo = min(t.idx for t in tokens)
        hi = max(t.idx + len(t.text) for t in tokens)
        doc_text = trigger.doc.text
        clause_text = doc_text[lo:hi].lower()
        for name, markers in self.rules.items():
            if lemmas & markers.lemmas:
                return name
            if any(p.search(clause_text) for p in markers.phrases):
                return name
        if self._habitual(trigger):
            return "background"
        return REALISED

    @staticmethod
    def _habitual(trigger: Span) -> bool:
        """A present-simple main verb without auxiliaries reports a habit, not an incident."""
        verb = trigger.root if trigger.root.pos_ in {"VERB", "AUX"} else trigger.root.head
        if verb.tag_ not in {"VBZ", "VBP"}:
            return False
        return not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
