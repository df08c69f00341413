"""Throughput: the full pipeline against bare spaCy on the same texts, in the same run.

Prints one JSON object. On the corpus (``--corpus``, default
``../shared/corpus/fakes_syria_news.jsonl``; a JSON note and exit 0 when it is absent):

* single process: the full pipeline (clean, gate, NLP, extract, resolve, store into a
  temporary SQLite file) and bare ``nlp.pipe`` of the same spaCy pipeline with all its
  components over the same article texts, at spaCy's default batch size and at the 64
  texts per batch the pipeline uses. They alternate over slices of the corpus
  (``--slice`` articles, the order flipping each slice), so that a busy machine slows
  both alike; wall and CPU seconds are summed per side. Documents/s and words/s
  (whitespace-separated words of the texts) for each, and their ratio.
* two workers (``--workers``): the full pipeline through ``code_parallel`` on a pool
  whose workers have loaded the pipeline (start-up reported apart), storing in this
  process, against bare ``nlp.pipe(n_process=2, batch_size=64)``; the speed-up over one
  process.
* a cold run in a fresh process: time from launch to the first event (the gazetteer
  index already built), and that process's peak RSS over ``--cold-docs`` articles.
* peak RSS (VmHWM): of this process (it holds two pipelines, ours and the stock one, and
  the whole corpus), of each worker, of the cold run; and the machine.

Usage:
    python bench/throughput.py
    python bench/throughput.py --limit 200 --slice 20     # a quicker, noisier run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _memory import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "fakes_syria_news.jsonl"


def machine() -> dict[str, Any]:
    import spacy

    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "spacy": spacy.__version__,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def rates(docs: int, n_words: int, seconds: float) -> dict[str, float]:
    return {
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 2),
        "words_per_s": round(n_words / seconds, 1),
    }


def cold_run(corpus: Path, config: str | None, docs: int) -> dict[str, Any]:
    """A fresh interpreter codes the corpus as a stream; when does its first event come?"""
    code = f"""
import json, resource, sys, tempfile, time
t0 = time.perf_counter()
from itertools import islice
from conflictcoder.coder import Coder
from conflictcoder.config import load_settings
from conflictcoder.ingest import read_inputs
from conflictcoder.model import Article
from conflictcoder.store import open_store
coder = Coder(load_settings({config!r}))
first = t_first = None
n = events = 0
with tempfile.TemporaryDirectory() as folder, open_store(folder + "/events.sqlite") as store:
    articles = (a for a in read_inputs([{str(corpus)!r}]) if isinstance(a, Article))
    for article, found in coder.code_many(islice(articles, {docs})):
        store.ingest(article, found)
        n += 1
        events += len(found)
        if found and first is None:
            first = time.perf_counter()
            t_first = round(first - t0, 2)
            print("FIRST", flush=True)
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from _memory import peak_rss_mb
peak = peak_rss_mb()
print(json.dumps({{"from_import_s": t_first, "docs": n, "events": events,
                  "seconds": round(time.perf_counter() - t0, 2), "peak_rss_mb": peak}}))
"""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert child.stdout is not None
    first_line = child.stdout.readline()
    launch_to_first = time.perf_counter() - start
    rest = child.stdout.read()
    child.wait()
    if child.returncode:
        return {"error": f"cold run failed (exit {child.returncode})"}
    if not first_line.startswith("FIRST"):
        return {"error": f"no event in the first {docs} documents"}
    result: dict[str, Any] = json.loads(rest.strip().splitlines()[-1])
    result["launch_to_first_event_s"] = round(launch_to_first, 2)
    return result


def _pid_after(seconds: float) -> tuple[int, float]:
    """In a worker: its process id and peak RSS, after a pause (so each worker takes one)."""
    time.sleep(seconds)
    return os.getpid(), peak_rss_mb()


def _each_worker(pool: Any, workers: int) -> dict[int, float]:
    """Every worker of ``pool`` once: its peak RSS (MB) by process id."""
    seen: dict[int, float] = {}
    while len(seen) < workers:
        seen.update(f.result() for f in [pool.submit(_pid_after, 0.5) for _ in range(workers)])
    return seen


def stock_pipeline(coder: Any) -> Any:
    """The coder's spaCy pipeline as spaCy loads it: bare spaCy, none of our changes."""
    import spacy

    meta = coder.nlp.meta
    return spacy.load(f"{meta['lang']}_{meta['name']}")


def single_process(
    coder: Any, bare: Any, articles: list[Any], n_words: int, slice_size: int
) -> dict[str, Any]:
    """Bare spaCy (default batch size, and 64) and the full pipeline, alternating by slice."""
    from conflictcoder.store import open_store

    nlp = bare
    list(nlp.pipe([a.text for a in articles[:5]]))  # warm both sides up
    list(coder.code_many(articles[:5]))
    sides = ("bare", "bare64", "full")
    wall = dict.fromkeys(sides, 0.0)
    cpu = dict.fromkeys(sides, 0.0)
    store_s = 0.0
    events = 0
    coded: list[tuple[str, list[str]]] = []  # (article, its event ids), in input order
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "one.sqlite") as store:
        for number, at in enumerate(range(0, len(articles), slice_size)):
            part = articles[at : at + slice_size]
            for side in sides if number % 2 == 0 else sides[::-1]:
                w, c = time.perf_counter(), time.process_time()
                if side == "bare":  # spaCy as it comes: its default batch size
                    for _ in nlp.pipe([a.text for a in part]):
                        pass
                elif side == "bare64":  # at the batch size the pipeline uses
                    for _ in nlp.pipe([a.text for a in part], batch_size=64):
                        pass
                else:
                    for article, found in coder.code_many(part):
                        s = time.perf_counter()
                        store.ingest(article, found)
                        store_s += time.perf_counter() - s
                        events += len(found)
                        coded.append((article.id, [e.event_id for e in found]))
                wall[side] += time.perf_counter() - w
                cpu[side] += time.process_time() - c
    n = len(articles)
    return {
        "full_pipeline": {**rates(n, n_words, wall["full"]), "cpu_s": round(cpu["full"], 2)},
        "bare_spacy": {**rates(n, n_words, wall["bare"]), "cpu_s": round(cpu["bare"], 2)},
        "bare_spacy_batch_64": {
            **rates(n, n_words, wall["bare64"]),
            "cpu_s": round(cpu["bare64"], 2),
        },
        "ratio_full_to_bare": round(wall["bare"] / wall["full"], 3),
        "ratio_by_cpu_time": round(cpu["bare"] / cpu["full"], 3),
        "ratio_full_to_bare_batch_64": round(wall["bare64"] / wall["full"], 3),
        "events": events,
        "store_share_of_full": round(store_s / wall["full"], 3),
        "_coded": coded,
    }


def parallel(
    bare: Any, settings: Any, articles: list[Any], n_words: int, workers: int
) -> dict[str, Any]:
    """The full pipeline on a warm pool of ``workers``; bare spaCy with n_process."""
    from conflictcoder.distributed import code_parallel, worker_pool
    from conflictcoder.store import open_store

    n = len(articles)
    start = time.perf_counter()
    with worker_pool(workers, settings) as pool:
        _each_worker(pool, workers)  # every worker has started and loaded the pipeline
        startup = time.perf_counter() - start
        with (
            tempfile.TemporaryDirectory() as folder,
            open_store(Path(folder) / "many.sqlite") as store,
        ):
            w = time.perf_counter()
            events = 0
            coded = []
            for article, found in code_parallel(articles, settings, workers=workers, pool=pool):
                store.ingest(article, found)
                events += len(found)
                coded.append((article.id, [e.event_id for e in found]))
            full = time.perf_counter() - w
        worker_peaks = sorted(_each_worker(pool, workers).values())
    w = time.perf_counter()
    # batches of 64 texts: spaCy's default (256) would leave one process idle at the end
    for _ in bare.pipe([a.text for a in articles], n_process=workers, batch_size=64):
        pass
    bare = time.perf_counter() - w
    return {
        "full_pipeline": rates(n, n_words, full),
        "bare_spacy": rates(n, n_words, bare),
        "ratio_full_to_bare": round(bare / full, 3),
        "events": events,
        "pool_startup_s": round(startup, 2),
        "worker_peak_rss_mb": worker_peaks,
        "_coded": coded,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--config", default=None, help="conflictcoder settings file (TOML)")
    parser.add_argument("--limit", type=int, default=None, help="use the first N articles")
    parser.add_argument("--slice", type=int, default=100, help="articles per alternation")
    parser.add_argument("--workers", type=int, default=2, help="0: skip the parallel run")
    parser.add_argument("--cold-docs", type=int, default=100, help="0: skip the cold run")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(
            json.dumps({"benchmark": "throughput", "skipped": f"corpus not found: {args.corpus}"})
        )
        return

    from conflictcoder.coder import Coder
    from conflictcoder.config import load_settings
    from conflictcoder.ingest import read_inputs
    from conflictcoder.model import Article

    settings = load_settings(args.config)
    articles = [a for a in read_inputs([args.corpus], settings=settings) if isinstance(a, Article)]
    articles = articles[: args.limit] if args.limit else articles
    n_words = words([a.text for a in articles])
    coder = Coder(settings)
    coder.gate  # noqa: B018 - load everything (and build the gazetteer index) before timing
    coder.resolver  # noqa: B018
    result: dict[str, Any] = {
        "benchmark": "throughput",
        "corpus": str(args.corpus),
        "documents": len(articles),
        "words": n_words,
        "spacy_model": f"{coder.nlp.meta['lang']}_{coder.nlp.meta['name']}",
        "spacy_components": list(coder.nlp.pipe_names),
        "machine": machine(),
    }
    bare = stock_pipeline(coder)
    one = single_process(coder, bare, articles, n_words, args.slice)
    result["single_process"] = {k: v for k, v in one.items() if k != "_coded"}
    if args.workers >= 2:
        many = parallel(bare, settings, articles, n_words, args.workers)
        many["speedup_over_one_process"] = round(
            many["full_pipeline"]["docs_per_s"] / one["full_pipeline"]["docs_per_s"], 3
        )
        many["same_events_as_one_process"] = many.pop("_coded") == one["_coded"]
        result[f"{args.workers}_workers"] = many
    if args.cold_docs > 0:
        result["cold_start"] = cold_run(args.corpus, args.config, args.cold_docs)
    result["peak_rss_mb"] = {
        "this_process_two_pipelines": peak_rss_mb(),
    }
    result["machine"]["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
