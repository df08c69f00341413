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

Dask is an optional extra (``pip install 'conflictcoder[dask]'``): without it,
``code_dask`` raises ``ConfigError`` with that hint.

Example:
    >>> from conflictcoder.ingest import read_inputs
    >>> articles = (a for a in read_inputs(["news/"]) if isinstance(a, Article))
    >>> for article, events in code_parallel(articles, load_settings(), workers=4):
    ...     print(article.id, len(events))  # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import ConfigError
from .model import Article, Event

if TYPE_CHECKING:
    from .coder import Coder

__all__ = ["code_batch", "code_dask", "code_parallel", "code_stream"]

# Articles per task: large enough to batch spaCy well, small enough to keep workers busy.
DEFAULT_BATCH = 16
# Batches in flight per worker: one being coded, one waiting.
_AHEAD = 2
_DASK_HINT = (
    "Dask is not installed: pip install 'conflictcoder[dask]' (dask and distributed), "
    "or code without --dask"
)

_coders: dict[Settings, Coder] = {}


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
        >>> code_batch(load_settings(), [Article(id="a", text="Prices rose.")])
        [[]]
    """
    return [events for _, events in _coder(settings).code_many(articles)]


def _worker_init() -> None:
    # each worker is one process: keep numeric libraries from starting thread pools
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


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
    while True:
        while len(pending) < window and (batch := list(islice(stream, batch_size))):
            pending.append((batch, submit(batch)))
        if not pending:
            return
        batch, future = pending.popleft()
        yield from zip(batch, result(future), strict=True)


def code_parallel(
    articles: Iterable[Article],
    settings: Settings,
    *,
    workers: int,
    batch_size: int = DEFAULT_BATCH,
) -> Iterator[tuple[Article, list[Event]]]:
    """Code a stream of articles with ``workers`` processes on this machine.

    articles (Iterable[Article]): the articles, read lazily.
    settings (Settings): the pipeline settings every worker uses.
    workers (int): worker processes (1 codes in this process, without a pool).
    batch_size (int): articles per task. Defaults to 16.
    RETURNS (Iterator[tuple[Article, list[Event]]]): each article with its events, in
        input order.

    Example:
        >>> pairs = code_parallel(articles, load_settings(), workers=2)  # doctest: +SKIP
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if workers == 1:
        yield from _coder(settings).code_many(articles)
        return
    # "spawn": a fresh interpreter per worker, safe beside threads (progress display,
    # SQLite) of this process; each worker loads the pipeline once.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:

        def submit(batch: list[Article]) -> Future[list[list[Event]]]:
            return pool.submit(code_batch, settings, batch)

        def result(future: Future[list[list[Event]]]) -> list[list[Event]]:
            return future.result()

        try:
            yield from _ordered(
                articles, submit, result, window=_AHEAD * workers, batch_size=batch_size
            )
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


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
    batch_size (int): articles per task. Defaults to 16.
    local_workers (int | None): worker processes of a local cluster. Defaults to the
        number of CPUs.
    RETURNS (Iterator[tuple[Article, list[Event]]]): each article with its events, in
        input order.

    Example:
        >>> pairs = code_dask(articles, load_settings(), "tcp://10.0.0.5:8786")  # doctest: +SKIP
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise ConfigError(_DASK_HINT) from None
    cluster: Any = None
    if address == "local":
        n = local_workers or os.cpu_count() or 1
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
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
