"""What the decision and review pages share: the review record as stored, the
report's sections drawn with Streamlit, and the report downloads.

Nothing is computed here: the review record comes from the assessment
service, the report from the report service, and this module only lays them
out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ..domain.assessment import Assessment
from ..domain.review import VERDICT_KINDS, ReviewEntry, ReviewRound, current_round, sign_off_recorded_by
from ..i18n import format_date, t
from ..report import format_named, format_names  # noqa: F401 - format_names: the pages' list of downloads
from ..report.build import reviewer_text, verdict_text
from ..report.model import BulletList, Chart, Notice, Paragraph, Subheading, Table
from ..services.access import AccessDenied
from ..services.assessments import Actor, NotFoundError, StoredVersion, slug
from ..services.reports import ReportService
from .context import OPEN_DOCUMENT, OPEN_ID, OPEN_VERSION, current_language, service
from .text import literal, literal_frame, literal_lines


@dataclass(frozen=True)
class ReviewRecord:
    """The latest stored version and every review step, as the database holds them now."""

    latest: StoredVersion
    entries: list[ReviewEntry]

    @property
    def status(self) -> str:
        return self.latest.status

    @property
    def round(self) -> ReviewRound:
        return current_round(self.entries)

    @property
    def report_version(self) -> int:
        """The version the report of the latest version is of: once signed off, the signed one."""
        recorded = sign_off_recorded_by(self.latest.version, self.latest.status, self.entries)
        return recorded.version if recorded is not None else self.latest.version


def review_record(actor: Actor, assessment_id: str) -> ReviewRecord:
    """Raises AccessDenied / NotFoundError like the service."""
    assessments = service()
    return ReviewRecord(assessments.load(actor, assessment_id).version, assessments.reviews(actor, assessment_id))


def review_record_or_stop(actor: Actor, assessment_id: str) -> ReviewRecord:
    """The review record, or the page stops with the reason in the screen's language."""
    language = current_language()
    try:
        return review_record(actor, assessment_id)
    except AccessDenied as denied:
        st.error(t("error.access_denied", language, reason=denied.describe(language)))
    except NotFoundError:
        st.error(t("error.assessment_not_found", language))
    st.stop()


def follow_status_changes(record: ReviewRecord) -> None:
    """A submission, a request for changes or a sign-off stores a new version that differs from the
    open one only in its status. Take it over, so the next edit is made on it instead of ending in
    a conflict. Real edits by someone else still go through the conflict message."""
    if st.session_state.get(OPEN_ID) != record.latest.assessment_id:
        return
    opened = st.session_state.get(OPEN_VERSION)
    document = st.session_state.get(OPEN_DOCUMENT)
    if document is None or opened is None or record.latest.version <= opened:
        return
    current = document.model_dump(mode="json")
    stored = record.latest.document
    if {k: v for k, v in current.items() if k != "status"} == {k: v for k, v in stored.items() if k != "status"}:
        st.session_state[OPEN_VERSION] = record.latest.version
        st.session_state[OPEN_DOCUMENT] = Assessment.model_validate(stored)


def adopt_stored(stored: StoredVersion) -> None:
    """After this session stored a new version itself (submit, sign-off): make it the open one."""
    st.session_state[OPEN_VERSION] = stored.version
    st.session_state[OPEN_DOCUMENT] = Assessment.model_validate(stored.document)


def show_message(state_key: str, where: str | None = None) -> None:
    """A message a button's callback left (level, text, where), shown once, next to where it was asked for."""
    message = st.session_state.get(state_key)
    if message is None or message[2] != where:
        return
    del st.session_state[state_key]
    {"success": st.success, "error": st.error, "info": st.info}[message[0]](message[1])


def when(entry: ReviewEntry, language: str) -> str:
    """The time of a review step as the language writes it (UTC, like the report)."""
    moment = dt.datetime.fromisoformat(entry.created_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    moment = moment.astimezone(dt.UTC)
    return f"{format_date(moment.date(), language)} {moment:%H:%M} UTC"


def section_title(section: str | None, language: str) -> str:
    return t(f"report.section.{section}", language) if section else "—"


def what_happened(entry: ReviewEntry, language: str) -> str:
    """One review step in the report's words: the event, the verdict on a section or the opinion."""
    if entry.kind in VERDICT_KINDS:
        return f"{section_title(entry.section, language)}: {verdict_text(entry, language)}"
    if entry.kind == "opinion":
        return f"{t('report.review.opinion', language)}: {t(f'report.review.opinion.{entry.verdict}', language)}"
    return t(f"report.review.event.{entry.kind}", language)


def history_table(entries: list[ReviewEntry], language: str) -> pd.DataFrame:
    columns = {c: t(f"report.review.column.{c}", language) for c in ("date", "version", "by", "what", "comment")}
    return pd.DataFrame(
        [
            {
                columns["date"]: when(entry, language),
                columns["version"]: entry.version,
                columns["by"]: reviewer_text(entry, language),
                columns["what"]: what_happened(entry, language),
                columns["comment"]: entry.comment,
                t("review.column.hash", language): entry.document_hash[:16] + "…",
            }
            for entry in entries
        ]
    )


# --- the report's blocks on screen -------------------------------------------------------------------


def _frame(table: Table) -> pd.DataFrame:
    columns = [column or " " for column in table.columns]
    # Repeated column names (an empty header twice) would make pandas refuse the frame.
    seen: dict[str, int] = {}
    unique = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        unique.append(column if seen[column] == 1 else f"{column} ({seen[column]})")
    return pd.DataFrame(table.rows, columns=unique)


def show_blocks(blocks: list, key: str) -> None:
    """A report section's blocks with Streamlit. User text is made literal (ui/text.py), so it can never
    become markup, in the tables too (st.table renders its cells as Markdown).
    Tables are static, so long justifications wrap and can be read in full; charts are left out and
    their data shown as a (scrollable) data frame."""
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            lead = f"**{literal(block.label)}:** " if block.label else ""
            st.markdown(lead + literal_lines(block.text))
        elif isinstance(block, BulletList):
            st.markdown("\n".join(f"- {literal(item)}" for item in block.items))
        elif isinstance(block, Notice):
            show = {"info": st.info, "warning": st.warning, "danger": st.error}[block.level]
            show(literal_lines(block.text))
        elif isinstance(block, Subheading):
            st.markdown(f"**{literal(block.text)}**")
        elif isinstance(block, Table):
            st.caption(literal(block.caption))
            st.table(literal_frame(_frame(block)), hide_index=True)
        elif isinstance(block, Chart):
            st.caption(literal(block.title))
            st.dataframe(_frame(block.data), hide_index=True, width="stretch", key=f"{key}-{index}")


# --- downloads ---------------------------------------------------------------------------------------------


def report_file_name(title: str, version: int, language: str, report_format: str) -> str:
    """The name ReportService.export gives the file (the file name must be known before the click)."""
    return f"{slug(title).rstrip('-')}-v{version}-{language}.{format_named(report_format).extension}"


def download_button(
    actor: Actor,
    assessment_id: str,
    title: str,
    version: int,
    report_language: str,
    report_format: str,
    key: str,
    label: str | None = None,
    primary: bool = False,
    disabled: bool = False,
) -> None:
    """One report file, built only when clicked (the export is audited then, not on every rerun).

    version: the version the report is of (ReviewRecord.report_version), which names the file.
    The PDF takes seconds to lay out: it is made ahead, in the background, from the moment it is offered."""
    exporter = ReportService(service())
    registered = format_named(report_format)  # the format's label, media type and icon, as it registered them
    if report_format == "pdf" and not disabled:
        exporter.prepare_pdf(actor, assessment_id, report_language)
    st.download_button(
        label or registered.label,
        data=lambda: exporter.export(actor, assessment_id, report_language, report_format)[0],
        file_name=report_file_name(title, version, report_language, report_format),
        mime=registered.media_type,
        key=key,
        icon=f":material/{registered.icon}:",
        on_click="ignore",
        type="primary" if primary else "secondary",
        disabled=disabled,
    )


def initialise(key: str, value) -> None:
    """A widget's first value comes from the record, once; after that the widget holds it."""
    if key not in st.session_state:
        st.session_state[key] = value
