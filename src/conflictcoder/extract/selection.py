"""Which trigger of a sentence types its incident: the main clause's, the means over the
generic, a demonstration's gravest part, one of two means told jointly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..model import REALISED
from ..ontology import SubEventType
from .discourse import Discourse, starts_with
from .modality import ModalityClassifier
from .triggers import TriggerHit

__all__ = ["TriggerChooser"]

# The event types of demonstrations: one demonstration, typed by its gravest part.
_PROTEST_TYPES = frozenset({"Protests", "Riots"})


# Clauses that describe a noun: what they tell is a detail of it.
_DESCRIBING = {"relcl", "acl"}


def _told_of(means: TriggerHit, harm: TriggerHit) -> bool:
    """Does the phrase of ``means`` hang on the verb of ``harm``, and that verb tell the
    sentence's harm, with no relative clause on the way ("were killed after bombers
    struck"; not "the killing of 9, including a man who killed himself after detonating a
    suicide vest")?"""
    token = means.span.root
    target = harm.span.root
    while token.i != target.i:
        if token.head.i == token.i or token.dep_ in _DESCRIBING:
            return False
        token = token.head
    while token.head.i != token.i:
        if token.dep_ in _DESCRIBING:
            return False
        token = token.head
    return True


def _starts_any(
    words: Sequence[str], index: int, by_first: Mapping[str | None, list[tuple[str, ...]]]
) -> bool:
    """``any(starts_with(words, index, p) for p in cues)``, trying only the phrases that
    start with the word at ``index`` (and an empty one)."""
    if None in by_first:
        return True  # an empty phrase starts anywhere
    if index >= len(words):
        return False
    return any(starts_with(words, index, p) for p in by_first.get(words[index], ()))


class TriggerChooser:
    """Choose the realised trigger that types a sentence's incident.

    discourse (Discourse): the cue words of secondary and joint phrases and of
        subordinate clauses.
    modality (ModalityClassifier): realised or not, for each trigger.
    types (Mapping[str, SubEventType]): ACLED's sub-event types by name.

    Example:
        >>> from conflictcoder.extract.discourse import DISCOURSE
        >>> from conflictcoder.extract.triggers import TriggerTagger
        >>> from conflictcoder.ontology import acled_types
        >>> chooser = TriggerChooser(discourse=DISCOURSE.packaged(),
        ...                          modality=ModalityClassifier(), types=acled_types())
        >>> hits = TriggerTagger(nlp)(nlp("Two civilians were killed when jets struck Ariha."))
        >>> [h.rule.label for h in hits]
        ['Attack', 'Air/drone strike']
        >>> hit, modality = chooser(hits)  # the means, not the bare "killed"
        >>> hit.rule.label, hit.span.text, modality
        ('Air/drone strike', 'jets struck', 'realised')
    """

    def __init__(
        self,
        *,
        discourse: Discourse,
        modality: ModalityClassifier,
        types: Mapping[str, SubEventType],
    ) -> None:
        self.discourse = discourse
        self.modality = modality
        self.types = types
        # cue phrases by their first word, per cue list (see ``secondary``)
        self._cue_index: dict[
            int, tuple[Sequence[tuple[str, ...]], dict[str | None, list[tuple[str, ...]]]]
        ] = {}

    def __call__(self, sent_hits: Sequence[TriggerHit]) -> tuple[TriggerHit, str] | None:
        """The trigger that types the sentence and its modality (realised), or None when no
        trigger of the sentence is realised."""
        usable = list(sent_hits)
        joint = {id(h) for h in usable if self.secondary(h, self.discourse.joint)}
        secondary = {id(h) for h in usable if id(h) in joint or self.secondary(h)}
        depth = self._depths(usable)
        # a generic trigger ("killed") types the sentence only when nothing names the means,
        # wherever that is told ("civilians were killed when army shells hit homes")
        usable.sort(
            key=lambda h: (
                id(h) in secondary,
                h.rule.generic,
                depth[id(h)],
                -h.rule.priority,
                h.span.start,
            )
        )
        for hit in usable:
            modality = self.modality(hit.span)
            if modality == REALISED:
                if self.protest(hit.rule.label):
                    hit = self._gravest(hit, usable)
                if hit.rule.generic:
                    hit = self._means(hit, [h for h in usable if id(h) in secondary])
                if hit.rule.territory:
                    hit = self._ceded(hit, [h for h in usable if id(h) in secondary])
                return self._joint_type(hit, [h for h in usable if id(h) in joint]), modality
        return None

    def _means(self, hit: TriggerHit, secondary: Sequence[TriggerHit]) -> TriggerHit:
        """The means of a harm told by a bare verb ("twelve were killed after suicide bombers
        struck"): a realised trigger of a ``means_types`` sub-event type in a secondary phrase
        of the sentence (sorted by priority), else the verb itself."""
        for other in secondary:
            if (
                not other.rule.generic
                and other.rule.label.lower() in self.discourse.means_types
                and _told_of(other, hit)
                and self.modality(other.span) == REALISED
            ):
                return other
        return hit

    def _ceded(self, capture: TriggerHit, secondary: Sequence[TriggerHit]) -> TriggerHit:
        """A capture told after the other side left ("militants seized the town after the
        army pulled out of it", "following the withdrawal of the troops"): ground taken
        without a fight, typed by the realised trigger of a ``ceded_types`` sub-event type
        in a secondary phrase; the capture's words still name who took it."""
        for other in secondary:
            if (
                other.rule.label.lower() in self.discourse.ceded_types
                and other.span.sent.start == capture.span.sent.start
                and self.modality(other.span) == REALISED
            ):
                rule = replace(capture.rule, label=other.rule.label, territory=False)
                return replace(capture, rule=rule)
        return capture

    def secondary(self, hit: TriggerHit, phrases: Sequence[tuple[str, ...]] | None = None) -> bool:
        """Is the trigger inside an "amid ..." / "following ..." phrase (or one headed by
        another of ``phrases``)?"""
        cues = self.discourse.secondary if phrases is None else phrases
        by_first = self._by_first(cues)
        for tok in hit.span.root.ancestors:
            if tok.dep_ in {"prep", "mark", "agent"} or tok.pos_ in {"ADP", "SCONJ"}:
                # the phrase may start at the preposition or at the verb it hangs on
                for first in (tok.i, tok.head.i):
                    words = [t.lower_ for t in tok.doc[first : first + 5]]
                    if _starts_any(words, 0, by_first):
                        return True
            if tok.dep_ in {"ROOT", "ccomp"}:
                break
        # a preposition right before the trigger's phrase, e.g. "amid Russian air raids"
        start = hit.span.start
        window = [t.lower_ for t in hit.span.doc[max(hit.span.sent.start, start - 4) : start]]
        return any(_starts_any(window, i, by_first) for i in range(len(window)))

    def _by_first(self, cues: Sequence[tuple[str, ...]]) -> dict[str | None, list[tuple[str, ...]]]:
        """``cues`` by their first word (None: an empty phrase), worked out once per list."""
        known = self._cue_index.get(id(cues))
        if known is None or known[0] is not cues:
            index: dict[str | None, list[tuple[str, ...]]] = {}
            for phrase in cues:
                index.setdefault(phrase[0] if phrase else None, []).append(phrase)
            known = self._cue_index[id(cues)] = (cues, index)
        return known[1]

    def protest(self, label: str) -> bool:
        """Is ``label`` a sub-event type of a protest or a riot?"""
        return self.types[label].event_type in _PROTEST_TYPES

    def _gravest(self, hit: TriggerHit, usable: Sequence[TriggerHit]) -> TriggerHit:
        """ACLED types a demonstration by its gravest part, wherever the sentence tells it
        ("a rally ... after small riots started": a violent demonstration; "police fired
        tear gas at the protest": an intervention): the realised protest or riot trigger of
        the highest priority."""
        for other in sorted(usable, key=lambda h: -h.rule.priority):
            if other.rule.priority <= hit.rule.priority:
                break
            if self.protest(other.rule.label) and self.modality(other.span) == REALISED:
                return other
        return hit

    def _depths(self, hits: list[TriggerHit]) -> dict[int, int]:
        """How many subordinate clauses each trigger is inside: the main clause's event
        types the sentence ("clashes took place [...], dropping barrel bombs"). A capture
        counts wherever it is told (ACLED: a battle that changes who holds the ground is the
        territorial event: "clashes took place in X, where rebels recaptured the area"), and so
        does one of the ``anywhere_triggers`` (a chemical in the munition's description)."""
        depth: dict[int, int] = {}
        for hit in hits:
            level = 0
            tok = hit.span.root
            while tok.head.i != tok.i:
                if tok.dep_.lower() in self.discourse.subordinate:
                    level += 1
                tok = tok.head
            anywhere = hit.rule.territory or hit.rule.id in self.discourse.anywhere_triggers
            depth[id(hit)] = 0 if anywhere else level
        return depth

    def _joint_type(self, hit: TriggerHit, joint: list[TriggerHit]) -> TriggerHit:
        """ACLED's type for one incident told with two means ("shelled the town in
        conjunction with airstrikes"): a trigger of a joint phrase of the same event type
        and a higher priority types it (the air strike); a battle stays a battle."""
        event_type = self.types[hit.rule.label].event_type
        for other in joint:  # sorted by priority
            if (
                self.types[other.rule.label].event_type == event_type
                and other.rule.priority > hit.rule.priority
                and not other.rule.generic
                and self.modality(other.span) == REALISED
            ):
                return other
        return hit
