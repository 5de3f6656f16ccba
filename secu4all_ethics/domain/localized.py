"""Text that exists in every language of the Secu4All platform."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "it")
Language = Literal["en", "fr", "de", "it"]
DEFAULT_LANGUAGE: Language = "en"

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class LocalizedText(BaseModel):
    """One piece of content text, required in all four languages.

    A missing language is a validation error rather than a silent English
    fallback: a French training group must never meet English content.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: NonEmptyText
    fr: NonEmptyText
    de: NonEmptyText
    it: NonEmptyText

    def get(self, language: str) -> str:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; expected one of {', '.join(LANGUAGES)}")
        return getattr(self, language)
