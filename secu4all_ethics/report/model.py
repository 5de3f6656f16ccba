"""The report model: what a justification report says, independent of its format.

The builder fills it from the assessment, the engine's result and the review
record; each renderer (Markdown, HTML, PDF, DOCX) only lays it out. All text
here is plain text: renderers escape it for their format, so user input can
never become markup.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# The JSON export wraps the report with the assessment and the result it was built from.
REPORT_FORMAT = "secu4all-report"
REPORT_FORMAT_VERSION = 1

# The sections, and those the DPO gives a verdict on, are part of the review record's vocabulary.
from ..domain.review import REVIEWABLE_SECTIONS, SECTION_IDS  # noqa: E402,F401


class ReportModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Paragraph(ReportModel):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    label: str | None = Field(None, description="A lead-in shown in bold before the text.")


class BulletList(ReportModel):
    kind: Literal["bullets"] = "bullets"
    items: list[str]


class Notice(ReportModel):
    """Something the reader must not miss: an exclusion, an unreviewed draft, a vendor-only score."""

    kind: Literal["notice"] = "notice"
    level: Literal["info", "warning", "danger"]
    text: str


# Up to this many rows and characters (and no full-width text), a table never splits across pages:
# a third of a page at most, so keeping it whole never leaves much of a page empty.
SHORT_TABLE_ROWS = 8
SHORT_TABLE_CHARACTERS = 2000


class Table(ReportModel):
    kind: Literal["table"] = "table"
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric_columns: list[int] = Field(default_factory=list, description="Column indices to right-align.")
    code_columns: list[int] = Field(default_factory=list, description="Column indices holding hashes or identifiers: fixed-width, broken anywhere.")
    # Layout (issue #13 point 5): long free text never stands in a narrow column beside the others.
    full_width_columns: list[int] = Field(
        default_factory=list,
        description="Column indices holding long free text (a reason, a rationale, a legal basis): laid out in a "
        "full-width row under their row, headed by the column's name, instead of in a column of their own.",
    )

    def keeps_together(self) -> bool:
        """A short table is read at a glance: it moves to the next page whole rather than split."""
        characters = sum(len(cell) for row in self.rows for cell in row)
        return len(self.rows) <= SHORT_TABLE_ROWS and characters <= SHORT_TABLE_CHARACTERS and not self.full_width_columns

    def in_row_columns(self) -> list[int]:
        """The columns laid out side by side; the rest go under each row at full width."""
        return [index for index in range(len(self.columns)) if index not in self.full_width_columns]


class Chart(ReportModel):
    """A chart and the data it draws; formats that cannot draw it show the table."""

    kind: Literal["chart"] = "chart"
    chart_id: str
    title: str
    figure: dict = Field(description="The plotly figure as JSON (plotly.io.to_json).", repr=False)
    width: int = 900
    height: int = 420
    data: Table

    def alternative_text(self, colon: str = ": ") -> str:
        """What a reader who cannot see the chart is told: its title, then its data table row by row.

        colon: the report language's colon (" : " in French). Read from the table the chart
        draws, so the text says exactly what the picture shows."""
        columns = self.data.columns
        rows = [row[0] + colon.rstrip() + " " + ", ".join(f"{columns[index]} {row[index]}" for index in range(1, len(row))) for row in self.data.rows]
        return ". ".join([self.title, "; ".join(rows)]) + "." if rows else self.title


class Subheading(ReportModel):
    kind: Literal["subheading"] = "subheading"
    text: str


Block = Annotated[Paragraph | BulletList | Notice | Table | Chart | Subheading, Field(discriminator="kind")]


class Section(ReportModel):
    id: str
    number: int
    title: str
    blocks: list[Block]


class ReviewState(ReportModel):
    """What the report may claim about its review: drafts say so on every page."""

    status: Literal["draft", "submitted", "changes_requested", "signed_off", "signature_mismatch"]
    label: str = Field(description="The state in the report's language, e.g. 'Draft, not reviewed'.")
    signed: bool
    signed_by: str | None = None
    signed_at: str | None = None
    signed_version: int | None = None
    signed_document_hash: str | None = None
    signature: Literal["verified", "unverified", "mismatch"] | None = Field(
        None,
        description="verified: on this installation's record for this document; unverified: as an imported file states it; "
        "mismatch: a recorded signature names another document hash than this content's.",
    )
    self_declared: bool = Field(False, description="The signer was not signed in (sign-in mode none).")


class Report(ReportModel):
    language: str
    title: str
    subtitle: str
    organisation: str
    generated_at: str = Field(description="ISO 8601, UTC.")
    generated_at_text: str = Field(description="The generation time as the report's language writes it.")
    assessment_id: str
    version: int | None = Field(description="The stored version the report was built from; null for a file.")
    document_hash: str = Field(description="SHA-256 of the assessment document, as stored.")
    review: ReviewState
    labels: dict[str, str] = Field(description="Fixed texts the layouts need (contents, page, draft mark).")
    sections: list[Section]

    def section(self, section_id: str) -> Section:
        return next(section for section in self.sections if section.id == section_id)

    def label_lead(self, label: str) -> str:
        return label_lead(label, self.labels["colon"])


RUNNING_TITLE_CHARACTERS = 80


def running_title(title: str, limit: int = RUNNING_TITLE_CHARACTERS) -> str:
    """The title as a page footer shows it: whole if it fits, else cut after a whole word with an
    ellipsis (never mid-word or after an opening bracket, as "(Aufzeichnung, ohne" was)."""
    if len(title) <= limit:
        return title
    kept = title[: limit - 1]
    if title[limit - 1] != " ":
        kept = kept.rsplit(" ", 1)[0] if " " in kept else kept
    return kept.rstrip(" ,;:–-([") + "…"


def label_lead(label: str, colon: str) -> str:
    """A paragraph's label with the colon of the document's language ("Décision demandée :"); a question keeps its own mark."""
    if label.rstrip().endswith(("?", "!", ":")):
        return label
    return label + colon.rstrip()
