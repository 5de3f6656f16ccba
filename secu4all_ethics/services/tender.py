"""The tender document of a stored assessment (issue #17 §3): built from its latest version for the
recommended option, in DOCX (editable, for the tender file) or Markdown."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from ..engine.evaluate import evaluate
from ..engine.tender import TenderPackage, tender_package
from ..report import Provenance
from ..report.docx import render_docx
from ..report.markdown import render_markdown
from ..report.model import Report
from ..report.tender import build_tender
from ..storage.audit import Actor
from ..storage.repository import document_hash
from ..wording import word_result
from .assessments import AssessmentService, slug


@dataclass(frozen=True)
class TenderFormat:
    extension: str
    media_type: str


TENDER_FORMATS: dict[str, TenderFormat] = {
    "docx": TenderFormat("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "markdown": TenderFormat("md", "text/markdown"),
}


class NoTenderOption(LookupError):
    """The assessment recommends no catalogue option to write a tender for."""


def tender_report(assessment: Assessment, bundle: ContentBundle, language: str, provenance: Provenance) -> tuple[Report, TenderPackage]:
    """The tender document of the recommended option, in language. The tender needs no rank acceptability,
    so the engine runs without its simulation."""
    result = word_result(evaluate(assessment, bundle, with_acceptability=False), bundle, language)
    package = tender_package(assessment, result, bundle)
    if package is None:
        raise NoTenderOption(assessment.id)
    return build_tender(assessment, result, bundle, package, language, provenance), package


def render_tender(report: Report, tender_format: str) -> bytes:
    if tender_format == "docx":
        return render_docx(report)
    if tender_format == "markdown":
        return render_markdown(report).encode("utf-8")
    raise ValueError(f"unknown tender format {tender_format!r}")


def tender_file_name(title: str, version: int | None, language: str, tender_format: str) -> str:
    return f"{slug(title).rstrip('-')}-tender-v{version}-{language}.{TENDER_FORMATS[tender_format].extension}"


class TenderService:
    def __init__(self, assessments: AssessmentService):
        self.assessments = assessments

    def export(self, actor: Actor, assessment_id: str, language: str, tender_format: str) -> tuple[bytes, str, str]:
        """The file's bytes, name and media type, of the latest version; the export is audited."""
        self.assessments.authorize(actor, assessment_id, "export_assessment")
        registered = TENDER_FORMATS[tender_format]
        loaded = self.assessments.load(actor, assessment_id)
        stored = loaded.version
        provenance = Provenance(document_hash=document_hash(stored.document), version=stored.version, status=stored.status)
        report, _ = tender_report(loaded.assessment, self.assessments.content_for(stored), language, provenance)
        data = render_tender(report, tender_format)
        self.assessments.record(actor, assessment_id, "export_report", f"tender document of version {stored.version} as {tender_format}, {language}")
        return data, tender_file_name(loaded.assessment.title, stored.version, language, tender_format), registered.media_type
