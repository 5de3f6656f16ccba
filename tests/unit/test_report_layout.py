"""Every table of the PDF fits its page, and every cell's text fits its cell.

Wide tables (a column per criterion) get smaller type and may break their
headers inside words; column widths are fixed from an estimate of the text
(report/columns.py), so text that did not fit would spill, not widen the table."""

import logging

import pytest
from weasyprint import HTML

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.report import Provenance, build_report
from secu4all_ethics.report.html import render_html
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR


def boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from boxes(child)


def example_report(bundle, example, language):
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    result = word_result(evaluate(assessment, bundle), bundle, language)
    return build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64))


@pytest.mark.parametrize("example, language", [("park_drug_dealing", "it"), ("christmas_market", "de")])
def test_no_table_is_wider_than_the_page(bundle, example, language):
    report = example_report(bundle, example, language)
    document = HTML(string=render_html(report, {})).render()
    too_wide, spilling = [], []
    for number, page in enumerate(document.pages, 1):
        body = page._page_box.children[0]
        right_edge = body.content_box_x() + body.width
        for box in boxes(page._page_box):
            if type(box).__name__ == "TableBox" and box.position_x + box.margin_width() > right_edge + 0.5:
                too_wide.append((number, round(box.position_x + box.margin_width() - right_edge, 1)))
            if type(box).__name__ == "TableCellBox":
                cell_right = box.content_box_x() + box.width
                for text in boxes(box):
                    if type(text).__name__ == "TextBox" and text.position_x + text.width > cell_right + 0.5:
                        spilling.append((number, text.text[:30]))
    assert too_wide == []
    assert spilling == []


def captions_left_alone(document) -> list[tuple[int, str]]:
    """(page, caption) of every table caption that ends a page without any row of its table."""
    alone = []
    for number, page in enumerate(document.pages, 1):
        for box in boxes(page._page_box):
            # The table's wrapper: the box that holds the caption and the table itself.
            captions = [child for child in getattr(box, "children", None) or [] if type(child).__name__ == "TableCaptionBox"]
            rows = [row for row in boxes(box) if type(row).__name__ == "TableRowBox"]
            if captions and not rows:
                text = "".join(t.text for t in boxes(captions[0]) if type(t).__name__ == "TextBox")
                alone.append((number, text))
    return alone


@pytest.mark.parametrize("example, language", [("park_drug_dealing", "fr"), ("park_drug_dealing", "de"), ("station_car_park", "en")])
def test_a_table_caption_never_stands_alone_at_the_foot_of_a_page(bundle, example, language):
    # Seen in the French park PDF once the PDF was laid out whole: "Critères éliminatoires pour
    # Prévention situationnelle…" ended page 9, its table began page 10.
    report = example_report(bundle, example, language)
    assert captions_left_alone(HTML(string=render_html(report, {})).render()) == []


def chart_titles_left_alone(document) -> list[tuple[int, str]]:
    """(page, title) of every chart whose title ends a page while its picture starts the next."""
    alone = []
    for number, page in enumerate(document.pages, 1):
        for box in boxes(page._page_box):
            if getattr(box, "element_tag", None) != "figure":
                continue
            inside = {type(child).__name__ for child in boxes(box)} | {getattr(child, "element_tag", None) for child in boxes(box)}
            if "figcaption" in inside and "InlineReplacedBox" not in inside:
                caption = next(child for child in boxes(box) if getattr(child, "element_tag", None) == "figcaption")
                alone.append((number, "".join(t.text for t in boxes(caption) if type(t).__name__ == "TextBox")))
    return alone


@pytest.mark.parametrize("example, language", [("station_car_park", "de"), ("christmas_market", "en")])
def test_a_chart_title_never_stands_alone_at_the_foot_of_a_page(bundle, example, language):
    # Seen in the German station car park PDF: "Werte nach Option und Kriterium" ended page 24, its heat map began page 25.
    from secu4all_ethics.report.formats import charts_of

    report = example_report(bundle, example, language)
    # Pictures of each chart's own size, as drawn: the page breaks fall where they fall in the real PDF.
    pictures = {
        chart.chart_id: f'<svg xmlns="http://www.w3.org/2000/svg" width="{chart.width}" height="{chart.height}"><rect width="10" height="10"/></svg>'.encode()
        for chart in charts_of(report)
    }
    document = HTML(string=render_html(report, pictures)).render()
    assert any(type(box).__name__ == "InlineReplacedBox" for page in document.pages for box in boxes(page._page_box))
    assert chart_titles_left_alone(document) == []


def pages_of_short_tables(report, document) -> dict[str, set[int]]:
    """Caption -> the pages its rows are on, for every table the report keeps together."""
    short = {table.caption for table in report_tables(report) if table.keeps_together()}
    pages: dict[str, set[int]] = {}
    for number, page in enumerate(document.pages, 1):
        for box in boxes(page._page_box):
            if type(box).__name__ != "TableBox" or not any(type(row).__name__ == "TableRowBox" for row in boxes(box)):
                continue
            caption = box.element.find("caption")
            text = "".join(caption.itertext()).strip() if caption is not None else ""
            if text in short:
                pages.setdefault(text, set()).add(number)
    return pages


def report_tables(report):
    from secu4all_ethics.report.model import Table

    def walk(node):
        if isinstance(node, Table):
            yield node
        for value in node.__dict__.values() if hasattr(node, "__dict__") else []:
            for item in value if isinstance(value, list) else [value]:
                if hasattr(item, "__dict__"):
                    yield from walk(item)

    yield from walk(report)


@pytest.mark.parametrize("example, language", [("station_car_park", "de"), ("park_drug_dealing", "fr"), ("christmas_market", "en")])
def test_a_short_table_is_never_split_across_pages(bundle, example, language):
    # Seen in the PDFs: the five-row "where and who" table began at the foot of one page and ended on the next.
    report = example_report(bundle, example, language)
    pages = pages_of_short_tables(report, HTML(string=render_html(report, {})).render())
    assert pages and {caption: found for caption, found in pages.items() if len(found) > 1} == {}
