"""What the versions page and the review page share: the changes between two versions as a table.

The comparison is the service's (domain/version_diff.py), the names are the wording layer's; this
module only lays them out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..domain.version_diff import VersionDiff
from ..i18n import t
from ..services.assessments import Actor
from ..wording.changes import ChangeNames, change_lines, sections_text
from .context import service
from .text import literal, literal_frame

# What changed says itself in the field ("(added)") and in before and after: four columns fit a phone.
COLUMNS = ("section", "field", "before", "after")


def change_frame(actor: Actor, assessment_id: str, diff: VersionDiff, language: str) -> pd.DataFrame:
    assessments = service()
    documents = [assessments.load(actor, assessment_id, version).version.document for version in (diff.before_version, diff.after_version)]
    names = ChangeNames.of(documents, assessments.bundle, language)
    headers = {column: t(f"history.column.{column}", language) for column in COLUMNS}
    rows = [{headers[column]: getattr(line, column) for column in COLUMNS} for line in change_lines(diff, names)]
    return pd.DataFrame(rows, columns=list(headers.values()))


def show_changes(actor: Actor, assessment_id: str, diff: VersionDiff, language: str) -> None:
    """How many fields differ, the report sections they touch, and the table of changes."""
    before, after = diff.before_version, diff.after_version
    if not diff.changes:
        st.info(t("history.compare.none", language, before=before, after=after), icon=":material/check:")
        return
    lines = [t("history.compare.count", language, count=len(diff.changes), before=before, after=after)]
    if diff.sections:
        lines.append(t("history.compare.sections", language, sections=sections_text(diff, language)))
    st.markdown(literal(" ".join(lines)))
    # A table, not a data grid: the texts before and after wrap, so they are read whole, also on a phone.
    st.table(literal_frame(change_frame(actor, assessment_id, diff, language)), hide_index=True)
