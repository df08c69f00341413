"""What the parse says about one actor phrase of a trigger's sentence: the grammatical
subject of the trigger's verb, a patient, the agent of a passive, a subject fronted by a
date, and a name that only qualifies held ground ("rebel-held").

Each is a function of the parse alone; ``roles.ActorRoles`` combines them.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from .cues import _SUBJECT_CLIMB, ActorCues, ActorHit

# dependencies of a word that qualifies a noun ("Syrian military airfield")
_QUALIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})


def by_agent(doc: Doc, hit: ActorHit, offset: int) -> bool:
    """Whether the actor is the agent of a passive ("planted by X", "carried out by X")."""
    span = doc.char_span(hit.start + offset, hit.end + offset, alignment_mode="expand")
    if span is None:
        return False
    root: Token = span.root
    return root.dep_ == "pobj" and root.head.dep_ == "agent"


def _verb_of(word: Token) -> Token:
    """The verb (or auxiliary) ``word`` hangs on, or the root of its sentence."""
    verb = word
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _verb_chain(trigger: Span, climbs: Callable[[Token], bool]) -> list[Token]:
    """The trigger's verb and the verbs above it it ``climbs`` to (at most
    ``_SUBJECT_CLIMB``), nearest first."""
    heads = [_verb_of(trigger.root)]
    while climbs(heads[-1]) and len(heads) < _SUBJECT_CLIMB:
        heads.append(heads[-1].head)
    return heads


def _shares_subject(verb: Token) -> bool:
    """ "were able to recapture", "clashed ... and captured", "managed to advance",
    "battled to break the siege": a verb with the subject of the one above it (an
    infinitive of purpose has the subject of the verb it serves)."""
    return verb.dep_ in {"xcomp", "conj", "acomp"} or _purpose(verb)


def subject(sent: Span, trigger: Span, agents: list[tuple[ActorHit, int]]) -> ActorHit | None:
    """The actor that is the grammatical subject (or passive agent) of the trigger's verb."""
    heads = _verb_chain(trigger, _shares_subject)
    offset = sent.start_char
    for head in heads:
        for child in head.children:
            if child.dep_ in {"nsubj", "agent"}:
                if child.dep_ == "agent":
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    if not objs:
                        continue
                    child = objs[0]
                lo = min(t.idx for t in child.subtree) - offset
                hi = max(t.idx + len(t.text) for t in child.subtree) - offset
                inside = [h for h, _ in agents if lo <= h.start and h.end <= hi]
                if inside:
                    at = child.idx - offset
                    named = [h for h in inside if h.start <= at < h.end]
                    if named:
                        return named[0]
                    # "a bomb planted in a regime vehicle by rebels": the bomb's agent
                    return min(inside, key=lambda h: (not by_agent(sent.doc, h, offset), h.start))
    return None


def _purpose(verb: Token) -> bool:
    """ "battled to break the siege": an infinitive clause of purpose."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def possessed_subject(sent: Span, trigger: Span, possessives: frozenset[str]) -> Token | None:
    """ "even as its fighters raided villages, abducting 200": the subject of the
    trigger's verb or of a verb above it owned by a pronoun of a group (``possessives``:
    "its", "their"), or None."""
    root = trigger.root
    for verb in (root, *root.ancestors):
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and any(
                c.dep_ == "poss" and c.lower_ in possessives for c in child.children
            ):
                return child
    return None


def hedged_identity(sent: Span, trigger: Span, hedge_verbs: frozenset[str]) -> Span | None:
    """ "Jets, believed to be Turkish, struck the depot": the word that says whose the
    trigger's subject is thought to be (``hedge_verbs``: "believed", "thought"), after a
    subject the spotter cannot name alone; None where the sentence tells no such thing."""
    # the parser hangs the strike on the hedge as its conjunct or its complement
    heads = _verb_chain(trigger, lambda verb: verb.dep_ in {"xcomp", "conj", "ccomp"})
    for head in heads:
        if head.lemma_.lower() not in hedge_verbs:
            continue
        for copula in head.children:
            if copula.dep_ != "xcomp" or copula.lemma_ != "be":
                continue
            for word in copula.children:
                if word.dep_ in {"acomp", "attr"} and word.pos_ in {"ADJ", "PROPN"}:
                    return sent.doc[word.i : word.i + 1]
    return None


def country_subject(sent: Span, trigger: Span, launch_verbs: frozenset[str]) -> Span | None:
    """The country name that is the subject (or passive agent) of the trigger's verb ("The
    US launched missiles", "shelled by Turkey"): a proper name alone in its phrase, "the"
    allowed before it. A trigger noun counts only as the object of a verb of launching
    (``launch_verbs``): a speaker ("Russia said"), an accused ("Russia was accused of
    bombing") or the subject of a clause that names the trigger in passing ("Russia called
    for an inquiry into the attack") is not found."""
    verb = trigger.root
    if verb.dep_ == "compound" and verb.head.pos_ == "NOUN":
        verb = verb.head
    if verb.pos_ == "NOUN":
        if verb.dep_ != "dobj" or verb.head.lemma_.lower() not in launch_verbs:
            return None
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    heads = [verb]
    while heads[-1].dep_ in {"xcomp", "conj"} and len(heads) < _SUBJECT_CLIMB:
        heads.append(heads[-1].head)
    for head in heads:
        for child in head.children:
            if child.dep_ == "agent":
                child = next((c for c in child.children if c.dep_ == "pobj"), child)
            elif child.dep_ != "nsubj":
                continue
            words = [t for t in child.subtree if t.lower_ != "the"]
            if words and all(t.pos_ == "PROPN" for t in words):
                return sent.doc[words[0].i : words[-1].i + 1]
    return None


def assault_agent(
    sent: Span, word: Token, agents: list[tuple[ActorHit, int]], cues: ActorCues
) -> ActorHit | None:
    """The actor that carries out ``word`` (a word of assault): the subject of the verb
    ("rebels attacked"); for a noun its "by" phrase ("an attack by rebels"), else the subject
    of a verb of launching (``cues.launch_verbs``: "rebels launched an offensive")."""
    if word.pos_ != "NOUN":
        return subject(sent, sent.doc[word.i : word.i + 1], agents)
    found = noun_agent(sent, word, agents)
    if found is not None:
        return found
    verb = _verb_of(word.head)
    if verb.lemma_.lower() not in cues.launch_verbs:
        return None
    return subject(sent, sent.doc[word.i : word.i + 1], agents)


def noun_agent(sent: Span, word: Token, agents: list[tuple[ActorHit, int]]) -> ActorHit | None:
    """The actor of the "by" phrase of a noun ("rocket attacks by rebels"; for a word that
    qualifies a noun, "rocket" in "rocket attacks", that noun's)."""
    if word.dep_ == "compound" and word.head.pos_ == "NOUN":
        word = word.head
    if word.pos_ != "NOUN":
        return None
    offset = sent.start_char
    for prep in word.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            for obj in prep.children:
                lo = min(t.idx for t in obj.subtree) - offset
                hi = max(t.idx + len(t.text) for t in obj.subtree) - offset
                inside = [h for h, _ in agents if lo <= h.start and h.end <= hi]
                if inside:
                    return min(inside, key=lambda h: h.start)
    return None


def embedded_subject(doc: Doc, hit: ActorHit, offset: int, trigger: Span) -> bool:
    """Whether the actor is the subject of a clause embedded in what a copula says of the
    trigger ("the rocket attack was a taste of what the army had done"); a clause of time
    ("clashes erupted after the army seized X") keeps its subject."""
    root: Token = trigger.root
    if root.dep_ == "compound" and root.head.pos_ == "NOUN":
        root = root.head
    if root.pos_ != "NOUN" or root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return False
    span = doc.char_span(hit.start + offset, hit.end + offset, alignment_mode="expand")
    if span is None or span.root.dep_ != "nsubj" or span.start < trigger.end:
        return False
    verb = span.root.head
    return verb.i != root.head.i and root.head in verb.ancestors


def is_patient(span: Span, trigger: Span, cues: ActorCues) -> bool:
    """Whether the actor undergoes the trigger: passive subject, its object, the object of
    a verb of harm anywhere ("killing four soldiers"), or the object of a patient
    preposition ("against X") outside an agent phrase (the words: ``cues``)."""
    root: Token = span.root
    # "at the Syrian military airfield", "the regime's positions": a name that qualifies a
    # military target takes its part
    while root.dep_ in _QUALIFIER_DEPS and root.head.i != root.i and root.head.pos_ == "NOUN":
        if root.head.i in range(trigger.start, trigger.end):
            break  # "regime airstrikes": the name qualifies the trigger itself
        root = root.head
        if root.lower_ in cues.target_nouns:
            break
    else:
        root = span.root  # "at a regime prison": no target, the name keeps its own part
    if root.dep_ == "nsubjpass":
        return True
    if root.dep_ == "dobj" and root.head.i in range(trigger.start, trigger.end):
        return True
    if root.dep_ == "dobj" and root.head.lemma_.lower() in cues.victim_verbs:
        return True  # "attacked the town, killing four soldiers": the soldiers are victims
    if root.dep_ == "pobj" and root.head.lower_ in cues.patient_prepositions:
        return not any(
            t.lower_ in cues.agent_prepositions for t in root.ancestors if t.dep_ == "prep"
        )
    return False


def dated_subject(span: Span, date_words: frozenset[str] = frozenset()) -> bool:
    """ "On 3 May 2021 rebels shelled X", "on Friday rebels seized X": the parser often
    takes the actor for the object of the date's preposition; an actor led by a date (a
    number or one of ``date_words``) in its own phrase is the subject."""
    root: Token = span.root
    prep = root.head
    if root.dep_ != "pobj" or prep.dep_ not in {"prep", "ROOT"}:
        return False
    lead = span.doc[prep.i + 1 : span.start]
    # the phrase hangs on the verb, or the parser made the preposition the root
    if not lead or (prep.dep_ == "prep" and prep.head.pos_ not in {"VERB", "AUX"}):
        return False
    dated = any(t.ent_type_ == "DATE" or t.like_num or t.lower_ in date_words for t in lead)
    return dated and all(t.i in {s.i for s in root.subtree} for t in lead)


def holder(span: Span, held_words: frozenset[str]) -> bool:
    """ "opposition-held", "regime-controlled", "the village held by the rebels"
    (``held_words``): the actor only qualifies a place."""
    nxt = span.doc[span.end : span.end + 2]
    if len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ in held_words:
        return True
    start = span.start
    if start > 0 and span.doc[start - 1].text == "(":
        # an abbreviation after the holder's name: "held by the Islamic State (IS) group"
        before = span.doc[max(0, start - 7) : start - 1]
        return any(_held_by(before[i : i + 2], held_words) for i in range(len(before) - 1))
    while start > 0 and span.doc[start - 1].lower_ == "the":
        start -= 1
    return _held_by(span.doc[max(0, start - 2) : start], held_words)


def _held_by(pair: Span, held_words: frozenset[str]) -> bool:
    """ "held by", "controlled by" (a word of ``held_words`` and "by")."""
    return (
        len(pair) == 2
        and pair[1].lower_ == "by"
        and pair[0].is_alpha
        and pair[0].lower_ in held_words
        and pair[0].lower_ != "of"
    )
