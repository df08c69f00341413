"""Modality: is a trigger a realised event, or a plan, forecast, denial, aggregate...?

Reads: the dependency parse around a trigger. Rules: ``ontology/modality.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..errors import OntologyError
from ..model import MODALITIES, REALISED
from ..ontology import ONTOLOGY_DIR, line_of, load_yaml
from ..ontology.families import rule_family

MODALITY_FILE = ONTOLOGY_DIR / "modality.yaml"

# The key of ``modality.yaml`` that lists the day words of dated captions and headlines.
DATED_PRESENT = "dated_present"
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
# Clauses inside a trigger's clause that say something of their own ("..., where the war
# has killed 400,000"); a time clause ("since the war broke out") is the trigger's.
_OWN_CLAUSE_DEPS = {"relcl", "acl", "parataxis", "ccomp"}
# Clauses that describe the noun or the clause they hang on ("the bombing that killed 8",
# "the attack, killing 17"): the ``governors`` search climbs through them.
_DESCRIBING_DEPS = {"relcl", "acl", "advcl"}
# The complements of a head that the ``governors`` search reads too ("took credit for",
# "was responsible for").
_COMPLEMENT_DEPS = {"dobj", "acomp", "attr"}
# What a phrase of time or place says of its own noun ("near the city, the scene of
# fighting in recent months"): no modality of the trigger.
_ASIDE_DEPS = {"appos", "relcl"}


@dataclass(frozen=True)
class ModalityMarkers:
    lemmas: frozenset[str]
    phrases: tuple[re.Pattern[str], ...]
    subjects: tuple[str, ...] = ()
    sentences: tuple[re.Pattern[str], ...] = ()
    paragraphs: tuple[re.Pattern[str], ...] = ()
    governors: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    describing: frozenset[str] = frozenset()


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
        if name in ("__line__", DATED_PRESENT):
            continue
        if name not in MODALITIES or name == REALISED:
            raise OntologyError(
                path, f"unknown modality '{name}' (use one of {', '.join(MODALITIES[1:])})"
            )
        spec = spec or {}
        if not isinstance(spec, dict):
            raise OntologyError(
                path, f"modality '{name}' must map lemmas/phrases/subjects to word lists"
            )
        lists: dict[str, list[str]] = {}
        for key in (
            "lemmas",
            "phrases",
            "subjects",
            "sentences",
            "paragraphs",
            "governors",
            "determiners",
            "describing",
        ):
            value = spec.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise OntologyError(
                    path, f"'{key}' of modality '{name}' must be a list of words", line_of(spec)
                )
            lists[key] = [v.lower() for v in value]
        rules[name] = ModalityMarkers(
            frozenset(lists["lemmas"]),
            _patterns(lists["phrases"]),
            tuple(lists["subjects"]),
            _patterns(lists["sentences"]),
            _patterns(lists["paragraphs"]),
            frozenset(lists["governors"]),
            frozenset(lists["determiners"]),
            frozenset(lists["describing"]),
        )
    return rules


def load_dated_words(path: str | Path = MODALITY_FILE) -> frozenset[str]:
    """The day and month words that make a present-tense sentence a dated report.

    Example:
        >>> "sunday" in load_dated_words()
        True
    """
    data = load_yaml(path)
    spec = data.get(DATED_PRESENT) if isinstance(data, dict) else None
    if spec is None:
        return frozenset()
    words = spec.get("words") if isinstance(spec, dict) else None
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise OntologyError(path, f"'{DATED_PRESENT}' must map 'words' to a list of words")
    return frozenset(w.lower() for w in words)


_WORD_START, _WORD_END = r"(?<!\w)", r"(?!\w)"


def _patterns(phrases: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(_WORD_START + re.escape(p) + _WORD_END) for p in phrases)


def _literal(pattern: re.Pattern[str]) -> str:
    """The phrase a ``_patterns`` pattern matches as a whole word ("" for another pattern):
    a text without it as a substring cannot match, which ``str.find`` tells far sooner
    than a regex search over the text.

    Example:
        >>> _literal(_patterns(["fell short"])[0])
        'fell short'
    """
    source = pattern.pattern
    if pattern.flags & re.IGNORECASE or not (
        source.startswith(_WORD_START) and source.endswith(_WORD_END)
    ):
        return ""
    escaped = source[len(_WORD_START) : len(source) - len(_WORD_END)]
    phrase = re.sub(r"\\(.)", r"\1", escaped, flags=re.DOTALL)
    return phrase if re.escape(phrase) == escaped else ""


# The markers per modality and the day words of dated reports (a coder's come from its
# Resources).
MODALITY = rule_family("modality", MODALITY_FILE, lambda user: load_modality_rules())
DATED_WORDS = rule_family("dated_words", MODALITY_FILE, lambda user: load_dated_words())


class ModalityClassifier:
    """Classify the modality of a trigger from the clause that governs it.

    Example:
        >>> clf = ModalityClassifier()
        >>> doc = nlp("The army is planning an offensive.")
        >>> clf(doc[4:5])
        'planned'
    """

    def __init__(
        self,
        rules: dict[str, ModalityMarkers] | None = None,
        *,
        dated_words: frozenset[str] | None = None,
    ) -> None:
        self.rules = rules if rules is not None else MODALITY.packaged()
        self.dated_words = dated_words if dated_words is not None else DATED_WORDS.packaged()
        # the last Doc seen, its lower-cased paragraph text (Doc.text is rebuilt on each
        # use) and the modality its ``paragraphs`` markers give (worked out once per Doc)
        self._paragraph: tuple[Doc | None, str] = (None, "")
        self._paragraph_found: tuple[str | None] | None = None
        # each marker pattern's phrase, looked for as a substring before the regex runs
        self._literals = {
            p: _literal(p)
            for m in self.rules.values()
            for p in (*m.phrases, *m.sentences, *m.paragraphs)
        }
        # each tuple of marker patterns (by id, with the tuple itself) and its (phrase,
        # pattern) pairs
        self._pairs: dict[
            int, tuple[tuple[re.Pattern[str], ...], list[tuple[str, re.Pattern[str]]]]
        ] = {}

    def _found(self, patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
        """Does one of ``patterns`` match in ``text``?"""
        pairs = self._pairs.get(id(patterns))
        if pairs is None or pairs[0] is not patterns:
            literals = self._literals
            pairs = self._pairs[id(patterns)] = (
                patterns,
                [(literals.get(p, ""), p) for p in patterns],
            )
        for literal, pattern in pairs[1]:  # noqa: SIM110 - a loop: twice as fast as any()
            if literal in text and pattern.search(text):
                return True
        return False

    def read_paragraph(self, doc: Doc, text: str) -> None:
        """Take ``text`` as the whole paragraph of ``doc`` for the ``paragraphs`` markers:
        a Doc may hold only the sentences of a paragraph that the sentence gate parsed ("A
        storage tank at the waste plant exploded." is not, "The blast injured four" is)."""
        self._paragraph = (doc, text.lower())
        self._paragraph_found = None

    def paragraph_modality(self, trigger: Span) -> str | None:
        """The modality the ``paragraphs`` markers give every trigger of the trigger's
        paragraph (the Doc it was parsed in), or None: an accident told in a snippet
        ("a tank at the plant exploded ... Four workers were injured") makes no harm in it
        a conflict event.

        Example:
            >>> doc = nlp("A tank at the chemical plant exploded. Four workers were hurt.")
            >>> ModalityClassifier().paragraph_modality(doc[11:12])
            'negated'
        """
        if not any(m.paragraphs for m in self.rules.values()):
            return None
        doc = trigger.doc
        if self._paragraph[0] is not doc:
            self._paragraph = (doc, doc.text.lower())
            self._paragraph_found = None
        if self._paragraph_found is None:  # the same for every trigger of the paragraph
            text = self._paragraph[1]
            found = next(
                (
                    name
                    for name, markers in self.rules.items()
                    if self._found(markers.paragraphs, text)
                ),
                None,
            )
            self._paragraph_found = (found,)
        return self._paragraph_found[0]

    def sentence_modality(self, trigger: Span) -> str | None:
        """The modality the whole clause of a trigger takes from the ``sentences`` markers,
        or None: its subject and time clauses count ("The war has killed 400,000 people",
        "400,000 were killed since the war broke out": aggregate), a clause of its own
        inside it does not ("Jets killed 5 in Idlib, where the war has killed 400,000").

        Example:
            >>> doc = nlp("The war has killed 400,000 people.")
            >>> ModalityClassifier().sentence_modality(doc[3:4])
            'aggregate'
        """
        if not any(m.sentences for m in self.rules.values()):
            return None
        top = self._clause_head(trigger)
        inner = {
            t.i
            for d in top.subtree
            if d.i != top.i and (d.dep_ in _OWN_CLAUSE_DEPS or self._purpose(d, trigger))
            for t in d.subtree
        }
        text = "".join(t.text_with_ws for t in top.subtree if t.i not in inner).lower()
        for name, markers in self.rules.items():
            if self._found(markers.sentences, text):
                return name
        return None

    def governor_modality(self, trigger: Span) -> str | None:
        """The modality of a ``governors`` word on the trigger's chain of heads, or None.

        The chain climbs through the clauses that describe a noun ("a bombing that killed
        dozens") and through participle clauses ("..., killing 17"), up to the reporting
        clause; the objects and complements of its heads count ("took credit for", "was
        responsible for"). A claim of responsibility or a denial tells that an incident
        happened before, not the incident itself.

        Example:
            >>> doc = nlp("The group claimed responsibility for the bombing.")
            >>> ModalityClassifier().governor_modality(doc[6:7])
            'background'
        """
        words = {name: m.governors for name, m in self.rules.items() if m.governors}
        if not words:
            return None
        token: Token = trigger.root
        while True:
            found = [token] + [c for c in token.children if c.dep_ in _COMPLEMENT_DEPS]
            for name, lemmas in words.items():
                if any(t.lemma_.lower() in lemmas or t.lower_ in lemmas for t in found):
                    return name
            if token.head.i == token.i or token.dep_ in {"ROOT", "ccomp", "parataxis"}:
                return None
            # a time or reason clause ("when militants attacked") is an incident of its own
            if token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children):
                return None
            token = token.head

    @staticmethod
    def _aimed(trigger: Span) -> bool:
        """Whether the trigger is inside a purpose clause, in what it aims at ("strikes to
        help militias fighting the group"); a clause of its own that describes a noun ("the
        town, which was shelled") is not climbed through.

        Example:
            >>> doc = nlp("Jets flew sorties to help militias fighting the group.")
            >>> ModalityClassifier._aimed(doc[6:7])
            True
        """
        token: Token = trigger.root
        while token.head.i != token.i and token.dep_ != "relcl":
            if token.dep_ == "advcl":
                # the first adverbial clause climbed through decides: a purpose clause
                # around the trigger, not the trigger's own verb ("defied a ban to take to
                # the streets") nor a time or participle clause ("..., blocking roads")
                return token is not trigger.root and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in token.children
                )
            token = token.head
        return False

    @staticmethod
    def _purpose(token: Token, trigger: Span) -> bool:
        """Is ``token`` the verb of a purpose clause ("talks to end a war that has killed
        thousands") that does not hold the trigger? What it aims at has not happened."""
        return (
            token.dep_ in {"xcomp", "advcl"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            and not (token.left_edge.i <= trigger.root.i <= token.right_edge.i)
        )

    @staticmethod
    def _clause_head(trigger: Span) -> Token:
        token: Token = trigger.root
        while token.dep_ not in _CLAUSE_DEPS and token.head.i != token.i:
            token = token.head
        return token

    def clause_tokens(self, trigger: Span) -> list[Token]:
        """The trigger, its heads up to the clause boundary, and their modal dependents."""
        chain: list[Token] = []
        token: Token = trigger.root
        while True:
            chain.append(token)
            if token.dep_ in _CLAUSE_DEPS or token.head.i == token.i:
                break
            token = token.head
        tokens = list(chain)
        for tok in chain:
            for child in tok.children:
                if child.dep_ in _MODAL_DEPS and child not in tokens:
                    tokens.append(child)
                    # "last month", "since January", "at the beginning of November"; not
                    # what a place in it is said to be ("near the city, the scene of
                    # fighting in recent months", "in areas where ... in the past days")
                    if child.dep_ in {"npadvmod", "prep"}:
                        aside = {
                            t.i for d in child.subtree if d.dep_ in _ASIDE_DEPS for t in d.subtree
                        }
                        tokens.extend(
                            t for t in child.subtree if t not in tokens and t.i not in aside
                        )
        return tokens

    def __call__(self, trigger: Span) -> str:
        """RETURNS (str): one of ``model.MODALITIES``."""
        tokens = self.clause_tokens(trigger)
        governing = self._governing_verb(tokens)
        subjects = self._subject_text(tokens)
        # a name is no marker: "May 4" is a month, not the modal "may"
        words = [t for t in tokens if t.pos_ != "PROPN"]
        lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
        # the clause's own text (Doc.text is rebuilt from every token on each use)
        clause = trigger.doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]
        clause_text = clause.text.lower()
        whole = self.sentence_modality(trigger) or self.paragraph_modality(trigger)
        if whole is not None:
            return whole
        governed = self.governor_modality(trigger)
        if governed is not None:
            return governed
        own = {c.lower_ for c in trigger.root.children if c.dep_ == "det"}
        root = trigger.root
        # a participle that describes a noun says who someone is ("Kurdish groups fighting
        # the militants"), not what happened
        describing = root.dep_ == "acl" and root.tag_ == "VBG"
        for name, markers in self.rules.items():
            if lemmas & markers.lemmas or own & markers.determiners:
                return name
            if describing and root.lemma_.lower() in markers.describing:
                return name
            if self._found(markers.phrases, clause_text):
                return name
            if any(subjects == w or subjects.startswith(w + " ") for w in markers.subjects):
                return name
        # a trigger inside a purpose clause ("strikes carried out to help militias fighting
        # the group", "sent troops to retake the town") tells an aim, not what happened
        if self._aimed(trigger):
            return "planned"
        # "The ministry denied that its jets bombed ...": the denial governs the clause
        if (
            governing is not None
            and governing.lemma_.lower()
            in self.rules.get("denied", ModalityMarkers(frozenset(), ())).lemmas
        ):
            return "denied"
        if self._habitual(trigger) and not self._dated(trigger):
            return "background"
        return REALISED

    @staticmethod
    def _governing_verb(tokens: list[Token]) -> Token | None:
        """The verb a reported clause hangs on ("denied" in "denied that ..."); a participle
        clause ("denied it was behind the attack, killing 17") hangs on the clause it
        follows."""
        top = tokens[0]
        for tok in tokens:
            if tok.dep_ in _CLAUSE_DEPS:
                top = tok
                break
        while (
            top.dep_ == "advcl"
            and top.tag_ in {"VBG", "VBN"}
            and not any(c.dep_ == "mark" for c in top.children)
            and top.head.i != top.i
        ):
            top = top.head
            while top.dep_ not in _CLAUSE_DEPS and top.head.i != top.i:
                top = top.head
        return top.head if top.dep_ == "ccomp" and top.head.i != top.i else None

    @staticmethod
    def _subject_text(tokens: list[Token]) -> str:
        """The subject of the clause, lower-cased ("no one", "no civilians")."""
        for tok in tokens:
            for child in tok.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    return " ".join(t.lower_ for t in child.subtree)
        return ""

    def _dated(self, trigger: Span) -> bool:
        """Does the trigger's sentence name a day or a month (a dated caption or headline)?"""
        return any(t.lower_.rstrip(".") in self.dated_words for t in trigger.sent)

    @staticmethod
    def _habitual(trigger: Span) -> bool:
        """A present-simple main verb without auxiliaries reports a habit, not an incident."""
        verb = trigger.root
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        if verb.tag_ not in {"VBZ", "VBP"}:
            return False
        return not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
