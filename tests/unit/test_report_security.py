"""User text is text in every format: <script>, <img onerror>, javascript: links and
Markdown injection, in the title, the need, an option's name (which reaches the
charts), a score rationale, an action item and a DPO comment."""

import io
import re
import subprocess
import zipfile

import pytest
from docx import Document
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.domain.assessment import ActionItem, AssessedOption, AssessedScore, CustomOption, GateAnswer
from secu4all_ethics.domain.content import DataProcessed
from secu4all_ethics.domain.review import ReviewEntry
from secu4all_ethics.report import Provenance, build_report, render
from secu4all_ethics.report.chart_images import sanitise_svg
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR, require_command

SCRIPT = "<script>alert('title')</script>"
IMAGE = '<img src=x onerror="alert(1)">'
LINK = '<a href="javascript:alert(2)">Trap camera</a>'
MARKDOWN = "[click me](javascript:alert(3)) ![pixel](http://evil.example/p.png) **bold** <b>b</b>\n# Not a heading\n1. not a list"
HOSTILE = [SCRIPT, IMAGE, LINK, MARKDOWN]


@pytest.fixture(scope="module")
def hostile(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.title = f"{SCRIPT} Car park"
    assessment.organisation = IMAGE
    assessment.need.problem_statement = MARKDOWN
    assessment.need.affected_groups.append(LINK)
    cctv = bundle.technologies_by_id["fixed_cctv"]
    assessment.options.append(
        AssessedOption(
            key="trap",
            custom=CustomOption(name=LINK, intrusiveness=3, data_processed=DataProcessed(personal=True, biometric=False, audio=False, location=False)),
            cost_model=cctv.cost_model,
            gate_answers={gate.id: GateAnswer(answer="passes", justification=IMAGE) for gate in bundle.legal.gates},
            scores={
                criterion: AssessedScore(value=score.value, evidence_grade=score.evidence_grade, rationale=MARKDOWN) for criterion, score in cctv.scores.items()
            },
            necessity_note=SCRIPT,
        )
    )
    assessment.action_plan.append(ActionItem(description=LINK, owner=IMAGE))
    document = assessment.model_dump(mode="json")
    result = word_result(evaluate(assessment, bundle), bundle, "en")
    assert "trap" in result.ranking, "the hostile option must reach the ranking and the charts"
    review = [
        ReviewEntry(kind="submission", version=1, document_hash="a" * 64, reviewer="Ada", created_at="2026-11-26T10:00:00.000000Z"),
        ReviewEntry(
            kind="section",
            version=1,
            document_hash="a" * 64,
            reviewer="Dora",
            section="legal",
            verdict="improvable",
            comment=MARKDOWN + SCRIPT,
            created_at="2026-11-26T10:05:00.000000Z",
        ),
    ]
    provenance = Provenance(document_hash="a" * 64, version=1, status="submitted", reviews=review)
    report = build_report(assessment, result, bundle, "en", provenance)
    return report, document, result, provenance


@pytest.fixture(scope="module")
def files(hostile, chart_server):
    report, document, result, provenance = hostile
    return {
        report_format: render(report, report_format, assessment_document=document, result=result, provenance=provenance)
        for report_format in ("md", "html", "pdf", "docx")
    }


READ_ALOUD_ATTRIBUTES = {"aria-label", "alt"}


def assert_inert_html(markup: str) -> None:
    tree = lxml_html.fromstring(markup)
    assert not tree.xpath("//script | //iframe | //object | //embed | //img")
    assert all(href.startswith("#") for href in tree.xpath("//a/@href")), "only links within the report"
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            # A chart's alternative text quotes the option names as they were typed: text a screen reader
            # reads out, never followed; any other attribute must not carry a script.
            if name not in READ_ALOUD_ATTRIBUTES:
                assert "javascript:" not in value.lower(), (element.tag, name, value)


def test_html_shows_hostile_text_as_text(files):
    page = files["html"].decode("utf-8")
    assert_inert_html(page)
    text = lxml_html.fromstring(page).text_content()
    for hostile_text in (SCRIPT, IMAGE, LINK):
        assert hostile_text in text


def test_chart_svgs_carry_no_link_or_script(files):
    tree = lxml_html.fromstring(files["html"].decode("utf-8"))
    svgs = tree.xpath("//svg")
    assert svgs
    for svg in svgs:
        for element in svg.iter():
            if isinstance(element.tag, str):
                assert etree.QName(element).localname.lower() not in ("a", "script", "foreignobject")
                assert not any("href" in name.lower() and not value.startswith(("#", "data:image/png;base64,")) for name, value in element.attrib.items())
    # The option's name is drawn as text (wrapped between its words, so read without the line breaks).
    assert "Trapcamera" in "".join("".join(svg.text_content() for svg in svgs).split())


def test_markdown_renders_no_link_image_html_or_heading(files):
    rendered = MarkdownIt("commonmark").render(files["md"].decode("utf-8"))
    assert_inert_html(f"<div>{rendered}</div>")
    assert "<h1>Not a heading" not in rendered and "<ol>" not in rendered
    assert "<strong>bold</strong>" not in rendered
    assert "[click me](javascript:alert(3))" in lxml_html.fromstring(f"<div>{rendered}</div>").text_content()


def test_pdf_prints_hostile_text_literally(files):
    require_command("pdftotext")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=files["pdf"], capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "<script>alert('title')</script>" in flat
    assert 'onerror="alert(1)"' in flat
    assert b"/JavaScript" not in files["pdf"] and b"/URI" not in files["pdf"]


def test_docx_keeps_hostile_text_as_plain_runs(files):
    document = Document(io.BytesIO(files["docx"]))
    texts = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any(SCRIPT in text for text in texts) and any(LINK in text for text in texts)
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as package:
        relationships = "".join(package.read(name).decode() for name in package.namelist() if name.endswith(".rels"))
        body = package.read("word/document.xml").decode()
    assert "hyperlink" not in relationships.lower() and "<w:hyperlink" not in body
    assert "javascript:" in body  # present, but only as escaped text inside <w:t>
    assert not re.search(r"<w:instrText[^>]*>[^<]*(HYPERLINK|INCLUDE)", body)


def test_svg_sanitiser_strips_active_content():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">'
        b'<script>alert(2)</script><a xlink:href="javascript:alert(3)"><text>label</text></a>'
        b'<foreignObject><div>x</div></foreignObject><rect fill="url(#g)" onclick="alert(4)"/>'
        b'<use href="#shape"/><image href="data:image/png;base64,iVBORw0KGgo="/><image href="http://evil.example/x.png"/></svg>'
    )
    cleaned = sanitise_svg(svg).decode()
    assert "alert" not in cleaned and "<a" not in cleaned and "foreignObject" not in cleaned
    assert "<text>label</text>" in cleaned and 'href="#shape"' in cleaned and 'fill="url(#g)"' in cleaned
    assert 'href="data:image/png;base64,iVBORw0KGgo="' in cleaned  # plotly's heat map raster
    assert "evil.example" not in cleaned
