"""Text the engine carries as it was given, in the reader's language."""

from __future__ import annotations

from ..domain.localized import LocalizedText
from ..i18n import t


def list_separator(language: str) -> str:
    """What goes between the items of a list in a sentence ("a; b")."""
    return t("wording.list_separator", language)


def in_language(text: LocalizedText | str | None, language: str) -> str:
    """Content text in language; the assessors' one-language text as they wrote it; nothing as ""."""
    if text is None:
        return ""
    return text.get(language) if isinstance(text, LocalizedText) else text
