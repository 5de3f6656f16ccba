"""Text that exists in every language of the Secu4All platform."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, WithJsonSchema, create_model, field_validator

# The languages are declared in i18n/languages.py; the models below are built from that list.
from ..i18n.languages import DEFAULT_LANGUAGE, LANGUAGES  # noqa: F401 - DEFAULT_LANGUAGE: re-exported

if TYPE_CHECKING:
    Language = str  # one of LANGUAGES
else:
    Language = Literal[LANGUAGES]  # an assessment's language: one of the declared codes

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def refuse_nul(value: Any) -> Any:
    """value unchanged, unless a string in it (or in a list or mapping in it) holds a NUL
    character: PostgreSQL cannot store one, and no text a person writes needs one."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text must not contain a NUL character (\\x00)")
    elif isinstance(value, (list, tuple)):
        for item in value:
            refuse_nul(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_nul(key)
            refuse_nul(item)
    return value


class _LocalizedTextBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_character(cls, value: str) -> str:
        return refuse_nul(value)

    def get(self, language: str) -> str:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; expected one of {', '.join(LANGUAGES)}")
        return getattr(self, language)


_LOCALIZED_TEXT_DOC = """One piece of content text, required in every language of the platform.

    A missing language is a validation error rather than a silent English
    fallback: a French training group must never meet English content.
    """

if TYPE_CHECKING:

    class LocalizedText(_LocalizedTextBase):
        def __getattr__(self, language: str) -> str: ...

else:
    # One required field per declared language, in the declared order.
    LocalizedText = create_model(
        "LocalizedText",
        __base__=_LocalizedTextBase,
        __doc__=_LOCALIZED_TEXT_DOC,
        __module__=__name__,
        **{code: (NonEmptyText, ...) for code in LANGUAGES},
    )


def _given(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def one_language_is_enough(value: Any) -> Any:
    """A user's text written in one language (a plain string, or a mapping with only
    some languages) stands as is for every language: an assessment is written in one
    language, and nobody should have to translate their own notes to save them."""
    if isinstance(value, str):
        return {code: value for code in LANGUAGES} if value.strip() else value
    if isinstance(value, dict):
        given = [value[code] for code in LANGUAGES if _given(value.get(code))]
        if given:
            return {**value, **{code: value[code] if _given(value.get(code)) else given[0] for code in LANGUAGES}}
    return value


# Text a user writes where content text is expected (a custom option's cost scope and
# rationale): one language is enough, the others show the same text.
UserText = Annotated[
    LocalizedText,
    BeforeValidator(one_language_is_enough),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {code: {"type": "string"} for code in LANGUAGES},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
            "description": "The text in one or more languages (a plain string stands for every language); a language left out shows the text given.",
        }
    ),
]
