"""The Decision page's tender section (issue #17 §3): the downloads of the tender document for the recommended
option, and the vendors' answers recorded on it, a contradicting one flagging the scores it depends on."""

import io
import json

from docx import Document

from secu4all_ethics import load_content
from secu4all_ethics.content.loader import parse_assessment
from secu4all_ethics.report import Provenance
from secu4all_ethics.services.tender import render_tender, tender_report
from tests.app.conftest import go, no_exception, open_example, saved_document, widget

BUNDLE = load_content()
ANSWER = "options.hvm_street_furniture.vendor_answers.independent_tests"


def test_the_decision_page_offers_the_tender_document(app_database):
    app = open_example(app_database, "christmas_market", page="decision")
    assert "Tender requirements and vendor questionnaire" in [header.value for header in app.header]
    downloads = sorted(b.key for b in app.get("download_button") if b.key.startswith("tender-download-"))
    assert downloads == ["tender-download-docx", "tender-download-markdown"]
    assert any("Requirements: 3 · questions to the vendor: 1 · rows of the evaluation grid: 1" in m.value for m in app.markdown)
    assert not [w for w in app.warning if "To review because of a vendor's answer" in w.value]


def test_a_contradicting_vendor_answer_is_saved_flags_the_scores_and_reaches_the_document(app_database):
    app = open_example(app_database, "christmas_market", page="decision")
    no_exception(widget(app.text_input, f"{ANSWER}.vendor").set_value("Barrier Co").run())
    no_exception(widget(app.text_area, f"{ANSWER}.answer").set_value("Tested by our own engineers only.").run())
    no_exception(widget(app.radio, f"{ANSWER}.contradicts_assumption").set_value(True).run())
    stored = parse_assessment(json.dumps(saved_document(app_database, app)), "saved")
    option = next(o for o in stored.options if o.key == "hvm_street_furniture")
    recorded = option.vendor_answers["independent_tests"]
    assert (recorded.vendor, recorded.answer, recorded.contradicts_assumption) == ("Barrier Co", "Tested by our own engineers only.", True)
    flagged = [w.value for w in app.warning if "To review because of a vendor's answer" in w.value]
    assert flagged and "Evidence of effectiveness" in flagged[0] and "Operational reliability" in flagged[0]
    report, _ = tender_report(stored, BUNDLE, "en", Provenance(document_hash="0" * 64, version=2))
    document = Document(io.BytesIO(render_tender(report, "docx")))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Barrier Co", "contradicts an assumption"} <= cells
    # The results carry the warning too, one per score and gate to review.
    no_exception(go(app, "results"))
    warnings = [w.value for w in app.warning if "Barrier Co's answer on “Independent tests” contradicts" in w.value]
    assert len(warnings) == 2 and any("Operational reliability" in w for w in warnings)
