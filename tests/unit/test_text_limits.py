"""The limit an input shows is the one its save is checked against (issue #15 point 9): read
from the assessment model, for plain fields, items of lists, options picked by key and the
weight settings of every method."""

import re

import pytest
from pydantic import ValidationError

from secu4all_ethics import load_assessment
from secu4all_ethics.domain.assessment import Assessment
from secu4all_ethics.domain.text_limits import text_limit
from tests.conftest import EXAMPLES_DIR


def document_with(path: str, value: str) -> dict:
    """The park example's document with the text at path (dots; [n] for list items) replaced."""
    document = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml").model_dump(mode="json")
    *parents, last = re.sub(r"\[(\d+)\]", r".\1", path).split(".")
    node = document
    for segment in parents:
        node = node[int(segment)] if isinstance(node, list) else node[segment]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return document


@pytest.mark.parametrize(
    "path",
    [
        "title",
        "need.place_type",
        "need.problem_statement",
        "need.evidence[0].source",
        "need.affected_groups[0]",
        "options[0].necessity_note",
        "decision.question",
        "jurisdiction.regime_justification",
        "weights.set_by",
    ],
)
def test_the_limit_is_the_one_the_model_checks(path):
    limit = text_limit(Assessment, path)
    assert limit is not None
    Assessment.model_validate(document_with(path, "x" * limit))
    with pytest.raises(ValidationError):
        Assessment.model_validate(document_with(path, "x" * (limit + 1)))


def test_an_item_is_picked_by_any_segment_and_a_list_of_lines_gives_the_limit_of_a_line():
    assert text_limit(Assessment, "options.fixed_cctv.necessity_note") == text_limit(Assessment, "options[3].necessity_note") == 20_000
    assert text_limit(Assessment, "need.affected_groups") == 500


@pytest.mark.parametrize("path", ["", "need", "nothing", "need.nothing", "options", "title.more"])
def test_a_path_that_names_no_text_has_no_limit(path):
    assert text_limit(Assessment, path) is None
