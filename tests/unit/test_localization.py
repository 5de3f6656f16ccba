"""Every text exists in every declared language (i18n/languages.py), and the translations are real."""

import datetime as dt
import re

import pytest

from secu4all_ethics.content.yaml_io import read_data_file
from secu4all_ethics.i18n import catalog, catalog_files, format_date, format_money, negotiate_language, t
from secu4all_ethics.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES
from tests.conftest import CONTENT_DIR

# Words that mark a language. A translation that contains none of its own
# language's markers (and the English ones instead) was not translated.
MARKERS = {
    "en": {"the", "and", "of", "is", "are", "to", "with", "for", "no", "or", "not", "a"},
    "fr": {"le", "la", "les", "des", "et", "de", "du", "est", "une", "un", "pour", "ou", "sans", "pas", "aux", "au", "à"},
    # German titles often hold only prepositions and articles in the genitive or dative ("nach Art. 10 des Gesetzes").
    "de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "für", "von", "oder", "keine", "zu", "den"}
    | {"des", "dem", "im", "nach", "auf", "zum", "zur", "vom", "bei", "an", "nur"},
    "it": {"il", "la", "le", "di", "e", "è", "una", "un", "per", "con", "non", "o", "dei", "delle", "del", "della"},
}


def test_every_language_has_its_marker_words():
    assert set(MARKERS) == set(LANGUAGES), "add a dozen common words of each new language to MARKERS"


def localized_texts(data, path=""):
    """Every {en, fr, de, it} mapping in a content file, with its path."""
    if isinstance(data, dict):
        if set(LANGUAGES) & set(data) and all(isinstance(data.get(lang), str) for lang in set(LANGUAGES) & set(data)):
            yield path, data
            return
        for key, value in data.items():
            yield from localized_texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from localized_texts(item, f"{path}[{index}]")


# Assessment files (the examples, and those behind the workshop cards) are written in one language.
NOT_LOCALIZED = {"examples", "references", "assessments"}


def content_files():
    return sorted(p for p in CONTENT_DIR.rglob("*.yaml") if not NOT_LOCALIZED & set(p.parts))


def words(text):
    return re.findall(r"[a-zà-ÿß]+", text.lower())


@pytest.mark.parametrize("path", content_files(), ids=lambda p: str(p.relative_to(CONTENT_DIR)))
def test_every_text_has_four_real_translations(path):
    data = read_data_file(path)
    texts = list(localized_texts(data))
    assert texts, f"{path} holds no localized text"
    problems = []
    for where, text in texts:
        # A citation is mostly proper names (a statute's or a court's own name), which no marker word test can read;
        # references/ is skipped for the same reason, and a pack's own references are citations too.
        if where.startswith("references["):
            continue
        missing = [lang for lang in LANGUAGES if not str(text.get(lang, "")).strip()]
        if missing:
            problems.append(f"{where}: missing {missing}")
            continue
        english = text["en"].strip()
        for lang in (code for code in LANGUAGES if code != DEFAULT_LANGUAGE):
            translated = text[lang].strip()
            if len(english.split()) > 3 and translated == english:
                problems.append(f"{where}.{lang}: a copy of the English")
            tokens = words(translated)
            if len(tokens) >= 8:
                own = sum(token in MARKERS[lang] for token in tokens)
                english_markers = sum(token in MARKERS["en"] - MARKERS[lang] for token in tokens)
                if own == 0 or english_markers > own:
                    problems.append(f"{where}.{lang}: does not read as {lang}: {translated[:60]!r}")
    assert not problems, "\n".join(problems)


def test_ui_catalogs_have_the_same_keys_and_real_translations():
    catalogs = {lang: catalog(lang) for lang in LANGUAGES}
    page_files = {lang: sorted(p.name for p in catalog_files(lang)[1:]) for lang in LANGUAGES}
    assert all(files == page_files["en"] for files in page_files.values()), page_files
    english = catalogs["en"]
    for lang, texts in catalogs.items():
        assert set(texts) == set(english), f"{lang}: {sorted(set(texts) ^ set(english))}"
        for key, entry in texts.items():
            # An entry with plural forms (i18n/grammar.py) is checked on all its forms together.
            text, english_text = all_forms(entry), all_forms(english[key])
            placeholders = set(re.findall(r"{(\w+)}", english_text))
            assert set(re.findall(r"{(\w+)}", text)) == placeholders, f"{lang}:{key} placeholders differ"
            if lang != "en" and len(english_text.split()) > 3:
                assert text != english_text, f"{lang}:{key} is an untranslated copy"


def all_forms(entry: str | dict[str, str]) -> str:
    return entry if isinstance(entry, str) else "\n".join(entry.values())


@pytest.mark.parametrize(
    "preferences, expected",
    [
        (["de", "fr-CH"], "de"),
        ([None, "fr-CH"], "fr"),
        ([None, "it_IT"], "it"),
        (["xx", "pt-BR"], "en"),
        ([None, None], "en"),
    ],
)
def test_language_negotiation(preferences, expected):
    assert negotiate_language(preferences) == expected


def test_t_fills_placeholders_and_refuses_unknown_keys():
    assert "12" in t("start.catalogue.caption", "fr", count=12, alternatives=5, framework="F", version="1", valid_as_of="x")
    with pytest.raises(KeyError):
        t("no.such.key", "en")


def test_money_is_formatted_per_locale():
    assert format_money(12500, "en") == "€12,500"
    assert format_money(12500, "fr") == "12\u202f500\xa0€"
    assert format_money(12500, "de") == "12.500\xa0€"


# A toast shows three lines whole; a longer text is clamped behind Streamlit's own "view more".
TOAST_KEYS = ("save.conflict_toast", "save.refused_toast_field", "save.refused_toast_page")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_toast_is_short_enough_to_be_read_whole(language):
    for key in TOAST_KEYS:
        assert len(t(key, language)) <= 100, (language, key, t(key, language))


@pytest.mark.parametrize(
    "language, first, second",
    [
        ("fr", "1er juin 2027", "2 juin 2027"),  # French writes the first of a month as an ordinal
        ("en", "1 June 2027", "2 June 2027"),
        ("de", "1. Juni 2027", "2. Juni 2027"),
        ("it", "1 giugno 2027", "2 giugno 2027"),
    ],
)
def test_long_dates_as_each_language_writes_them(language, first, second):
    assert format_date(dt.date(2027, 6, 1), language) == first
    assert format_date(dt.date(2027, 6, 2), language) == second
