"""Grammar that a catalog cannot hold as fixed text: plural forms and French elision.

A catalog entry whose wording depends on a number is a mapping of CLDR plural
categories to texts (docs/adding-a-language.md):

    report.actions.incomplete:
      one: "{count} commitment lacks an owner or a due date."
      other: "{count} commitments lack an owner or a due date."

The number passed as ``count`` chooses the form by the language's CLDR rule
(Babel): in French 0 and 1 take "one", in English only 1 does. ``other`` is
required; a category the language uses but the entry leaves out (French "many",
for a million) falls back to it, so a translator writes only the forms the
language's sentences need.
"""

from __future__ import annotations

import re
from decimal import Decimal
from string import Formatter

from babel import Locale, UnknownLocaleError

# Every category CLDR defines; a language uses a subset (babel.Locale(...).plural_form.tags, plus "other").
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")

Number = int | float | Decimal


def plural_category(count: Number, language: str) -> str:
    """The CLDR plural category of count in language ("one", "other", ...)."""
    try:
        rule = Locale.parse(language).plural_form
    except (ValueError, UnknownLocaleError):
        rule = Locale.parse("en").plural_form
    return str(rule(count))


def is_plural_entry(value: object) -> bool:
    return isinstance(value, dict) and "other" in value and set(value) <= set(PLURAL_CATEGORIES) and all(isinstance(text, str) for text in value.values())


def choose_plural(forms: dict[str, str], language: str, values: dict[str, object], key: str) -> str:
    count = values.get("count")
    if isinstance(count, bool) or not isinstance(count, int | float | Decimal):
        raise TypeError(f"{key!r} has plural forms: pass the number that chooses one as count=, not {count!r}")
    return forms.get(plural_category(count, language), forms["other"])


# Words that French writes with an apostrophe before a vowel: "de Éclairage" -> "d'Éclairage".
# An initial h is left alone: whether it is mute ("d'hôtel") or aspirated ("de haut-parleurs") is a matter of the word.
_FRENCH_ELIDED = re.compile(r"(?<![\w'’-])(de|que|lorsque|puisque|jusque|le|la|ne|se)\s$", re.IGNORECASE)
_VOWEL_START = re.compile(r"^[aeiouyàâäéèêëîïôöùûüæœ]", re.IGNORECASE)


def elide(before: str, inserted: str, language: str) -> str:
    """before, with its last word elided when French grammar requires it before inserted.

    before is the text that precedes a name in a sentence ("La recommandation de "),
    inserted the name that follows ("Éclairage public"): the result then ends with
    "La recommandation d'", to be followed directly by the name.
    """
    if language != "fr" or not _VOWEL_START.match(inserted):
        return before
    match = _FRENCH_ELIDED.search(before)
    if match is None:
        return before
    return before[: match.start()] + match.group(1)[:-1] + "'"


_FORMATTER = Formatter()


def fill(template: str, language: str, values: dict[str, object]) -> str:
    """template with its {placeholders} filled in, each text before a value elided where the language requires."""
    pieces: list[str] = []
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        if field is None:
            pieces.append(literal)
            continue
        value, _ = _FORMATTER.get_field(field, (), values)
        inserted = _FORMATTER.format_field(_FORMATTER.convert_field(value, conversion), spec or "")
        pieces.append(elide(literal, inserted, language))
        pieces.append(inserted)
    return "".join(pieces)


def english_count(count: int, singular: str, plural: str | None = None) -> str:
    """A number with its noun, for the texts that exist only in English (the command line, audit notes): "1 file", "2 files"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
