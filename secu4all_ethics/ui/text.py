"""User text on Streamlit's Markdown surfaces: shown as typed, never as markup.

st.markdown, st.caption, the alerts, expander and tab labels and st.table's cells all
render Markdown, with Streamlit's additions ($…$ maths, :red[…] directives, emoji and
icon shortcodes, GFM tables and autolinks). Whatever a person wrote (a title, an option's
name, a justification, a comment, their own name) passes through here on its way there,
so it can never fetch an image, plant a link, a heading or a table, or change its look.
(Raw HTML is never rendered: the app does not use unsafe_allow_html.)
"""

from __future__ import annotations

import re

import pandas as pd

# The characters that make markup wherever they stand (CommonMark lets each be
# backslash-escaped, and an escaped character is shown as itself): emphasis, code, links
# and images ([ ]), HTML and autolinks (< >), tables, strikethrough, maths, entities.
_ALWAYS = frozenset("\\`*_[]<>|~$&")
# What makes markup only at the start of a line: a heading, a list item, a setext underline
# ("===" or "---" under a line), a numbered list ("1. " but not "4.19"). One escaped
# character is enough.
# Streamlit reads ":name" as a directive (":red[…]", and a bare ":name" vanishes).
_DIRECTIVE = re.compile(r":(?=[A-Za-z])")
_LINE_START = re.compile(r"^(?:\d+(?=[.)](?:\s|$))|(?=[#+=-]))")
# GFM turns bare addresses into links after the escapes are read (http://…, www.…, a@b.c),
# so an invisible word joiner breaks them up: after "://"'s colon, after "www" before a
# dot, and after an "@" followed by a name.
_WORD_JOINER = "\u2060"
_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\u2028\u2029\x85]+[ \t]*")
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)(?=\w)")


def literal(text: object) -> str:
    """One line of user text for a Markdown surface (line breaks become a space): shown as typed,
    wherever the surface puts it (a value at the start of a catalog sentence starts its line)."""
    # Only the line breaks go: other spaces (a French no-break space before ":") stay as typed.
    one_line = _AUTOLINK.sub(_WORD_JOINER, _BREAKS.sub(" ", str(text)).strip(" \t"))
    escaped = "".join("\\" + character if character in _ALWAYS else character for character in one_line)
    escaped = _DIRECTIVE.sub(r"\\:", escaped)
    start = _LINE_START.match(escaped)
    return escaped[: start.end()] + "\\" + escaped[start.end() :] if start else escaped


def literal_lines(text: object) -> str:
    """User text of several lines for a Markdown surface: each line literal, the breaks kept."""
    return "  \n".join(literal(line) for line in str(text).splitlines() if line.strip())


def literal_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for st.table, which renders every cell and header as Markdown: the text cells,
    the column names and the index made literal (numbers are left as they are)."""

    def cell(value: object) -> object:
        return literal(value) if isinstance(value, str) else value

    copy = frame.copy()
    for column in copy.columns:
        if copy[column].dtype == object or pd.api.types.is_string_dtype(copy[column]):
            copy[column] = copy[column].map(cell)
    copy.columns = [cell(name) for name in copy.columns]
    copy.index = [cell(name) for name in copy.index]
    return copy
