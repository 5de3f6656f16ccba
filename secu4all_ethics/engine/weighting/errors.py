from __future__ import annotations

import math

# Parameters that hold criterion or pillar ids (one id, or a list of ids);
# describe() replaces them by display names. "pairs" is a list of (a, b) pairs.
ID_PARAMS = frozenset({"item", "items", "criterion", "criteria", "pillar", "a", "b", "pairs", "preset"})


class WeightError(ValueError):
    """Weights that cannot be used; the message says which and why.

    str(error) is the English message (for the CLI and logs). `code` and
    `params` let a screen say the same in the reader's language with
    describe(), naming criteria and pillars by their display names.
    """

    def __init__(self, message: str, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params

    def describe(self, language: str, names: dict[str, str] | None = None) -> str:
        """The message in language, from the catalog key engine.weight_error.<code>,
        with ids replaced by names (id -> display name) where given."""
        if self.code is None:
            return str(self)
        from ...i18n import t  # the engine's errors do not need the catalogs until shown

        names = names or {}

        def name(value: object) -> str:
            return str(names.get(value) or value) if isinstance(value, str) else str(value)

        values: dict[str, str] = {}
        for key, value in self.params.items():
            if key == "pairs":
                values[key] = ", ".join("/".join(name(item) for item in pair) for pair in value)  # type: ignore[union-attr]
            elif isinstance(value, (list, tuple)):
                values[key] = ", ".join(name(item) for item in value)
            elif key in ID_PARAMS:
                values[key] = name(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                values[key] = _number(value, language)
            else:
                values[key] = str(value)
        try:
            return t(f"engine.weight_error.{self.code}", language, **values)
        except (KeyError, IndexError, ValueError):
            return str(self)


def _number(value: float, language: str) -> str:
    """A number as the locale writes it (110, 0,5 in French); NaN and infinity as Python does."""
    if not math.isfinite(value):
        return str(value)
    from babel.numbers import format_decimal

    from ...domain.localized import DEFAULT_LANGUAGE, LANGUAGES

    return format_decimal(value, locale=language if language in LANGUAGES else DEFAULT_LANGUAGE)
