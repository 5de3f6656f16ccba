"""Issue #15 point 15: a reviewer is named by their display name, not their sign-in name, in the
signature and the verdicts of the PDF and DOCX reports, for a local account (`users add --name`)
and for an identity provider's user, whose records store an e-mail address."""

import io
import re

import pytest
from docx import Document

from secu4all_ethics import load_assessment
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from secu4all_ethics.services.auth import AuthSettings, actor_from_oidc, create_user, login, remember_oidc_user
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.storage.audit import Actor
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_report_formats import normalised, pdf_text

ASSESSOR = Actor(name="ada", role="assessor", organisation="Riga", authenticated=True)
PASSWORD = "a long enough password"


def _signed_by(service, dpo: Actor) -> str:
    stored = service.create(ASSESSOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.submit(ASSESSOR, stored.assessment_id, expected_version=stored.version)
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(
            dpo, submitted.assessment_id, section=section, verdict="improvable" if section == "legal" else "acceptable", comment="See the note."
        )
    service.record_verdict(dpo, submitted.assessment_id, section=None, verdict="favourable", kind="opinion")
    service.sign_off(dpo, submitted.assessment_id, expected_version=submitted.version)
    return stored.assessment_id


def _report_texts(service, assessment_id: str, language: str) -> dict[str, str]:
    reports = ReportService(service)
    pdf = reports.export(ASSESSOR, assessment_id, language, "pdf")[0]
    docx = Document(io.BytesIO(reports.export(ASSESSOR, assessment_id, language, "docx")[0]))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    return {"pdf": normalised(pdf_text(pdf)), "docx": normalised(" ".join([p.text for p in docx.paragraphs] + cells))}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_local_dpo_is_named_by_display_name_in_pdf_and_docx(service, storage, chart_server, layout_worker, language):
    create_user(storage, None, username="dace", display_name="Dace Bērziņa", role="dpo", organisation="Riga", password=PASSWORD)
    dpo = login(storage, AuthSettings(mode="local"), "dace", PASSWORD)
    texts = _report_texts(service, _signed_by(service, dpo), language)
    for report_format, text in texts.items():
        assert "Dace Bērziņa" in text, report_format
        assert not re.search(r"\bdace\b", text), report_format


def test_an_identity_providers_user_is_named_by_the_name_claim_not_the_address(service, storage, chart_server, layout_worker):
    claims = {"is_logged_in": True, "email": "dora@riga.lv", "name": "Dora Dupuis", "secu4all_role": "dpo", "organisation": "Riga"}
    dpo = actor_from_oidc(claims, AuthSettings(mode="oidc"))
    remember_oidc_user(storage, dpo)  # what the sidebar does at sign-in; before, the records printed the address
    texts = _report_texts(service, _signed_by(service, dpo), "en")
    for report_format, text in texts.items():
        assert "Dora Dupuis" in text and "dora@riga.lv" not in text, report_format
