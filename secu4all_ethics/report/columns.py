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

Long free text (a table's full_width_columns: reasons, rationales) is not a
column at all: it is laid out under its row at full width, so only the other
columns share the line. Headers keep their words whole while the line has room
for them, else break at hyphenation points, else are letters named in a key
under the table (table_layout).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from .model import Table

# Table classes by column count: more columns get smaller type (see report.css).
WIDE_FROM = 7
VERY_WIDE_FROM = 11

# About how many characters of table text fit on an A4 line between the margins,
# for each class's type size (0.86em, 0.72em and 0.6em of 10.5 pt).
LINE_CHARACTERS = {"": 95, "wide": 115, "wide very-wide": 140}
# The same type sizes in points, and each cell's padding left and right in points (report.css: 0.4em, 0.25em
# for the very wide), for the DOCX, whose tables get the PDF's widths and so need the PDF's type to fit them.
BODY_SIZE_PT = 10.5
TABLE_TYPE_EM = {"": 0.86, "wide": 0.72, "wide very-wide": 0.6}
CELL_PADDING_EM = {"": 0.4, "wide": 0.4, "wide very-wide": 0.25}


def type_size_pt(table: Table) -> float:
    return BODY_SIZE_PT * TABLE_TYPE_EM[table_class(table)]


def cell_padding_pt(table: Table) -> float:
    return type_size_pt(table) * CELL_PADDING_EM[table_class(table)]


CELL_PADDING_CHARACTERS = 3
# A header wraps into at most this many lines when the line has room for that.
HEADER_LINES = 3
# A column is never narrower than this, even when its header breaks to fit.
NARROWEST_COLUMN = 4
# Code cells (hashes) break anywhere.
CODE_WORD_CHARACTERS = 12


def table_class(table: Table) -> str:
    columns = len(table.in_row_columns())
    if columns >= VERY_WIDE_FROM:
        return "wide very-wide"
    if columns >= WIDE_FROM:
        return "wide"
    return ""


# Lines may break after these as well as at spaces ("Hostile-vehicle-mitigation", "and/or").
_BREAK_AFTER = re.compile(r"(?<=[-/–])")


def _longest_word(text: str) -> int:
    return max((len(part) for word in text.split() for part in _BREAK_AFTER.split(word)), default=0)


# Capitals are about a third wider than the average letter ("PROMETHEE" needs the room of twelve).
CAPITAL_WIDTH = 1.35


# A short group in brackets, such as a scale: "(1–5)" is kept on one line (the template marks it so).
SHORT_GROUP = re.compile(r"\([^\s()]{1,8}\)")


def _header_parts(word: str) -> list[str]:
    """Where a header's word may end a line: after its hyphens and slashes, but not inside a short group in brackets."""
    return [word] if SHORT_GROUP.fullmatch(word.rstrip(",.;:")) else [part for part in _BREAK_AFTER.split(word) if part]


def _longest_header_word(header: str) -> float:
    """The header's longest word, in average letters of the body text: headers are bold, a tenth wider."""
    return 1.1 * max(
        (sum(CAPITAL_WIDTH if ch.isupper() else 1 for ch in part) for word in header.split() for part in _header_parts(word)),
        default=0,
    )


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


@lru_cache(maxsize=16)
def _hyphenator(language: str) -> pyphen.Pyphen | None:
    return pyphen.Pyphen(lang=language) if language in pyphen.LANGUAGES else None


# How a header piece joins the next: a space, nothing (after a hyphen or a slash), or a hyphen if the line ends there.
SPACE, JOINED, SYLLABLE = "space", "joined", "syllable"


def _header_pieces(header: str, language: str, hyphenate: bool = True) -> list[tuple[str, str]]:
    """The header cut where a line may end: at spaces, after hyphens and slashes, and at hyphenation points if `hyphenate`."""
    hyphenator = _hyphenator(language)
    pieces: list[tuple[str, str]] = []
    for word in header.split():
        parts = _header_parts(word)
        for part_index, part in enumerate(parts):
            syllables = hyphenator.inserted(part, hyphen="\u00ad").split("\u00ad") if hyphenator and hyphenate else [part]
            for index, syllable in enumerate(syllables):
                if index < len(syllables) - 1:
                    pieces.append((syllable, SYLLABLE))
                else:
                    pieces.append((syllable, JOINED if part_index < len(parts) - 1 else SPACE))
    return pieces


def _wrapped_lines(pieces: list[tuple[str, str]], width: int) -> int:
    """How many lines the pieces take, filled greedily into lines of `width` characters."""
    lines, used, joint = 1, 0, None
    for piece, next_joint in pieces:
        hyphen = 1 if next_joint == SYLLABLE else 0  # room for the hyphen if the line ends after this piece
        gap = 1 if used and joint == SPACE else 0
        if used and used + gap + len(piece) + hyphen > width:
            lines, used, gap = lines + 1, 0, 0
        used += gap + len(piece)
        joint = next_joint
    return lines


@lru_cache(maxsize=4096)
def header_characters(header: str, language: str, lines: int = HEADER_LINES, hyphenate: bool = True) -> int:
    """The narrowest width, in characters, in which the header wraps into at most `lines` lines without breaking a syllable
    (nor a word, unless `hyphenate`); a word longer than that keeps its own line."""
    pieces = _header_pieces(header, language, hyphenate)
    if not pieces:
        return 0
    narrowest = max(len(piece) + (joint == SYLLABLE) for piece, joint in pieces)
    for width in range(narrowest, len(header) + 1):
        if _wrapped_lines(pieces, width) <= lines:
            return width
    return max(narrowest, len(header))


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


def _headers_narrowed(line: float, least: list[float], body_least: Sequence[float]) -> list[float]:
    """Take back the width that only the headers' words ask for, until a sixth of the line is free for the text."""
    header_only = [max(width - body, 0) for width, body in zip(least, body_least)]
    excess = sum(least) - line * 5 / 6
    if sum(header_only) == 0:
        return least
    kept = max(0.0, 1 - excess / sum(header_only))
    return [min(width, body + extra * kept) for width, body, extra in zip(least, body_least, header_only)]


Measures = tuple[list[int], list[int], list[int], list[int], list[int], list[float]]


def _measures(table: Table, language: str, keys: dict[int, str] | None = None) -> Measures:
    """Per in-row column, in characters: its least width with its header in a few lines of whole words, with whole
    header words, with hyphenated header words, and for its body text alone; its widest useful width; and how much
    text it holds on average. keys: the headers shown instead of the columns' names (column_keys)."""
    keys = keys or {}
    few_lines: list[int] = []
    whole_words: list[int] = []
    hyphenated: list[int] = []
    body_least: list[int] = []
    most: list[int] = []
    need: list[float] = []
    for index in table.in_row_columns():
        header = keys.get(index, table.columns[index])
        cells = [str(row[index]) for row in table.rows if index < len(row)]
        words = [_longest_word(cell) for cell in cells]
        if index in table.code_columns:
            words = [min(word, CODE_WORD_CHARACTERS) for word in words]
        body = max([NARROWEST_COLUMN, *words]) + CELL_PADDING_CHARACTERS
        # Headers are bold, a tenth wider than the body text.
        whole_words.append(max(round(_longest_header_word(header)) + CELL_PADDING_CHARACTERS, body))
        few_lines.append(max(round(header_characters(header, language, hyphenate=False) * 1.1) + CELL_PADDING_CHARACTERS, whole_words[-1]))
        hyphenated.append(max(round(header_characters(header, language) * 1.1) + CELL_PADDING_CHARACTERS, body))
        widest = max([round(_longest_line(header) * 1.1), *(_longest_line(cell) for cell in cells)]) + CELL_PADDING_CHARACTERS
        body_least.append(body)
        most.append(max(widest, whole_words[-1]))
        need.append(max(sum(len(cell) for cell in cells) / max(len(cells), 1), 1.0))
    return few_lines, whole_words, hyphenated, body_least, most, need


def _headers_break(table: Table, measures: Measures) -> bool:
    _, whole_words, _, body_least, _, _ = measures
    return sum(whole_words) > max(_room(table), sum(body_least))


def _room(table: Table) -> float:
    """The line, and a little more for the columns' least widths: the estimate's padding is about twice the real one
    (bold headers take some of the difference), so a line a few characters short of the least widths still holds them."""
    return LINE_CHARACTERS[table_class(table)] + len(table.in_row_columns()) * CELL_PADDING_CHARACTERS / 4


KEY_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _keys(table: Table, measures: Measures) -> dict[int, str]:
    in_row = table.in_row_columns()
    _, _, hyphenated, body_least, _, _ = measures
    # Even broken at every syllable, in a few lines each, the headers would not fit the line.
    if len(in_row) - 1 > len(KEY_LETTERS) or sum(hyphenated) <= max(_room(table), sum(body_least)):
        return {}
    return {index: KEY_LETTERS[position] for position, index in enumerate(in_row[1:])}


def _widths(table: Table, measures: Measures) -> list[float]:
    few_lines, whole_words, hyphenated, body_least, most, need = measures
    line = LINE_CHARACTERS[table_class(table)]
    # Headers in a few lines of whole words while the line has room for that; else in whole words however many lines;
    # else words break at hyphenation points, into a few lines.
    room = _room(table)
    least: list[float] | None = next((list[float](widths) for widths in (few_lines, whole_words) if sum(widths) <= room), None)
    if least is None:
        # As many headers as the line holds keep their words whole, those that need least room first; the others break
        # at hyphenation points.
        least = list[float](hyphenated)
        for index in sorted(range(len(least)), key=lambda index: whole_words[index] - hyphenated[index]):
            if sum(least) + whole_words[index] - least[index] <= room:
                least[index] = whole_words[index]
    widest: list[float] = [max(high, low) for high, low in zip(most, least)]
    if sum(least) > room:
        # Too many columns for their headers (a criterion each): headers break more, so the text columns keep some room.
        least = _headers_narrowed(line, least, body_least)
    if sum(least) >= line:
        # Even the longest words do not fit: every column shrinks alike, and long words break.
        widths = least
    elif sum(widest) <= line:
        # Everything fits on one line: the room left goes mostly to the columns with the most text.
        spare = line - sum(widest)
        widths = [width + spare * want / sum(need) for width, want in zip(widest, need)]
    else:
        widths = _shared_out(line, least, widest, need)
    total = sum(widths)
    return [100 * width / total for width in widths]


@dataclass(frozen=True)
class TableLayout:
    """How a table is laid out: measured once, used by the HTML (and so the PDF) and the DOCX."""

    widths: list[float]  # each in-row column's share of the table's width, in percent
    keys: dict[int, str]  # letters standing for headers too long to fit, by column index (a key under the table names them)
    hyphenated: set[int]  # the columns whose header words break at hyphenation points
    headers: dict[int, str]  # what each in-row column's header shows: its key letter, or its name, soft hyphens where it breaks


def table_layout(table: Table, language: str = "en") -> TableLayout:
    """The table's layout; language: the report's, whose hyphenation rules say where a header may break.

    Headers keep whole words while the line has room for them: a reader stumbles over
    "Eingriff-sintensität" (the hyphenation dictionary's break) where "Eingriffsintensität" fits.
    Only the headers that do not fit their width break, at hyphenation points: a browser
    hyphenates every header it may, even where moving a whole word to the next line would do
    ("data protec-tion"). A column per criterion or per option, whose headers are too long even
    for that (broken at every syllable they ran over eight lines), is headed by letters instead.
    The full-width columns have no share of the line: they are laid out under their row.
    """
    in_row = table.in_row_columns()
    if not in_row:
        return TableLayout([], {}, set(), {})
    measures = _measures(table, language)
    keys = _keys(table, measures)
    if keys:
        # Measured by their letters, the value columns leave the row's name its room.
        headers = {index: keys.get(index, table.columns[index]) for index in in_row}
        return TableLayout(_widths(table, _measures(table, language, keys)), keys, set(), headers)
    widths = _widths(table, measures)
    hyphenated: set[int] = set()
    if _headers_break(table, measures):
        room, whole_words = _room(table), measures[1]
        hyphenated = {index for index, share, whole in zip(in_row, widths, whole_words) if share * room / 100 < whole}
    headers = {index: with_soft_hyphens(table.columns[index], language) if index in hyphenated else table.columns[index] for index in in_row}
    return TableLayout(widths, keys, hyphenated, headers)


SOFT_HYPHEN = "\u00ad"


def with_soft_hyphens(header: str, language: str) -> str:
    """The header with a soft hyphen at each point where columns.py let it break: the PDF, the HTML and
    the DOCX then break it there and nowhere else, without a hyphenation dictionary of their own."""
    joins = {SPACE: " ", JOINED: "", SYLLABLE: SOFT_HYPHEN}
    return "".join(piece + joins[join] for piece, join in _header_pieces(header, language)).rstrip()


def column_widths(table: Table, language: str = "en") -> list[float]:
    """Each in-row column's share of the table's width, in percent (they add up to 100)."""
    return table_layout(table, language).widths


def column_keys(table: Table, language: str = "en") -> dict[int, str]:
    """Letters that head the columns of a table whose headers are too long to fit even hyphenated, by column index."""
    return table_layout(table, language).keys


def hyphenated_headers(table: Table, language: str = "en") -> set[int]:
    """The columns whose header words do not fit their width and break at hyphenation points."""
    return table_layout(table, language).hyphenated


def headers_break(table: Table, language: str = "en") -> bool:
    """Whether the headers' whole words do not all fit the line (where the body's own words do)."""
    return _headers_break(table, _measures(table, language))
