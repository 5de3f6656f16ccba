"""The languages of the platform, declared once.

Everything else reads this list: the content texts every language must have
(domain.localized.LocalizedText, whose fields are these codes), the catalogs a
test keeps complete (i18n/locales/<code>.yaml and <code>/*.yaml), the app's
language picker and report language, the command line's --lang, and the
assessment file's `language`. docs/adding-a-language.md says what a new
language needs besides its line here: its catalogs and its content texts.

This module imports nothing of the package, so that the content models can be
built from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageInfo:
    code: str  # ISO 639-1: the key of a content text, the catalog's file name, Babel's locale for numbers and dates
    name: str  # the language's own name, as the language pickers show it
    date_input_format: str  # how a date field shows a date (Streamlit's date_input: YYYY, MM and DD with / . or -)
    # Babel's locale for numbers, dates and money where the language's own default is not European usage:
    # English as the EU writes it ("2 December 2027", not "December 2, 2027").
    formats_locale: str | None = None
    # How a long date writes the first day of a month where the language says it as an ordinal ("1er juin").
    first_of_month: str | None = None


DECLARED_LANGUAGES: tuple[LanguageInfo, ...] = (
    LanguageInfo("en", "English", "DD/MM/YYYY", formats_locale="en_IE"),
    LanguageInfo("fr", "Français", "DD/MM/YYYY", first_of_month="1er"),
    LanguageInfo("de", "Deutsch", "DD.MM.YYYY"),
    LanguageInfo("it", "Italiano", "DD/MM/YYYY"),
)
# The language shown before a person chooses one, and a missing catalog key's fallback.
DEFAULT_LANGUAGE = "en"

LANGUAGES: tuple[str, ...] = tuple(language.code for language in DECLARED_LANGUAGES)
LANGUAGE_NAMES: dict[str, str] = {language.code: language.name for language in DECLARED_LANGUAGES}
DATE_INPUT_FORMATS: dict[str, str] = {language.code: language.date_input_format for language in DECLARED_LANGUAGES}
FIRST_OF_MONTH: dict[str, str] = {language.code: language.first_of_month for language in DECLARED_LANGUAGES if language.first_of_month}
FORMATS_LOCALES: dict[str, str] = {language.code: language.formats_locale or language.code for language in DECLARED_LANGUAGES}
