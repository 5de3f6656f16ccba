"""The report as PDF: the HTML layout printed by WeasyPrint (fonts embedded, page numbers, contents with page numbers, bookmarks)."""

from __future__ import annotations

import logging

from .html import render_html
from .model import Report


def render_pdf(report: Report, images: dict[str, bytes] | None = None) -> bytes:
    # Imported on use: WeasyPrint loads Pango, which the screens never need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint warns about every SVG presentation property in the charts' style attributes
    # (its HTML style checker does not know them; its SVG renderer does): hundreds of lines that say nothing.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Only data: URLs are read (the raster inside plotly's heat map): nothing from files or the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_html(report, images), base_url=None, url_fetcher=fetcher).write_pdf(
        pdf_identifier=report.document_hash[:32].encode("ascii"),
        custom_metadata=False,
    )
