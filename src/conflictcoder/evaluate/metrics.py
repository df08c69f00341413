"""The scores of a gold set: per-field accuracy (``FieldScore``) and, over the labels of
``type_only`` documents, precision, recall and F1 per label with their macro and weighted
means, as in the CASE 2021 shared task.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass
class FieldScore:
    """Correct answers out of the matched pairs where the field could be scored."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


# The label of a type_only document about no conflict event, and of a gold event missed.
NO_EVENT = "no event"


def label_scores(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """Precision, recall, F1 and gold support per label from (gold, predicted) label pairs.

    Every label seen on either side is scored; one never predicted has precision 0.0.

    Example:
        >>> s = label_scores([("Attack", "Attack"), ("Attack", "no event"), ("no event", "Attack")])
        >>> s["Attack"]["precision"], s["Attack"]["recall"], s["Attack"]["support"]
        (0.5, 0.5, 2)
    """
    pairs = list(pairs)
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    scores: dict[str, dict[str, Any]] = {}
    for label in labels:
        hits = sum(1 for g, p in pairs if g == label and p == label)
        support = sum(1 for g, _ in pairs if g == label)
        predicted = sum(1 for _, p in pairs if p == label)
        precision, recall = _ratio(hits, predicted), _ratio(hits, support)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": support,
            "predicted": predicted,
        }
    return scores


def macro_f1(scores: dict[str, dict[str, Any]]) -> float:
    """The unweighted mean F1 over labels (see ``label_scores``).

    Example:
        >>> macro_f1({"a": {"f1": 1.0, "support": 3}, "b": {"f1": 0.0, "support": 1}})
        0.5
    """
    return sum(s["f1"] for s in scores.values()) / len(scores) if scores else 0.0


def weighted_f1(scores: dict[str, dict[str, Any]]) -> float:
    """The mean F1 over labels weighted by gold support (a label only predicted weighs 0).

    Example:
        >>> weighted_f1({"a": {"f1": 1.0, "support": 3}, "b": {"f1": 0.0, "support": 1}})
        0.75
    """
    support = sum(s["support"] for s in scores.values())
    return _ratio(sum(s["f1"] * s["support"] for s in scores.values()), support)
