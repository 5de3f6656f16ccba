"""Every intermediate step of every method, as a table named by its id (the wording gives its caption).

The report and the screens show these as they are, so a reader can redo any
number by hand.
"""

from __future__ import annotations

import numpy as np

from .results import ExplainTable


def table(table_id: str, method: str, rows: list[str], columns: list[str], values) -> ExplainTable:
    array = np.asarray(values, dtype=float)
    return ExplainTable(
        id=table_id,
        method=method,
        row_labels=list(rows),
        column_labels=list(columns),
        values=[[None if np.isnan(v) else float(v) for v in row] for row in array],
    )
