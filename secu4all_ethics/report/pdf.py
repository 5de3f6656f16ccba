"""The report as PDF: the HTML layout printed by WeasyPrint (fonts embedded, page numbers, contents with page numbers, bookmarks)."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Mapping

from .html import CHART_IMAGE_SCHEME, render_html
from .model import Report

ChartImage = bytes | Future


def render_pdf(report: Report, images: Mapping[str, ChartImage] | None = None) -> bytes:
    """images: each chart's SVG, or a Future of it that is still being drawn.

    The layout starts at once and waits for a chart only when it reaches it,
    so drawing the charts and laying out the text before them overlap.
    """
    # Imported on use: WeasyPrint loads Pango, which the screens never need.
    from weasyprint import HTML

    images = dict(images or {})
    # WeasyPrint warns about every SVG presentation property in the charts' style attributes
    # (its HTML style checker does not know them; its SVG renderer does): hundreds of lines that say nothing.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = render_html(report, linked_charts=images)
    pdf = HTML(string=html, base_url=None, url_fetcher=_report_fetcher(images)).write_pdf(
        pdf_identifier=report.document_hash[:32].encode("ascii"),
        custom_metadata=False,
    )
    for image in images.values():
        if isinstance(image, Future):
            image.result()  # a chart that failed fails the PDF, instead of leaving a silent gap
    return pdf


def _report_fetcher(images: Mapping[str, ChartImage]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        """Only the report's own chart images, and data: URLs (the raster inside plotly's heat map): nothing from files or the network."""

        def fetch(self, url, headers=None):
            scheme, _, chart_id = url.partition(":")
            if scheme == CHART_IMAGE_SCHEME:
                image = images[chart_id]
                body = image.result() if isinstance(image, Future) else image
                return URLFetcherResponse(url, body, {"Content-Type": "image/svg+xml"})
            return super().fetch(url, headers)

    return ReportFetcher(allowed_protocols={"data"})
