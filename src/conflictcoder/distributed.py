"""The same pipeline on several processes, or on a Dask cluster.

``code_parallel`` codes with N worker processes on this machine; ``code_dask`` on a Dask
distributed cluster (a scheduler address, or ``"local"`` for a ``LocalCluster`` started
for the run); ``code_stream`` picks one from CLI-style options. All three take a stream
of articles and yield ``(article, events)`` in input order, exactly as
``Coder.code_many`` does, and give the same events: every worker builds its own
``Coder`` from the same ``Settings``, and the pipeline is deterministic.

Articles travel to the workers in batches (``batch_size``), and at most ``2 x workers``
batches are in flight at once, so memory stays bounded on an endless stream and the
output order is the input order. A worker that fails raises here, with the worker's
error.

Workers die with the process that started them: a parent killed with SIGKILL (the OOM
killer, a container stop) leaves no worker behind to hold memory, the caller's stdout or
multiprocessing's resource tracker (``die_with_parent``: the kernel's parent-death signal
on Linux, and a watchdog thread everywhere). A local Dask cluster's nannies and workers
watch the process that started the cluster the same way; the workers of a remote
cluster are not ours to stop.

Dask is an optional extra (``pip install 'conflictcoder[dask]'``): without it,
``code_dask`` raises ``ConfigError`` with that hint.

Example:
    >>> from conflictcoder.ingest import read_inputs
    >>> articles = (a for a in read_inputs(["news/"]) if isinstance(a, Article))
    >>> for article, events in code_parallel(articles, load_settings(), workers=4):
    ...     print(article.id, len(events))  # doctest: +SKIP
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import ConfigError
from .model import Article, Event

if TYPE_CHECKING:
    from .coder import Coder

__all__ = [
    "code_batch",
    "code_dask",
    "code_parallel",
    "code_stream",
    "die_with_parent",
    "local_dask_cluster",
    "worker_pool",
]

logger = logging.getLogger("conflictcoder")

# Articles per task: large enough to batch spaCy well, small enough to keep workers busy.
DEFAULT_BATCH = 32
# Batches in flight per worker: one being coded, one waiting.
_AHEAD = 2
_DASK_HINT = (
    "Dask is not installed: pip install 'conflictcoder[dask]' (dask and distributed), "
    "or code without --dask"
)

_coders: dict[Settings, Coder] = {}
# How often the watchdog looks whether the parent is still there, in seconds.
WATCHDOG_INTERVAL = 0.5
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_watched: set[int] = set()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # there, but another user's (a reused pid): not our parent
        return False
    except OSError:
        return True
    return True


def _parent_death_signal() -> bool:
    """Ask the Linux kernel to SIGKILL this process when its parent dies; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def die_with_parent(parent: int | None = None) -> None:
    """Make this process exit at once when ``parent`` dies (default: its parent now).

    A worker whose parent was killed would otherwise live on under PID 1, holding its
    memory and the pipes it inherited (a waiting caller's stdout, multiprocessing's
    resource tracker). When ``parent`` is this process's parent, Linux's parent-death
    signal (``prctl(PR_SET_PDEATHSIG, SIGKILL)``) kills it as the parent dies; a daemon
    thread also checks every ``WATCHDOG_INTERVAL`` seconds (other systems, and an
    ancestor further up). A parent already gone ends the process now.

    parent (int | None): the pid to outlive no longer. Defaults to ``os.getppid()``.

    Example:
        >>> ProcessPoolExecutor(2, initializer=die_with_parent, initargs=(os.getpid(),))
        ... # doctest: +SKIP
    """
    own_parent = os.getppid()
    parent = parent or own_parent
    if parent in _watched or parent == os.getpid():  # (a nanny run inside this process)
        return
    _watched.add(parent)
    direct = parent == own_parent
    if direct:
        _parent_death_signal()

    def gone() -> bool:
        return os.getppid() != own_parent if direct else not _alive(parent)

    if gone():  # died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while not gone():
            time.sleep(WATCHDOG_INTERVAL)
        os._exit(1)

    threading.Thread(target=watch, name="conflictcoder-die-with-parent", daemon=True).start()


def _coder(settings: Settings) -> Coder:
    """The Coder of this process for ``settings`` (built once per worker process)."""
    coder = _coders.get(settings)
    if coder is None:
        from .coder import Coder

        coder = _coders[settings] = Coder(settings)
    return coder


def code_batch(settings: Settings, articles: list[Article]) -> list[list[Event]]:
    """Code a batch of articles in this process: the task every worker runs.

    settings (Settings): the pipeline settings (one Coder per process and settings).
    articles (list[Article]): the batch.
    RETURNS (list[list[Event]]): the events of each article, in batch order.

    Example:
        >>> code_batch(settings, [Article(id="a", text="Prices rose.")])
        [[]]
    """
    return [events for _, events in _coder(settings).code_many(articles)]


def _worker_init(settings: Settings | None = None, parent: int | None = None) -> None:
    if parent is not None:
        die_with_parent(parent)
    # each worker is one process: keep numeric libraries from starting thread pools
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    if settings is None:
        return
    try:  # load the pipeline now, before the first batch arrives
        coder = _coder(settings)
        coder.gate  # noqa: B018 - loads spaCy, the gazetteer, the lexicons
        coder.resolver  # noqa: B018
    except Exception:
        # A failing initializer breaks the whole pool ("BrokenProcessPool") and hides the
        # problem: leave it to the first batch, which raises it with its message.
        logger.debug("worker %d could not preload the pipeline", os.getpid(), exc_info=True)


def worker_pool(workers: int, settings: Settings | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` fresh processes for ``code_parallel(..., pool=...)``.

    Reuse one pool across calls (a monitor coding every hour) to load the pipeline once
    per worker; with ``settings``, each worker loads it as it starts (a pipeline that
    fails to load raises at the first batch, with its own message). Shut it down with
    ``pool.shutdown()`` (or use it as a context manager).

    workers (int): worker processes, each a fresh interpreter ("spawn").
    settings (Settings | None): the settings whose pipeline every worker preloads.
        Defaults to None: each worker loads a pipeline on its first batch.
    RETURNS (ProcessPoolExecutor): the running pool.

    Example:
        >>> with worker_pool(4, settings) as pool:  # doctest: +SKIP
        ...     for article, events in code_parallel(articles, settings, workers=4, pool=pool):
        ...         print(article.id, len(events))
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    # "spawn": a fresh interpreter per worker, safe beside threads (progress display,
    # SQLite) of this process.
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_init, initargs=(settings, os.getpid())
    )


def _ordered(
    articles: Iterable[Article],
    submit: Callable[[list[Article]], Any],
    result: Callable[[Any], list[list[Event]]],
    *,
    window: int,
    batch_size: int,
) -> Iterator[tuple[Article, list[Event]]]:
    """Submit batches, at most ``window`` ahead, and yield the results in input order."""
    if batch_size < 1:
        raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
    stream = iter(articles)
    pending: deque[tuple[list[Article], Any]] = deque()
    try:
        while True:
            while len(pending) < window and (batch := list(islice(stream, batch_size))):
                pending.append((batch, submit(batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            yield from zip(batch, result(future), strict=True)
    finally:  # stopped early (an error, or the caller closed us): drop the batches not started
        for _, future in pending:
            future.cancel()


def code_parallel(
    articles: Iterable[Article],
    settings: Settings,
    *,
    workers: int,
    batch_size: int = DEFAULT_BATCH,
    pool: Executor | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Code a stream of articles with ``workers`` processes on this machine.

    articles (Iterable[Article]): the articles, read lazily.
    settings (Settings): the pipeline settings every worker uses.
    workers (int): worker processes (1 codes in this process, without a pool); with
        ``pool``, the pool's size (``2 x workers`` batches are kept in flight).
    batch_size (int): articles per task. Defaults to 32.
    pool (Executor | None): a running pool (``worker_pool``) to use and leave running.
        Defaults to a new pool of ``workers`` processes that preload the pipeline, shut
        down at the end.
    RETURNS (Iterator[tuple[Article, list[Event]]]): each article with its events, in
        input order.

    Example:
        >>> pairs = code_parallel(articles, load_settings(), workers=2)  # doctest: +SKIP
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if workers == 1 and pool is None:
        yield from _coder(settings).code_many(articles)
        return
    own = pool is None
    executor = worker_pool(workers, settings) if pool is None else pool

    def submit(batch: list[Article]) -> Future[list[list[Event]]]:
        return executor.submit(code_batch, settings, batch)

    def result(future: Future[list[list[Event]]]) -> list[list[Event]]:
        return future.result()

    try:
        yield from _ordered(
            articles, submit, result, window=_AHEAD * workers, batch_size=batch_size
        )
    except BaseException:
        if own:
            executor.shutdown(wait=False, cancel_futures=True)
        raise
    if own:
        executor.shutdown()


def code_dask(
    articles: Iterable[Article],
    settings: Settings,
    address: str,
    *,
    batch_size: int = DEFAULT_BATCH,
    local_workers: int | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Code a stream of articles on a Dask distributed cluster.

    articles (Iterable[Article]): the articles, read lazily.
    settings (Settings): the pipeline settings every worker uses (conflictcoder, its
        spaCy pipeline and gazetteer must be installed on the workers).
    address (str): the scheduler ("tcp://host:8786"), or "local" for a LocalCluster of
        worker processes on this machine, closed at the end.
    batch_size (int): articles per task. Defaults to 32.
    local_workers (int | None): worker processes of a local cluster. Defaults to the
        number of CPUs.
    RETURNS (Iterator[tuple[Article, list[Event]]]): each article with its events, in
        input order.

    Example:
        >>> pairs = code_dask(articles, load_settings(), "tcp://10.0.0.5:8786")  # doctest: +SKIP
    """
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise ConfigError(_DASK_HINT) from None
    cluster: Any = None
    if address == "local":
        client, cluster = local_dask_cluster(local_workers or os.cpu_count() or 1)
    else:
        try:
            client = Client(address, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {address}: {exc}; give its address "
                "(tcp://HOST:8786) or --dask local"
            ) from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        remote_settings = client.scatter(settings, broadcast=True)

        def submit(batch: list[Article]) -> Any:
            return client.submit(code_batch, remote_settings, batch, pure=False)

        def result(future: Any) -> list[list[Event]]:
            value: list[list[Event]] = future.result()
            return value

        yield from _ordered(
            articles, submit, result, window=_AHEAD * workers, batch_size=batch_size
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def local_dask_cluster(workers: int) -> tuple[Any, Any]:
    """A ``LocalCluster`` of ``workers`` processes and its ``Client``, whose nannies and
    workers exit when this process dies (``die_with_parent``).

    RETURNS (tuple[Client, LocalCluster]): close both when done.

    Example:
        >>> client, cluster = local_dask_cluster(2)  # doctest: +SKIP
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise ConfigError(_DASK_HINT) from None
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    try:
        me = os.getpid()
        # nannies run in this process or as its children, their workers below them
        client.run(die_with_parent, me, nanny=True)
        client.run(die_with_parent, me)
    except BaseException:
        client.close()
        cluster.close()
        raise
    return client, cluster


def code_stream(
    articles: Iterable[Article],
    settings: Settings,
    *,
    workers: int = 1,
    dask: str | None = None,
    coder: Coder | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Code a stream where the options say: a Dask cluster, N processes, or this process.

    articles (Iterable[Article]): the articles.
    settings (Settings): the pipeline settings.
    workers (int): processes on this machine (``--workers``); with ``dask="local"``, the
        local cluster's workers when above 1. Defaults to 1.
    dask (str | None): a scheduler address or "local" (``--dask``). Defaults to None.
    coder (Coder | None): the coder to use in this process. Defaults to one built from
        ``settings``.
    RETURNS (Iterator[tuple[Article, list[Event]]]): each article with its events, in
        input order.

    Example:
        >>> articles = [Article(id="a", text="Prices rose."), Article(id="b", text="Talks ended.")]
        >>> [(article.id, events) for article, events in code_stream(articles, settings)]
        [('a', []), ('b', [])]
        >>> pairs = code_stream(articles, settings, workers=4)  # doctest: +SKIP
    """
    if dask:
        local = workers if workers > 1 else None
        return code_dask(articles, settings, dask, local_workers=local)
    if workers > 1:
        return code_parallel(articles, settings, workers=workers)
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    return (coder or _coder(settings)).code_many(articles)
