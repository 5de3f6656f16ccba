"""A second process that lays out part of a PDF while this one lays out the rest.

WeasyPrint lays a document out on one core, and the report's tables take it
about 0.1 s a page. Once each part of the report starts a page, the parts are
laid out independently (report/pdf.py), some here and some in the worker.

The worker is spawned once, imports WeasyPrint and lays out a page to warm its
font caches, and is kept for the life of the process, like the chart server.
Until it is started and ready, or while another PDF uses it, a PDF is laid
out in this process alone: slower, never different.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None
_ready = threading.Event()
_worker_pid: int | None = None
# One PDF at a time uses the worker; another PDF meanwhile is laid out in its own process.
_in_use = threading.Lock()

logger = logging.getLogger(__name__)


def start() -> None:
    """Start the worker in the background, once; returns at once."""
    global _executor
    with _lock:
        if _executor is not None:
            return
        # spawn, not fork: the app's process has threads (the server's, the chart server's), and a
        # forked child inherits their locks in whatever state they were.
        executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up)
        _executor = executor
    executor.submit(os.getpid).add_done_callback(lambda started: _on_started(executor, started))


def _on_started(executor: ProcessPoolExecutor, started: Future) -> None:
    global _worker_pid
    if started.exception() is None:
        _worker_pid = started.result()
        _ready.set()
    else:
        logger.warning("the PDF layout worker did not start: %s", started.exception())
        discard(executor)


def wait_until_ready(timeout: float) -> bool:
    """Start the worker if need be and wait for it; False if it is not ready within timeout seconds."""
    start()
    return _ready.wait(timeout)


def started() -> bool:
    """Whether a worker has been started (ready or still starting)."""
    return _executor is not None


def worker_pid() -> int | None:
    """The worker's process id once it is ready (for tests and diagnostics)."""
    return _worker_pid if _ready.is_set() else None


def discard(executor: ProcessPoolExecutor | None = None) -> None:
    """Drop the worker (it died, or the process ends); the next start() spawns a new one."""
    global _executor
    with _lock:
        if executor is not None and executor is not _executor:
            return
        dropped, _executor = _executor, None
        _ready.clear()
    if dropped is not None:
        dropped.shutdown(wait=False, cancel_futures=True)


@contextmanager
def claimed() -> Iterator[ProcessPoolExecutor | None]:
    """The worker if it is ready and free, else None.

    Nothing is started here: a one-off PDF (the CLI's) would wait at exit for a
    worker it never used. The app starts the worker when it shows a PDF download.
    """
    if not _ready.is_set() or not _in_use.acquire(blocking=False):
        yield None
        return
    try:
        yield _executor
    finally:
        _in_use.release()


def _warm_up() -> None:
    """Runs in the worker: the imports and the font caches, before the first part arrives."""
    from weasyprint import HTML
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    HTML(string='<p style="font-family: DejaVu Sans">Ā ß é</p>').write_pdf()
