"""distributed.py: N processes and a local Dask cluster give the events of one process.

The pools start real worker processes (each loads the pipeline), so the input is small
and every pool is started once.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictcoder.cli import app
from conflictcoder.config import Settings
from conflictcoder.distributed import (
    _ordered,
    code_batch,
    code_dask,
    code_parallel,
    code_stream,
    worker_pool,
)
from conflictcoder.errors import ConfigError
from conflictcoder.model import Article, Event

TEXTS = [
    "On Monday, regime helicopters dropped barrel bombs on Kafr Nabl in southern Idlib "
    "province, killing three civilians, local activists said.",
    "Prices of bread rose again in the markets of the capital.",
    "Opposition fighters clashed with regime forces near Saraqib on Tuesday; two fighters "
    "were killed.\n\nThe clashes lasted until dawn.",
    "Artillery shelling hit the outskirts of Ariha on Wednesday, wounding a farmer.",
    "Several hundred people marched through Qamishli on Friday calling for better services.",
]
ARTICLES = [
    Article(id=f"d{i}", text=text, published=None if i == 1 else date(2020, 3, 9))
    for i, text in enumerate(TEXTS)
]
MISSING = "xx_conflictcoder_missing_pipeline"


def _flat(pairs: object) -> list[tuple[str, list[dict[str, object]]]]:
    return [(a.id, [e.to_dict() for e in events]) for a, events in pairs]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def expected(settings: Settings) -> list[tuple[str, list[dict[str, object]]]]:
    result = _flat(code_parallel(iter(ARTICLES), settings, workers=1))
    assert sum(len(events) for _, events in result) >= 3  # the input does hold events
    return result


def test_one_process_is_the_coder_itself(
    settings: Settings, expected: list[tuple[str, list[dict[str, object]]]]
) -> None:
    from conflictcoder.coder import Coder

    assert _flat(Coder(settings).code_many(ARTICLES)) == expected
    assert [[e.to_dict() for e in events] for events in code_batch(settings, ARTICLES)] == [
        events for _, events in expected
    ]


def test_two_processes_give_the_same_events_in_input_order(
    settings: Settings, expected: list[tuple[str, list[dict[str, object]]]]
) -> None:
    # one article per task: the batches come back from two workers, out of order
    assert _flat(code_parallel(iter(ARTICLES), settings, workers=2, batch_size=1)) == expected


def test_a_local_dask_cluster_gives_the_same_events(
    settings: Settings, expected: list[tuple[str, list[dict[str, object]]]]
) -> None:
    pairs = code_dask(iter(ARTICLES), settings, "local", batch_size=2, local_workers=2)
    assert _flat(pairs) == expected


def test_bad_options_name_the_fix(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="^workers must be at least 1, got 0$"):
        list(code_parallel(ARTICLES, settings, workers=0))
    with pytest.raises(ConfigError, match="^workers must be at least 1, got 0$"):
        list(code_stream(ARTICLES, settings, workers=0))
    with pytest.raises(ConfigError, match="^batch_size must be at least 1, got 0$"):
        list(code_parallel(ARTICLES, settings, workers=2, batch_size=0))


def test_cli_workers_option_writes_the_same_events(
    tmp_path: Path, gazetteer_path: Path, expected: list[tuple[str, list[dict[str, object]]]]
) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        "".join(
            json.dumps(
                {"id": a.id, "text": a.text, "published": str(a.published) if a.published else None}
            )
            + "\n"
            for a in ARTICLES
        ),
        encoding="utf-8",
    )
    config = tmp_path / "settings.toml"
    config.write_text(f'gazetteer_path = "{gazetteer_path}"\n', encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(app, ["extract", str(docs), "--config", str(config)])
    two = runner.invoke(app, ["extract", str(docs), "--config", str(config), "--workers", "2"])
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert two.stdout == one.stdout
    lines = [json.loads(line) for line in one.stdout.splitlines()]
    assert len(lines) == sum(len(events) for _, events in expected)


def _preloaded() -> list[str]:
    """In a worker: the settings whose pipeline this process has loaded (by gazetteer)."""
    from conflictcoder import distributed

    return [s.gazetteer_path for s in distributed._coders]


def test_a_pool_passed_in_gives_the_same_events_and_keeps_running(
    settings: Settings, expected: list[tuple[str, list[dict[str, object]]]]
) -> None:
    with worker_pool(2, settings) as pool:
        # every worker loaded the pipeline as it started, before any batch
        loaded = [pool.submit(_preloaded) for _ in range(4)]
        assert all(f.result() == [settings.gazetteer_path] for f in loaded)
        first = _flat(code_parallel(iter(ARTICLES), settings, workers=2, batch_size=1, pool=pool))
        assert first == expected
        processes = dict(pool._processes)  # pid -> process, of the pool's running workers
        assert len(processes) == 2
        # the pool is still up, with the same processes: a second stream reuses them
        again = _flat(code_parallel(iter(ARTICLES), settings, workers=2, batch_size=2, pool=pool))
        assert again == expected
        assert pool._processes == processes
        assert all(process.is_alive() for process in processes.values())


def test_a_pipeline_that_cannot_load_fails_with_its_own_message() -> None:
    broken = Settings(spacy_model=MISSING, spacy_fallbacks=())
    with worker_pool(1, broken) as pool:  # the preload fails quietly: the pool stays usable
        with pytest.raises(ConfigError, match=f"^no spaCy pipeline installed among {MISSING}:"):
            list(code_parallel(ARTICLES[:1], broken, workers=1, pool=pool))
        assert pool.submit(os.getpid).result() > 0
    with pytest.raises(ConfigError, match="^workers must be at least 1, got 0$"):
        worker_pool(0)


def test_closing_the_stream_early_cancels_the_batches_not_started() -> None:
    futures: list[Future[list[list[Event]]]] = []

    def submit(batch: list[Article]) -> Future[list[list[Event]]]:
        future: Future[list[list[Event]]] = Future()
        if not futures:
            future.set_result([[] for _ in batch])
        futures.append(future)
        return future

    stream = _ordered(ARTICLES, submit, lambda f: f.result(), window=3, batch_size=1)
    assert next(stream)[0].id == "d0"
    assert len(futures) == 3  # at most `window` batches in flight
    stream.close()
    assert [f.cancelled() for f in futures] == [False, True, True]


# A parent that starts workers, says which processes it started, and waits to be killed.
ORPHAN_SCRIPT = """
import json, os, sys, time
from conflictcoder.distributed import local_dask_cluster, worker_pool

def slow():
    time.sleep(0.3)
    return os.getpid()

if __name__ == "__main__":
    if sys.argv[1] == "pool":
        pool = worker_pool(2)
        workers = sorted({f.result() for f in [pool.submit(slow) for _ in range(6)]})
        import multiprocessing.resource_tracker as tracker
        pids = [*workers, tracker._resource_tracker._pid]
    else:
        client, cluster = local_dask_cluster(2)
        pids = sorted(client.run(os.getpid).values())
    print(json.dumps(pids), flush=True)
    time.sleep(600)
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie is dead too (its parent, reaping it, may be busy)
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return True
    return False


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kind", ["pool", "dask"])
def test_workers_die_with_a_parent_killed_by_sigkill(tmp_path: Path, kind: str) -> None:
    script = tmp_path / "parent.py"
    script.write_text(ORPHAN_SCRIPT, encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, str(script), kind],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    pids: list[int] = []
    try:
        assert parent.stdout is not None
        line = parent.stdout.readline()
        assert line, "the parent started its workers"
        pids = [pid for pid in json.loads(line) if pid]
        assert len(pids) >= 2
        parent.kill()
        parent.wait(10)
        deadline = time.monotonic() + 15
        while not all(_gone(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [pid for pid in pids if not _gone(pid)]
        assert left == [], f"{kind}: processes outlived their parent: {left}"
        # and nothing holds the parent's stdout open: a caller waiting on it is released
        assert parent.stdout.read() == b""
    finally:
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
