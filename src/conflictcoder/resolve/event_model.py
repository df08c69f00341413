"""A statistical event-type model: ACLED sub-event type (or "no event") of a sentence.

A multinomial logistic regression over words and word pairs, in plain numpy, trained only
on sentences written for this project (``training/event_types/``; rebuild the packaged
weights with ``scripts/train_event_model.py``). It needs no parse: its features come from
the sentence text, so it costs a regular expression and a few dictionary look-ups.

The model only scores; what it may change (which rule types it may replace, with which
types, and how sure it must be) is data in ``ontology/event_model.yaml``, applied by
``EventTypeReviser``.

Example:
    >>> model = load_event_model()
    >>> model.best("Police defused a bomb planted near the school.")[0]
    'Disrupted weapons use'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..model import Event
from ..ontology import ONTOLOGY_DIR, SubEventType, acled_types, line_of, load_yaml
from ..ontology.loader import rule_family

__all__ = [
    "EVENT_MODEL",
    "EVENT_POLICY",
    "MODEL_FILE",
    "NO_EVENT",
    "POLICY_FILE",
    "EventTypeModel",
    "EventTypeReviser",
    "RevisionPolicy",
    "features",
    "load_event_model",
    "load_policy",
]

NO_EVENT = "no event"
MODEL_FILE = ONTOLOGY_DIR / "event_model.json"
POLICY_FILE = ONTOLOGY_DIR / "event_model.yaml"

_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*|\d+(?:[.,]\d+)*")
# Inflections folded together so that "shelled", "shelling" and "shells" share a feature;
# a crude stemmer is enough for a bag of words and keeps the model free of the parser.
_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s")


def _stem(word: str) -> str:
    if word[0].isdigit():
        return "<num>"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ied", "ies") else stem
    return word


def features(text: str) -> list[str]:
    """The features of ``text``: its stemmed words and each pair of neighbouring words.

    Example:
        >>> features("Troops shelled 3 villages")
        ['troop', 'shell', '<num>', 'villag', 'troop shell', 'shell <num>', '<num> villag']
    """
    words = [_stem(w) for w in _WORD.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True)
class EventTypeModel:
    """Weights of the model: one row per feature, one column per label.

    labels (tuple[str, ...]): the labels, ACLED sub-event types and ``"no event"``.
    bias (tuple[float, ...]): one per label.
    weights (dict[str, tuple[float, ...]]): per feature, one weight per label.
    """

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, text: str) -> dict[str, float]:
        """The probability of each label for ``text`` (they sum to 1).

        Example:
            >>> round(sum(load_event_model().scores("Jets bombed the town.").values()), 6)
            1.0
        """
        totals = list(self.bias)
        for feature in set(features(text)):
            row = self.weights.get(feature)
            if row is not None:
                totals = [t + w for t, w in zip(totals, row, strict=True)]
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        norm = sum(exps)
        return {label: e / norm for label, e in zip(self.labels, exps, strict=True)}

    def best(self, text: str) -> tuple[str, float]:
        """The most probable label of ``text`` and its probability."""
        scores = self.scores(text)
        label = max(scores, key=lambda k: (scores[k], k))
        return label, scores[label]

    def to_json(self) -> dict[str, Any]:
        """The model as JSON-ready data (weights in thousandths, features sorted)."""
        return {
            "labels": list(self.labels),
            "bias": [round(b * 1000) for b in self.bias],
            "weights": {
                f: [round(w * 1000) for w in self.weights[f]] for f in sorted(self.weights)
            },
        }

    @classmethod
    def from_json(cls, data: Any, path: Path) -> EventTypeModel:
        """Read a model written by ``to_json``; OntologyError naming ``path`` if malformed."""
        try:
            labels = tuple(str(label) for label in data["labels"])
            bias = tuple(int(b) / 1000 for b in data["bias"])
            weights = {
                str(f): tuple(int(w) / 1000 for w in row) for f, row in data["weights"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise OntologyError(path, f"not an event-type model ({exc})") from None
        known = set(acled_types()) | {NO_EVENT}
        for label in labels:
            if label not in known:
                raise OntologyError(path, f"unknown label '{label}' in the event-type model")
        if len(bias) != len(labels) or any(len(r) != len(labels) for r in weights.values()):
            raise OntologyError(path, "each row of the event-type model needs a weight per label")
        return cls(labels, bias, weights)


def load_event_model(path: str | Path = MODEL_FILE) -> EventTypeModel:
    """The model stored at ``path`` (the packaged one by default; ``EVENT_MODEL.packaged()``
    reads that once).

    Raises OntologyError naming the file when it is missing or malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise OntologyError(
            path, "no event-type model here: run scripts/train_event_model.py to build it"
        ) from None
    except json.JSONDecodeError as exc:
        raise OntologyError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None
    return EventTypeModel.from_json(data, path)


def train(
    samples: Sequence[tuple[str, str]],
    labels: Sequence[str],
    *,
    min_count: int = 2,
    l2: float = 1e-3,
    epochs: int = 400,
    rate: float = 0.5,
) -> EventTypeModel:
    """Fit the model to ``samples`` ((text, label) pairs) by full-batch gradient descent on
    the L2-regularised cross-entropy, starting from zero weights (deterministic).

    min_count (int): features seen in fewer samples are left out. Defaults to 2.
    l2 (float): weight of the L2 penalty. Defaults to 1e-3.
    epochs (int): gradient steps. Defaults to 400.
    rate (float): step size. Defaults to 0.5.
    """
    import numpy as np

    counts: dict[str, int] = {}
    rows = [sorted(set(features(text))) for text, _ in samples]
    for row in rows:
        for f in row:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    label_index = {label: i for i, label in enumerate(labels)}
    # the samples as a sparse binary matrix: the feature columns of each row, in one array
    cols_of = [[index[f] for f in row if f in index] for row in rows]
    cols = np.array([c for row in cols_of for c in row], dtype=np.int64)
    owner = np.array([i for i, row in enumerate(cols_of) for _ in row], dtype=np.int64)
    y = np.zeros((len(samples), len(labels)))
    for i, (_, label) in enumerate(samples):
        y[i, label_index[label]] = 1.0
    # classes weighted to the same total, so a label with many templates does not win by size
    per_class = y.sum(axis=0)
    sample_weight = (y @ (len(samples) / (len(labels) * np.maximum(per_class, 1.0))))[:, None]
    w = np.zeros((len(vocab), len(labels)))
    b = np.zeros(len(labels))
    n = float(len(samples))
    for _ in range(epochs):
        logits = np.zeros((len(samples), len(labels)))
        np.add.at(logits, owner, w[cols])
        logits += b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) * sample_weight / n
        gw = np.zeros_like(w)
        np.add.at(gw, cols, grad[owner])
        w -= rate * (gw + l2 * w)
        b -= rate * grad.sum(axis=0)
    weights = {
        f: tuple(float(v) for v in w[index[f]])
        for f in vocab
        if float(np.abs(w[index[f]]).max()) >= 0.0005
    }
    return EventTypeModel(tuple(labels), tuple(float(v) for v in b), weights)


@dataclass(frozen=True)
class RevisionPolicy:
    """What the model may change (see the header of ``ontology/event_model.yaml``).

    ladders (tuple[tuple[str, ...], ...]): sub-event types from the mildest to the gravest;
        the model may move an event up its ladder, never down.
    relabel (float): the probability the model's type needs to replace the rule's.
    margin (float): by how much it must beat the rule's type.
    drop (float): the probability of "no event" that drops an event.
    drop_types (frozenset[str]): the rule types an event may be dropped from.
    """

    ladders: tuple[tuple[str, ...], ...] = ()
    relabel: float = 0.5
    margin: float = 0.1
    drop: float = 1.0
    drop_types: frozenset[str] = frozenset()

    def allows(self, current: str, proposed: str) -> bool:
        """Whether the model may turn an event of type ``current`` into ``proposed``.

        Example:
            >>> policy = RevisionPolicy(ladders=(("Peaceful protest", "Violent demonstration"),))
            >>> policy.allows("Peaceful protest", "Violent demonstration")
            True
            >>> policy.allows("Violent demonstration", "Peaceful protest")
            False
        """
        for ladder in self.ladders:
            if current in ladder and proposed in ladder:
                return ladder.index(proposed) > ladder.index(current)
        return False


def _unit(value: Any, path: Path, key: str, line: int | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise OntologyError(path, f"'{key}' must be a number from 0 to 1", line, key=key)
    return float(value)


def _types(value: Any, path: Path, key: str, line: int | None) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise OntologyError(path, f"'{key}' must be a list of sub-event types", line, key=key)
    known = acled_types()
    for name in value:
        if name not in known:
            raise OntologyError(path, f"unknown sub_event_type '{name}' in '{key}'", line, key=key)
    return tuple(str(v) for v in value)


def load_policy(path: str | Path = POLICY_FILE) -> RevisionPolicy:
    """The revision policy in ``path`` (the packaged one by default), validated.

    Raises OntologyError naming the file (and line) for an unknown key or sub-event type
    or a threshold outside 0-1.

    Example:
        >>> load_policy().allows("Peaceful protest", "Violent demonstration")
        True
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(path, "the event-model policy must be a mapping")
    line = line_of(data)
    unknown = set(data) - {"ladders", "relabel", "margin", "drop", "drop_types", "__line__"}
    if unknown:
        raise OntologyError(path, f"unknown key(s) {', '.join(sorted(unknown))}", line)
    ladders = data.get("ladders") or []
    if not isinstance(ladders, list):
        raise OntologyError(path, "'ladders' must be a list of lists of sub-event types", line)
    return RevisionPolicy(
        ladders=tuple(_types(g, path, "ladders", line_of(g) or line) for g in ladders),
        relabel=_unit(data.get("relabel", 0.5), path, "relabel", line),
        margin=_unit(data.get("margin", 0.1), path, "margin", line),
        drop=_unit(data.get("drop", 1.0), path, "drop", line),
        drop_types=frozenset(_types(data.get("drop_types") or [], path, "drop_types", line)),
    )


EVENT_MODEL = rule_family("event_model", MODEL_FILE, lambda user: load_event_model())
EVENT_POLICY = rule_family("event_policy", POLICY_FILE, lambda user: load_policy())


class EventTypeReviser:
    """Revise the rules' events where the model is sure and the policy lets it.

    An event takes the model's best type when the policy allows the move (up a ladder of
    gravity: "Peaceful protest" to "Violent demonstration", never back), the model gives
    that type at least ``policy.relabel`` and it beats the rule's type by
    ``policy.margin``. An event of a type in ``policy.drop_types`` whose sentences the
    model reads as "no event" with at least ``policy.drop`` is left out. Everything else
    is kept as the rules coded it.

    model (EventTypeModel): the scorer. Defaults to the packaged model.
    policy (RevisionPolicy): what it may change. Defaults to ``ontology/event_model.yaml``.
    types (Mapping[str, SubEventType]): ACLED's sub-event types. Defaults to the packaged.

    Example:
        >>> from conflictcoder.model import Event, Evidence
        >>> reviser = EventTypeReviser()
        >>> reviser.decide(Event(None, "Protests", "Peaceful protest", evidence=[
        ...     Evidence("d", "Protesters hurled stones and torched a police car.", 0, 50)]))
        'Violent demonstration'
    """

    def __init__(
        self,
        *,
        model: EventTypeModel | None = None,
        policy: RevisionPolicy | None = None,
        types: Mapping[str, SubEventType] | None = None,
    ) -> None:
        self.model = model if model is not None else EVENT_MODEL.packaged()
        self.policy = policy if policy is not None else EVENT_POLICY.packaged()
        self.types = types if types is not None else acled_types()

    @staticmethod
    def text_of(event: Event) -> str:
        """The sentences the event was coded from, in order, joined."""
        return " ".join(dict.fromkeys(e.sentence for e in event.evidence))

    def decide(self, event: Event) -> str | None:
        """The sub-event type ``event`` should have: its own, another, or None to drop it."""
        current = event.sub_event_type
        can_drop = current in self.policy.drop_types
        if not can_drop and not any(current in ladder for ladder in self.policy.ladders):
            return current  # nothing the model could change: skip the scoring
        text = self.text_of(event)
        if not text:
            return current
        scores = self.model.scores(text)
        if can_drop and scores.get(NO_EVENT, 0.0) >= self.policy.drop:
            return None
        best = max((k for k in scores if k != NO_EVENT), key=lambda k: (scores[k], k))
        if (
            best != current
            and self.policy.allows(current, best)
            and scores[best] >= self.policy.relabel
            and scores[best] - scores.get(current, 0.0) >= self.policy.margin
        ):
            return best
        return current

    def revise(self, events: Iterable[Event]) -> list[Event]:
        """``events`` with the model's revisions: retyped, dropped or kept."""
        result = []
        types = self.types
        for event in events:
            decided = self.decide(event)
            if decided is None:
                continue
            if decided != event.sub_event_type:
                sub = types[decided]
                event = replace(
                    event,
                    sub_event_type=decided,
                    event_type=sub.event_type,
                    plover_type=sub.plover,
                    civilian_targeting=event.civilian_targeting
                    if sub.event_type == "Violence against civilians"
                    else None,
                    event_id="",
                )
            result.append(event)
        return result
