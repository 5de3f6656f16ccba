"""The PDF's layout worker: one process of its own that lays out whole PDFs for the app.

WeasyPrint lays a 35-page report out in about 3 s of pure Python, holding the
interpreter's lock: done in the app's process, it would slow every session's
page meanwhile. The app therefore lays a PDF out here, ahead, as soon as a page
offers it (services/reports.py), and the click finds the file made.

The worker is started as a script (python layout_worker.py), not through
multiprocessing, whose spawned children import the parent's main module again
(for the app, Streamlit's command line) and then whatever the pickled call
names (the report package): 180-230 MB instead of WeasyPrint alone. This file
therefore imports nothing but the standard library at its top, and WeasyPrint
in the functions that lay out.

The two processes exchange pickled messages over the worker's stdin and stdout:
a job (the document's HTML, which names its charts), then each chart's image as
soon as it is drawn, so that WeasyPrint parses and styles the text meanwhile and
waits for a chart only when it reaches it; back comes the PDF or why it failed.
One PDF at a time; jobs wait in this process, where a waiting one can still be
cancelled, and a PDF someone is waiting for goes first.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from typing import IO, BinaryIO

# kaleido gives up on a drawing after 90 s; this is only a backstop.
CHART_WAIT_SECONDS = 120
# The worker only ever reads its own chart images and data: URLs (the raster inside plotly's heat map).
ALLOWED_PROTOCOLS = {"data"}
# Tagged PDF/UA-1: headings, table headers, figures with their alternative text and the document
# language reach screen readers (issue #15 point 4).
PDF_VARIANT = "pdf/ua-1"

logger = logging.getLogger(__name__)


class LayoutFailed(RuntimeError):
    """The worker could not lay the PDF out. chart: the cause was one of its chart images."""

    def __init__(self, message: str, chart: bool = False):
        super().__init__(message)
        self.chart = chart


class WorkerGone(RuntimeError):
    """The worker died (killed, out of memory) or could not start: lay the PDF out another way."""


# --- laying out, in whichever process ----------------------------------------------------------------


def lay_out(html: str, chart_scheme: str, image_of: Callable[[str], bytes], identifier: bytes) -> bytes:
    """The PDF of html; image_of(chart_id) gives the image an <img src="chart_scheme:chart_id"> shows.

    WeasyPrint fetches images while it builds the document, after parsing and
    styling it, so image_of may wait for a chart still being drawn. Whatever it
    raises stops the PDF (FatalURLFetchingError, its cause attached).
    """
    from weasyprint import HTML

    # WeasyPrint warns about every SVG presentation property in the charts' style attributes
    # (its HTML style checker does not know them; its SVG renderer does): hundreds of lines that say nothing.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = report_fetcher(chart_scheme, image_of)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(pdf_identifier=identifier, custom_metadata=False, pdf_variant=PDF_VARIANT)


def report_fetcher(chart_scheme: str, image_of: Callable[[str], bytes]):
    """WeasyPrint's fetcher for a report: chart_scheme:ID gives image_of(ID); data: URLs pass; nothing else is fetched."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        """The report's own chart images and data: URLs; nothing from files or the network."""

        def fetch(self, url, headers=None):
            scheme, _, chart_id = url.partition(":")
            if scheme == chart_scheme:
                try:
                    body = image_of(chart_id)
                except Exception as error:  # noqa: BLE001 - WeasyPrint would log and skip the image; stop instead
                    raise FatalURLFetchingError(str(error)) from error
                return URLFetcherResponse(url, body, {"Content-Type": "image/svg+xml"})
            return super().fetch(url, headers)

    return ReportFetcher(allowed_protocols=ALLOWED_PROTOCOLS)


class ErrorCollector(logging.Handler):
    """Collects the messages of ERROR records (WeasyPrint's, where it is attached)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while WeasyPrint lays a PDF out, in a process that does nothing else.

    WeasyPrint builds a large graph of boxes, and the collector walks it again and again as the
    layout allocates: 4.1 s against 3.6 s for the German Christmas market's 34 pages (six runs
    each, alternated, idle machine). Reference counting frees memory meanwhile. Only the layout
    worker and the command line pause it: in the app's own process, a pause would stop cycle
    collection for every session while the PDF is made."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# --- the messages ------------------------------------------------------------------------------------------

_LENGTH = struct.Struct("!Q")


def _send(stream: IO[bytes], message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> tuple | None:
    """The next message, or None at the end of the stream (the other process is gone)."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    length = _LENGTH.unpack(header)[0]
    data = stream.read(length)
    return pickle.loads(data) if len(data) == length else None


# --- the app's side --------------------------------------------------------------------------------------


@dataclass
class _Job:
    html: str
    chart_scheme: str
    images: Mapping[str, bytes | Future]
    identifier: bytes
    future: Future = field(default_factory=Future)
    number: int = 0


class _Process:
    """The running worker: its process, and a lock so that each message is written whole."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-I", os.path.abspath(__file__)],  # -I: no user site, no PYTHON* variables
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        if self.process.stdin is None or self.process.stdout is None:  # never: both are pipes
            raise RuntimeError("the layout worker was started without its pipes")
        self.requests: IO[bytes] = self.process.stdin
        self.answers: IO[bytes] = self.process.stdout
        self.writing = threading.Lock()

    def send(self, message: tuple) -> None:
        with self.writing:
            _send(self.requests, message)

    def run(self, job: _Job) -> bytes:
        """Lay job out in the worker and wait for it; WorkerGone if the worker dies meanwhile."""
        finished = threading.Event()
        sender = threading.Thread(target=self._send_images, args=(job, finished), name="layout-images", daemon=True)
        try:
            self.send(("job", job.number, job.html, job.chart_scheme, sorted(job.images), job.identifier))
            sender.start()
            while True:
                message = _receive(self.answers)
                if message is None:
                    raise WorkerGone(f"the layout worker ended (exit code {self.process.poll()})")
                if message[1] == job.number:
                    break
        except (OSError, ValueError) as error:  # a closed pipe
            raise WorkerGone(f"the layout worker is unreachable: {error}") from error
        finally:
            finished.set()
            if sender.is_alive():
                sender.join()  # it stops at its next wait, so that it never writes into the next job or a closed pipe
        kind, _, payload, errors = message
        for logged in errors:  # WeasyPrint's errors there, logged here as WeasyPrint logs them
            logging.getLogger("weasyprint").error("%s", logged)
        if kind == "failed":
            raise LayoutFailed(payload["message"], chart=payload["chart"])
        return payload

    def _send_images(self, job: _Job, finished: threading.Event) -> None:
        """Each chart's image as soon as it is drawn, in the document's order; or why it could not be.

        Stops as soon as the job is finished: a PDF that failed, or that never asked for a chart
        still being drawn, needs nothing more."""
        for chart_id, image in job.images.items():
            message: tuple[str, int, str, bytes | None, str | None]
            try:
                body = _wait_for(image, finished) if isinstance(image, Future) else image
                message = ("image", job.number, chart_id, body, None)
            except _JobFinished:
                return
            except FutureTimeout:
                message = ("image", job.number, chart_id, None, f"chart {chart_id!r} was not drawn within {CHART_WAIT_SECONDS} s")
            except Exception as error:  # noqa: BLE001 - whatever the drawing raised fails this PDF, named
                message = ("image", job.number, chart_id, None, str(error))
            if finished.is_set():
                return
            try:
                self.send(message)
            except (OSError, ValueError):  # the worker is gone or stopped; run() says so
                return

    def stop(self) -> None:
        try:
            self.requests.close()  # the worker ends at the end of its input
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


class _JobFinished(Exception):
    """The job ended while one of its charts was still being drawn."""


def _wait_for(image: Future, finished: threading.Event) -> bytes:
    """The drawn image; FutureTimeout after CHART_WAIT_SECONDS; _JobFinished if the job ends first."""
    deadline = time.monotonic() + CHART_WAIT_SECONDS
    while True:
        try:
            return image.result(timeout=min(0.1, max(0.0, deadline - time.monotonic())))
        except FutureTimeout:
            if finished.is_set():
                raise _JobFinished from None
            if time.monotonic() >= deadline:
                raise


_lock = threading.Condition()
_queue: deque[_Job] = deque()
_process: _Process | None = None
_dispatcher: threading.Thread | None = None
_numbers = count(1)
_used = False


def submit(html: str, chart_scheme: str, images: Mapping[str, bytes | Future], identifier: bytes, *, urgent: bool = False) -> Future:
    """The PDF of html, laid out in the worker (started on first use): a Future of its bytes.

    images: each chart's image, or a Future of it that is still being drawn.
    urgent: someone is waiting for it; it goes before the PDFs made ahead.
    The Future raises LayoutFailed, or WorkerGone if the worker died meanwhile.
    Cancelling it before it begins withdraws the job.
    """
    global _used
    job = _Job(html, chart_scheme, dict(images), identifier, number=next(_numbers))
    with _lock:
        _used = True
        (_queue.appendleft if urgent else _queue.append)(job)
        _start_dispatcher()
        _lock.notify()
    return job.future


def started() -> bool:
    """Whether this process lays its PDFs out in the worker: once it has given it one (the app does, the CLI never).

    A worker that died is started again for the next PDF."""
    return _used


def pid() -> int | None:
    """The worker's process id, while it runs (for the benchmark and the tests)."""
    process = _process
    return process.process.pid if process is not None and process.process.poll() is None else None


def stop() -> None:
    """End the worker; the next job starts a new one."""
    global _process
    with _lock:
        process, _process = _process, None
    if process is not None:
        process.stop()


def _start_dispatcher() -> None:
    global _dispatcher
    if _dispatcher is None or not _dispatcher.is_alive():
        _dispatcher = threading.Thread(target=_dispatch, name="layout-worker", daemon=True)
        _dispatcher.start()


def _dispatch() -> None:
    global _process
    while True:
        with _lock:
            while not _queue:
                _lock.wait()
            job = _queue.popleft()
            if not job.future.set_running_or_notify_cancel():
                continue  # withdrawn while waiting
            try:
                if _process is None or _process.process.poll() is not None:
                    _process = _Process()
            except OSError as error:
                job.future.set_exception(WorkerGone(f"the layout worker could not start: {error}"))
                continue
            process = _process
        try:
            job.future.set_result(process.run(job))
        except WorkerGone as gone:
            with _lock:
                if _process is process:
                    _process = None  # the next job starts a new one
            process.stop()
            job.future.set_exception(gone)
        except BaseException as error:  # noqa: BLE001 - the job's failure, for whoever waits on it
            job.future.set_exception(error)


def _stop_at_exit() -> None:
    process = _process
    if process is not None:
        process.stop()


# --- the worker's side -----------------------------------------------------------------------------------


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Runs in the worker: lay out each job that arrives, until the end of requests."""
    lay_out('<p style="font-family: DejaVu Sans">Ā ß é</p>', "none", lambda _: b"", b"warm-up")  # imports, font caches
    while (message := _receive(requests)) is not None:
        if message[0] != "job":
            continue  # an image of a PDF that has already failed
        _, number, html, chart_scheme, chart_ids, identifier = message
        errors = ErrorCollector()
        logging.getLogger("weasyprint").addHandler(errors)
        answer: tuple[str, int, bytes | dict[str, object], list[str]]
        try:
            with collector_paused():
                answer = ("done", number, lay_out(html, chart_scheme, _images(requests, number, chart_ids), identifier), errors.messages)
        except Exception as error:  # noqa: BLE001 - said to the app, which decides
            cause = error.__cause__ if error.__cause__ is not None else error
            chart = type(error).__name__ == "FatalURLFetchingError"
            answer = ("failed", number, {"message": str(cause), "chart": chart}, errors.messages)
        finally:
            logging.getLogger("weasyprint").removeHandler(errors)
        _send(answers, answer)
        del answer
        _give_memory_back()


def _images(requests: BinaryIO, number: int, chart_ids: list[str]) -> Callable[[str], bytes]:
    """Job number's chart images, read from requests as WeasyPrint asks for them."""
    arrived: dict[str, tuple[bytes | None, str | None]] = {}

    def image_of(chart_id: str) -> bytes:
        if chart_id not in chart_ids:
            raise LookupError(f"the report refers to chart {chart_id!r}, which has no image")
        while chart_id not in arrived:
            message = _receive(requests)
            if message is None:
                raise SystemExit(0)  # the app is gone
            if message[0] == "image" and message[1] == number:
                arrived[message[2]] = message[3], message[4]
        body, error = arrived[chart_id]
        if error is not None or body is None:
            raise LookupError(error if error is not None else f"chart {chart_id!r} arrived without an image")
        return body

    return image_of


def _give_memory_back() -> None:
    """After a PDF: collect its cycles, and hand the freed heap back to the system (glibc), so that
    the idle worker holds about 105 MB instead of the 135-145 MB a 35-page layout left."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused for the next PDF all the same


def _main() -> None:
    # The answers go to the real stdout; anything a library prints goes to stderr instead.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    _main()
else:
    import atexit

    atexit.register(_stop_at_exit)
