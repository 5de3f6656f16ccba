"""Text an assessor writes: a custom option's cost texts may be in the user's
language alone, and a NUL character is refused in every text field, naming it."""

import json

import pytest

from secu4all_ethics import evaluate
from secu4all_ethics.content.loader import parse_assessment
from secu4all_ethics.errors import ContentError
from tests.unit.test_assessment_limits import custom_option, with_options


def parse(data):
    return parse_assessment(json.dumps(data, default=str), "upload.json")


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_a_custom_option_written_in_one_language_validates_and_shows_that_text_everywhere(bundle, language):
    option = custom_option(scope={language: "Le marché de Noël"}, rationale={language: "Notre estimation"})
    assessment = parse(with_options(option))
    cost = assessment.options[-1].cost_model
    assert all(cost.scope.get(code) == "Le marché de Noël" for code in ("en", "fr", "de", "it"))
    assert all(cost.rationale.get(code) == "Notre estimation" for code in ("en", "fr", "de", "it"))
    evaluate(assessment, bundle)  # usable as any other option


def test_a_plain_string_stands_for_every_language_and_given_languages_are_kept():
    option = custom_option(scope="One district", rationale={"en": "Our estimate", "de": "Unsere Schätzung"})
    cost = parse(with_options(option)).options[-1].cost_model
    assert cost.scope.get("it") == "One district"
    assert cost.rationale.get("de") == "Unsere Schätzung" and cost.rationale.get("fr") == "Our estimate"


@pytest.mark.parametrize("text", [{}, "", {"en": "  "}, {"xx": "text"}])
def test_a_cost_text_in_no_language_is_still_refused(text):
    with pytest.raises(ContentError) as caught:
        parse(with_options(custom_option(scope=text)))
    assert "cost_model.scope" in str(caught.value)


def _set(data, path, value):
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@pytest.mark.parametrize(
    "path",
    [
        ("title",),
        ("need", "problem_statement"),
        ("need", "affected_groups"),
        ("need", "necessity_answers"),
        ("options", -1, "custom", "name"),
        ("options", -1, "cost_model", "scope"),
        ("options", -1, "necessity_note"),
        ("decision", "conditions"),
    ],
    ids=lambda path: ".".join(str(p) for p in path),
)
def test_a_nul_character_is_refused_naming_the_field(path):
    data = with_options(custom_option())
    text = "before\x00after"
    value = {"list": [text], "dict": {"legitimate_aim": text}}.get({"affected_groups": "list", "necessity_answers": "dict"}.get(path[-1], ""), text)
    if path[-1] == "scope":
        value = {"en": text}
    _set(data, path, value)
    with pytest.raises(ContentError) as caught:
        parse(data)
    message = str(caught.value)
    assert "NUL" in message
    named = ".".join(str(p) for p in path if p != -1)
    assert named.split(".")[-1] in message


def test_content_text_with_a_nul_character_is_refused_too():
    from pydantic import ValidationError

    from secu4all_ethics.domain.content import ChangelogEntry

    changes = {code: "Initial release" for code in ("en", "fr", "de", "it")}
    ChangelogEntry(version="1.0.0", date="2026-01-01", changes=changes)
    with pytest.raises(ValidationError, match="NUL"):
        ChangelogEntry(version="1.0\x00", date="2026-01-01", changes=changes)
    with pytest.raises(ValidationError, match="NUL"):
        ChangelogEntry(version="1.0.0", date="2026-01-01", changes={**changes, "fr": "Première\x00 version"})
