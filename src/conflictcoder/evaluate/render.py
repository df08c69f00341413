"""An evaluation report written out: as JSON-ready values (``report_dict``, what
``conflictcoder evaluate --json`` prints) or as Rich tables (``report_table``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table

from .metrics import _ratio, macro_f1, weighted_f1

if TYPE_CHECKING:
    from .report import EvaluationReport


def report_dict(report: EvaluationReport) -> dict[str, Any]:
    """Counts, detection scores and per-field scores as JSON-ready values; with several
    gold files, the scores of each under ``files``."""
    data = _scores(report)
    if len(report.files) > 1:
        data["files"] = {name: _scores(part) for name, part in report.files.items()}
    return data


def _label_scores(report: EvaluationReport) -> dict[str, Any] | None:
    if not report.labels:
        return None
    scores = report.label_scores
    hits = sum(1 for g, p in report.labels if g == p)
    return {
        "documents": len(report.labels),
        "accuracy": round(_ratio(hits, len(report.labels)), 4),
        "weighted_f1": round(weighted_f1(scores), 4),
        "macro_f1": round(macro_f1(scores), 4),
        "per_label": {
            label: {k: round(v, 4) if isinstance(v, float) else v for k, v in score.items()}
            for label, score in scores.items()
        },
    }


def _scores(report: EvaluationReport) -> dict[str, Any]:
    civilians = report.civilians
    return {
        "documents": report.documents,
        "gold_events": report.gold_events,
        "optional_gold_events": report.optional_gold_events,
        "predicted": report.predicted,
        "matched": report.matched,
        "optional_matched": report.optional_matched,
        "false_positives": report.false_positives,
        "precision": round(report.precision, 4),
        "recall": round(report.recall, 4),
        "f1": round(report.f1, 4),
        "fields": {
            name: {
                "correct": score.correct,
                "total": score.total,
                "accuracy": None if score.accuracy is None else round(score.accuracy, 4),
            }
            for name, score in report.fields.items()
        },
        "labels": _label_scores(report),
        "civilians_killed_in_range": {
            "correct": civilians.correct,
            "total": civilians.total,
            "accuracy": None if civilians.accuracy is None else round(civilians.accuracy, 4),
        },
    }


def report_tables(report: EvaluationReport) -> list[Table]:
    """One table per gold file when there are several, then the table of the whole."""
    if len(report.files) <= 1:
        return [report_table(report)]
    tables = [report_table(part, title=name) for name, part in report.files.items()]
    return [*tables, report_table(report, title="all files")]


def report_table(report: EvaluationReport, *, title: str = "conflictcoder evaluation") -> Table:
    """The report as one Rich table: detection rows, label and civilian-toll rows where
    the gold has them, then one row per field."""
    table = Table(
        title=title,
        caption=(
            f"{report.documents} documents, {report.gold_events} gold events "
            f"(+{report.optional_gold_events} optional), {report.predicted} predicted, "
            f"{report.matched} matched (+{report.optional_matched} optional)"
        ),
    )
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_column("correct", justify="right")
    table.add_column("of", justify="right")
    table.add_row(
        "precision",
        f"{report.precision:.3f}",
        str(report.matched),
        str(report.matched + report.false_positives),
    )
    table.add_row("recall", f"{report.recall:.3f}", str(report.matched), str(report.gold_events))
    table.add_row("F1", f"{report.f1:.3f}", "", "", end_section=True)
    if report.labels:
        hits = sum(1 for g, p in report.labels if g == p)
        n = str(len(report.labels))
        table.add_row("label weighted F1", f"{report.weighted_f1:.3f}", "", n)
        table.add_row("label macro F1", f"{report.macro_f1:.3f}", "", n)
        table.add_row(
            "label accuracy",
            f"{_ratio(hits, len(report.labels)):.3f}",
            str(hits),
            n,
            end_section=True,
        )
    if report.civilians.total:
        table.add_row(
            "civilians killed in range",
            f"{report.civilians.accuracy:.3f}",
            str(report.civilians.correct),
            str(report.civilians.total),
            end_section=True,
        )
    for name, score in report.fields.items():
        shown = "-" if score.accuracy is None else f"{score.accuracy:.3f}"
        table.add_row(name, shown, str(score.correct), str(score.total))
    return table
