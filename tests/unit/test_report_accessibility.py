"""The exported report reaches readers who cannot see it (issue #15 point 4).

The PDF is tagged PDF/UA-1: its language, its title shown as the window title,
headings, table headers tied to their cells, and every chart a figure whose
alternative text is read from the chart's own data table. The HTML and the DOCX
give each chart the same text.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zlib
from collections import Counter

import docx
import pikepdf
import pytest

from secu4all_ethics import evaluate, load_assessment, word_result
from secu4all_ethics.report import Provenance, build_report
from secu4all_ethics.report.docx import render_docx
from secu4all_ethics.report.formats import charts_of
from secu4all_ethics.report.html import render_html
from secu4all_ethics.report.pdf import render_pdf
from tests.conftest import EXAMPLES_DIR

# A blank drawing stands in for each chart: what is checked is the tagging around it, not the picture.
BLANK_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>'


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# One white pixel, for the Word document's pictures.
BLANK_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
    + _png_chunk(b"IEND", b"")
)


def _report(bundle, example: str, language: str):
    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    result = word_result(evaluate(assessment, bundle), bundle, language)
    return build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64))


@pytest.fixture(scope="module")
def german_car_park(bundle):
    return _report(bundle, "station_car_park", "de")


@pytest.fixture(scope="module")
def tagged_pdf(german_car_park):
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        pdf = render_pdf(german_car_park, {chart.chart_id: BLANK_SVG for chart in charts_of(german_car_park)})
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    return pikepdf.open(io.BytesIO(pdf)), [record.getMessage() for record in records if record.levelno >= logging.ERROR]


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element of the tagged PDF, in reading order."""
    elements: list[pikepdf.Dictionary] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            elements.append(node)
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if isinstance(kids, pikepdf.Dictionary) else []:
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return elements


def test_the_pdf_declares_pdf_ua_its_language_and_its_title(tagged_pdf, german_car_park):
    pdf, _ = tagged_pdf
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "de"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    metadata = pdf.open_metadata()
    assert metadata["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
    assert metadata["dc:title"] == german_car_park.title


def test_the_pdf_tags_its_headings_in_order(tagged_pdf, german_car_park):
    pdf, _ = tagged_pdf
    tags = Counter(str(element.S) for element in structure(pdf))
    assert tags["/H1"] == 1
    # The contents' title, then a heading per section.
    assert tags["/H2"] == len(german_car_park.sections) + 1
    assert tags["/H3"] >= 1


def test_every_table_header_cell_is_tied_to_the_cells_it_heads(tagged_pdf):
    pdf, _ = tagged_pdf
    elements = structure(pdf)
    header_ids = {bytes(element.ID) for element in elements if str(element.S) == "/TH"}
    assert header_ids and len(header_ids) == sum(1 for element in elements if str(element.S) == "/TH")
    data_cells = [element for element in elements if str(element.S) == "/TD"]
    headed = [cell for cell in data_cells if "/Headers" in cell.A]
    # Full-width detail rows (one cell across the table, headed by its own label) are the only cells without a header.
    assert len(headed) >= 0.8 * len(data_cells)
    for cell in headed:
        assert {bytes(identifier) for identifier in cell.A.Headers} <= header_ids


def test_every_chart_is_a_figure_whose_alternative_text_reads_its_data_table(tagged_pdf, german_car_park):
    pdf, errors = tagged_pdf
    charts = charts_of(german_car_park)
    figures = [element for element in structure(pdf) if str(element.S) == "/Figure"]
    assert len(figures) == len(charts)
    for figure, chart in zip(figures, charts, strict=True):
        alternative = str(figure.Alt)
        assert alternative == chart.alternative_text(german_car_park.labels["colon"])
        assert alternative.startswith(chart.title)
        for row in chart.data.rows:
            for cell in row:
                assert cell in alternative
    assert not [error for error in errors if "alt" in error]


def test_the_alternative_text_names_each_value_with_its_column(german_car_park):
    chart = charts_of(german_car_park)[0]
    text = chart.alternative_text(" : ")
    first = chart.data.rows[0]
    assert f"{first[0]} : {chart.data.columns[1]} {first[1]}" in text


def test_the_html_report_labels_each_inline_chart_for_screen_readers(bundle):
    report = _report(bundle, "christmas_market", "fr")
    charts = charts_of(report)
    html = render_html(report, {chart.chart_id: BLANK_SVG for chart in charts})
    labels = re.findall(r'<div class="chart-image" role="img" aria-label="([^"]*)">', html)
    assert len(labels) == len(charts)
    assert labels[0].startswith(charts[0].title.replace("'", "&#39;"))
    assert " : " in labels[0]


def test_the_docx_describes_each_chart_picture(bundle):
    report = _report(bundle, "christmas_market", "it")
    charts = charts_of(report)
    document = docx.Document(io.BytesIO(render_docx(report, {chart.chart_id: BLANK_PNG for chart in charts})))
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert descriptions == [chart.alternative_text(report.labels["colon"]) for chart in charts]
