"""The report as PDF: the HTML layout printed by WeasyPrint (fonts embedded, page numbers, contents with page numbers, bookmarks)."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Mapping

from .chart_images import ChartImageError
from .html import CHART_IMAGE_SCHEME, render_html
from .model import Report

ChartImage = bytes | Future
# kaleido gives up on a drawing after 90 s; this is only a backstop.
CHART_WAIT_SECONDS = 120


def render_pdf(report: Report, images: Mapping[str, ChartImage] | None = None) -> bytes:
    """images: each chart's SVG, or a Future of it that is still being drawn.

    WeasyPrint fetches images while it builds the document, after parsing and
    styling it, so the charts are drawn meanwhile; it waits for a chart only
    when it reaches it. A chart that cannot be drawn stops the PDF at once.
    """
    # Imported on use: WeasyPrint loads Pango, which the screens never need.
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    images = dict(images or {})
    # WeasyPrint warns about every SVG presentation property in the charts' style attributes
    # (its HTML style checker does not know them; its SVG renderer does): hundreds of lines that say nothing.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_html(report, linked_charts=images)
    try:
        return HTML(string=html, base_url=None, url_fetcher=_report_fetcher(images)).write_pdf(
            pdf_identifier=report.document_hash[:32].encode("ascii"),
            custom_metadata=False,
        )
    except FatalURLFetchingError as stopped:
        raise stopped.__cause__ if isinstance(stopped.__cause__, ChartImageError) else ChartImageError(str(stopped)) from None
    finally:
        for image in images.values():
            if isinstance(image, Future):
                image.cancel()  # drawings not started yet are for a PDF that is done or abandoned


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
