"""The rules of a score, written once (domain/scoring): which score is in force, and
what the Scores page may save. The page and the service's check apply the same
functions, so a score the page saves is a score the service accepts."""

import pytest

from secu4all_ethics.content.crossref import check_assessment
from secu4all_ethics.domain.assessment import AssessedScore
from secu4all_ethics.domain.content import ReferenceScore
from secu4all_ethics.domain.scoring import missing_rationale, plan_score, range_problem, score_in_force
from tests.builders import make_assessment

REFERENCE = ReferenceScore(value=3, low=2, high=4, evidence_grade="descriptive", rationale=dict.fromkeys(("en", "fr", "de", "it"), "r"), sources=["x"])


def assessed(value=3, **fields):
    return AssessedScore(value=value, evidence_grade=fields.pop("evidence_grade", "expert_judgement"), **fields)


def test_the_assessors_score_beats_the_reference():
    mine = assessed(5, rationale="seen on site")
    assert score_in_force(mine, REFERENCE) == (mine, "assessor")
    assert score_in_force(None, REFERENCE) == (REFERENCE, "reference")
    assert score_in_force(None, None) == (None, "missing")


def test_a_score_that_departs_from_the_reference_needs_its_reason():
    assert missing_rationale(5, "  ", REFERENCE).code == "rationale_required"
    assert missing_rationale(5, "  ", REFERENCE).values == {"value": 5, "reference": 3}
    assert missing_rationale(3, "", REFERENCE).code == "rationale_needed"
    assert missing_rationale(3, "", None).code == "rationale_needed"
    assert missing_rationale(5, "because", REFERENCE) is None


def test_a_range_contains_its_value():
    assert range_problem(3, 2, 4) is None
    assert range_problem(3, None, None) is None
    assert range_problem(3, 4, None).values == {"low": 4, "high": 3, "value": 3}
    assert range_problem(3, None, 2).code == "range"


def plan(value, low=None, high=None, grade="descriptive", rationale="", sources=(), reference=REFERENCE):
    return plan_score(reference, value, low, high, grade, rationale, list(sources))


def test_the_plan_of_a_score():
    assert plan(None).action == "remove"
    assert plan(3, 2, 4).action == "remove"  # only repeats the reference
    assert plan(3, None, None).action == "refuse"  # another range: needs a rationale
    assert [p.code for p in plan(3, None, None).problems] == ["rationale_needed"]
    assert [p.code for p in plan(5).problems] == ["rationale_required"]
    assert [p.code for p in plan(5, low=5, high=4).problems] == ["rationale_required", "range"]
    # an out-of-range score is told about its range first, its rationale once that is right
    assert [p.code for p in plan(3, low=4, grade="rct").problems] == ["range"]
    saved = plan(5, high=5, rationale="  seen  ", sources=[" a ", "", "b"])
    assert saved.action == "save"
    assert saved.score == AssessedScore(value=5, high=5, evidence_grade="descriptive", rationale="seen", sources=["a", "b"])
    assert plan(2, grade="rct", rationale="r", reference=None).action == "save"


@pytest.mark.parametrize(
    "value, rationale, message",
    [
        (None, "", "every score needs a rationale"),
        (1, "", "departs from the reference score"),
        (1, "why", None),
    ],
)
def test_the_service_check_and_the_page_apply_one_rule(bundle, value, rationale, message):
    assessment = make_assessment(bundle, ["cctv_control_room"])
    option = assessment.options[0]
    criterion = next(c for c, s in bundle.technologies_by_id["cctv_control_room"].scores.items() if s.value != 1)
    reference = bundle.technologies_by_id["cctv_control_room"].scores[criterion]
    value = reference.value if value is None else value
    option.scores[criterion] = AssessedScore(value=value, evidence_grade="rct", rationale=rationale)
    issues = [issue.message for issue in check_assessment(assessment, bundle, "a.yaml")]
    page = plan_score(reference, value, None, None, "rct", rationale, [])
    if message is None:
        assert issues == [] and page.action == "save"
    else:
        assert len(issues) == 1 and message in issues[0]
        assert page.action == "refuse" and page.problems[0].code == missing_rationale(value, rationale, reference).code
