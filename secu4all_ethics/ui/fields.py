"""Input widgets bound to a field of the open assessment, saved on change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from ..domain.assessment import Assessment
from ..domain.text_limits import text_limit
from ..i18n import format_number, t
from ..i18n.issues import general_path
from ..i18n.languages import DATE_INPUT_FORMATS
from .context import assessment_or_stop, autosave, current_language, field_labels, refusal_here, widget_key

T = TypeVar("T")
# The dates a date field accepts.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)

Getter = Callable[[Assessment], str]
Setter = Callable[[Assessment, str], None]


def _bound(field: str, label: str, get: Callable[[Assessment], Any], put: Callable[[Assessment, Any], None]) -> tuple[str, Callable[[], None]]:
    """The widget's key, holding the field's value once, and the callback that saves what the user put there.
    The label is remembered so that a refusal names the field as the screen does (i18n/issues.py)."""
    key = widget_key(field)
    field_labels()[general_path(field)] = label
    if key not in st.session_state:
        st.session_state[key] = get(assessment_or_stop())

    def save() -> None:
        value = st.session_state[key]
        autosave(lambda assessment: put(assessment, value), near=key)

    return key, save


def text(
    field: str,
    label: str,
    get: Getter,
    put: Setter,
    *,
    area: bool = False,
    help: str | None = None,
    height: int | None = None,
    disabled: bool = False,
    placeholder: str | None = None,
    one_per_line: bool = False,
) -> None:
    """one_per_line: the text is a list edited one item a line, each line held to the limit."""
    key, save = _bound(field, label, get, put)

    if area:
        st.text_area(label, key=key, on_change=save, help=help, height=height, disabled=disabled, placeholder=placeholder)
    else:
        st.text_input(label, key=key, on_change=save, help=help, disabled=disabled, placeholder=placeholder)
    limit = text_limit(Assessment, field)
    # Shown, not enforced by the input: a browser cuts pasted text at its limit without a word.
    if limit is not None and not disabled:
        language = current_language()
        st.caption(t("field.limit_lines" if one_per_line else "field.limit", language, limit=format_number(limit, language, 0)))
    refusal_here(key)


def choice(
    field: str,
    label: str,
    options: Sequence[T],
    get: Callable[[Assessment], T | None],
    put: Callable[[Assessment, T | None], None],
    *,
    format_func: Callable[[T], str] = str,
    placeholder: str | None = None,
    help: str | None = None,
    disabled: bool = False,
    radio: bool = False,
) -> None:
    """One of options, or none yet (a question not answered)."""
    key, save = _bound(field, label, get, put)

    if radio:
        st.radio(label, options, key=key, on_change=save, format_func=format_func, help=help, disabled=disabled, index=None)
    else:
        st.selectbox(label, options, key=key, on_change=save, format_func=format_func, placeholder=placeholder, help=help, disabled=disabled, index=None)


def date(
    field: str,
    label: str,
    get: Callable[[Assessment], dt.date | None],
    put: Callable[[Assessment, dt.date | None], None],
    *,
    language: str,
    help: str | None = None,
    disabled: bool = False,
) -> None:
    """A date, or none yet; written in the language's order (i18n/languages.py)."""
    key, save = _bound(field, label, get, put)

    st.date_input(
        label, value=None, key=key, on_change=save, min_value=EARLIEST, max_value=LATEST, format=DATE_INPUT_FORMATS[language], help=help, disabled=disabled
    )


def number(
    field: str,
    label: str,
    get: Callable[[Assessment], float | None],
    put: Callable[[Assessment, float | None], None],
    *,
    max_value: float,
    help: str | None = None,
    disabled: bool = False,
) -> None:
    """A count of zero or more, or none yet (emptied: none)."""
    key, save = _bound(field, label, get, put)

    # %g: a count reads "118", not "118.00"; an average a year keeps its decimals ("2.5").
    st.number_input(label, min_value=0.0, max_value=float(max_value), value=None, step=1.0, format="%g", key=key, on_change=save, help=help, disabled=disabled)
    refusal_here(key)


def flag(field: str, label: str, get: Callable[[Assessment], bool], put: Callable[[Assessment, bool], None], *, help: str | None = None) -> None:
    """A yes-or-no choice, saved as it is ticked."""
    key, save = _bound(field, label, get, put)

    st.checkbox(label, key=key, on_change=save, help=help)
    refusal_here(key)


def lines(
    field: str,
    label: str,
    get: Callable[[Assessment], list[str]],
    put: Callable[[Assessment, list[str]], None],
    help: str | None = None,
    disabled: bool = False,
) -> None:
    """A list of short texts edited as one line each."""
    text(
        field,
        label,
        lambda a: "\n".join(get(a)),
        lambda a, value: put(a, [line.strip() for line in value.splitlines() if line.strip()]),
        area=True,
        help=help,
        height=100,
        disabled=disabled,
        one_per_line=True,
    )


def records(
    field: str,
    items: Callable[[Assessment], list],
    attributes: dict[str, str],
    make_item: Callable[[], object],
    add_label: str,
    remove_label: str,
) -> None:
    """Edit a list of small records (one row of text inputs each), with add and remove."""
    assessment = assessment_or_stop()
    widths = [5] * len(attributes) + [1]
    for index in range(len(items(assessment))):
        columns = st.columns(widths, vertical_alignment="bottom")
        for column, (attribute, label) in zip(columns, attributes.items()):
            with column:
                text(f"{field}[{index}].{attribute}", label, *_record_attribute(items, index, attribute))
        with columns[-1]:
            if st.button(":material/delete:", key=widget_key(f"{field}[{index}]:remove"), help=remove_label):
                count = len(items(assessment))
                autosave(_record_removal(items, index))
                # The rows after the removed one move up: their widgets must read the document again,
                # or they would keep showing the text of the row that was there before.
                for moved in range(index, count):
                    for attribute in attributes:
                        st.session_state.pop(widget_key(f"{field}[{moved}].{attribute}"), None)
                st.rerun()
    if st.button(add_label, icon=":material/add:", key=widget_key(f"{field}:add")):
        autosave(lambda a: items(a).append(make_item()))
        st.rerun()


# Bound to one record when the row is drawn, not to the loop's last values when a widget changes.


def _record_attribute(items: Callable[[Assessment], list], index: int, attribute: str) -> tuple[Getter, Setter]:
    def get(assessment: Assessment) -> str:
        return getattr(items(assessment)[index], attribute)

    def put(assessment: Assessment, value: str) -> None:
        setattr(items(assessment)[index], attribute, value)

    return get, put


def _record_removal(items: Callable[[Assessment], list], index: int) -> Callable[[Assessment], None]:
    def remove(assessment: Assessment) -> None:
        items(assessment).pop(index)

    return remove
