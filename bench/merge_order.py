"""Merge order: the same reports must give the same dataset whatever order they arrive in.

Codes a corpus once (the coder is deterministic per article), then stores the coded
articles in five ways and compares the stores' ``export --format jsonl``:

* in file order, in reverse order, and shuffled (a fixed seed);
* in two overlapping halves (the first 60 % and the last 60 %) ingested at the same time
  by two threads, each with its own connection to one store.

Every export leaves out ``timestamp`` (the time of the store's last change to the event,
which no two runs share) and is compared byte for byte with the first. Prints one JSON
object: the number of events in each store, whether the exports are identical, and for
each differing store how many event ids and lines differ. Reads the corpus at run time
(``../shared/corpus/fakes_syria_news.jsonl`` by default); too slow for the test suite
(``tests/store/test_arrival_order.py`` checks the same on a handful of reports).

Usage:
    python bench/merge_order.py [--corpus FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import platform
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "fakes_syria_news.jsonl"


def export_without_timestamp(db: Path) -> str:
    from conflictcoder.export import write_events
    from conflictcoder.store import open_store

    buffer = io.StringIO()
    with open_store(db) as store:
        write_events(store.events(), buffer, "jsonl")
    lines = []
    for line in buffer.getvalue().splitlines():
        record = json.loads(line)
        record.pop("timestamp", None)
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def ingest(db: Path, pairs: list[tuple[Any, list[Any]]]) -> None:
    from conflictcoder.store import open_store

    with open_store(db) as store:
        for article, events in pairs:
            store.ingest(article, events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N documents.")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="Keep the coded corpus in this file (pickle) and reuse it on the next run.",
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        print(json.dumps({"benchmark": "merge_order", "skipped": f"{args.corpus} not found"}))
        return

    from conflictcoder.coder import Coder
    from conflictcoder.ingest import read_inputs
    from conflictcoder.model import Article

    began = time.perf_counter()
    articles = [a for a in read_inputs([args.corpus]) if isinstance(a, Article)]
    articles = articles[: args.limit] if args.limit else articles
    if args.cache is not None and args.cache.exists():
        with args.cache.open("rb") as fh:
            pairs = pickle.load(fh)  # noqa: S301 - our own file, written below
    else:
        pairs = list(Coder().code_many(articles))
        if args.cache is not None:
            with args.cache.open("wb") as fh:
                pickle.dump(pairs, fh)
    coded_s = time.perf_counter() - began

    shuffled = list(pairs)
    random.Random(args.seed).shuffle(shuffled)
    cut = int(len(pairs) * 0.4)
    first_half, second_half = pairs[: len(pairs) - cut], pairs[cut:]
    results: dict[str, dict[str, Any]] = {}
    exports: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, order in (
            ("file order", pairs),
            ("reverse order", pairs[::-1]),
            (f"shuffled (seed {args.seed})", shuffled),
        ):
            db = Path(tmp) / f"{len(results)}.sqlite"
            start = time.perf_counter()
            ingest(db, order)
            exports[name] = export_without_timestamp(db)
            results[name] = {"store_s": round(time.perf_counter() - start, 1)}
        db = Path(tmp) / "halves.sqlite"
        ingest(db, [])  # create the store before the two writers race to
        start = time.perf_counter()
        threads = [
            threading.Thread(target=ingest, args=(db, half)) for half in (first_half, second_half)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        name = "two overlapping halves at once"
        exports[name] = export_without_timestamp(db)
        results[name] = {"store_s": round(time.perf_counter() - start, 1)}

    reference = exports["file order"]
    ref_lines = reference.splitlines()
    ref_ids = {json.loads(line)["event_id"] for line in ref_lines}
    for name, text in exports.items():
        lines = text.splitlines()
        ids = {json.loads(line)["event_id"] for line in lines}
        results[name].update(
            {
                "events": len(lines),
                "identical": text == reference,
                "ids_not_in_file_order": len(ids - ref_ids),
                "lines_differing": len(set(lines) ^ set(ref_lines)),
            }
        )
    print(
        json.dumps(
            {
                "benchmark": "merge_order",
                "inputs": {
                    "corpus": str(args.corpus),
                    "documents": len(articles),
                    "reports": sum(len(events) for _, events in pairs),
                    "halves": f"{len(first_half)} and {len(second_half)} documents, "
                    f"{len(first_half) + len(second_half) - len(pairs)} in both",
                },
                "all_identical": all(r["identical"] for r in results.values()),
                "stores": results,
                "coding_s": round(coded_s, 1),
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
