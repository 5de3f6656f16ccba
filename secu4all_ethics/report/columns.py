"""Column widths for the report's tables, estimated from their text.

WeasyPrint's automatic table layout measures every cell's narrowest and widest
possible width before it lays the cell out, and that was half of a PDF's layout
time. The printed report uses a fixed table layout instead, with widths chosen
here. The line is shared out by how much text a column holds on average, so
that a row's cells need about as many lines as each other (automatic layout
gave the long reasons a narrow column and the short names a wide one), each
column held between its longest word and its longest text. When even the
longest words do not fit, every column shrinks alike and long words break;
when everything fits, the room left goes to the columns with the most text.
Widths are counted in characters; the estimate only has to be close, because
text still wraps inside its column.
"""

from __future__ import annotations

import re

from .model import Table

# Table classes by column count: more columns get smaller type (see report.css).
WIDE_FROM = 7
VERY_WIDE_FROM = 11

# About how many characters of table text fit on an A4 line between the margins,
# for each class's type size (0.86em, 0.72em and 0.6em of 10.5 pt).
LINE_CHARACTERS = {"": 95, "wide": 115, "wide very-wide": 140}

CELL_PADDING_CHARACTERS = 3
# Headers may break inside words (report.css), so a long header word does not widen its column past this.
HEADER_WORD_CHARACTERS = 10
# A column is never narrower than this, even when its header breaks to fit.
NARROWEST_COLUMN = 4
# Code cells (hashes) break anywhere.
CODE_WORD_CHARACTERS = 12


def table_class(table: Table) -> str:
    columns = len(table.columns)
    if columns >= VERY_WIDE_FROM:
        return "wide very-wide"
    if columns >= WIDE_FROM:
        return "wide"
    return ""


# Lines may break after these as well as at spaces ("Hostile-vehicle-mitigation", "and/or").
_BREAK_AFTER = re.compile(r"(?<=[-/–])")


def _longest_word(text: str) -> int:
    return max((len(part) for word in text.split() for part in _BREAK_AFTER.split(word)), default=0)


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _shared_out(line: float, least: list[float], most: list[float], need: list[float]) -> list[float]:
    """Share the line in proportion to need, each column held between its least and most width.

    The clamped shares add up to more as the proportion grows, so the proportion
    that fills the line exactly is found by bisection. Needs sum(least) <= line <= sum(most).
    """

    def widths_at(scale: float) -> list[float]:
        return [min(max(scale * want, low), high) for want, low, high in zip(need, least, most)]

    low, high = 0.0, max(width / want for width, want in zip(most, need))  # at `high` every column is at its most
    for _ in range(60):
        middle = (low + high) / 2
        if sum(widths_at(middle)) < line:
            low = middle
        else:
            high = middle
    return widths_at(high)


def _headers_narrowed(line: float, least: list[float], body_least: list[float]) -> list[float]:
    """Take back the width that only the headers' words ask for, until a sixth of the line is free for the text."""
    header_only = [max(width - body, 0) for width, body in zip(least, body_least)]
    excess = sum(least) - line * 5 / 6
    if sum(header_only) == 0:
        return least
    kept = max(0.0, 1 - excess / sum(header_only))
    return [min(width, body + extra * kept) for width, body, extra in zip(least, body_least, header_only)]


def column_widths(table: Table) -> list[float]:
    """Each column's share of the table's width, in percent (they add up to 100)."""
    count = len(table.columns)
    if count == 0:
        return []
    least, body_least, most, need = [], [], [], []
    for index, header in enumerate(table.columns):
        cells = [str(row[index]) for row in table.rows if index < len(row)]
        words = [_longest_word(cell) for cell in cells]
        if index in table.code_columns:
            words = [min(word, CODE_WORD_CHARACTERS) for word in words]
        # Headers are bold, a tenth wider than the body text.
        header_word = min(round(_longest_word(header) * 1.1), HEADER_WORD_CHARACTERS)
        narrowest = max([header_word, *words]) + CELL_PADDING_CHARACTERS
        widest = max([round(_longest_line(header) * 1.1), *(_longest_line(cell) for cell in cells)]) + CELL_PADDING_CHARACTERS
        least.append(narrowest)
        body_least.append(max([NARROWEST_COLUMN, *words]) + CELL_PADDING_CHARACTERS)
        most.append(max(widest, narrowest))
        need.append(max(sum(len(cell) for cell in cells) / max(len(cells), 1), 1.0))
    line = LINE_CHARACTERS[table_class(table)]
    if sum(least) > line:
        # Too many columns for their headers (a criterion each): headers break more, so the text columns keep some room.
        least = _headers_narrowed(line, least, body_least)
    if sum(least) >= line:
        # Even the longest words do not fit: every column shrinks alike, and long words break.
        widths = least
    elif sum(most) <= line:
        # Everything fits on one line: the room left goes mostly to the columns with the most text.
        spare = line - sum(most)
        widths = [width + spare * want / sum(need) for width, want in zip(most, need)]
    else:
        widths = _shared_out(line, least, most, need)
    total = sum(widths)
    return [100 * width / total for width in widths]
