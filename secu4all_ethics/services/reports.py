"""Reports of stored assessments: built from a version, its content snapshot and its review record."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TypeVar, cast

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from ..domain.review import ReviewEntry, current_round, sign_off_recorded_by
from ..engine.evaluate import evaluate
from ..engine.results import EvaluationResult
from ..report import Provenance, Report, build_report, format_named, render
from ..report.build import review_state
from ..report.model import ReviewState
from ..storage.audit import Actor
from ..storage.repository import Storage, document_hash
from ..wording import word_result
from .assessments import AssessmentService, LoadedAssessment, review_entries, slug

logger = logging.getLogger(__name__)
T = TypeVar("T")
# How long a download waits for the same file being made ahead before making it itself.
AHEAD_WAIT_SECONDS = 120


@dataclass(frozen=True)
class BuiltReport:
    report: Report
    assessment: Assessment
    document: dict
    result: EvaluationResult
    provenance: Provenance


class _FileCache:
    """The last report files made, so a second download of the same version costs nothing.

    A file depends only on the version's document, the content it is evaluated
    with, its review record, the language and the format (it keeps the time it
    was first generated, which it states)."""

    def __init__(self, max_bytes: int = 64 * 2**20):
        self.max_bytes = max_bytes
        self._files: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            data = self._files.get(key)
            if data is not None:
                self._files.move_to_end(key)
            return data

    def put(self, key: tuple, data: bytes) -> None:
        with self._lock:
            self._files[key] = data
            while sum(len(value) for value in self._files.values()) > self.max_bytes and len(self._files) > 1:
                self._files.popitem(last=False)


class _AheadFiles:
    """Report files being made ahead of the click (ReportService.prepare_pdf), by file key.

    At most one per assessment, language and format: a newer version's replaces
    the one before, which is withdrawn if it has not begun. A file made goes
    into the file cache under its key; a failed one is forgotten, so that the
    download makes it again. A file is only ever served under the key of what
    it was made from."""

    def __init__(self, files: _FileCache):
        self._files = files
        self._jobs: dict[tuple, Future] = {}
        self._latest: dict[tuple, tuple] = {}
        self._lock = threading.Lock()

    def pending(self, key: tuple) -> bool:
        with self._lock:
            return key in self._jobs

    def add(self, key: tuple, group: tuple, made: Future) -> None:
        with self._lock:
            latest = self._latest.get(group)
            older = self._jobs.get(latest) if latest is not None and latest != key else None
            self._jobs[key] = made
            self._latest[group] = key
        made.add_done_callback(partial(self._done, key))
        if older is not None:
            older.cancel()  # an older version's file, not begun: nobody will want it (outside the lock: it calls _done)

    def _done(self, key: tuple, made: Future) -> None:
        if not made.cancelled():
            if made.exception() is None:
                self._files.put(key, made.result())  # before it leaves the jobs: a download finds it in one or the other
            else:
                logger.warning("a report file made ahead failed; it is made again when downloaded: %s", made.exception())
        with self._lock:
            if self._jobs.get(key) is made:
                del self._jobs[key]

    def wait(self, key: tuple, timeout: float = AHEAD_WAIT_SECONDS) -> bytes | None:
        """The file being made ahead under exactly this key, once made; None if there is none or it failed."""
        with self._lock:
            made = self._jobs.get(key)
        if made is None:
            return None
        try:
            return made.result(timeout)
        except Exception:  # noqa: BLE001 - failed, withdrawn or too slow: the download makes it itself
            return None


_files = _FileCache()
_ahead = _AheadFiles(_files)
# Prepares files ahead (loads the version, builds the report, draws the charts) off the page's thread.
_preparing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-ahead")


def _key(assessment_id: str, provenance: Provenance, content_hash: str, language: str, report_format: str) -> tuple:
    """Everything a report file depends on: the version's document, its review record, the content, the language, the format."""
    reviews = tuple(entry.model_dump_json() for entry in provenance.reviews)
    return (
        assessment_id,
        provenance.version,
        provenance.document_hash,
        provenance.status,
        provenance.verified,
        reviews,
        content_hash,
        language,
        report_format,
    )


class _Recent:
    """The last few things made, by everything they were made from (the least recently used goes first).
    Made outside the lock: two assessments' reports are built side by side."""

    def __init__(self, size: int = 16):
        self.size = size
        self._made: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: tuple, make: Callable[[], T]) -> T:
        with self._lock:
            found = self._made.get(key)
            if found is not None:
                self._made.move_to_end(key)
                return cast(T, found)
        made = make()
        with self._lock:
            self._made[key] = made
            while len(self._made) > self.size:
                self._made.popitem(last=False)
        return made


class _Evaluations(_Recent):
    """The last evaluations made, by document and content: a report in a second language (or a
    second format) words the same result again instead of re-running the engine and its simulation."""

    def of(self, assessment: Assessment, bundle: ContentBundle) -> EvaluationResult:
        # The document's hash, not its version: an evaluation depends only on what it evaluates (and, without
        # a planned start, on the day its legal dates are read against).
        key = (document_hash(assessment.model_dump(mode="json")), bundle.content_hash, dt.date.today())
        return self.get_or_make(key, partial(evaluate, assessment, bundle))


_evaluations = _Evaluations()
# The last reports built, by what each was built from (_key, format "report"): the review page draws the report
# of the version under review on every run, and a DPO's every verdict, comment or tick is a run. A report keeps
# the time it was first generated, as a file of the cache above does.
_built = _Recent(size=16)


def _file_key(built: BuiltReport, report_format: str) -> tuple:
    return _key(built.report.assessment_id, built.provenance, built.result.framework.content_hash, built.report.language, report_format)


def recorded_reviews(storage: Storage, assessment_id: str) -> list[ReviewEntry]:
    """This installation's review record of an assessment (empty if it holds none), to verify the
    signature of a report made elsewhere (the command line's evaluate --database)."""
    with storage.transaction() as session:
        return review_entries(session, assessment_id)


class ReportService:
    def __init__(self, assessments: AssessmentService):
        self.assessments = assessments

    def provenance(self, actor: Actor, assessment_id: str, version: int | None = None) -> tuple[LoadedAssessment, Provenance]:
        """The version a report of version (the latest by default) is of, and what it may claim about its review.

        A signed-off version only records the sign-off of the version before it: its report is the
        signed version's, so the cover, the signature, the file name and the history name one
        version and one hash. A version is reported as signed when a sign-off of it is on record;
        the report then checks that the sign-off names the hash of the document it renders."""
        loaded = self.assessments.load(actor, assessment_id, version)
        entries = self.assessments.reviews(actor, assessment_id)
        recorded = sign_off_recorded_by(loaded.version.version, loaded.version.status, entries)
        if recorded is not None:
            loaded = self.assessments.load(actor, assessment_id, recorded.version)
        stored = loaded.version
        reviews = [entry for entry in entries if entry.version <= stored.version]
        signed = any(entry.kind == "sign_off" and entry.version == stored.version for entry in reviews)
        provenance = Provenance(
            document_hash=document_hash(stored.document),  # of the document as it is, not as its row says
            version=stored.version,
            status="signed_off" if signed else stored.status,
            reviews=reviews,
        )
        return loaded, provenance

    def review_state(self, actor: Actor, assessment_id: str, language: str, version: int | None = None) -> ReviewState:
        """What the report of that version says about its review, without building the report."""
        _, provenance = self.provenance(actor, assessment_id, version)
        return review_state(provenance, current_round(provenance.reviews), language)

    def build(self, actor: Actor, assessment_id: str, language: str, version: int | None = None) -> BuiltReport:
        """The report of a version (the latest by default), in language; its review state is the one on record."""
        loaded, provenance = self.provenance(actor, assessment_id, version)
        stored = loaded.version
        bundle = self.assessments.content_for(stored)

        def built() -> BuiltReport:
            result = word_result(_evaluations.of(loaded.assessment, bundle), bundle, language)
            report = build_report(loaded.assessment, result, bundle, language, provenance)
            return BuiltReport(report, loaded.assessment, stored.document, result, provenance)

        key = (*_key(assessment_id, provenance, bundle.content_hash, language, "report"), dt.date.today())
        return _built.get_or_make(key, built)

    def export(self, actor: Actor, assessment_id: str, language: str, report_format: str, version: int | None = None) -> tuple[bytes, str, str]:
        """The report file's bytes, its file name and its MIME type; the export is recorded in the audit trail."""
        self.assessments.authorize(actor, assessment_id, "export_assessment")
        registered = format_named(report_format)  # an unknown format is refused before anything is built
        built = self.build(actor, assessment_id, language, version)
        key = _file_key(built, report_format)
        data = _files.get(key)
        if data is None:
            data = _ahead.wait(key) or _files.get(key)  # made ahead for exactly this file, maybe still being made
        if data is None:
            data = render(built.report, report_format, assessment_document=built.document, result=built.result, provenance=built.provenance)
            _files.put(key, data)
        self.assessments.record(
            actor,
            assessment_id,
            "export_report",
            f"report of version {built.provenance.version} ({built.report.review.status}) as {report_format}, {language}",
        )
        name = f"{slug(built.report.title).rstrip('-')}-v{built.provenance.version}-{language}.{registered.extension}"
        return data, name, registered.media_type

    def prepare_pdf(self, actor: Actor, assessment_id: str, language: str) -> Future:
        """Start making the PDF of the latest version ahead, in the layout worker, so that its download is
        immediate; returns at once. A page calls it when it offers the PDF, on every rerun: a file
        already made or being made is not made again.

        The returned Future gives the Future of the PDF being made, or None (nothing to make, or it
        could not be started: the download then makes it, as it would have without this)."""
        return _preparing.submit(self._prepare_pdf, actor, assessment_id, language)

    def _prepare_pdf(self, actor: Actor, assessment_id: str, language: str) -> Future | None:
        from ..report.pdf import lay_out_ahead  # WeasyPrint's side of the report, only once a PDF is offered

        try:
            self.assessments.authorize(actor, assessment_id, "export_assessment")
            loaded, provenance = self.provenance(actor, assessment_id)
            wanted = _key(loaded.assessment.id, provenance, loaded.version.content_hash, language, "pdf")
            if _files.get(wanted) is not None or _ahead.pending(wanted):
                return None
            built = self.build(actor, assessment_id, language)
            # Filed under the key of what was built: if a new version came in meanwhile, the file is that version's.
            made = lay_out_ahead(built.report)
            _ahead.add(_file_key(built, "pdf"), (assessment_id, language, "pdf"), made)
            return made
        except Exception as error:  # noqa: BLE001 - only time is lost: the download makes the file itself
            logger.warning("the PDF of %s could not be made ahead: %s", assessment_id, error)
            return None


__all__ = ["BuiltReport", "ReportService", "recorded_reviews"]
