"""Counted messages agree with their number, French elides before a vowel, and a reason is not said twice.

A catalog entry that counts something holds its plural forms (i18n/grammar.py);
these tests run 0, 1 and 2 through every such entry in every language, and
check that no plain text puts a count before a word it would have to agree with.
"""

from __future__ import annotations

import io
import re
import string

import docx
import pytest
from babel import Locale

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.i18n import catalog, t
from secu4all_ethics.i18n.grammar import PLURAL_CATEGORIES, choose_plural, elide, english_count, plural_category
from secu4all_ethics.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES
from secu4all_ethics.report import Provenance, build_report
from secu4all_ethics.report.docx import render_docx
from secu4all_ethics.report.html import render_html
from secu4all_ethics.report.markdown import render_markdown
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR

# What CLDR says 0, 1 and 2 are in the four languages the project ships; a language added later is read from Babel.
EXPECTED_CATEGORIES = {
    "en": {0: "other", 1: "one", 2: "other"},
    "fr": {0: "one", 1: "one", 2: "other"},
    "de": {0: "other", 1: "one", 2: "other"},
    "it": {0: "other", 1: "one", 2: "other"},
}

# Placeholders that stand for a number of things, so a word after them must agree with it.
# Not here: samples (100 or more by the assessment schema), limit and threshold (the tool's constants,
# which read as "at most {limit} characters", "{threshold} or more"), rank and places (ordinals, no noun follows).
COUNTS = {"count", "total", "shown", "done", "present", "chosen", "points", "years", "alternatives", "excluded", "fte"}
# Placeholders that show the counted number in a form (formatted), beside count= which chooses the form.
SHOWN_NUMBER = COUNTS

# Words a number may stand before without agreeing with it: "{shown} of {total}", "({count} to score)", "{count} or more".
NEUTRAL_AFTER_NUMBER = {
    "en": {"of", "or", "to", "and"},
    "fr": {"sur", "ou", "à", "des", "et", "de"},
    "de": {"von", "oder", "zu", "der", "und"},
    "it": {"su", "o", "da", "dei", "degli", "delle", "e", "di"},
}

# "option(s)", "Option(en)", "opzione/i", "esclusa/e", "écartée(s)": a form for every number at once.
BOTH_NUMBERS_AT_ONCE = re.compile(r"\w\((s|e|es|en|n|i|r|er)\)|\w/(i|e|a|s|n|en|es)\b")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def plural_keys() -> list[str]:
    return sorted(key for key, entry in catalog(DEFAULT_LANGUAGE).items() if isinstance(entry, dict))


def rendered(key: str, language: str, number: int) -> str:
    forms = catalog(language)[key]
    assert isinstance(forms, dict), f"{language}:{key} has no plural forms while English has"
    names = set().union(*(placeholders(text) for text in forms.values()))
    values: dict[str, object] = {name: f"‹{name}›" for name in names}
    values.update({name: number for name in names & SHOWN_NUMBER})
    values["count"] = number
    return t(key, language, **values)


def expected_category(language: str, number: int) -> str:
    return EXPECTED_CATEGORIES.get(language, {}).get(number) or plural_category(number, language)


def test_the_counted_messages_are_found():
    keys = plural_keys()
    assert {"scores.completeness.excluded_note", "report.scores.departure_summary", "report.actions.incomplete", "report.summary.excluded_by_gate"} <= set(keys)
    assert len(keys) >= 25, keys


def test_babel_gives_the_expected_categories():
    for language, categories in EXPECTED_CATEGORIES.items():
        assert {number: plural_category(number, language) for number in categories} == categories


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", plural_keys())
def test_every_counted_message_agrees_in_number(key, language):
    sentences = {number: rendered(key, language, number) for number in (0, 1, 2)}
    forms = catalog(language)[key]
    assert isinstance(forms, dict)
    for number, sentence in sentences.items():
        assert not BOTH_NUMBERS_AT_ONCE.search(sentence), f"{language}:{key} writes both numbers at once: {sentence!r}"
        assert str(number) in sentence, sentence
        category = expected_category(language, number)
        assert category in forms or category != "one", f"{language}:{key} has no '{category}' form, needed for {number}"

    # With the numbers taken out, a sentence reads the same for numbers of one category and differently across them.
    def shape(number: int) -> str:
        return re.sub(r"\d+", "N", sentences[number])

    for number in (0, 2):
        same = expected_category(language, number) == expected_category(language, 1)
        assert (shape(number) == shape(1)) == same, f"{language}:{key}: {number} reads {sentences[number]!r}, 1 reads {sentences[1]!r}"


def test_english_singular_names_one_thing():
    """The sentences seen in the app and the reports (issue #15): no plural noun or verb after "1"."""
    assert t("report.scores.departure_summary", "en", count=1, items="x").startswith("1 score departs ")
    assert t("report.actions.incomplete", "en", count=1) == "1 commitment lacks an owner or a due date."
    assert t("scores.completeness.excluded_note", "en", count=1).startswith("1 option excluded at the legal screening is ")
    summary = t(
        "report.summary.options_count",
        "en",
        compared=t("report.summary.options_compared", "en", count=3),
        alternatives=t("report.summary.alternatives_among", "en", count=1),
        excluded=t("report.summary.excluded_by_gate", "en", count=1),
    )
    assert summary == "3 options were compared, 1 of them a less intrusive alternative; 1 was excluded by a legal gate."


@pytest.mark.parametrize(
    "language, key, singular, plural",
    [
        ("fr", "report.summary.excluded_by_gate", "1 a été exclue", "2 ont été exclues"),
        ("fr", "scores.completeness.excluded_note", "0 option écartée", "2 options écartées"),
        ("de", "report.summary.excluded_by_gate", "1 wurde durch", "2 wurden durch"),
        ("it", "scores.completeness.excluded_note", "1 opzione esclusa durante la verifica giuridica non rientra", "2 opzioni escluse"),
    ],
)
def test_the_reported_sentences_agree(language, key, singular, plural):
    one = 0 if singular.startswith("0") else 1
    assert singular in t(key, language, count=one)
    assert plural in t(key, language, count=2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_use_the_languages_categories(language):
    allowed = set(Locale.parse(language).plural_form.tags) | {"other"}
    for key, entry in catalog(language).items():
        if isinstance(entry, dict):
            assert "other" in entry and set(entry) <= allowed, f"{language}:{key} has forms {sorted(entry)}; {language} uses {sorted(allowed)}"
            assert "one" in entry or "one" not in allowed, f"{language}:{key} lacks the 'one' form"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_plain_text_puts_a_count_before_a_word(language):
    """A number followed by a noun or a verb must come from a plural entry; a label ("Scores given: 3 of 9") needs none."""
    problems = []
    for key, entry in catalog(language).items():
        if not isinstance(entry, str):
            continue
        for name, word in re.findall(r"{(\w+)}\**\s+([^\W\d_]+)", entry):
            if name in COUNTS and word.lower() not in NEUTRAL_AFTER_NUMBER[language]:
                problems.append(f"{key}: {{{name}}} {word}")
    assert not problems, "\n".join(problems)


def test_a_missing_category_falls_back_to_other_and_a_count_is_required():
    forms = {"one": "{count} option", "other": "{count} options"}
    assert plural_category(1_000_000, "fr") == "many"
    assert choose_plural(forms, "fr", {"count": 1_000_000}, "demo") == "{count} options"
    assert choose_plural(forms, "fr", {"count": 0.5}, "demo") == "{count} option"
    assert choose_plural(forms, "en", {"count": 1.5}, "demo") == "{count} options"
    with pytest.raises(TypeError, match="count="):
        choose_plural(forms, "en", {"count": "3"}, "demo")
    with pytest.raises(TypeError, match="count="):
        t("report.actions.incomplete", "en")
    assert set(PLURAL_CATEGORIES) >= {"one", "other", "few", "many"}


@pytest.mark.parametrize(
    "before, name, expected",
    [
        ("La recommandation de ", "Éclairage public", "La recommandation d'"),
        ("plutôt que ", "Aménagement de l'espace", "plutôt qu'"),
        ("Le ", "Îlot", "L'"),
        ("la note de ", "Vidéoprotection", "la note de "),
        ("la note de ", "Haut-parleurs", "la note de "),  # whether an h is mute is the word's business
        ("le monde ", "Éclairage", "le monde "),  # only a whole word elides
        ("selon « ", "Éclairage", "selon « "),
    ],
)
def test_french_elides_before_a_vowel(before, name, expected):
    assert elide(before, name, "fr") == expected
    assert elide(before, name, "it") == before


def test_a_french_sentence_elides_the_name_it_receives():
    values = {"first": "Éclairage public", "second": "Vidéoprotection", "criterion": "Coût", "direction": "dépasse", "threshold": "40 %", "current": "20 %"}
    sentence = t("wording.robustness.holds_unless", "fr", **values)
    assert sentence.startswith("La recommandation d'Éclairage public plutôt que Vidéoprotection ")
    assert "de Éclairage" not in sentence
    assert t("wording.robustness.holds_unless", "fr", **{**values, "first": "Vidéoprotection", "second": "Îlot"}).startswith(
        "La recommandation de Vidéoprotection plutôt qu'Îlot "
    )
    assert t("wording.robustness.holds_unless", "en", **values).startswith("The recommendation of Éclairage public over")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_exclusion_reason_does_not_say_excluded_again(bundle, language):
    """The screening and the report put "Excluded" before the gate's reason; the reason gives only the why."""
    lead = re.compile(r"^(excluded|exclue|ausgeschlossen|esclusa|option exclue|opzione esclusa)\b", re.IGNORECASE)
    status = t("screening.status.excluded", language).lower()
    for gate in bundle.legal.gates:
        message = gate.exclusion_message.get(language)
        assert not lead.match(message) and not message.lower().startswith(status), f"{gate.id}.{language}: {message[:40]!r}"


def test_a_french_report_puts_a_no_break_space_before_the_colon_of_a_label(bundle):
    """The renderers add the colon after a label ("Décision demandée"); French writes it after a no-break space."""
    assessment = load_assessment(EXAMPLES_DIR / "christmas_market.yaml")
    result = word_result(evaluate(assessment, bundle), bundle, "fr")
    report = build_report(assessment, result, bundle, "fr", Provenance(document_hash="b" * 64))
    question = t("report.summary.question", "fr")
    assert f"**{question}\u00a0:** " in render_markdown(report)
    assert f"<strong>{question}\u00a0:</strong> " in render_html(report)
    document = docx.Document(io.BytesIO(render_docx(report, {})))
    assert any(paragraph.text.startswith(f"{question}\u00a0: ") for paragraph in document.paragraphs)
    english = build_report(assessment, word_result(evaluate(assessment, bundle), bundle, "en"), bundle, "en", Provenance(document_hash="b" * 64))
    assert f"**{t('report.summary.question', 'en')}:** " in render_markdown(english)


def test_a_label_that_asks_a_question_takes_no_colon(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    report = build_report(assessment, word_result(evaluate(assessment, bundle), bundle, "de"), bundle, "de", Provenance(document_hash="b" * 64))
    question = t("report.public.review", "de")
    assert question.endswith("?")
    markdown = render_markdown(report)
    assert f"**{question}** " in markdown and f"{question}:" not in markdown
    assert f"<strong>{question}</strong> " in render_html(report)


def test_the_english_only_texts_count_too():
    """The command line and the audit notes exist only in English; they say "1 file", never "file(s)"."""
    assert english_count(1, "file") == "1 file"
    assert english_count(0, "error") == "0 errors"
    assert english_count(2, "stored version or review record", "stored versions and review records") == "2 stored versions and review records"
