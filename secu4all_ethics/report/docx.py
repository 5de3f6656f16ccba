"""The report as an editable Word document: real headings, real tables, charts as pictures.

python-docx writes text as text runs, so user input can never become a field
code, a hyperlink or markup in the document.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .columns import SHORT_GROUP, SOFT_HYPHEN, cell_padding_pt, table_layout, type_size_pt
from .model import BulletList, Chart, Notice, Paragraph, Report, Subheading, Table, running_title

NOTICE_COLOUR = {"info": RGBColor(0x00, 0x72, 0xB2), "warning": RGBColor(0x9A, 0x5B, 0x00), "danger": RGBColor(0xB0, 0x3A, 0x00)}
# XML 1.0 cannot hold most control characters; Word refuses a file that has them.
_FORBIDDEN = {code for code in range(32) if code not in (9, 10, 13)}


def clean(text: str) -> str:
    return "".join(ch for ch in text if ord(ch) not in _FORBIDDEN)


def _page_number_field(paragraph) -> None:
    """A PAGE field, so Word numbers the pages itself (the field code is ours, never user text)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# The page's width between its margins (A4, 1.8 cm each side): tables span it, shared out as in the PDF.
TEXT_WIDTH_CM = 21.0 - 2 * 1.8


def _fixed_widths(grid, widths_cm: list[float]) -> None:
    """Fixed column widths, as the PDF's: Word's automatic layout gave long text a narrow column and headers one letter a line."""
    grid.autofit = False  # <w:tblLayout w:type="fixed"/>
    for column, width in zip(grid.columns, widths_cm):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


WORD_JOINER = "\u2060"


def _add_header_text(paragraph, text: str) -> None:
    """A header in bold, its soft hyphens as Word's optional hyphens: it breaks there, as in the PDF, and nowhere else.

    A short group in brackets stays on one line, "(1–5)" and never "(1–" then "5)", as the PDF's nowrap span keeps it."""
    text = SHORT_GROUP.sub(lambda group: WORD_JOINER.join(group.group()), text)
    for position, piece in enumerate(text.split(SOFT_HYPHEN)):
        run = paragraph.add_run(piece)
        run.bold = True
        if position:
            run._r.insert(run._r.index(run._r.find(qn("w:t"))), OxmlElement("w:softHyphen"))


def _pdf_type_and_padding(grid, size_pt: float, padding_pt: float) -> None:
    """The PDF's type size and cell padding: the widths were shared out for them, and Word's larger
    defaults (the body's 10 pt, 0.19 cm each side) split German words over two lines."""
    size = Pt(round(size_pt * 2) / 2)  # Word keeps half points
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = size
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(padding_pt * 20)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # Word reads the table's properties in the schema's order: the margins come before <w:tblLook>.
    properties = grid._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _table(document, table: Table, language: str, colon: str) -> None:
    caption = document.add_paragraph(style="Caption")
    caption.add_run(clean(table.caption))
    in_row = table.in_row_columns()
    layout = table_layout(table, language)
    keys = layout.keys
    grid = document.add_table(rows=1, cols=len(in_row))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for position, index in enumerate(in_row):
        cell = grid.rows[0].cells[position]
        cell.text = ""
        _add_header_text(cell.paragraphs[0], clean(layout.headers[index]))
    for row in table.rows:
        cells = grid.add_row().cells
        for position, index in enumerate(in_row):
            cells[position].text = clean(row[index])
            if index in table.numeric_columns:
                cells[position].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # Long free text (a reason, a rationale) goes under its row, across the whole table.
        for index in table.full_width_columns:
            # Word keeps the row on the page of the lines that follow it.
            for cell in grid.rows[-1].cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
            detail = grid.add_row()
            merged = detail.cells[0].merge(detail.cells[-1]) if len(in_row) > 1 else detail.cells[0]
            merged.text = ""
            paragraph = merged.paragraphs[0]
            paragraph.add_run(clean(table.columns[index]) + colon).bold = True
            paragraph.add_run(clean(row[index]))
    if table.keeps_together():
        # Word moves the table whole: its caption and every row but the last keep with what follows.
        caption.paragraph_format.keep_with_next = True
        for row_cells in list(grid.rows)[:-1]:
            for cell in row_cells.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    _fixed_widths(grid, [TEXT_WIDTH_CM * share / 100 for share in layout.widths])
    _pdf_type_and_padding(grid, type_size_pt(table), cell_padding_pt(table))
    # Repeat the header row on every page a long table runs over.
    header = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    if keys:
        # Headers too long to stay whole are letters; the key names them.
        key = document.add_paragraph()
        for position, (index, letter) in enumerate(keys.items()):
            key.add_run(("  ·  " if position else "") + letter + " ").bold = True
            key.add_run(clean(table.columns[index]))
            key.runs[-1].font.size = key.runs[-2].font.size = Pt(8)


def render_docx(report: Report, images: dict[str, bytes] | None = None) -> bytes:
    """images: PNG bytes by chart id; a chart without an image is shown by its data table alone."""
    images = images or {}
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = "DejaVu Sans"
    styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.8)
    header = section.header.paragraphs[0]
    header.text = clean(report.review.label)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.add_run(clean(f"{running_title(report.title)} · {report.labels['page']} "))
    _page_number_field(footer)

    document.core_properties.title = clean(report.title)[:250]
    document.core_properties.subject = clean(report.subtitle)
    document.core_properties.language = report.language

    document.add_paragraph(clean(report.subtitle))
    document.add_heading(clean(report.title), level=0)
    if report.organisation:
        document.add_paragraph(clean(report.organisation))
    state = document.add_paragraph()
    state_run = state.add_run(clean(report.review.label))
    state_run.bold = True
    verified = report.review.signed and report.review.signature == "verified"
    mismatch = report.review.signature == "mismatch"
    state_run.font.color.rgb = RGBColor(0x00, 0x6B, 0x4F) if verified else NOTICE_COLOUR["danger" if mismatch else "warning"]
    identity = document.add_paragraph()
    colon = report.labels["colon"]
    identity.add_run(f"{clean(report.labels['version'])}{colon}{report.version if report.version is not None else '—'}\n")
    identity.add_run(f"{clean(report.labels['document_hash'])}{colon}{report.document_hash}\n")
    identity.add_run(f"{clean(report.labels['generated'])}{colon}{clean(report.generated_at_text)}")

    document.add_heading(clean(report.labels["contents"]), level=1)
    for item in report.sections:
        document.add_paragraph(clean(f"{item.number}. {item.title}"))

    for item in report.sections:
        document.add_heading(clean(f"{item.number}. {item.title}"), level=1)
        for block in item.blocks:
            if isinstance(block, Paragraph):
                paragraph = document.add_paragraph()
                if block.label:
                    paragraph.add_run(clean(report.label_lead(block.label)) + " ").bold = True
                paragraph.add_run(clean(block.text))
            elif isinstance(block, BulletList):
                for entry in block.items:
                    document.add_paragraph(clean(entry), style="List Bullet")
            elif isinstance(block, Notice):
                paragraph = document.add_paragraph()
                run = paragraph.add_run(clean(block.text))
                run.bold = True
                run.font.color.rgb = NOTICE_COLOUR[block.level]
            elif isinstance(block, Subheading):
                document.add_heading(clean(block.text), level=2)
            elif isinstance(block, Table):
                _table(document, block, report.language, colon)
            elif isinstance(block, Chart):
                document.add_heading(clean(block.title), level=3)
                if block.chart_id in images:
                    picture = document.add_picture(io.BytesIO(images[block.chart_id]), width=Cm(17))
                    # Word reads a picture's description (docPr descr) aloud as its alternative text.
                    picture._inline.docPr.set("descr", clean(block.alternative_text(colon)))
                _table(document, block.data, report.language, colon)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
