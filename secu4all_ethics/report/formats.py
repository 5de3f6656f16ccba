"""One entry point for every report format: the report model in, the file's bytes out."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Literal

from ..domain.review import ReviewEntry, current_round
from ..engine.results import EvaluationResult
from .build import Provenance
from .chart_images import draw_in_background, render_images
from .model import REPORT_FORMAT, REPORT_FORMAT_VERSION, Chart, Report

ReportFormat = Literal["md", "html", "pdf", "docx", "json"]
FORMATS: tuple[str, ...] = ("md", "html", "pdf", "docx", "json")


@dataclass(frozen=True)
class FormatInfo:
    extension: str
    mime: str
    binary: bool


FORMAT_INFO: dict[str, FormatInfo] = {
    "md": FormatInfo("md", "text/markdown", False),
    "html": FormatInfo("html", "text/html", False),
    "pdf": FormatInfo("pdf", "application/pdf", True),
    "docx": FormatInfo("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", True),
    "json": FormatInfo("json", "application/json", False),
}


def charts_of(report: Report) -> list[Chart]:
    return [block for section in report.sections for block in section.blocks if isinstance(block, Chart)]


def report_package(report: Report, assessment_document: dict, result: EvaluationResult, provenance: Provenance) -> dict:
    """The JSON export: the report with the assessment and the result it was built from.

    Importing it (the assessment part) and evaluating again gives the same
    result; the document hash in the report checks the assessment part.
    """
    return {
        "format": REPORT_FORMAT,
        "format_version": REPORT_FORMAT_VERSION,
        "assessment": assessment_document,
        "result": result.model_dump(mode="json"),
        "provenance": {
            "document_hash": provenance.document_hash,
            "version": provenance.version,
            "status": provenance.status,
            "reviews": [entry.model_dump(mode="json") for entry in provenance.reviews],
        },
        "report": report.model_dump(mode="json"),
    }


def provenance_of_package(package: dict, records: list[ReviewEntry] | None = None) -> Provenance:
    """What a JSON report may claim about its review, checked against the document it carries.

    The hash is computed from the assessment in the file, never taken from the
    file: a signature naming another hash is shown as not matching. A signature
    counts as verified only when records (this installation's review record of
    that assessment) hold the same sign-off, version and hash; the report then
    states that record. Otherwise it is shown as the file states it, unverified.
    A content edited since the file was made claims no review state.
    """
    from ..storage.repository import document_hash  # the same hash as a stored version's (SQLAlchemy only when needed)

    recorded = package["provenance"]
    computed = document_hash(package["assessment"])
    generated_at = dt.datetime.fromisoformat(package["report"]["generated_at"])
    reviews = [ReviewEntry.model_validate(entry) for entry in recorded["reviews"]]
    claimed = current_round(reviews).sign_off if recorded["status"] == "signed_off" else None
    unchanged = computed == recorded["document_hash"]
    if claimed is not None and records is not None:
        version, signed_hash = claimed.version, claimed.document_hash
        on_record = [entry for entry in records if entry.version <= version]
        confirmed = current_round(on_record).sign_off
        if confirmed is not None and (confirmed.version, confirmed.document_hash) == (version, signed_hash):
            return Provenance(
                document_hash=computed, version=version if unchanged else None, status="signed_off",
                reviews=on_record, generated_at=generated_at, verified=True,
            )
    if claimed is None and not unchanged:
        return Provenance(document_hash=computed, generated_at=generated_at, verified=False)
    return Provenance(
        document_hash=computed,
        version=recorded["version"] if unchanged else None,
        status=recorded["status"],
        reviews=reviews,
        generated_at=generated_at,
        verified=False,
    )


def render(
    report: Report,
    report_format: str,
    *,
    assessment_document: dict,
    result: EvaluationResult,
    provenance: Provenance,
    with_charts: bool = True,
) -> bytes:
    """The report in report_format. with_charts=False leaves chart images out (their data tables stay)."""
    if report_format not in FORMAT_INFO:
        raise ValueError(f"unknown report format {report_format!r}; choose one of {', '.join(FORMATS)}")
    if report_format == "md":
        from .markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    if report_format == "json":
        package = report_package(report, assessment_document, result, provenance)
        return (json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    charts = charts_of(report) if with_charts else []
    if report_format == "docx":
        from .docx import render_docx

        return render_docx(report, render_images(charts, "png", scale=2))
    if report_format == "html":
        from .html import render_html

        return render_html(report, render_images(charts, "svg")).encode("utf-8")
    from .pdf import render_pdf

    return render_pdf(report, draw_in_background(charts, "svg"))
