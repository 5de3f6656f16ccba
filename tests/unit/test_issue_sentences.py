"""Every kind of refusal a user can meet is said in each language, with its limits in the language's
number format and the field's label (i18n/issues.py)."""

import re

import pytest

from secu4all_ethics.errors import ContentIssue
from secu4all_ethics.i18n.issues import SAID, issue_sentence, located_sentence
from secu4all_ethics.i18n.languages import LANGUAGES

CONTEXT = {"max_length": 20000, "min_length": 1, "given_length": 20001, "gt": 0, "ge": 1, "lt": 100, "le": 5, "expected": "'a', 'b'", "pattern": "^x$"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(SAID))
def test_each_kind_is_a_sentence_naming_the_field(kind, language):
    issue = ContentIssue(file="Parc", path="options[2].necessity_note", message="English message", kind=kind, context=CONTEXT)
    sentence = issue_sentence(issue, language, {"options.necessity_note": "LABEL"})
    assert sentence.startswith("LABEL") and "(" in sentence and "3" in sentence  # the third option
    assert "English message" not in sentence and not re.search(r"\{[a-z_]+\}", sentence)


def test_limits_are_written_as_the_language_writes_numbers():
    issue = ContentIssue(file="f", path="need.problem_statement", message="m", kind="string_too_long", context={"max_length": 20000, "given_length": 20001})
    assert "20.000" in issue_sentence(issue, "de") and "20,000" in issue_sentence(issue, "en")


def test_an_unlabelled_field_keeps_its_path_and_a_file_is_named_for_an_import():
    issue = ContentIssue(file="upload.yaml", path="weights.values.privacy", message="m", kind="less_than_equal", context={"le": 1000000})
    assert located_sentence(issue, "fr").startswith("upload.yaml: weights.values.privacy : doit être au plus égal à 1")


def test_the_tools_own_checks_keep_their_sentence():
    issue = ContentIssue(file="f.yaml", path="options", message="option key 'x' is used twice")
    assert issue_sentence(issue, "fr") == str(issue)
