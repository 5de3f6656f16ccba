"""Long free text in the report's tables has room (issue #13 point 5).

A reason for keeping an option, a score's rationale or a legal basis once stood
in a column about eight characters wide beside five others, and each option took
half a page. Such text is laid out under its row, across the whole table, in the
HTML, the PDF and the DOCX; the remaining columns give their headers room to
break at hyphenation points only, not letter by letter."""

import io
import logging
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import html as lxml_html
from weasyprint import HTML

from secu4all_ethics import evaluate, load_assessment, word_result
from secu4all_ethics.report import Provenance, build_report
from secu4all_ethics.report import html as html_module
from secu4all_ethics.report.columns import (
    SOFT_HYPHEN,
    cell_padding_pt,
    column_keys,
    column_widths,
    hyphenated_headers,
    table_class,
    table_layout,
    type_size_pt,
)
from secu4all_ethics.report.docx import TEXT_WIDTH_CM, render_docx
from secu4all_ethics.report.html import render_html
from secu4all_ethics.report.model import Chart, Table
from tests.conftest import EXAMPLES_DIR

EXAMPLES = ("park_drug_dealing", "christmas_market", "station_car_park")
LANGUAGES = ("en", "fr", "de", "it")
# Text this long on average is prose: a reason, a rationale, a citation list.
LONG_TEXT_CHARACTERS = 100


@pytest.fixture(scope="module")
def reports(bundle):
    built = {}
    for example in EXAMPLES:
        assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
        for language in LANGUAGES:
            result = word_result(evaluate(assessment, bundle), bundle, language)
            built[example, language] = build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64))
    return built


def tables(report):
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Table):
                yield block
            elif isinstance(block, Chart):
                yield block.data


def options_table(report) -> Table:
    return next(block for block in report.section("options").blocks if isinstance(block, Table))


def test_long_text_never_stands_in_a_narrow_column(reports):
    narrow = []
    for (example, language), report in reports.items():
        for table in tables(report):
            in_row = table.in_row_columns()
            if len(in_row) < 2:
                continue
            for index, share in zip(in_row, column_widths(table, language)):
                cells = [row[index] for row in table.rows]
                if sum(map(len, cells)) / len(cells) > LONG_TEXT_CHARACTERS and share < 100 / 3:
                    narrow.append((example, language, table.caption[:40], table.columns[index], round(share)))
    assert narrow == []


def test_the_reasons_rationales_and_legal_bases_are_laid_out_under_their_row(reports):
    report = reports["park_drug_dealing", "de"]
    options = options_table(report)
    assert options.columns[options.full_width_columns[-1]] == "Grund für Beibehaltung oder Verwerfung"
    legal_basis = next(table for table in tables(report) if "Rechtsgrundlage" in table.columns and "Frage" in table.columns)
    assert [legal_basis.columns[index] for index in legal_basis.full_width_columns] == ["Rechtsgrundlage"]
    scores = [table for table in tables(report) if "Begründung" in table.columns and "Spanne" in table.columns]
    assert scores and all([table.columns[index] for index in table.full_width_columns] == ["Begründung"] for table in scores)
    # Without its free text the scores table is an ordinary one: the usual type size, not the small one of wide tables.
    assert all(table_class(table) == "" for table in scores)


def test_the_html_puts_each_reason_in_a_row_across_the_table(reports):
    report = reports["park_drug_dealing", "de"]
    options = options_table(report)
    reason = options.full_width_columns[-1]
    tree = lxml_html.fromstring(render_html(report, {}))
    table = next(t for t in tree.iter("table") if t.findtext("caption") == options.caption)
    headers = table.xpath("./thead/tr/th")
    assert "Grund für Beibehaltung oder Verwerfung" not in [th.text_content() for th in headers]
    for row in options.rows:
        cell = next(td for td in table.iter("td") if row[reason] in td.text_content())
        assert int(cell.get("colspan", 1)) == len(headers)
        assert cell.text_content().startswith("Grund für Beibehaltung oder Verwerfung:")
        # The option's row and its reason stay one block, which print keeps on one page.
        assert cell.getparent().getparent().get("class") == "entry"


def test_the_docx_puts_each_reason_in_a_cell_across_the_table_and_fixes_the_widths(reports):
    report = reports["park_drug_dealing", "de"]
    options = options_table(report)
    reason = options.full_width_columns[-1]
    document = docx.Document(io.BytesIO(render_docx(report, {})))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == options.columns[0] and len(t.rows) > len(options.rows))
    columns = len(table.columns)
    assert columns == len(options.in_row_columns())
    for row in options.rows:
        cell = next(tc for tc in table._tbl.iter(docx.oxml.ns.qn("w:tc")) if row[reason] in "".join(tc.itertext()))
        assert cell.grid_span == columns
    # Fixed widths shared out as in the PDF, spanning the page between its margins: the one-digit intrusiveness
    # column no longer takes as much as the option's name, nor the reason a few letters a line.
    widths = [column.width.cm for column in table.columns]
    assert abs(sum(widths) - TEXT_WIDTH_CM) < 0.05
    assert table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblLayout")).get(docx.oxml.ns.qn("w:type")) == "fixed"
    assert widths[0] == max(widths)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_docx_tables_use_the_pdfs_type_and_padding_for_which_their_widths_were_shared_out(reports, language):
    # At Word's 10 pt and 0.19 cm padding, "nicht anwendbar" and "Ausschlusskriterium" were split inside the word.
    report = reports["park_drug_dealing", language]
    document = docx.Document(io.BytesIO(render_docx(report, {})))
    ours = [table for table in tables(report) if table.in_row_columns()]
    assert len(document.tables) == len(ours)
    sizes_seen = set()
    for grid, table in zip(document.tables, ours):
        size = round(type_size_pt(table) * 2) / 2  # Word keeps half points
        sizes = {run.font.size.pt for row in grid.rows for cell in row.cells for p in cell.paragraphs for run in p.runs if run.text}
        assert sizes == {size}, table.caption
        sizes_seen.add(size)
        properties = grid._tbl.tblPr
        names = [child.tag.split("}")[1] for child in properties]
        assert names.count("tblLayout") == 1 and names.index("tblCellMar") < names.index("tblLook")
        margin = properties.find(qn("w:tblCellMar")).find(qn("w:left"))
        assert int(margin.get(qn("w:w"))) == round(cell_padding_pt(table) * 20)
    assert len(sizes_seen) > 1  # the wide tables' smaller type too


def test_a_header_breaks_at_the_soft_hyphens_the_layout_marked_in_every_format(reports):
    report = reports["station_car_park", "de"]
    broken = [(table, index) for table in tables(report) for index in table_layout(table, "de").hyphenated]
    assert broken, "the German station report has headers that must break"
    html = render_html(report, {})
    document = docx.Document(io.BytesIO(render_docx(report, {})))
    for table, index in broken:
        marked = table_layout(table, "de").headers[index]
        assert SOFT_HYPHEN in marked and marked.replace(SOFT_HYPHEN, "") == table.columns[index]
        assert marked in html
    soft_hyphens = [element for element in document.element.body.iter(qn("w:softHyphen"))]
    assert len(soft_hyphens) >= len(broken)
    # Nothing hyphenates on its own any more: the layout needs no dictionary (14 MB for German in the worker).
    assert "hyphens: auto" not in (Path(html_module.__file__).parent / "templates" / "report.css").read_text()


def test_the_pdf_layout_loads_no_hyphenation_dictionary(reports):
    import pyphen

    html = render_html(reports["station_car_park", "de"], {})
    pyphen.hdcache.clear()
    HTML(string=html).render()
    assert pyphen.hdcache == {}


def boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from boxes(child)


def header_lines(document) -> dict[str, list[str]]:
    """Each header cell of the laid-out tables that need not break (report/columns.py): its text, line by line."""
    found: dict[str, list[str]] = {}
    for page in document.pages:
        for box in boxes(page._page_box):
            if type(box).__name__ != "TableBox":
                continue
            for cell in boxes(box):
                if type(cell).__name__ == "TableCellBox" and cell.element.tag == "th" and "hyphenate" not in (cell.element.get("class") or ""):
                    lines = [
                        "".join(text.text for text in boxes(line) if type(text).__name__ == "TextBox")
                        for line in boxes(cell)
                        if type(line).__name__ == "LineBox"
                    ]
                    found.setdefault("".join(cell.element.itertext()), lines)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_header_word_is_broken_in_the_park_report(reports, language):
    """Measured on WeasyPrint's layout: every word of a header stays on one line, except in the few headers that
    must break at hyphenation points to fit."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    report = reports["park_drug_dealing", language]
    document = HTML(string=render_html(report, {})).render()
    headers = header_lines(document)
    broken = []
    for header, lines in headers.items():
        for word in header.split():
            # A compound may end a line after its own hyphen or slash ("Schuss-"), as the body text does.
            for part in re.split(r"(?<=[-/–])", word):
                if part and not any(part in line for line in lines):
                    broken.append((header, lines))
    assert broken == []
    # The options' table is one whose headers stay whole ("Eingriffsintensität (1–5)" broke over six lines).
    options = options_table(report)
    assert all(options.columns[index] in headers for index in options.in_row_columns())
    # Nor do the scores' tables need to break any: a column per criterion is keyed by letters instead.
    scores = [table for table in tables(report) if table.full_width_columns and table in report.section("scores").blocks]
    assert scores and not any(hyphenated_headers(table, language) for table in scores)
    keyed = [table for table in tables(report) if column_keys(table, language)]
    assert keyed and all(len(table.in_row_columns()) > 5 for table in keyed)
