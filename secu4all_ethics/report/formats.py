"""Every report format, registered once: the report model in, the file's bytes out.

A format registers its renderer with register_format (as datasette's
register_output_renderer does): its name, the file's extension and media type,
whether the file is binary, and the function that renders it. The command
line's --format choices, the app's download buttons and the report service
read this registry; nothing else lists the formats.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.review import ReviewEntry, current_round
from .chart_images import draw_in_background, render_images
from .model import REPORT_FORMAT, REPORT_FORMAT_VERSION, Chart, Report

if TYPE_CHECKING:  # the builder brings pandas and plotly: the command line reads the registry without them
    from ..engine.results import EvaluationResult
    from .build import Provenance


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
    from .build import Provenance

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
                document_hash=computed,
                version=version if unchanged else None,
                status="signed_off",
                reviews=on_record,
                generated_at=generated_at,
                verified=True,
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


@dataclass(frozen=True)
class RenderRequest:
    """What a renderer is given: the report, and what it was built from (for the JSON package)."""

    report: Report
    assessment_document: dict
    result: EvaluationResult
    provenance: Provenance
    with_charts: bool = True

    def charts(self) -> list[Chart]:
        """The charts to draw as images; none when they are left out (their data tables stay)."""
        return charts_of(self.report) if self.with_charts else []


@dataclass(frozen=True)
class ReportFormat:
    """One report format, as it registers itself."""

    name: str  # what --format, the exporters and the file cache call it
    label: str  # the download button's text: a format's own name, the same in every language
    extension: str
    media_type: str
    binary: bool  # the command line asks for --output rather than writing it to a terminal
    render: Callable[[RenderRequest], bytes]
    icon: str = "download"  # the download button's Material Symbols icon


_FORMATS: dict[str, ReportFormat] = {}


def register_format(report_format: ReportFormat) -> ReportFormat:
    """Adds a format to the registry (after those already there: the order of the download buttons)."""
    if report_format.name in _FORMATS:
        raise ValueError(f"report format {report_format.name!r} is already registered")
    _FORMATS[report_format.name] = report_format
    return report_format


def report_formats() -> tuple[ReportFormat, ...]:
    return tuple(_FORMATS.values())


def format_names() -> tuple[str, ...]:
    return tuple(_FORMATS)


def format_named(name: str) -> ReportFormat:
    try:
        return _FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown report format {name!r}; choose one of {', '.join(_FORMATS)}") from None


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
    renderer = format_named(report_format)
    return renderer.render(RenderRequest(report, assessment_document, result, provenance, with_charts))


# --- the formats this package brings (each renderer's module is imported only when it renders) ---------------


def _markdown(request: RenderRequest) -> bytes:
    from .markdown import render_markdown

    return render_markdown(request.report).encode("utf-8")


def _html(request: RenderRequest) -> bytes:
    from .html import render_html

    return render_html(request.report, render_images(request.charts(), "svg")).encode("utf-8")


def _pdf(request: RenderRequest) -> bytes:
    from .pdf import render_pdf

    return render_pdf(request.report, draw_in_background(request.charts(), "svg"))


def _docx(request: RenderRequest) -> bytes:
    from .docx import render_docx

    return render_docx(request.report, render_images(request.charts(), "png", scale=2))


def _json(request: RenderRequest) -> bytes:
    package = report_package(request.report, request.assessment_document, request.result, request.provenance)
    return (json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
register_format(ReportFormat("md", "Markdown", "md", "text/markdown", binary=False, render=_markdown, icon="description"))
register_format(ReportFormat("html", "HTML", "html", "text/html", binary=False, render=_html, icon="html"))
register_format(ReportFormat("pdf", "PDF", "pdf", "application/pdf", binary=True, render=_pdf, icon="picture_as_pdf"))
register_format(ReportFormat("docx", "Word", "docx", DOCX_MEDIA_TYPE, binary=True, render=_docx, icon="article"))
register_format(ReportFormat("json", "JSON", "json", "application/json", binary=False, render=_json, icon="data_object"))
