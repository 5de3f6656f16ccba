"""Every report format, for every example assessment, in all four languages.

The PDF is read back with pdftotext (poppler): the section headings must be
there in the report's language, and accented input (é, ß, à, and Latvian ā, ē,
ū) must come out as written. The JSON export must round-trip exactly.
"""

import io
import json
import logging
import re
import subprocess

import pytest
from docx import Document
from lxml import html as lxml_html

from secu4all_ethics import evaluate, load_assessment, parse_assessment
from secu4all_ethics.i18n import t
from secu4all_ethics.report import SECTION_IDS, Provenance, build_report, render
from secu4all_ethics.report.formats import provenance_of_package
from secu4all_ethics.report.pdf import ErrorCollector
from secu4all_ethics.storage.repository import document_hash
from tests.conftest import EXAMPLES_DIR, require_command

EXAMPLES = sorted(path.stem for path in EXAMPLES_DIR.glob("*.yaml"))
LANGUAGES = ("en", "fr", "de", "it")
ACCENTED_PLACE = "Rīga, Brīvības iela, Straße am Markt, à côté du café, ēdnīca, ūdens"
ACCENTED_WORDS = ("Rīga", "Brīvības", "Straße", "à côté", "café", "ēdnīca", "ūdens")


def normalised(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    require_command("pdftotext")
    completed = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return completed.stdout.decode("utf-8")


@pytest.fixture(scope="module", params=[(example, language) for example in EXAMPLES for language in LANGUAGES], ids=lambda p: f"{p[0]}-{p[1]}")
def rendered(request, bundle, chart_server, layout_worker):
    example, language = request.param
    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    assessment.need.place_type = ACCENTED_PLACE
    document = assessment.model_dump(mode="json")
    result = evaluate(assessment, bundle, language)
    provenance = Provenance(document_hash=document_hash(document))
    report = build_report(assessment, result, bundle, language, provenance)
    errors = ErrorCollector()
    logging.getLogger("weasyprint").addHandler(errors)
    try:
        files = {
            report_format: render(report, report_format, assessment_document=document, result=result, provenance=provenance)
            for report_format in ("md", "html", "pdf", "docx", "json")
        }
    finally:
        logging.getLogger("weasyprint").removeHandler(errors)
    files["weasyprint_errors"] = errors.messages
    return language, report, files


def test_every_chart_and_image_renders_in_the_pdf(rendered):
    _, _, files = rendered
    assert files["weasyprint_errors"] == []


def test_pdf_has_the_headings_in_its_language_and_the_accents_intact(rendered):
    language, report, files = rendered
    assert files["pdf"].startswith(b"%PDF-")
    text = normalised(pdf_text(files["pdf"]))
    for section_id in SECTION_IDS:
        assert normalised(t(f"report.section.{section_id}", language)) in text, section_id
    for word in ACCENTED_WORDS:
        assert word in text
    assert normalised(t("report.review.state.draft", language)) in text  # the draft mark


def test_pdf_embeds_its_fonts_and_numbers_its_pages(rendered):
    _, report, files = rendered
    require_command("pdffonts")
    fonts = subprocess.run(["pdffonts", "-"], input=files["pdf"], capture_output=True, check=False)
    if fonts.returncode != 0:  # older poppler reads only files
        pytest.skip("pdffonts cannot read standard input here")
    rows = fonts.stdout.decode().splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), rows
    text = pdf_text(files["pdf"])
    assert re.search(rf"{re.escape(report.labels['page'])} 2 {re.escape(report.labels['of'])} \d+", text)


def test_html_is_self_contained_with_inline_svg_charts_and_a_print_stylesheet(rendered):
    language, report, files = rendered
    page = files["html"].decode("utf-8")
    tree = lxml_html.fromstring(page)
    assert tree.get("lang") == language
    assert not tree.xpath("//script | //link | //img[@src] | //iframe")
    assert len(tree.xpath("//figure[@class='chart']//svg")) == sum(
        1 for section in report.sections for block in section.blocks if block.kind == "chart"
    ) > 0
    assert "@media print" in page and "@page" in page
    headings = [normalised(h.text_content()) for h in tree.xpath("//section/h2")]
    assert headings == [f"{n}. {normalised(t(f'report.section.{s}', language))}" for n, s in enumerate(SECTION_IDS, 1)]
    assert ACCENTED_PLACE in tree.text_content()


def test_docx_has_real_headings_and_tables(rendered):
    language, report, files = rendered
    document = Document(io.BytesIO(files["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:] == [f"{n}. {t(f'report.section.{s}', language)}" for n, s in enumerate(SECTION_IDS, 1)]
    assert len(document.tables) >= 10
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert any(ACCENTED_PLACE in cell for cell in cells) or any(ACCENTED_PLACE in p.text for p in document.paragraphs)
    assert len(document.inline_shapes) > 0  # the charts, as pictures
    assert document.sections[0].header.paragraphs[0].text == report.review.label


def test_markdown_has_every_section(rendered):
    language, _, files = rendered
    text = files["md"].decode("utf-8")
    for number, section_id in enumerate(SECTION_IDS, 1):
        assert f"\n## {number}\\. " in text
    assert text.startswith("# ")


def test_json_round_trip_is_identical(rendered, bundle):
    language, report, files = rendered
    package = json.loads(files["json"])
    assert package["format"] == "secu4all-report" and package["report"]["language"] == language
    imported = parse_assessment(files["json"], "report.json")
    document = imported.model_dump(mode="json")
    assert document == package["assessment"]
    assert document_hash(document) == package["provenance"]["document_hash"] == report.document_hash
    result = evaluate(imported, bundle, language)
    provenance = provenance_of_package(package)
    again = build_report(imported, result, bundle, language, provenance)
    assert render(again, "json", assessment_document=document, result=result, provenance=provenance) == files["json"]
