"""The report as PDF: the HTML layout printed by WeasyPrint (fonts embedded, page numbers, contents with page numbers, bookmarks).

WeasyPrint lays a document out on one core. When the layout worker is ready
(report/layout_worker.py), the report is laid out in parts, side by side: the
run of sections with the charts here, where the charts are drawn meanwhile,
the sections before and after it in the worker (plan_layout). Each part starts
a page whichever way the PDF is made, so both ways give the same pages. A
frame document then adds the title page, with the contents' page numbers, and
every page's header and footer (report/pdf_assembly.py).
"""

from __future__ import annotations

import gc
import logging
import threading
import uuid
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from . import layout_worker
from .chart_images import ChartImageError
from .html import CHART_IMAGE_SCHEME, render_document
from .model import BulletList, Chart, Report, Section, Table
from .pdf_assembly import ContentsLink, Place, assemble

ChartImage = bytes | Future
# kaleido gives up on a drawing after 90 s; this is only a backstop.
CHART_WAIT_SECONDS = 120
SECTION_ANCHOR = "section-"
CONTENTS_ANCHOR = "toc-"


_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused():
    """Python's cycle collector off while WeasyPrint works, back on after.

    WeasyPrint builds a large graph of boxes, and the collector walked it again
    and again: a third of the PDF's time (4.8 s against 3.0 s in one process).
    Reference counting still frees memory meanwhile; cycles wait for the
    collector's next run. Nested or concurrent pauses turn it back on only when
    the last one ends, and only if it was on.
    """
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_was_enabled:
                gc.enable()


def render_pdf(report: Report, images: Mapping[str, ChartImage] | None = None) -> bytes:
    """images: each chart's SVG, or a Future of it that is still being drawn.

    WeasyPrint fetches images while it builds the document, after parsing and
    styling it, so the charts are drawn meanwhile; it waits for a chart only
    when it reaches it. A chart that cannot be drawn stops the PDF at once.
    """
    from weasyprint.urls import FatalURLFetchingError

    images = dict(images or {})
    # WeasyPrint warns about every SVG presentation property in the charts' style attributes
    # (its HTML style checker does not know them; its SVG renderer does): hundreds of lines that say nothing.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    plan = plan_layout(report.sections)
    try:
        with collector_paused(), layout_worker.claimed() as worker:
            if worker is not None and len(plan.starts) > 1:
                try:
                    return _in_parts(report, images, plan, worker)
                except BrokenProcessPool:
                    # It died (killed, out of memory): lay out here, and start another for the next PDF.
                    layout_worker.discard(worker)
                    layout_worker.start()
            return _in_this_process(report, images, plan)
    except FatalURLFetchingError as stopped:
        raise stopped.__cause__ if isinstance(stopped.__cause__, ChartImageError) else ChartImageError(str(stopped)) from None
    finally:
        for image in images.values():
            if isinstance(image, Future):
                image.cancel()  # drawings not started yet are for a PDF that is done or abandoned


# A section's layout time, in milliseconds, fitted on the example reports (layout and writing,
# one section at a time): the residuals were below 0.07 s except one of 0.13 s.
SECTION_COST_MS = 30
CELL_COST_MS = 1.14
CHARACTER_COST_MS = 0.0092
CHART_COST_MS = 79
# Laying out and writing the frame, which the worker does after laying out its parts: 0.35 s
# alone, 0.5 s beside the other process. Of 250, 450 and 650, 450 gave the shortest PDFs.
FRAME_COST_MS = 450


@dataclass(frozen=True)
class LayoutPlan:
    """The report's parts, by the index of each one's first section, and the one laid out here."""

    starts: list[int]
    own: int

    def new_page_sections(self, sections: Sequence[Section]) -> list[str]:
        return [sections[start].id for start in self.starts[1:]]


def layout_cost_ms(section: Section) -> float:
    """About how long WeasyPrint takes over a section: its table cells and its text, mostly."""
    cells = characters = charts = 0
    for block in section.blocks:
        tables = [block] if isinstance(block, Table) else [block.data] if isinstance(block, Chart) else []
        charts += isinstance(block, Chart)
        for table in tables:
            cells += (len(table.rows) + 1) * len(table.columns)
            characters += sum(len(cell) for row in table.rows for cell in row)
        if isinstance(block, BulletList):
            characters += sum(len(item) for item in block.items)
        elif not tables:
            characters += len(getattr(block, "text", ""))
    return SECTION_COST_MS + cells * CELL_COST_MS + characters * CHARACTER_COST_MS + charts * CHART_COST_MS


def plan_layout(sections: Sequence[Section]) -> LayoutPlan:
    """Where the parts begin, so that this process and the worker have about as much to lay out.

    This process takes one run of sections holding every chart, because it
    draws them; the worker takes what comes before and after. A report of
    fewer than two sections is one part.
    """
    count = len(sections)
    if count < 2:
        return LayoutPlan(starts=[0], own=0)
    costs = [layout_cost_ms(section) for section in sections]
    with_charts = [index for index, section in enumerate(sections) if any(isinstance(block, Chart) for block in section.blocks)]
    first, last = (with_charts[0], with_charts[-1]) if with_charts else (count - 1, 0)
    best = None
    for begin in range(0, first + 1):
        for end in range(max(begin + 1, last + 1), count + 1):
            if begin == 0 and end == count:
                continue  # the worker would have nothing
            own = sum(costs[begin:end])
            worker = sum(costs) - own + FRAME_COST_MS
            parts = 1 + (begin > 0) + (end < count)
            candidate = (max(own, worker), parts, begin, end)
            best = candidate if best is None or candidate < best else best
    _, _, begin, end = best
    starts = ([0] if begin > 0 else []) + [begin] + ([end] if end < count else [])
    return LayoutPlan(starts=starts, own=1 if begin > 0 else 0)


def _in_this_process(report: Report, images: dict[str, ChartImage], plan: LayoutPlan) -> bytes:
    from weasyprint import HTML

    html = render_document(report, linked_charts=images, new_page_sections=plan.new_page_sections(report.sections))
    return HTML(string=html, base_url=None, url_fetcher=_report_fetcher(images)).write_pdf(
        pdf_identifier=report.document_hash[:32].encode("ascii"),
        custom_metadata=False,
    )


@dataclass
class LaidOutFrame:
    """The frame's PDF, its page count, where its anchors are (page from 0, box in CSS pixels), and WeasyPrint's errors."""

    pdf: bytes
    pages: int
    anchors: dict[str, tuple[int, float, float, float, float]]
    errors: list[str] = field(default_factory=list)


# In the layout worker: parts laid out and not yet written, so that their page counts and
# anchors, which the frame needs, go back before the writing.
_laid_out: dict[str, object] = {}


def lay_out_and_keep(key: str, html: str) -> list[str]:
    """Runs in the layout worker: a part laid out and kept for lay_out_frame and write_kept(key); WeasyPrint's errors."""
    with collector_paused():
        document, errors = _lay_out(html)
    _laid_out[key] = document
    return errors


def write_kept(key: str) -> bytes:
    """Runs in the layout worker, after lay_out_and_keep(key)."""
    with collector_paused():
        return _laid_out.pop(key).write_pdf(custom_metadata=False)


def forget_kept(key: str) -> None:
    """Runs in the layout worker: a part that will not be written."""
    _laid_out.pop(key, None)


def _lay_out(html: str, images: Mapping[str, ChartImage] | None = None):
    from weasyprint import HTML

    errors = ErrorCollector()
    logging.getLogger("weasyprint").addHandler(errors)
    try:
        return HTML(string=html, base_url=None, url_fetcher=_report_fetcher(images or {})).render(), errors.messages
    finally:
        logging.getLogger("weasyprint").removeHandler(errors)


def _in_parts(report: Report, images: dict[str, ChartImage], plan: LayoutPlan, worker) -> bytes:
    ends = plan.starts[1:] + [len(report.sections)]
    parts = [report.sections[start:end] for start, end in zip(plan.starts, ends)]
    new_page = plan.new_page_sections(report.sections)
    keys = {index: uuid.uuid4().hex for index in range(len(parts)) if index != plan.own}
    laid_out = {
        index: worker.submit(lay_out_and_keep, key, render_document(report, sections=parts[index], cover=False, page_frame=False, new_page_sections=new_page))
        for index, key in keys.items()
    }
    try:
        html = render_document(report, linked_charts=images, sections=parts[plan.own], cover=False, page_frame=False, new_page_sections=new_page)
        own, _ = _lay_out(html, images)  # its errors are logged here already
    except BaseException:
        for key in keys.values():
            worker.submit(forget_kept, key)  # the PDF is abandoned (a chart failed): free the worker's parts
        raise
    # The worker lays out the frame before writing its parts, while this process writes its own.
    outline = report.model_copy(update={"sections": [section.model_copy(update={"blocks": []}) for section in report.sections]})
    framed = worker.submit(lay_out_frame, outline, keys, plan.own, len(own.pages), _anchors(own))
    written = {index: worker.submit(write_kept, key) for index, key in keys.items()}
    own_pdf = own.write_pdf(custom_metadata=False)
    for future in laid_out.values():
        _log(future.result())
    framing = framed.result()
    _log(framing.frame.errors)
    part_pdfs = [own_pdf if index == plan.own else written[index].result() for index in range(len(parts))]
    links = [
        ContentsLink(page=anchor[0], box=anchor[1:], target=_section_place(section.id, framing.cover_pages, framing.pages, framing.anchors))
        for section in report.sections
        if (anchor := framing.frame.anchors.get(CONTENTS_ANCHOR + section.id)) is not None
    ]
    return assemble(framing.frame.pdf, framing.cover_pages, part_pdfs, links, title=report.title, language=report.language)


@dataclass
class Framing:
    """The frame, laid out and written, and the page counts and anchors of the parts it was numbered from."""

    frame: LaidOutFrame
    cover_pages: int
    pages: list[int]
    anchors: list[dict]


def lay_out_frame(outline: Report, keys: dict[int, str], own: int, own_pages: int, own_anchors: dict) -> Framing:
    """Runs in the layout worker, after the parts in keys are laid out: the frame for them and the main process's part."""
    with collector_paused():
        return _lay_out_frame(outline, keys, own, own_pages, own_anchors)


def _lay_out_frame(outline: Report, keys: dict[int, str], own: int, own_pages: int, own_anchors: dict) -> Framing:
    count = len(keys) + 1
    pages = [own_pages if index == own else len(_laid_out[keys[index]].pages) for index in range(count)]
    anchors = [own_anchors if index == own else _anchors(_laid_out[keys[index]]) for index in range(count)]
    cover_pages = 1
    frame = _frame(outline, cover_pages, pages, anchors)
    if frame.pages != cover_pages + sum(pages):
        # The title page ran over (a long contents): number again with the pages it took.
        cover_pages = frame.pages - sum(pages)
        frame = _frame(outline, cover_pages, pages, anchors)
    return Framing(frame=frame, cover_pages=cover_pages, pages=pages, anchors=anchors)


def _frame(report: Report, cover_pages: int, pages: list[int], anchors: list[dict]) -> LaidOutFrame:
    """The title page with the contents' page numbers, then a blank page with header and footer for each page of the parts."""
    toc_pages = {section.id: _section_place(section.id, cover_pages, pages, anchors).page + 1 for section in report.sections}
    document, errors = _lay_out(render_document(report, sections=[], toc_pages=toc_pages, blank_pages=sum(pages)))
    return LaidOutFrame(pdf=document.write_pdf(custom_metadata=False), pages=len(document.pages), anchors=_anchors(document), errors=errors)


def _section_place(section_id: str, cover_pages: int, pages: list[int], anchors: list[dict]) -> Place:
    offset = cover_pages
    for part_pages, part_anchors in zip(pages, anchors):
        if (anchor := part_anchors.get(SECTION_ANCHOR + section_id)) is not None:
            return Place(page=offset + anchor[0], x=anchor[1], y=anchor[2])
        offset += part_pages
    raise LookupError(f"section {section_id!r} is in no part of the PDF")


def _anchors(document) -> dict[str, tuple[int, float, float, float, float]]:
    """The report's own anchors (sections, contents lines) where each begins: page from 0, and its box from the page's top left.

    WeasyPrint lists an element's anchor on every page the element runs over.
    """
    anchors: dict[str, tuple[int, float, float, float, float]] = {}
    for index, page in enumerate(document.pages):
        for name, (x, y, width, height) in page.anchors.items():
            if name.startswith((SECTION_ANCHOR, CONTENTS_ANCHOR)):
                anchors.setdefault(name, (index, x, y, x + width, y + height))
    return anchors


def _log(errors: list[str]) -> None:
    """WeasyPrint's errors in the worker, logged here as WeasyPrint logs them."""
    for message in errors:
        logging.getLogger("weasyprint").error("%s", message)


class ErrorCollector(logging.Handler):
    """Collects the messages of ERROR records (WeasyPrint's, where it is attached)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def chart_image(images: Mapping[str, ChartImage], chart_id: str) -> bytes:
    """A chart's image, waiting for its drawing if need be; ChartImageError if there is none."""
    if chart_id not in images:
        raise ChartImageError(f"the report refers to chart {chart_id!r}, which has no image")
    image = images[chart_id]
    if not isinstance(image, Future):
        return image
    try:
        return image.result(timeout=CHART_WAIT_SECONDS)
    except FutureTimeout:
        raise ChartImageError(f"chart {chart_id!r} was not drawn within {CHART_WAIT_SECONDS} s") from None
    except ChartImageError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever the drawing raised, name the chart
        raise ChartImageError(f"chart {chart_id!r} could not be drawn: {error}") from error


def _report_fetcher(images: Mapping[str, ChartImage]):
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        """Only the report's own chart images, and data: URLs (the raster inside plotly's heat map): nothing from files or the network."""

        def fetch(self, url, headers=None):
            scheme, _, chart_id = url.partition(":")
            if scheme == CHART_IMAGE_SCHEME:
                try:
                    body = chart_image(images, chart_id)
                except ChartImageError as error:
                    # WeasyPrint logs and skips an image whose fetch fails; a fatal error stops the PDF instead.
                    raise FatalURLFetchingError(str(error)) from error
                return URLFetcherResponse(url, body, {"Content-Type": "image/svg+xml"})
            return super().fetch(url, headers)

    return ReportFetcher(allowed_protocols={"data"})
