"""The report as PDF: the HTML layout printed by WeasyPrint (fonts embedded, page numbers, contents with page numbers, bookmarks).

The app lays its PDFs out in the layout worker (report/layout_worker.py), ahead
of the click (services/reports.py); the command line lays its one PDF out in
its own process. Either way it is the same document, laid out whole.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import nullcontext

from . import layout_worker
from .chart_images import ChartImageError, draw_in_background
from .formats import charts_of
from .html import CHART_IMAGE_SCHEME, render_document
from .layout_worker import CHART_WAIT_SECONDS, ErrorCollector, LayoutFailed, WorkerGone
from .model import Report

ChartImage = bytes | Future

logger = logging.getLogger(__name__)


def render_pdf(report: Report, images: Mapping[str, ChartImage] | None = None) -> bytes:
    """images: each chart's SVG, or a Future of it that is still being drawn."""
    images = dict(images or {})
    return pdf_of_html(render_document(report, linked_charts=images), images, _identifier(report))


def pdf_of_html(html: str, images: Mapping[str, ChartImage], identifier: bytes) -> bytes:
    """The PDF of a document whose charts are <img src="chart-image:ID"> (the report's, the workshop's debrief).

    Laid out by the layout worker once this process has started it (the app
    has), else here. WeasyPrint fetches images while it builds the document,
    after parsing and styling it, so the charts are drawn meanwhile; it waits
    for a chart only when it reaches it. A chart that cannot be drawn stops the
    PDF at once (ChartImageError).
    """
    try:
        if layout_worker.started():
            try:
                return _pdf_of(layout_worker.submit(html, CHART_IMAGE_SCHEME, images, identifier, urgent=True))
            except WorkerGone as gone:
                logger.warning("the PDF is laid out in the app's process: %s", gone)
        return _in_this_process(html, images, identifier)
    finally:
        for image in images.values():
            if isinstance(image, Future):
                image.cancel()  # drawings not started yet are for a PDF that is done or abandoned


def lay_out_ahead(report: Report) -> Future:
    """The report's PDF, laid out by the layout worker while the caller goes on: a Future of its bytes.

    Its charts are drawn here (the chart server is this process's) and sent to
    the worker as each is done. The Future fails if a chart or the layout does.
    """
    images = draw_in_background(charts_of(report), "svg")
    laid_out = _submit(report, images)

    def cancel_drawings(_):
        for image in images.values():
            image.cancel()

    laid_out.add_done_callback(cancel_drawings)
    return laid_out


def _identifier(report: Report) -> bytes:
    return report.document_hash[:32].encode("ascii")


def _submit(report: Report, images: Mapping[str, ChartImage]) -> Future:
    html = render_document(report, linked_charts=images)
    return layout_worker.submit(html, CHART_IMAGE_SCHEME, images, _identifier(report))


def _pdf_of(laid_out: Future) -> bytes:
    try:
        return laid_out.result()
    except LayoutFailed as failed:
        if failed.chart:
            raise ChartImageError(str(failed)) from None
        raise


def _in_this_process(html: str, images: Mapping[str, ChartImage], identifier: bytes) -> bytes:
    from weasyprint.urls import FatalURLFetchingError

    # The command line lays out its one PDF and does nothing else meanwhile; the app, whose worker
    # is gone, still serves every other session from this process.
    pausing = layout_worker.collector_paused() if not layout_worker.started() else nullcontext()
    try:
        with pausing:
            return layout_worker.lay_out(html, CHART_IMAGE_SCHEME, lambda chart_id: chart_image(images, chart_id), identifier)
    except FatalURLFetchingError as stopped:
        raise stopped.__cause__ if isinstance(stopped.__cause__, ChartImageError) else ChartImageError(str(stopped)) from None


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


__all__ = ["ErrorCollector", "chart_image", "lay_out_ahead", "pdf_of_html", "render_pdf"]
