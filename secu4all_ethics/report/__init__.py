"""The justification report: one model (model.py) filled by build.py, laid out by one module per format."""

from .build import Provenance, build_report
from .formats import FORMAT_INFO, FORMATS, render, report_package
from .model import REVIEWABLE_SECTIONS, SECTION_IDS, Report

__all__ = ["FORMAT_INFO", "FORMATS", "REVIEWABLE_SECTIONS", "SECTION_IDS", "Provenance", "Report", "build_report", "render", "report_package"]
