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

The parts have a module each: the gold documents (``gold.py``), what is compared between
two events (``compare.py``), the matching (``matching.py``), the scores of a set
(``metrics.py``), the report (``report.py``) and its rendering (``render.py``). Every name
is importable from ``conflictcoder.evaluate``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import Article, Event
from .compare import (
    FIELDS,
    TYPE_FIELDS,
    civilian_deaths,
    civilian_range,
    event_km,
    normalize_name,
)
from .gold import MODES, GoldDocument, read_gold
from .matching import MATCH_RADIUS_KM, match_events, similarity
from .metrics import NO_EVENT, FieldScore, label_scores, macro_f1, weighted_f1
from .report import EvaluationReport

__all__ = [
    "FIELDS",
    "MATCH_RADIUS_KM",
    "MODES",
    "NO_EVENT",
    "TYPE_FIELDS",
    "EvaluationReport",
    "FieldScore",
    "GoldDocument",
    "civilian_deaths",
    "civilian_range",
    "evaluate",
    "event_km",
    "label_scores",
    "macro_f1",
    "match_events",
    "normalize_name",
    "read_gold",
    "similarity",
    "weighted_f1",
]


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
        >>> import json
        >>> from conflictcoder.coder import Coder
        >>> gold = {"mode": "single", "events": [{"event_type": "Explosions/Remote violence",
        ...                                       "sub_event_type": "Air/drone strike"}]}
        >>> doc = {"id": "g1", "published": "2019-12-17", "gold": gold,
        ...        "text": "On Monday, regime helicopters dropped barrel bombs on Kafr Nabl."}
        >>> _ = (tmp / "gold.jsonl").write_text(json.dumps(doc) + "\\n")
        >>> report = evaluate([tmp / "gold.jsonl"], coder=Coder(settings))
        >>> report.matched, report.false_positives, round(report.f1, 2)
        (1, 0, 1.0)
    """
    docs = list(read_gold(paths))
    if coder is None:
        from ..coder import Coder

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
