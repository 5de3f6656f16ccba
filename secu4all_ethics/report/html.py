"""The report as one self-contained HTML file: inline SVG charts, one stylesheet for screen and print.

Jinja2 autoescapes every value, so user text stays text. The only markup
inserted as is are chart SVGs, which chart_images has stripped of anything
but drawing.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from .columns import SHORT_GROUP, table_class, table_layout
from .model import Report, running_title

TEMPLATES = Path(__file__).parent / "templates"


def header_text(text: str) -> Markup:
    """A table header, escaped, with each short group in brackets kept on one line: "(1–5)", never "(1–" then "5)"."""
    pieces, start = [], 0
    for match in SHORT_GROUP.finditer(text):
        pieces += [escape(text[start : match.start()]), Markup('<span class="nowrap">'), escape(match.group()), Markup("</span>")]
        start = match.end()
    pieces.append(escape(text[start:]))
    return Markup("").join(pieces)


@lru_cache(maxsize=1)
def template_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(table_class=table_class, table_layout=table_layout)
    environment.filters["header_text"] = header_text
    return environment


def css_string(text: str) -> str:
    """Text as a CSS string literal; every character that is not a letter, digit or space is hex-escaped."""
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x} " for ch in text) + '"'


def page_rules(report: Report) -> str:
    """The PDF page footer: title on the left, 'Page n of m' on the right, the review state on top."""
    return document_page_rules(report.title, report.labels, top=report.review.label)


def document_page_rules(title: str, labels: dict[str, str], top: str | None = None) -> str:
    """A PDF's page footer: the title on the left, 'Page n of m' on the right (labels: page, of), and `top` above, if any."""
    footer = f"{css_string(labels['page'] + ' ')} counter(page) {css_string(' ' + labels['of'] + ' ')} counter(pages)"
    style = "font-size: 8.5pt; color: #57606a;"
    header = f"  @top-center {{ content: {css_string(top)}; {style} font-weight: bold; }}\n" if top is not None else ""
    return (
        f"@page {{\n  @bottom-right {{ content: {footer}; {style} }}\n  @bottom-left {{ content: {css_string(running_title(title))}; {style} }}\n"
        + header
        + "}\n"
    )


CHART_IMAGE_SCHEME = "chart-image"


def render_html(report: Report, images: dict[str, bytes] | None = None, *, linked_charts: Iterable[str] = ()) -> str:
    """The whole report as one document.

    linked_charts: charts drawn as <img src="chart-image:ID"> for the PDF's fetcher, instead of inline SVG.
    """
    return render_document(report, images, linked_charts=linked_charts)


def render_document(report: Report, images: dict[str, bytes] | None = None, *, linked_charts: Iterable[str] = ()) -> str:
    """The whole report as one document, for the HTML file and the PDF (report/pdf.py)."""
    stylesheet = (TEMPLATES / "report.css").read_text(encoding="utf-8") + page_rules(report)
    svg = {chart_id: Markup(image.decode("utf-8")) for chart_id, image in (images or {}).items()}
    return (
        template_environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            images=svg,
            linked_charts=set(linked_charts),
            chart_image_scheme=CHART_IMAGE_SCHEME,
            stylesheet=Markup(stylesheet),
        )
    )
