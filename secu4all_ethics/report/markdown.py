"""The report as Markdown: plain text that renders anywhere, with no chart images (each chart's data is a table)."""

from __future__ import annotations

import re

from .model import BulletList, Chart, Notice, Paragraph, Report, Subheading, Table

# The ASCII punctuation that can start Markdown or HTML markup (CommonMark lets every one be escaped).
_SPECIAL = set("\\`*_{}[]<>()#+-!|~&")
NOTICE_MARK = {"info": "ℹ", "warning": "⚠", "danger": "⛔"}


def escape(text: str) -> str:
    """User text as literal Markdown: no links, images, HTML, emphasis, lists or headings can come of it."""
    escaped = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    # "1. " at the start of a line would begin a numbered list.
    digits = len(escaped) - len(escaped.lstrip("0123456789"))
    if 0 < digits < len(escaped) and escaped[digits] in ".)":
        escaped = escaped[:digits] + "\\" + escaped[digits:]
    return escaped


# Runs of breaking white space; a no-break space (French "demandée :", "12 500 €") is kept.
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def inline(text: str) -> str:
    """Escaped and on one line (table cells, list items)."""
    return escape(_BREAKING_SPACE.sub(" ", text).strip(" "))


def paragraph(text: str) -> str:
    # Leading spaces would make a code block; escaped line by line, breaks kept.
    return "  \n".join(escape(line.strip()) for line in text.strip().splitlines() if line.strip())


def table(block: Table) -> list[str]:
    lines = [f"*{inline(block.caption)}*", ""]
    lines.append("| " + " | ".join(inline(column) or " " for column in block.columns) + " |")
    lines.append("|" + "|".join("---:" if index in block.numeric_columns else "---" for index in range(len(block.columns))) + "|")
    lines += ["| " + " | ".join(inline(cell) for cell in row) + " |" for row in block.rows]
    return lines


def render_markdown(report: Report) -> str:
    colon = report.labels["colon"]
    lines = [
        f"# {inline(report.title)}",
        "",
        f"**{inline(report.subtitle)}**",
        "",
    ]
    if report.organisation:
        lines += [inline(report.organisation), ""]
    lines += [f"> **{inline(report.review.label)}**", ""]
    lines += [
        f"{inline(report.labels['version'])}{colon}{report.version if report.version is not None else '—'} · "
        f"{inline(report.labels['document_hash'])}{colon}`{report.document_hash}` · {inline(report.labels['generated'])}{colon}{inline(report.generated_at_text)}",
        "",
        f"## {inline(report.labels['contents'])}",
        "",
    ]
    lines += [f"{section.number}\\. {inline(section.title)}" + "  " for section in report.sections]
    for section in report.sections:
        lines += ["", f"## {section.number}\\. {inline(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lead = f"**{inline(report.label_lead(block.label))}** " if block.label else ""
                lines += [lead + paragraph(block.text), ""]
            elif isinstance(block, BulletList):
                lines += [f"- {inline(item)}" for item in block.items] + [""]
            elif isinstance(block, Notice):
                lines += [f"> {NOTICE_MARK[block.level]} {inline(block.text)}", ""]
            elif isinstance(block, Subheading):
                lines += [f"### {inline(block.text)}", ""]
            elif isinstance(block, Table):
                lines += table(block) + [""]
            elif isinstance(block, Chart):
                lines += [f"**{inline(block.title)}**", ""] + table(block.data) + [""]
    return "\n".join(lines).rstrip() + "\n"
