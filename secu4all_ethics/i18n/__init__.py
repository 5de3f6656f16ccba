"""UI strings per language, from flat YAML catalogs; Babel for numbers and dates.

The languages are declared in languages.py (see docs/adding-a-language.md).
Each call names its language explicitly. There is deliberately no global
"current language" (gettext.install would set one for the whole process, and
Streamlit serves every user from threads of that one process).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_currency as _babel_format_currency
from babel.numbers import format_decimal as _babel_format_decimal
from babel.numbers import format_percent as _babel_format_percent

from ..content.yaml_io import read_data_file
from .grammar import choose_plural, fill, is_plural_entry
from .languages import DEFAULT_LANGUAGE, FIRST_OF_MONTH, FORMATS_LOCALES, LANGUAGES

CATALOG_DIR = Path(__file__).parent / "locales"


def catalog_files(language: str) -> list:
    """locales/<lang>.yaml for shared strings, then locales/<lang>/<page>.yaml, one per page."""
    return [CATALOG_DIR / f"{language}.yaml", *sorted((CATALOG_DIR / language).glob("*.yaml"))]


# A catalog entry is a text, or its plural forms keyed by CLDR category (see grammar.py).
CatalogEntry = str | dict[str, str]


@cache
def catalog(language: str) -> dict[str, CatalogEntry]:
    merged: dict[str, CatalogEntry] = {}
    for path in catalog_files(language):
        name = f"i18n/locales/{path.relative_to(CATALOG_DIR)}"
        data = read_data_file(path, name)
        if not isinstance(data, dict) or not all(isinstance(v, str) or is_plural_entry(v) for v in data.values()):
            raise ValueError(f"{name} must be a flat mapping of key: text, or key: {{one: text, other: text}} for plural forms")
        duplicated = sorted(set(data) & set(merged))
        if duplicated:
            raise ValueError(f"{name} repeats keys defined in another file: {', '.join(duplicated)}")
        merged.update(data)
    return merged


def t(key: str, language: str, **values: object) -> str:
    """The text for key in language, with {placeholders} filled in.

    An entry with plural forms takes the one that count= calls for. A key
    missing from a catalog falls back to English rather than failing a page;
    a test keeps the catalogs in step so this never happens in a release.
    """
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    entry = catalog(language).get(key)
    if not entry:
        language, entry = DEFAULT_LANGUAGE, catalog(DEFAULT_LANGUAGE).get(key)
    if entry is None:
        raise KeyError(f"no UI text for key {key!r}")
    text = choose_plural(entry, language, values, key) if isinstance(entry, dict) else entry
    return fill(text, language, values) if values else text


def negotiate_language(preferred: list[str | None]) -> str:
    """The first supported language among explicit choices and browser locales ('fr-CH' -> 'fr')."""
    for candidate in preferred:
        if not candidate:
            continue
        code = str(candidate).replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(FORMATS_LOCALES.get(language, language))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LANGUAGE)


def format_number(value: float, language: str, decimals: int = 2) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _babel_format_decimal(value, format=pattern, locale=_locale(language))


def format_percent(value: float, language: str) -> str:
    """A share (0.12) as a whole percentage in the locale's style: 12%, 12 %."""
    return _babel_format_percent(value, locale=_locale(language))


def format_money(value: float, language: str) -> str:
    """Whole euros in the locale's style: €12,500 / 12 500 € / 12.500 €."""
    locale = _locale(language)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return _babel_format_currency(round(value), "EUR", format=pattern, locale=locale, currency_digits=False)


def format_date(value: dt.date, language: str) -> str:
    written = _babel_format_date(value, format="long", locale=_locale(language))
    first = FIRST_OF_MONTH.get(language)
    if first and value.day == 1 and written.startswith("1 "):
        return first + written[1:]
    return written
