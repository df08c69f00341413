"""Scale: code a long stream (the corpus repeated with new ids) and watch time and memory.

Prints one JSON object. The corpus (``--corpus``, default
``../shared/corpus/fakes_syria_news.jsonl``; a JSON note and exit 0 when it is absent) is
read again and again with the JSONL reader until ``--docs`` documents (default 50,000)
have gone through the path of ``conflictcoder ingest``: read, drop duplicates
(``unique_articles``, ``Store.has_article``), code (in this process, or ``--workers``
processes, or ``--dask``), store in a new SQLite file in a temporary folder.

Each copy after the first gets a new id (``<id>~<copy>``), a new URL if it had one, one
more paragraph at the end of its text ("(copy 3)": no trigger, so nothing to code, but a
new content hash, so that it is not skipped as a duplicate) and, by default, a publication date
``--shift-days`` x copy later (whole weeks keep weekdays: "on Monday" becomes a Monday of
a later week), so that most copies report new events rather than piling hundreds of
reports onto the same few events; ``--shift-days 0`` repeats them as they are.

At every checkpoint (``--every`` documents, default 10,000 or a fifth of the run) it
records the documents coded, events, seconds since the pipeline was loaded, documents/s
of the segment since the previous checkpoint, the resident memory (RSS) of this process
and of its worker processes, and the database size. Time linear in size shows as a
steady segment rate; flat memory as an RSS that stops growing after the first segment.
The first segment includes warming up (and, with workers, their start and pipeline load).

Usage:
    python bench/scale.py                      # 50,000 documents, one process
    python bench/scale.py --docs 2000          # a smoke run
    python bench/scale.py --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from itertools import count
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "fakes_syria_news.jsonl"


def rss_mb(pid: int | str = "self") -> float | None:
    """Current resident memory of a process in MB (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def children_rss_mb() -> float | None:
    """Summed current RSS of this process's descendants (worker processes), in MB."""
    if not os.path.isdir("/proc"):
        return None
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(name)] = int(fields[1])
    mine = {os.getpid()}
    changed = True
    while changed:  # descendants at any depth (Dask's nanny starts its worker)
        changed = False
        for pid, ppid in parents.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                changed = True
    mine.discard(os.getpid())
    return round(sum(rss_mb(pid) or 0.0 for pid in mine), 1)


def copies(corpus: Path, docs: int, shift_days: int, settings: Any) -> Iterator[Any]:
    """The corpus read again and again through the JSONL reader, each copy made new."""
    from conflictcoder.ingest import read_inputs

    made = 0
    for copy in count():
        before = made
        for item in read_inputs([corpus], settings=settings):
            if made >= docs:
                return
            if copy and not isinstance(item, Exception):
                shift = timedelta(days=shift_days * copy)
                item = replace(
                    item,
                    id=f"{item.id}~{copy}",
                    url=f"{item.url}#copy-{copy}" if item.url else None,
                    text=f"{item.text}\n\n(copy {copy})",
                    published=item.published + shift if item.published else None,
                )
            made += not isinstance(item, Exception)
            yield item
        if made == before:
            return  # an empty corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--config", default=None, help="conflictcoder settings file (TOML)")
    parser.add_argument("--docs", type=int, default=50_000, help="documents to code")
    parser.add_argument("--every", type=int, default=None, help="documents per checkpoint")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument("--dask", default=None, help='a scheduler address, or "local"')
    parser.add_argument("--shift-days", type=int, default=7, help="date shift per copy")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(json.dumps({"benchmark": "scale", "skipped": f"corpus not found: {args.corpus}"}))
        return
    every = args.every or max(1, min(10_000, args.docs // 5))

    from conflictcoder.coder import Coder
    from conflictcoder.config import load_settings
    from conflictcoder.distributed import code_stream
    from conflictcoder.errors import InputError
    from conflictcoder.ingest import unique_articles
    from conflictcoder.model import Article
    from conflictcoder.store import open_store

    started = time.perf_counter()
    settings = load_settings(args.config)
    one_process = args.dask is None and args.workers == 1
    coder = Coder(settings)
    if one_process:  # load the pipeline and gazetteer before the clock starts
        coder.gate  # noqa: B018
        coder.resolver  # noqa: B018
    load_s = time.perf_counter() - started
    result: dict[str, Any] = {
        "benchmark": "scale",
        "corpus": str(args.corpus),
        "documents": args.docs,
        "workers": args.workers,
        "dask": args.dask,
        "shift_days": args.shift_days,
        "checkpoint_every": every,
        "load_s": round(load_s, 2),
        "rss_after_load_mb": rss_mb(),
        "machine": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
    }
    checkpoints: list[dict[str, Any]] = []
    coded = events = skipped = errors = 0
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "scale.sqlite"
        with open_store(db) as store:

            def unseen() -> Iterator[Article]:
                nonlocal skipped, errors
                stream = copies(args.corpus, args.docs, args.shift_days, settings)
                for item in unique_articles(stream, on_duplicate=lambda _: None):
                    if isinstance(item, InputError):
                        errors += 1
                    elif store.has_article(item.content_hash):
                        skipped += 1
                    else:
                        yield item

            if one_process:
                pairs = code_stream(unseen(), settings, coder=coder)
            else:
                pairs = code_stream(unseen(), settings, workers=args.workers, dask=args.dask)
            clock = last_t = time.perf_counter()
            last_n = 0

            def checkpoint() -> None:
                nonlocal last_t, last_n
                now = time.perf_counter()
                checkpoints.append(
                    {
                        "docs": coded,
                        "events": events,
                        "elapsed_s": round(now - clock, 1),
                        "segment_docs_per_s": round((coded - last_n) / (now - last_t), 2),
                        "rss_mb": rss_mb(),
                        "workers_rss_mb": children_rss_mb(),
                        "db_mb": round(db.stat().st_size / 2**20, 1),
                    }
                )
                print(json.dumps(checkpoints[-1]), file=sys.stderr, flush=True)
                last_t, last_n = now, coded

            for article, found in pairs:
                store.ingest(article, found)
                coded += 1
                events += len(found)
                if coded % every == 0:
                    checkpoint()
            if coded != last_n:
                checkpoint()
            elapsed = time.perf_counter() - clock
    result.update(
        {
            "coded": coded,
            "events": events,
            "duplicates_skipped": skipped,
            "input_errors": errors,
            "elapsed_s": round(elapsed, 1),
            "docs_per_s": round(coded / elapsed, 2) if elapsed else None,
            "checkpoints": checkpoints,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
    )
    rates = [c["segment_docs_per_s"] for c in checkpoints[1:]]  # the first one warms up
    memory = [c["rss_mb"] for c in checkpoints if c["rss_mb"] is not None]
    result["summary"] = {
        "segment_rate_min_over_max": round(min(rates) / max(rates), 3) if rates else None,
        "rss_first_checkpoint_mb": memory[0] if memory else None,
        "rss_last_checkpoint_mb": memory[-1] if memory else None,
        "rss_growth_mb": round(memory[-1] - memory[0], 1) if memory else None,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
