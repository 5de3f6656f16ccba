"""Versions: every stored version of the open assessment (who, when, what changed, status), any one
of them read through its report, and two of them compared field by field.

Nothing here edits: an old version is shown as its report, with no input and nothing to save. The
versions and their differences are the service's; the page lays them out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_date, t
from secu4all_ethics.services.access import AccessDenied
from secu4all_ethics.services.assessments import NotFoundError
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.ui.context import OPEN_ID, actor_or_stop, assessment_or_stop, current_language, service
from secu4all_ethics.ui.evaluation import WeightError, weight_error_text
from secu4all_ethics.ui.reporting import show_blocks
from secu4all_ethics.ui.text import literal, literal_frame
from secu4all_ethics.ui.versions import show_changes
from secu4all_ethics.wording.changes import summary_text

language = current_language()
actor = actor_or_stop()
assessment = assessment_or_stop()
assessment_id = st.session_state[OPEN_ID]

st.title(t("history.title", language))
st.caption(literal(assessment.title))
st.markdown(t("history.caption", language))

try:
    versions = service().history_with_changes(actor, assessment_id)
except AccessDenied as denied:
    st.error(t("error.access_denied", language, reason=denied.describe(language)))
    st.stop()
except NotFoundError:
    st.error(t("error.assessment_not_found", language))
    st.stop()


def saved_on(created_at: str) -> str:
    moment = dt.datetime.fromisoformat(created_at.replace("Z", "+00:00")).astimezone(dt.UTC)
    return f"{format_date(moment.date(), language)} {moment:%H:%M} UTC"


by_number = {stored.version: stored for stored, _ in versions}


def version_label(number: int) -> str:
    stored = by_number[number]
    return t("history.version_label", language, version=number, status=t(f"status.{stored.status}", language), date=saved_on(stored.created_at))


# --- the list ---------------------------------------------------------------------------------------------
st.header(t("history.list.heading", language))
columns = {c: t(f"history.column.{c}", language) for c in ("version", "date", "by", "status", "changes")}
# A table, not a data grid: its cells wrap, so every column is read on a phone too.
st.table(
    literal_frame(
        pd.DataFrame(
            [
                {
                    columns["version"]: stored.version,
                    columns["date"]: saved_on(stored.created_at),
                    columns["by"]: stored.author,
                    columns["status"]: t(f"status.{stored.status}", language),
                    columns["changes"]: t("history.summary.created", language) if stored.version == 1 else summary_text(diff, language),
                }
                for stored, diff in versions
            ]
        )
    ),
    hide_index=True,
)

numbers = [stored.version for stored, _ in versions]  # newest first
# By default the latest version against the one before its latest edit: submitting, asking for changes
# and signing change the status only, and a comparison across them alone would show nothing.
latest_edit = next((index for index, (_, diff) in enumerate(versions) if diff.changes), 0)

# --- compare two ------------------------------------------------------------------------------------------
st.header(t("history.compare.heading", language))
if len(numbers) < 2:
    st.caption(t("history.compare.only_one", language))
else:
    before_column, after_column = st.columns(2)
    with before_column:
        before = st.selectbox(
            t("history.compare.before", language), numbers, index=min(latest_edit + 1, len(numbers) - 1), format_func=version_label, key="history-before"
        )
    with after_column:
        after = st.selectbox(t("history.compare.after", language), numbers, index=0, format_func=version_label, key="history-after")
    if before == after:
        st.warning(t("history.compare.same", language))
    else:
        earlier, later = sorted((before, after))
        show_changes(actor, assessment_id, service().compare(actor, assessment_id, earlier, later), language)

# --- read one ---------------------------------------------------------------------------------------------
st.header(t("history.open.heading", language))
chosen = st.selectbox(t("history.open.choose", language), numbers, index=0, format_func=version_label, key="history-open")
stored = by_number[chosen]
st.info(
    t("history.open.read_only", language, version=chosen, who=literal(stored.author), date=saved_on(stored.created_at)),
    icon=":material/visibility:",
)
try:
    report = ReportService(service()).build(actor, assessment_id, language, version=chosen).report
except AccessDenied as denied:
    st.error(t("error.access_denied", language, reason=denied.describe(language)))
except WeightError as error:
    st.error(t("history.open.failed", language, version=chosen, reason=weight_error_text(error, language)))
except ContentError as error:
    st.error(t("history.open.failed", language, version=chosen, reason=str(error)))
else:
    for section in report.sections:
        with st.expander(f"{section.number}. {section.title}", key=f"history-{chosen}-{section.id}"):
            show_blocks(section.blocks, key=f"history-{chosen}-{section.id}-block")
