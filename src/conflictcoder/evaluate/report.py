"""The report of an evaluation: detection counts, per-field scores, label pairs, civilian
tolls and the mismatches behind them, added up one coded gold document at a time
(``EvaluationReport.add``); ``render.py`` writes it as JSON-ready values or Rich tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TextIO

from rich.table import Table

from ..model import Event
from .compare import (
    COMPARE,
    FIELDS,
    TYPE_FIELDS,
    _shown,
    _summary,
    civilian_deaths,
    civilian_range,
)
from .gold import GoldDocument
from .matching import match_events
from .metrics import NO_EVENT, FieldScore, _ratio, label_scores, macro_f1, weighted_f1
from .render import report_dict, report_table, report_tables


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
                verdict = COMPARE[name](g, p)
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
        """Counts, detection scores and per-field scores as JSON-ready values (``render``).

        Example:
            >>> EvaluationReport().to_dict()["fields"]["fatalities"]
            {'correct': 0, 'total': 0, 'accuracy': None}
        """
        return report_dict(self)

    def to_tables(self) -> list[Table]:
        """One table per gold file when there are several, then the table of the whole.

        Example:
            >>> len(EvaluationReport().to_tables())
            1
        """
        return report_tables(self)

    def to_table(self, *, title: str = "conflictcoder evaluation") -> Table:
        """The report as one Rich table (``render.report_table``).

        Example:
            >>> EvaluationReport().to_table().row_count
            21
        """
        return report_table(self, title=title)

    def write_errors(self, fh: TextIO) -> int:
        """Write the mismatches as JSONL (doc_id, field, gold, predicted, event_id).

        RETURNS (int): the number of lines written.
        """
        for error in self.errors:
            fh.write(json.dumps(error, ensure_ascii=False) + "\n")
        return len(self.errors)
