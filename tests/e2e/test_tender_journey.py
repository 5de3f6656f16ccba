"""Journey (issue #17 §3): from the Christmas market's results to its tender document. The Decision page
offers the tender DOCX for the recommended barriers; the downloaded file opens with python-docx and holds
the clauses, the question to the vendor and the evaluation grid, in the assessment's language."""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect

from secu4all_ethics import load_content
from secu4all_ethics.i18n import t
from tests.e2e.conftest import assert_no_exception, create_from_scenario, go, keyed, screenshot

pytestmark = pytest.mark.e2e

BUNDLE = load_content()


def test_from_the_results_to_the_tender_docx(app_server, page_factory):
    page = page_factory(locale="en-GB")
    create_from_scenario(page, app_server, "en", re.compile("Christmas market"))

    go(page, "en", "results")
    assert_no_exception(page)
    go(page, "en", "decision")
    heading = page.get_by_role("heading", name=t("tender.ui.heading", "en"))
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible()
    screenshot(page, "en-decision-tender")

    button = keyed(page, "tender-download-docx").get_by_role("button")
    expect(button).to_be_enabled()
    with page.expect_download(timeout=60_000) as download:
        button.click()
    assert re.fullmatch(r".*-tender-v\d+-en\.docx", download.value.suggested_filename)
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    barriers = BUNDLE.technologies_by_id["hvm_street_furniture"].name.get("en")
    assert t("tender.document.title", "en", option=barriers) in text
    assert "C2. Barriers tested against vehicle impact, placed as tested" in text
    assert "Q1. Independent tests" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "lowers Operational reliability from" in " ".join(cells)
    assert_no_exception(page)
