"""A WeightError (a code and its parameters) said in the reader's language."""

from __future__ import annotations

import math

from ..domain.localized import DEFAULT_LANGUAGE, LANGUAGES
from ..engine.weighting import WeightError
from ..i18n import t

# Parameters that hold criterion or pillar ids (one id, or a list of ids);
# they are replaced by display names. "pairs" is a list of (a, b) pairs.
ID_PARAMS = frozenset({"item", "items", "criterion", "criteria", "pillar", "a", "b", "pairs", "preset"})


def describe_weight_error(error: WeightError, language: str, names: dict[str, str] | None = None) -> str:
    """The message in language, from the catalog key wording.weight_error.<code>, with ids replaced
    by names (id -> display name) where given; str(error), the English message, for an error without a code."""
    if error.code is None:
        return str(error)
    names = names or {}

    def name(value: object) -> str:
        return str(names.get(value) or value) if isinstance(value, str) else str(value)

    def pair(value: object) -> str:
        return "/".join(name(item) for item in value) if isinstance(value, (list, tuple)) else name(value)

    values: dict[str, str] = {}
    for key, value in error.params.items():
        if key == "pairs" and isinstance(value, (list, tuple)):
            values[key] = ", ".join(pair(item) for item in value)
        elif isinstance(value, (list, tuple)):
            values[key] = ", ".join(name(item) for item in value)
        elif key in ID_PARAMS:
            values[key] = name(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            values[key] = _number(value, language)
        else:
            values[key] = str(value)
    try:
        return t(f"wording.weight_error.{error.code}", language, **values)
    except (KeyError, IndexError, ValueError):
        return str(error)


def _number(value: float, language: str) -> str:
    """A number as the locale writes it (110, 0,5 in French); NaN and infinity as Python does."""
    if not math.isfinite(value):
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(value, locale=language if language in LANGUAGES else DEFAULT_LANGUAGE)
