"""Every intermediate step of every method, as a captioned table.

The report and the screens show these as they are, so a reader can redo any
number by hand.
"""

from __future__ import annotations

import numpy as np

from ..i18n import t
from .results import ExplainTable


def table(table_id: str, method: str, language: str, rows: list[str], columns: list[str], values) -> ExplainTable:
    array = np.asarray(values, dtype=float)
    return ExplainTable(
        id=table_id,
        method=method,
        caption=t(f"engine.table.{table_id}", language),
        row_labels=list(rows),
        column_labels=list(columns),
        values=[[None if np.isnan(v) else float(v) for v in row] for row in array],
    )
