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
from secu4all_ethics.i18n.languages import LANGUAGES
from secu4all_ethics.report import SECTION_IDS, Provenance, build_report, render
from secu4all_ethics.report.formats import provenance_of_package
from secu4all_ethics.report.pdf import ErrorCollector
from secu4all_ethics.storage.repository import document_hash
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR, require_command

EXAMPLES = sorted(path.stem for path in EXAMPLES_DIR.glob("*.yaml"))
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
    result = word_result(evaluate(assessment, bundle), bundle, language)
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
    assert len(tree.xpath("//figure[@class='chart']//svg")) == sum(1 for section in report.sections for block in section.blocks if block.kind == "chart") > 0
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
    for number in range(1, len(SECTION_IDS) + 1):
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
    result = word_result(evaluate(imported, bundle), bundle, language)
    provenance = provenance_of_package(package)
    again = build_report(imported, result, bundle, language, provenance)
    assert render(again, "json", assessment_document=document, result=result, provenance=provenance) == files["json"]


# --- a signature that this installation cannot vouch for ------------------------------------------------


def claimed_sign_off(signed_hash: str, version: int = 6) -> list:
    """What a JSON report can state: a submission and a sign-off naming signed_hash."""
    from secu4all_ethics.domain.review import ReviewEntry

    common = dict(version=version, document_hash=signed_hash, created_at="2026-01-02T10:00:00.000000Z")
    return [
        ReviewEntry(kind="submission", reviewer="Ada", verdict="submitted", **common),
        ReviewEntry(kind="sign_off", reviewer="Chief Data Protection Officer", reviewer_authenticated=True, verdict="signed", **common),
    ]


@pytest.fixture(scope="module", params=[(state, language) for state in ("mismatch", "unverified") for language in ("en", "de")], ids=lambda p: f"{p[0]}-{p[1]}")
def unvouched(request, bundle, layout_worker):
    """A report whose sign-off names another document (mismatch), or one as an imported file states it (unverified)."""
    state, language = request.param
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    document = assessment.model_dump(mode="json")
    own_hash = document_hash(document)
    signed_hash = "4154cf13b0af110d" + "0" * 48 if state == "mismatch" else own_hash
    provenance = Provenance(document_hash=own_hash, version=6, status="signed_off", reviews=claimed_sign_off(signed_hash), verified=False)
    result = word_result(evaluate(assessment, bundle), bundle, language)
    report = build_report(assessment, result, bundle, language, provenance)
    files = {
        report_format: render(report, report_format, assessment_document=document, result=result, provenance=provenance, with_charts=False)
        for report_format in ("md", "html", "pdf", "docx")
    }
    return state, language, report, files


def test_a_mismatched_or_unverified_signature_is_the_state_the_report_gives(unvouched):
    state, language, report, _ = unvouched
    key = "report.review.state.signature_mismatch" if state == "mismatch" else "report.review.state.signed_off_unverified"
    lead = t(key, language, name="\0", date="\0", version="\0", signed="\0", hash="\0").split("\0")[0]
    assert report.review.label.startswith(lead) and len(lead) > 20
    assert report.review.signature == state and report.review.signed == (state == "unverified")


def test_the_pdf_says_it_on_every_page(unvouched):
    state, language, report, files = unvouched
    pages = [normalised(page) for page in pdf_text(files["pdf"]).split("\f") if page.strip()]
    assert len(pages) > 5
    label = normalised(report.review.label)
    for number, page in enumerate(pages, 1):
        assert label in page, f"page {number}"
    # and never the bare signed state of a signature it cannot vouch for
    signed_state = t("report.review.state.signed_off", language, name="Chief Data Protection Officer", date="\0", version=6, hash="")
    assert normalised(signed_state.split("\0")[0]) not in " ".join(pages)


def test_the_docx_says_it_in_the_header_of_every_page_and_on_the_cover(unvouched):
    state, _, report, files = unvouched
    document = Document(io.BytesIO(files["docx"]))
    assert all(section.header.paragraphs[0].text == report.review.label for section in document.sections)
    assert report.review.label in [p.text for p in document.paragraphs[:6]]


def test_the_html_says_it_on_screen_and_on_every_printed_page(unvouched):
    state, _, report, files = unvouched
    page = files["html"].decode("utf-8")
    tree = lxml_html.fromstring(page)
    assert [normalised(mark.text_content()) for mark in tree.xpath("//div[contains(@class, 'draft-mark')]")] == [report.review.label]
    assert normalised(tree.xpath("//header[@class='cover']/p[contains(@class, 'state')]")[0].text_content()) == report.review.label
    from secu4all_ethics.report.html import css_string

    assert f"@top-center {{ content: {css_string(report.review.label)};" in page


def test_the_markdown_says_it_at_the_top(unvouched):
    state, _, report, files = unvouched
    from secu4all_ethics.report.markdown import inline

    text = files["md"].decode("utf-8")
    assert text.split("\n\n")[2 if not report.organisation else 3] == f"> **{inline(report.review.label)}**"


@pytest.mark.parametrize(
    ("title", "footer"),
    [
        ("Short title", "Short title"),
        (
            "Anforderungen für die Ausschreibung: Feste Videoüberwachung (Aufzeichnung, ohne Live-Überwachung) am Nordbahnhof",
            "Anforderungen für die Ausschreibung: Feste Videoüberwachung (Aufzeichnung, ohne…",
        ),
        ("x" * 100, "x" * 79 + "…"),
    ],
)
def test_a_long_title_is_cut_after_a_whole_word_in_the_page_footer(title, footer):
    from secu4all_ethics.report.model import running_title

    assert running_title(title) == footer
    assert len(running_title(title)) <= 80
