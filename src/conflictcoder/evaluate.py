"""Score coded events against gold JSONL (format: DESIGN.md, "Document JSONL").

Each gold line is a document plus ``"gold": {"mode": ..., "events": [...]}``. The document
is coded, its predicted events are matched to the gold events, and the report counts
detection (precision, recall, F1) and, on matched pairs, the accuracy of each ACLED field.

Matching, per document and one-to-one:

* ``single``: each gold event takes the best remaining prediction, however poor; any
  further prediction is a false positive.
* ``all``: greedy by similarity (sub-event type, event type, place name or distance
  within 25 km, date, actor overlap); a pair needs the same event type or the same place.
* ``type_only``: greedy by type agreement; only event_type/sub_event_type are scored.

A gold event marked ``"optional": true`` is not a miss when no prediction matches it, and
the prediction that matches it is not a false positive; its fields are scored like any
other matched pair. ``"events": []`` makes every prediction a false positive.

What a gold set measures beyond detection and fields:

* ``type_only`` documents (one snippet, one label) give label scores: each gold event's
  label is its sub-event type and the predicted label that of the prediction matched to
  it, or ``"no event"`` when none is; a document with ``"events": []`` has the gold label
  ``"no event"`` and, as predicted label, the sub-event type of its most confident
  prediction (``"no event"`` without one). Precision, recall and F1 per label, their mean
  (macro F1) and their mean weighted by gold support (weighted F1), as in the CASE 2021
  shared task.
* Gold events with ``civilians_killed_min``/``_max`` (an incident's civilian toll as a
  range, as Airwars reports it) give the share of matched events whose civilian deaths
  lie in the range: the prediction's fatalities less those it counts as combatants.
  Such a set's ``fatalities`` is scored only where the gold gives it.

A gold event that codes no actor at all (actor1, actor2 and the associated actors null)
leaves the actor fields unscored. With several gold files the report keeps one sub-report
per file (``files``); every error line names its file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from rich.table import Table

from .errors import InputError
from .files import iter_jsonl
from .geo.distance import distance_km
from .geo.names import name_key
from .model import Article, Event

MODES: tuple[str, ...] = ("all", "single", "type_only")

# Scored fields, in report order.
FIELDS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "actor_pair",
    "assoc_actors",
    "inter1",
    "interaction",
    "admin1",
    "admin2",
    "location",
    "location_any_spelling",
    "location_10km",
    "location_25km",
    "event_date",
    "time_precision",
    "geo_precision",
    "fatalities",
)
TYPE_FIELDS: tuple[str, ...] = ("event_type", "sub_event_type")

# Distance within which two coded places count as the same place when matching events.
MATCH_RADIUS_KM = 25.0

# The Arabic definite article in transliterations: "al-"/"el-" (also before a space) and
# its sun-letter assimilations ("ar-Raqqa", "as-Sweida", "ash-Shaddadi"), which only
# count when hyphenated so that English words are left alone.
_ARTICLE = re.compile(r"(?<!\w)(?:(?:al|el)[-\s]+|(?:ad|adh|an|ar|as|ash|at|ath|az|ed|er|es|et)-)")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bf\u02be`]")
_NON_WORD = re.compile(r"[\W_]+")


def normalize_name(name: str | None) -> str:
    """A place name reduced for comparison: case, accents, punctuation, hyphens, "al-".

    Example:
        >>> normalize_name("Ar-Raqqa"), normalize_name("raqqa")
        ('raqqa', 'raqqa')
        >>> normalize_name("Tell al-Abyad") == normalize_name("Tell Abyad")
        True
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _ARTICLE.sub(" ", text)
    return _NON_WORD.sub(" ", text).strip()


def _text(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value not in (None, "") else ""


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _actors(value: Any) -> frozenset[str]:
    """ACLED joins several associated actors with ";"."""
    if not value:
        return frozenset()
    return frozenset(part for part in (_text(p) for p in str(value).split(";")) if part)


def event_km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """Great-circle distance between two events' coordinates, None when either lacks them.

    Example:
        >>> round(event_km({"latitude": 36.0, "longitude": 36.0},
        ...                {"latitude": 36.1, "longitude": 36.0}), 1)
        11.1
    """
    try:
        lat1, lon1 = float(a["latitude"]), float(a["longitude"])
        lat2, lon2 = float(b["latitude"]), float(b["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return distance_km(lat1, lon1, lat2, lon2)


def _same_place(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    name = normalize_name(gold.get("location"))
    if name and name == normalize_name(pred.get("location")):
        return True
    km = event_km(gold, pred)
    return km is not None and km <= MATCH_RADIUS_KM


def _same(gold: dict[str, Any], pred: dict[str, Any], key: str) -> bool:
    value = _text(gold.get(key))
    return bool(value) and value == _text(pred.get(key))


def similarity(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    """How alike a gold and a predicted event are (0..7): type 3, place 2, date 1, actors 1.

    Example:
        >>> similarity({"event_type": "Battles", "sub_event_type": "Armed clash"},
        ...            {"event_type": "Battles", "sub_event_type": "Armed clash"})
        3.0
    """
    score = 0.0
    if _same(gold, pred, "sub_event_type"):
        score += 3.0
    elif _same(gold, pred, "event_type"):
        score += 2.0
    name = normalize_name(gold.get("location"))
    if name and name == normalize_name(pred.get("location")):
        score += 2.0
    else:
        km = event_km(gold, pred)
        if km is not None and km <= MATCH_RADIUS_KM:
            score += 1.5 * (1.0 - km / (2 * MATCH_RADIUS_KM))
    if _same(gold, pred, "event_date"):
        score += 1.0
    keys = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
    gold_actors = frozenset().union(*(_actors(gold.get(k)) for k in keys))
    pred_actors = frozenset().union(*(_actors(pred.get(k)) for k in keys))
    if gold_actors and pred_actors:
        score += len(gold_actors & pred_actors) / len(gold_actors | pred_actors)
    return score


def _type_similarity(gold: dict[str, Any], pred: dict[str, Any]) -> float:
    if _same(gold, pred, "sub_event_type"):
        return 2.0
    return 1.0 if _same(gold, pred, "event_type") else 0.0


def match_events(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]], mode: str
) -> list[tuple[int, int]]:
    """Pair gold and predicted events one-to-one (see the module docstring).

    RETURNS (list[tuple[int, int]]): (gold index, predicted index) pairs, by gold index.

    Example:
        >>> g = [{"event_type": "Battles", "sub_event_type": "Armed clash", "location": "Hama"}]
        >>> p = [{"event_type": "Protests", "sub_event_type": "Peaceful protest"},
        ...      {"event_type": "Battles", "sub_event_type": "Armed clash"}]
        >>> match_events(g, p, "all")
        [(0, 1)]
    """
    scorer: Callable[[dict[str, Any], dict[str, Any]], float]
    scorer = _type_similarity if mode == "type_only" else similarity
    candidates: list[tuple[float, bool, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if mode == "all" and not (_same(g, p, "event_type") or _same_place(g, p)):
                continue
            candidates.append((-scorer(g, p), bool(g.get("optional")), gi, pi))
    # Best score first; on a tie a required gold event wins over an optional one.
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _score, _optional, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


# -- field comparisons: each returns True/False, or None when the pair is not scorable ----


def _exact(key: str) -> Callable[[dict[str, Any], dict[str, Any]], bool | None]:
    def compare(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
        value = gold.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _int(value) == _int(pred.get(key))
        return _text(value) == _text(pred.get(key))

    return compare


def _name(key: str) -> Callable[[dict[str, Any], dict[str, Any]], bool | None]:
    def compare(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
        value = normalize_name(gold.get(key))
        return None if not value else value == normalize_name(pred.get(key))

    return compare


def _same_name_key(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    """The location in any romanisation: equal name keys (``geo.names.name_key``: "Tall
    Bilal" and "Tal Bilal", "Kashqa" and "Qashqa"), where ``location`` wants one spelling."""
    value = name_key(str(gold.get("location") or ""))
    return None if not value else value == name_key(str(pred.get("location") or ""))


def _within(km: float) -> Callable[[dict[str, Any], dict[str, Any]], bool | None]:
    def compare(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
        distance = event_km(gold, pred)
        return None if distance is None else distance <= km

    return compare


_ACTOR_KEYS: tuple[str, ...] = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def _actors_coded(gold: dict[str, Any]) -> bool:
    """Whether the gold event codes any actor (sets that code only places or tolls do not)."""
    return any(gold.get(k) not in (None, "") for k in _ACTOR_KEYS)


def _actor2(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    # A null actor2 is a coding decision (one-sided event), so it is scored.
    if not _actors_coded(gold):
        return None
    return _text(gold.get("actor2")) == _text(pred.get("actor2"))


def _actor_pair(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    if gold.get("actor1") is None:
        return None
    pair = sorted((_text(gold.get("actor1")), _text(gold.get("actor2"))))
    return pair == sorted((_text(pred.get("actor1")), _text(pred.get("actor2"))))


def _assoc(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    if not _actors_coded(gold):
        return None
    return all(
        _actors(gold.get(k)) == _actors(pred.get(k)) for k in ("assoc_actor_1", "assoc_actor_2")
    )


def civilian_range(gold: dict[str, Any]) -> tuple[int, int] | None:
    """The gold civilian death toll as (min, max), None when the gold gives no range.

    Example:
        >>> civilian_range({"civilians_killed_min": 2, "civilians_killed_max": 5})
        (2, 5)
        >>> civilian_range({"civilians_killed_min": 3, "civilians_killed_max": None})
        (3, 3)
        >>> civilian_range({"fatalities": 3}) is None
        True
    """
    low, high = _int(gold.get("civilians_killed_min")), _int(gold.get("civilians_killed_max"))
    if low is None and high is None:
        return None
    low = high if low is None else low
    high = low if high is None else high
    assert low is not None and high is not None
    return (min(low, high), max(low, high))


def civilian_deaths(pred: dict[str, Any]) -> int:
    """A predicted event's civilian deaths: its fatalities less those counted as combatants.

    Example:
        >>> civilian_deaths({"fatalities": 5, "fatalities_breakdown": {"combatants": 2}})
        3
        >>> civilian_deaths({"fatalities": 0})
        0
    """
    total = _int(pred.get("fatalities")) or 0
    breakdown = pred.get("fatalities_breakdown") or {}
    combatants = _int(breakdown.get("combatants")) if isinstance(breakdown, dict) else None
    return max(0, total - (combatants or 0))


def _fatalities(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    if gold.get("fatalities") is None and "civilians_killed_min" in gold:
        return None  # a civilian-harm set codes civilian tolls (as ranges), not fatalities
    return (_int(gold.get("fatalities")) or 0) == (_int(pred.get("fatalities")) or 0)


_COMPARE: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool | None]] = {
    "event_type": _exact("event_type"),
    "sub_event_type": _exact("sub_event_type"),
    "actor1": _exact("actor1"),
    "actor2": _actor2,
    "actor_pair": _actor_pair,
    "assoc_actors": _assoc,
    "inter1": _exact("inter1"),
    "interaction": _exact("interaction"),
    "admin1": _name("admin1"),
    "admin2": _name("admin2"),
    "location": _name("location"),
    "location_any_spelling": _same_name_key,
    "location_10km": _within(10.0),
    "location_25km": _within(25.0),
    "event_date": _exact("event_date"),
    "time_precision": _exact("time_precision"),
    "geo_precision": _exact("geo_precision"),
    "fatalities": _fatalities,
}

# What an error line shows for a field that is not a single event key.
_SHOWN: dict[str, tuple[str, ...]] = {
    "actor_pair": ("actor1", "actor2"),
    "assoc_actors": ("assoc_actor_1", "assoc_actor_2"),
    "location_any_spelling": ("location",),
    "location_10km": ("location", "latitude", "longitude"),
    "location_25km": ("location", "latitude", "longitude"),
}
_SUMMARY_KEYS: tuple[str, ...] = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "fatalities",
)


def _shown(event: dict[str, Any], name: str) -> Any:
    keys = _SHOWN.get(name)
    if keys is None:
        return event.get(name)
    return {k: event.get(k) for k in keys}


def _summary(event: dict[str, Any]) -> dict[str, Any]:
    return {k: event.get(k) for k in _SUMMARY_KEYS}


# -- gold documents ----------------------------------------------------------------------


@dataclass(frozen=True)
class GoldDocument:
    """One gold line: the article to code, the mode and the gold events (plain dicts)."""

    article: Article
    mode: str
    events: tuple[dict[str, Any], ...]
    file: str = ""


def _optional_str(data: dict[str, Any], key: str, path: Path, line: int) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(path, f"'{key}' must be a string or null", line)
    return value


def _gold_document(data: Any, path: Path, line: int) -> GoldDocument:
    if not isinstance(data, dict):
        raise InputError(path, "expected a JSON object", line)
    for key in ("id", "text", "gold"):
        if key not in data:
            raise InputError(path, f"missing '{key}'", line)
    if not isinstance(data["id"], str | int) or isinstance(data["id"], bool):
        raise InputError(path, "'id' must be a string", line)
    if not isinstance(data["text"], str):
        raise InputError(path, "'text' must be a string", line)
    published: date | None = None
    if data.get("published") is not None:
        try:
            published = date.fromisoformat(str(data["published"]))
        except ValueError:
            raise InputError(
                path, f"invalid published date '{data['published']}': use YYYY-MM-DD", line
            ) from None
    gold = data["gold"]
    if not isinstance(gold, dict):
        raise InputError(path, "'gold' must be an object with 'mode' and 'events'", line)
    mode = gold.get("mode")
    if mode not in MODES:
        raise InputError(path, f"unknown gold mode {mode!r}: use all, single or type_only", line)
    events = gold.get("events")
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise InputError(path, "'gold.events' must be a list of objects", line)
    article = Article(
        id=str(data["id"]),
        text=data["text"],
        title=_optional_str(data, "title", path, line),
        published=published,
        source=_optional_str(data, "source", path, line),
        url=_optional_str(data, "url", path, line),
        language=_optional_str(data, "language", path, line) or "en",
        origin=f"{path}:{line}",
    )
    return GoldDocument(article, mode, tuple(events), str(path))


def read_gold(paths: Iterable[str | Path]) -> Iterator[GoldDocument]:
    """Read gold JSONL files; blank lines are skipped.

    Raises InputError naming the file and line of the first malformed document.

    Example:
        >>> docs = list(read_gold(["tests/fixtures/eval/gold.jsonl"]))  # doctest: +SKIP
    """
    for raw in paths:
        path = Path(raw)
        for number, data in iter_jsonl(path):
            yield _gold_document(data, path, number)


# -- the report -------------------------------------------------------------------------


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


@dataclass
class EvaluationReport:
    """Detection counts, per-field scores and the mismatches behind them.

    documents: gold documents coded. gold_events: required gold events (optional ones are
    counted in optional_gold_events). predicted: every predicted event. matched: required
    gold events matched. optional_matched: optional gold events matched. false_positives:
    predictions matched to no gold event. fields: per-field scores on all matched pairs.
    errors: one dict per mismatch, miss or false positive ({doc_id, field, gold,
    predicted, event_id, file}). labels: (gold, predicted) label pairs of type_only
    documents. civilians: matched events with a gold civilian range, and how many fall in
    it. files: one sub-report per gold file.

    Example:
        >>> EvaluationReport(gold_events=4, predicted=2, matched=2, false_positives=0).recall
        0.5
    """

    documents: int = 0
    gold_events: int = 0
    optional_gold_events: int = 0
    predicted: int = 0
    matched: int = 0
    optional_matched: int = 0
    false_positives: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    errors: list[dict[str, Any]] = field(default_factory=list)
    labels: list[tuple[str, str]] = field(default_factory=list)
    civilians: FieldScore = field(default_factory=FieldScore)
    files: dict[str, EvaluationReport] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        """Matched / (matched + false positives); 0.0 without predictions."""
        return _ratio(self.matched, self.matched + self.false_positives)

    @property
    def recall(self) -> float:
        """Matched / required gold events; 0.0 without gold events."""
        return _ratio(self.matched, self.gold_events)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def label_scores(self) -> dict[str, dict[str, Any]]:
        """Per-label precision, recall, F1 and support over the type_only documents."""
        return label_scores(self.labels)

    @property
    def weighted_f1(self) -> float | None:
        """Label F1 weighted by gold support; None without type_only documents."""
        return weighted_f1(self.label_scores) if self.labels else None

    @property
    def macro_f1(self) -> float | None:
        """Unweighted mean label F1; None without type_only documents."""
        return macro_f1(self.label_scores) if self.labels else None

    def add(self, doc: GoldDocument, predicted: list[Event], *, per_file: bool = True) -> None:
        """Score one coded gold document into the report (and into its file's sub-report)."""
        if per_file:
            self.files.setdefault(doc.file, EvaluationReport()).add(doc, predicted, per_file=False)
        self.documents += 1
        doc_id = doc.article.id
        gold = list(doc.events)
        preds = [event.to_dict() for event in predicted]
        pairs = match_events(gold, preds, doc.mode)
        matched_gold = {gi for gi, _ in pairs}
        matched_pred = {pi for _, pi in pairs}
        self.predicted += len(preds)
        first_error = len(self.errors)
        for gi, g in enumerate(gold):
            optional = bool(g.get("optional"))
            if optional:
                self.optional_gold_events += 1
                self.optional_matched += int(gi in matched_gold)
            else:
                self.gold_events += 1
                self.matched += int(gi in matched_gold)
                if gi not in matched_gold:
                    self.errors.append(
                        {
                            "doc_id": doc_id,
                            "field": "missed_event",
                            "gold": _summary(g),
                            "predicted": None,
                            "event_id": None,
                        }
                    )
        for pi, p in enumerate(preds):
            if pi not in matched_pred:
                self.false_positives += 1
                self.errors.append(
                    {
                        "doc_id": doc_id,
                        "field": "false_positive",
                        "gold": None,
                        "predicted": _summary(p),
                        "event_id": p.get("event_id"),
                    }
                )
        names = TYPE_FIELDS if doc.mode == "type_only" else FIELDS
        for gi, pi in pairs:
            g, p = gold[gi], preds[pi]
            for name in names:
                verdict = _COMPARE[name](g, p)
                if verdict is None:
                    continue
                score = self.fields[name]
                score.total += 1
                if verdict:
                    score.correct += 1
                else:
                    self.errors.append(
                        {
                            "doc_id": doc_id,
                            "field": name,
                            "gold": _shown(g, name),
                            "predicted": _shown(p, name),
                            "event_id": p.get("event_id"),
                        }
                    )
            self._score_civilians(doc_id, g, p)
        if doc.mode == "type_only":
            self._score_labels(doc_id, gold, preds, pairs)
        for error in self.errors[first_error:]:
            error["file"] = doc.file

    def _score_civilians(self, doc_id: str, gold: dict[str, Any], pred: dict[str, Any]) -> None:
        span = civilian_range(gold)
        if span is None:
            return
        deaths = civilian_deaths(pred)
        self.civilians.total += 1
        if span[0] <= deaths <= span[1]:
            self.civilians.correct += 1
            return
        self.errors.append(
            {
                "doc_id": doc_id,
                "field": "civilians_killed",
                "gold": list(span),
                "predicted": deaths,
                "event_id": pred.get("event_id"),
            }
        )

    def _score_labels(
        self,
        doc_id: str,
        gold: list[dict[str, Any]],
        preds: list[dict[str, Any]],
        pairs: list[tuple[int, int]],
    ) -> None:
        chosen: list[tuple[str, dict[str, Any] | None]] = []
        if gold:
            paired = dict(pairs)
            for gi, g in enumerate(gold):
                p = preds[paired[gi]] if gi in paired else None
                chosen.append((str(g.get("sub_event_type") or NO_EVENT), p))
        else:
            best = max(preds, key=lambda e: float(e.get("confidence") or 0.0), default=None)
            chosen.append((NO_EVENT, best))
        for gold_label, p in chosen:
            label = str(p.get("sub_event_type") or NO_EVENT) if p is not None else NO_EVENT
            self.labels.append((gold_label, label))
            if label != gold_label:
                self.errors.append(
                    {
                        "doc_id": doc_id,
                        "field": "label",
                        "gold": gold_label,
                        "predicted": label,
                        "event_id": None if p is None else p.get("event_id"),
                    }
                )

    def to_dict(self) -> dict[str, Any]:
        """Counts, detection scores and per-field scores as JSON-ready values.

        Example:
            >>> EvaluationReport().to_dict()["fields"]["fatalities"]
            {'correct': 0, 'total': 0, 'accuracy': None}
        """
        data = self._dict()
        if len(self.files) > 1:
            data["files"] = {name: report._dict() for name, report in self.files.items()}
        return data

    def _labels_dict(self) -> dict[str, Any] | None:
        if not self.labels:
            return None
        scores = self.label_scores
        hits = sum(1 for g, p in self.labels if g == p)
        return {
            "documents": len(self.labels),
            "accuracy": round(_ratio(hits, len(self.labels)), 4),
            "weighted_f1": round(weighted_f1(scores), 4),
            "macro_f1": round(macro_f1(scores), 4),
            "per_label": {
                label: {k: round(v, 4) if isinstance(v, float) else v for k, v in score.items()}
                for label, score in scores.items()
            },
        }

    def _dict(self) -> dict[str, Any]:
        civilians = self.civilians
        return {
            "documents": self.documents,
            "gold_events": self.gold_events,
            "optional_gold_events": self.optional_gold_events,
            "predicted": self.predicted,
            "matched": self.matched,
            "optional_matched": self.optional_matched,
            "false_positives": self.false_positives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "fields": {
                name: {
                    "correct": score.correct,
                    "total": score.total,
                    "accuracy": None if score.accuracy is None else round(score.accuracy, 4),
                }
                for name, score in self.fields.items()
            },
            "labels": self._labels_dict(),
            "civilians_killed_in_range": {
                "correct": civilians.correct,
                "total": civilians.total,
                "accuracy": None if civilians.accuracy is None else round(civilians.accuracy, 4),
            },
        }

    def to_tables(self) -> list[Table]:
        """One table per gold file when there are several, then the table of the whole.

        Example:
            >>> len(EvaluationReport().to_tables())
            1
        """
        if len(self.files) <= 1:
            return [self.to_table()]
        tables = [report.to_table(title=name) for name, report in self.files.items()]
        return [*tables, self.to_table(title="all files")]

    def to_table(self, *, title: str = "conflictcoder evaluation") -> Table:
        """The report as one Rich table: detection rows, label and civilian-toll rows where
        the gold has them, then one row per field.

        Example:
            >>> EvaluationReport().to_table().row_count
            21
        """
        table = Table(
            title=title,
            caption=(
                f"{self.documents} documents, {self.gold_events} gold events "
                f"(+{self.optional_gold_events} optional), {self.predicted} predicted, "
                f"{self.matched} matched (+{self.optional_matched} optional)"
            ),
        )
        table.add_column("measure")
        table.add_column("score", justify="right")
        table.add_column("correct", justify="right")
        table.add_column("of", justify="right")
        table.add_row(
            "precision",
            f"{self.precision:.3f}",
            str(self.matched),
            str(self.matched + self.false_positives),
        )
        table.add_row("recall", f"{self.recall:.3f}", str(self.matched), str(self.gold_events))
        table.add_row("F1", f"{self.f1:.3f}", "", "", end_section=True)
        if self.labels:
            hits = sum(1 for g, p in self.labels if g == p)
            n = str(len(self.labels))
            table.add_row("label weighted F1", f"{self.weighted_f1:.3f}", "", n)
            table.add_row("label macro F1", f"{self.macro_f1:.3f}", "", n)
            table.add_row(
                "label accuracy",
                f"{_ratio(hits, len(self.labels)):.3f}",
                str(hits),
                n,
                end_section=True,
            )
        if self.civilians.total:
            table.add_row(
                "civilians killed in range",
                f"{self.civilians.accuracy:.3f}",
                str(self.civilians.correct),
                str(self.civilians.total),
                end_section=True,
            )
        for name, score in self.fields.items():
            shown = "-" if score.accuracy is None else f"{score.accuracy:.3f}"
            table.add_row(name, shown, str(score.correct), str(score.total))
        return table

    def write_errors(self, fh: TextIO) -> int:
        """Write the mismatches as JSONL (doc_id, field, gold, predicted, event_id).

        RETURNS (int): the number of lines written.
        """
        for error in self.errors:
            fh.write(json.dumps(error, ensure_ascii=False) + "\n")
        return len(self.errors)


def _code_all(coder: Any, docs: list[GoldDocument]) -> Iterator[tuple[GoldDocument, list[Event]]]:
    """Code the documents, batched through ``code_many`` when the coder has it."""
    if not hasattr(coder, "code_many"):
        for doc in docs:
            yield doc, list(coder.code(doc.article))
        return
    # code_many yields in input order; it may hand back a cleaned copy of each article.
    pending: deque[GoldDocument] = deque()

    def articles() -> Iterator[Article]:
        for doc in docs:
            pending.append(doc)
            yield doc.article

    for _article, events in coder.code_many(articles()):
        yield pending.popleft(), list(events)


def evaluate(
    paths: Iterable[str | Path], *, coder: Any | None = None, progress: bool = False
) -> EvaluationReport:
    """Code every gold document and score the predictions.

    paths (Iterable[str | Path]): gold JSONL files.
    coder (Any | None): anything with ``code(article)`` (and optionally ``code_many``).
        Defaults to ``Coder()`` with the packaged settings.
    progress (bool): show a progress bar on stderr when it is a terminal. Defaults to False.
    RETURNS (EvaluationReport): the scores. Raises InputError for a malformed gold file.

    Example:
        >>> report = evaluate(["gold.jsonl"])  # doctest: +SKIP
        >>> round(report.f1, 2)  # doctest: +SKIP
        0.71
    """
    docs = list(read_gold(paths))
    if coder is None:
        from .coder import Coder

        coder = Coder()
    report = EvaluationReport()
    if not progress:
        for doc, events in _code_all(coder, docs):
            report.add(doc, events)
        return report

    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("evaluating", total=len(docs))
        for doc, events in _code_all(coder, docs):
            report.add(doc, events)
            bar.advance(task)
    return report
