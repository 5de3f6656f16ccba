"""Each step's status in the sidebar (issue #15 point 5), from the rules that gate submission
(engine.completeness): incomplete while something is left to do on the step, blocked while it
waits for an earlier step, complete otherwise."""

from secu4all_ethics import load_assessment
from secu4all_ethics.engine.completeness import STEPS, missing_for_submission, step_status
from tests.builders import completed, make_assessment
from tests.conftest import EXAMPLES_DIR


def statuses(assessment, bundle):
    return step_status(missing_for_submission(assessment, bundle))


def test_a_blank_assessment_has_nothing_to_screen_score_or_rank(bundle):
    blank = make_assessment(bundle, [])
    assert statuses(blank, bundle) == {
        "need": "incomplete",
        "options": "incomplete",
        "screening": "blocked",
        "dpia": "blocked",
        "weights": "complete",
        "scores": "blocked",
        "results": "blocked",
        "decision": "incomplete",
    }


def test_an_example_assessment_is_complete_on_every_step(bundle):
    example = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assert statuses(example, bundle) == dict.fromkeys(STEPS, "complete")


def test_an_unanswered_gate_leaves_screening_incomplete_and_results_and_decision_waiting(bundle):
    assessment = completed(make_assessment(bundle, ["fixed_cctv", "improved_lighting"]))
    del assessment.options[0].gate_answers["lawful_basis"]  # hinted "depends": not answered by the hint
    result = statuses(assessment, bundle)
    assert result["screening"] == "incomplete"
    assert result["results"] == "blocked" and result["decision"] == "blocked"
    assert result["need"] == result["options"] == result["scores"] == "complete"


def test_a_step_with_work_of_its_own_says_incomplete_even_while_an_earlier_step_is_unfinished(bundle):
    # The conclusion is still "undecided" and the need is empty: the Decision page has work of its own.
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting"])
    result = statuses(assessment, bundle)
    assert result["need"] == "incomplete" and result["decision"] == "incomplete"
    assert result["screening"] == "complete" and result["results"] == "complete"


def test_only_the_need_missing_blocks_the_decision_alone(bundle):
    assessment = completed(make_assessment(bundle, ["fixed_cctv", "improved_lighting"]))
    assessment.need.legitimate_aim = " "
    result = statuses(assessment, bundle)
    assert result == {**dict.fromkeys(STEPS, "complete"), "need": "incomplete", "decision": "blocked"}
