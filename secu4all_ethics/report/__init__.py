"""The justification report: one model (model.py) filled by build.py, laid out by one module per format.

The names below are imported on first use: the command line reads the registry of formats
(formats.py) for its --format choices without importing the builder, pandas and plotly.
"""

from typing import TYPE_CHECKING

from ..lazy_names import lazy_names

_NAMES = {
    "Provenance": "build",
    "build_report": "build",
    "ReportFormat": "formats",
    "format_named": "formats",
    "format_names": "formats",
    "register_format": "formats",
    "render": "formats",
    "report_formats": "formats",
    "report_package": "formats",
    "REVIEWABLE_SECTIONS": "model",
    "SECTION_IDS": "model",
    "Report": "model",
}

if TYPE_CHECKING:  # for type checkers and editors, which do not run __getattr__
    from .build import Provenance, build_report
    from .formats import ReportFormat, format_named, format_names, register_format, render, report_formats, report_package
    from .model import REVIEWABLE_SECTIONS, SECTION_IDS, Report


__getattr__, __dir__ = lazy_names(__name__, _NAMES)

__all__ = [
    "REVIEWABLE_SECTIONS",
    "SECTION_IDS",
    "Provenance",
    "Report",
    "ReportFormat",
    "build_report",
    "format_named",
    "format_names",
    "register_format",
    "render",
    "report_formats",
    "report_package",
]
