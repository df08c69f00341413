"""Claims of responsibility: the claimant is the attack's actor1 when nobody else is named.

"A car bomb killed nine in the market. Islamic State claimed the attack." The bombing's
attacker is unknown where it is told; the claim, a sentence later, names it. ACLED codes
the claimed perpetrator as actor1. ``ClaimReader`` finds the claims in an article (the
verbs and objects are data: ``ontology/claims.yaml``), resolves the claimant with the actor
dictionary and gives it to the event told in the claim's sentence, else to the nearest one
told before it, when that event has no actor1 or an unidentified one. "Claimed the lives of
nine" is no claim: only responsibility or the incident itself can be claimed.

Example:
    >>> from conflictcoder.resolve.actors import ActorResolver
    >>> reader = ClaimReader(ActorResolver.load())
    >>> [c.phrase for c in reader.claims("Nobody was hurt. Al-Shabaab claimed the attack.")]
    ['Al-Shabaab']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..model import Actor, Event
from ..ontology import ONTOLOGY_DIR
from ..ontology.loader import load_rule_file, rule_family, whole_number, word_list
from ..text import phrase_alternation
from .actors import ActorResolver, interaction

T = TypeVar("T")

RULES_FILE = ONTOLOGY_DIR / "claims.yaml"
_SECTIONS = ("claim_verbs", "claimed", "claimed_by", "max_actor_words", "blame_verbs", "blamed_for")
# ACLED's prefix for an actor nobody identified.
UNKNOWN_PREFIX = "Unidentified"
# Event types whose actor1 a claim can name (an attacker, not a protester or a signatory).
CLAIMABLE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# Inter codes of actors that claim attacks: rebels, political and identity militias
# (ACLED 2, 3, 4); a state's forces or civilians named near the verb are not claimants.
CLAIMANT_INTERS = frozenset({2, 3, 4})
# Inter codes of actors that may be blamed for an attack: any armed actor, a state's own
# (1) and foreign (8) forces too.
BLAMED_INTERS = frozenset({1, 2, 3, 4, 8})
# How many sentence ends may stand between an attack and "X claimed the attack".
MAX_SENTENCES_BACK = 2


@dataclass(frozen=True)
class ClaimRules:
    """The claim patterns of ``claims.yaml``.

    active (re.Pattern[str]): "<actor> claimed responsibility|the attack".
    passive (re.Pattern[str]): "claimed by <actor>".
    max_actor_words (int): how many words before or after the verb the actor may be.
    blame (re.Pattern[str] | None): "blamed <actor> for the attack" (group ``actor``).
    blamed_on (re.Pattern[str] | None): "blamed the attack on <actor>".
    """

    active: re.Pattern[str]
    passive: re.Pattern[str]
    max_actor_words: int
    blame: re.Pattern[str] | None = None
    blamed_on: re.Pattern[str] | None = None


def load_claim_rules(user_file: str | Path | None = None) -> ClaimRules:
    """Read ``claims.yaml`` (and a user file of the same shape on top).

    Example:
        >>> bool(load_claim_rules().active.search("the group claimed responsibility"))
        True
    """
    path = RULES_FILE
    data = load_rule_file(path, _SECTIONS, user_file)
    verbs = phrase_alternation(word_list(path, data, "claim_verbs"))
    objects = phrase_alternation(word_list(path, data, "claimed"))
    by = phrase_alternation(word_list(path, data, "claimed_by"))
    most = whole_number(path, data["max_actor_words"], "'max_actor_words'", data, 1, 30)
    blame = phrase_alternation(word_list(path, data, "blame_verbs"))
    blamed_for = phrase_alternation(word_list(path, data, "blamed_for"))
    return ClaimRules(
        active=re.compile(rf"\b(?:{verbs})\s+(?:{objects})\b", re.IGNORECASE),
        passive=re.compile(rf"\b(?:{by})\b", re.IGNORECASE),
        max_actor_words=most,
        blame=re.compile(
            rf"\b(?:{blame})\s+(?P<actor>(?:[^\s.!?]+\s+){{1,{most}}}?)for\s+(?:{blamed_for})\b",
            re.IGNORECASE,
        ),
        blamed_on=re.compile(rf"\b(?:{blame})\s+(?:(?:{blamed_for})\s+)?on\b", re.IGNORECASE),
    )


CLAIMS = rule_family("claims", RULES_FILE, load_claim_rules)


@dataclass(frozen=True)
class Claim:
    """A claim of responsibility (or a blame): its offset in the text and the words that
    name the claimant (the claimant is the last actor in them, or the first when
    ``first``)."""

    start: int
    phrase: str
    first: bool = False
    blame: bool = False  # "blamed X for the attack": an incident told before the sentence


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence that holds offset ``at`` of ``text`` starts."""
    return max((e.end() for e in _SENTENCE_END.finditer(text, 0, at)), default=0)


class ClaimReader:
    """Find claims of responsibility and give the claimant to the claimed event.

    resolver (ActorResolver): the actor dictionary.
    rules (ClaimRules | None): defaults to the packaged ``claims.yaml``.
    """

    def __init__(self, resolver: ActorResolver, *, rules: ClaimRules | None = None) -> None:
        self.resolver = resolver
        self.rules = rules or CLAIMS.packaged()

    def _words_after(self, text: str, at: int) -> str:
        """The first ``max_actor_words`` words from ``at`` to the end of its sentence."""
        end = _SENTENCE_END.search(text, at)
        words = text[at : end.start() if end else len(text)].split()
        return " ".join(words[: self.rules.max_actor_words])

    def claimant(self, claim: Claim, country: str | None) -> Actor | None:
        """The armed group a claim names, resolved for the event's country, or None."""
        inters = BLAMED_INTERS if claim.blame else CLAIMANT_INTERS
        found = [
            m for m in self.resolver.find(claim.phrase, country=country) if m.actor.inter in inters
        ]
        if not found:
            return None
        return (found[0] if claim.first else found[-1]).actor

    def claims(self, text: str) -> list[Claim]:
        """Every claim of responsibility in ``text``, by offset.

        Example:
            >>> reader = ClaimReader(ActorResolver.load())
            >>> [c.phrase for c in reader.claims("Two died. The group claimed the blast.")]
            ['The group']
        """
        out: list[Claim] = []
        for m in self.rules.active.finditer(text):
            before = text[_sentence_start(text, m.start()) : m.start()].split()
            out.append(Claim(m.start(), " ".join(before[-self.rules.max_actor_words :])))
        for m in self.rules.passive.finditer(text):
            out.append(Claim(m.start(), self._words_after(text, m.end()), first=True))
        for m in self.rules.blame.finditer(text) if self.rules.blame else ():
            out.append(Claim(m.start(), m.group("actor"), first=True, blame=True))
        for m in self.rules.blamed_on.finditer(text) if self.rules.blamed_on else ():
            phrase = self._words_after(text, m.end())
            out.append(Claim(m.start(), phrase, first=True, blame=True))
        return sorted(out, key=lambda c: c.start)

    def apply(
        self, text: str, named: list[tuple[Event, T]], *, country: str | None = None
    ) -> list[tuple[Event, T]]:
        """Give each claim's claimant to the event it claims (see the module docstring).

        Example:
            >>> from conflictcoder.model import Evidence
            >>> text = "A bomb killed two. Al-Shabaab claimed the attack."
            >>> e = Event("2020-01-01", "Explosions/Remote violence",
            ...           "Remote explosive/landmine/IED",
            ...           evidence=[Evidence("d", "A bomb killed two.", 0, 18)])
            >>> reader = ClaimReader(ActorResolver.load())
            >>> [ev.actor1 for ev, _ in reader.apply(text, [(e, None)], country="Somalia")]
            ['Al Shabaab']
        """
        for claim in self.claims(text):
            event = self._claimed(text, named, claim)
            if event is None:
                continue
            actor = self.claimant(claim, event.country or country)
            if actor is None or event.actor2 == actor.name:
                continue  # no armed group, or the claimant is named as the target
            event.actor1 = actor.name
            event.inter1 = actor.inter
            event.interaction = interaction(event.inter1, event.inter2)
            event.event_id = event.compute_id()
        return named

    @staticmethod
    def _claimed(text: str, named: Sequence[tuple[Event, Any]], claim: Claim) -> Event | None:
        """The event told in the claim's sentence; for "X claimed the attack", else the one
        told at most ``MAX_SENTENCES_BACK`` sentences before it; for a blame, the one told
        before its sentence. Only an event whose attacker is unknown."""
        best: Event | None = None
        best_end = -1
        # a blame refers back to an incident told before its sentence
        cut = _sentence_start(text, claim.start) if claim.blame else len(text)
        for event, _ in named:
            ends = [e.end for e in event.evidence if e.start <= claim.start and e.end <= cut]
            if not ends:
                continue
            end = max(ends)
            if end > best_end:
                best, best_end = event, end
        if best is None or best.event_type not in CLAIMABLE:
            return None
        if best_end < claim.start:
            gap = len(_SENTENCE_END.findall(text, best_end, claim.start))
            if (claim.first and not claim.blame) or gap > MAX_SENTENCES_BACK:
                return None  # "bombings claimed by X" names its own bombings only
        if best.actor1 is not None and not best.actor1.startswith(UNKNOWN_PREFIX):
            return None
        return best
