"""A refused input (a ContentIssue) as a sentence in the reader's language, naming the field as the
screens label it: "Type of place: at most 500 characters (you entered 612)."

The English message of the issue stays for logs and the command line; a screen never shows it
for the kinds named here (the pydantic error types users can meet through the forms and imports)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import ContentIssue
from . import format_number, t

# pydantic error types, by the catalog key that says them; each key takes {field} and the context's values.
SAID = {
    "string_too_long": "issue.string_too_long",
    "too_long": "issue.too_long",
    "string_too_short": "issue.string_too_short",
    "too_short": "issue.too_short",
    "missing": "issue.missing",
    "greater_than": "issue.greater_than",
    "greater_than_equal": "issue.greater_than_equal",
    "less_than": "issue.less_than",
    "less_than_equal": "issue.less_than_equal",
    "finite_number": "issue.not_a_number",
    "float_parsing": "issue.not_a_number",
    "float_type": "issue.not_a_number",
    "int_parsing": "issue.not_a_number",
    "int_type": "issue.not_a_number",
    "string_type": "issue.not_text",
    "date_from_datetime_parsing": "issue.not_a_date",
    "date_parsing": "issue.not_a_date",
    "date_type": "issue.not_a_date",
    "literal_error": "issue.not_a_choice",
    "enum": "issue.not_a_choice",
    "extra_forbidden": "issue.unknown_field",
    "string_pattern_mismatch": "issue.pattern",
}
NUMBERS = ("max_length", "min_length", "given_length", "gt", "ge", "lt", "le")


def general_path(path: str) -> str:
    """The path without list positions: options[2].necessity_note -> options.necessity_note."""
    return re.sub(r"\[\d+\]", "", path)


def field_label(path: str, language: str, labels: Mapping[str, str]) -> str:
    """The field as the screen labels it. labels: field path -> label, as the page drew its inputs
    (ui/fields.py keeps them). A path inside a list is named by its list and the item's number
    (need.evidence[1].source -> "Evidence, item 2"); a path no screen labels stays as it is."""
    parts = general_path(path).split(".")
    for end in range(len(parts), 0, -1):
        label = labels.get(".".join(parts[:end]))
        if label:
            position = re.search(r"\[(\d+)\]", path)
            return t("issue.field_in_item", language, field=label, number=int(position.group(1)) + 1) if position else label
    return path


def issue_sentence(issue: ContentIssue, language: str, labels: Mapping[str, str] | None = None) -> str:
    key = SAID.get(issue.kind)
    if key is None:
        return str(issue)  # the tool's own checks already say what is wrong in a sentence
    values = {
        name: format_number(value, language, 0) if name in NUMBERS and isinstance(value, (int, float)) else value for name, value in issue.context.items()
    }
    sentence = t(key, language, field=field_label(issue.path, language, labels or {}), **values)
    if issue.kind == "string_too_long" and "given_length" in values:
        sentence += " " + t("issue.given_length", language, given_length=values["given_length"])
    return sentence


def located_sentence(issue: ContentIssue, language: str) -> str:
    """The sentence after the file it concerns, for an import or a content file someone will open and fix."""
    return f"{issue.file}: {issue_sentence(issue, language)}" if issue.kind in SAID else str(issue)
