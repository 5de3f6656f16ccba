"""Function creep (issue #17 section 2): what each step up a capability ladder adds, and the ladders'
validation. The expected sets are read by hand from the YAML, as the comments show."""

import pytest
import yaml

from secu4all_ethics import ContentError, load_content
from secu4all_ethics.domain.assessment import AssessedOption
from secu4all_ethics.domain.jurisdiction import Controller, Jurisdiction, Purpose
from secu4all_ethics.engine.creep import creep_comparison, level_of, step_up
from tests.builders import make_assessment

CCTV = ["fixed_cctv", "cctv_control_room", "video_analytics", "retrospective_facial_recognition", "live_facial_recognition"]
NOT_STATED = Jurisdiction()  # the GDPR's rules, as the engine applies them to an assessment that does not say
POLICE = Jurisdiction(member_state="FR", controller=Controller.state_police, purpose=Purpose.criminal_law)  # the LED's

# Gate hints, in legal.yaml's gate order (prohibited_practice, lawful_basis, absolute_right, specified_purpose,
# targeting_rules), from criteria/technologies/<id>.yaml:
#   fixed_cctv                         not_applicable, depends, passes,  depends, not_applicable
#   cctv_control_room                  not_applicable, depends, passes,  depends, not_applicable
#   video_analytics                    passes,         depends, passes,  depends, depends
#   retrospective_facial_recognition   passes,         fails,   depends, depends, depends
#   live_facial_recognition            fails,          fails,   depends, depends, fails
CCTV_GATE_CHANGES = {
    1: [],
    2: [("prohibited_practice", "not_applicable", "passes", "settled"), ("targeting_rules", "not_applicable", "depends", "needs_answer")],
    3: [("lawful_basis", "depends", "fails", "starts_failing"), ("absolute_right", "passes", "depends", "needs_answer")],
    4: [("prohibited_practice", "passes", "fails", "starts_failing"), ("targeting_rules", "depends", "fails", "starts_failing")],
}

# Under the GDPR (legal.yaml): dpia when 2+ WP248 criteria, signage_information for personal data,
# national_authorisation and prior_consultation where the catalogue hints them, fria and
# eu_database_registration for a high-risk AI Act category.
#   fixed_cctv        2 criteria, personal, hints national_authorisation: dpia, signage, national_authorisation
#   cctv_control_room the same facts and hints: the same three
#   video_analytics   4 criteria, minimal AI, hints prior_consultation too: + prior_consultation
#   retrospective FR  4 criteria, high_risk: + fria, eu_database_registration
#   live FR           5 criteria, prohibited (not high_risk): nothing new; fria and registration no longer apply
CCTV_NEW_OBLIGATIONS_GDPR = {1: [], 2: ["prior_consultation"], 3: ["fria", "eu_database_registration"], 4: []}
CCTV_DROPPED_OBLIGATIONS_GDPR = {1: [], 2: [], 3: [], 4: ["fria", "eu_database_registration"]}
# Under the LED, led_prior_consultation already fires for fixed CCTV (any_of: its 2 WP248 criteria), so the
# analytics step adds no consultation; fria and the registration are the AI Act's, under either regime.
CCTV_NEW_OBLIGATIONS_LED = {1: [], 2: [], 3: ["fria", "eu_database_registration"], 4: []}
# ai_act.category of each: not_ai, not_ai, minimal, high_risk, prohibited
CCTV_AI_ACT = {1: ("not_ai", "not_ai"), 2: ("not_ai", "minimal"), 3: ("minimal", "high_risk"), 4: ("high_risk", "prohibited")}


@pytest.mark.parametrize("index", [1, 2, 3, 4])
def test_each_step_up_the_cctv_ladder_lists_the_gate_changes_its_content_implies(bundle, index):
    step = step_up("cctv", index, bundle, NOT_STATED)
    assert (step.lower.technology, step.higher.technology) == (CCTV[index - 1], CCTV[index])
    assert [(g.gate, g.before, g.after, g.kind) for g in step.gates] == CCTV_GATE_CHANGES[index]


@pytest.mark.parametrize("index", [1, 2, 3, 4])
def test_each_step_up_the_cctv_ladder_lists_the_obligations_it_newly_triggers(bundle, index):
    step = step_up("cctv", index, bundle, NOT_STATED)
    assert [o.obligation for o in step.new_obligations] == CCTV_NEW_OBLIGATIONS_GDPR[index]
    assert step.dropped_obligations == CCTV_DROPPED_OBLIGATIONS_GDPR[index]
    assert (step.ai_act_before, step.ai_act_after) == CCTV_AI_ACT[index]


@pytest.mark.parametrize("index", [1, 2, 3, 4])
def test_the_obligations_follow_the_regime_of_the_assessment(bundle, index):
    step = step_up("cctv", index, bundle, POLICE)
    assert [o.obligation for o in step.new_obligations] == CCTV_NEW_OBLIGATIONS_LED[index]


def test_a_step_up_names_the_data_newly_processed(bundle):
    # retrospective_facial_recognition: biometric: true, location: true; video_analytics: neither.
    # dpia_criteria: RFR's sensitive_data and matching_datasets are not among video_analytics' four.
    to_faces = step_up("cctv", 3, bundle, NOT_STATED).data
    assert to_faces.kinds == ["biometric", "location"] and to_faces.dpia_criteria == ["sensitive_data", "matching_datasets"]
    # crowd_counting_edge with non_optical_sensors (data_change personal: false) -> as catalogued (personal, aggregated)
    to_cameras = step_up("crowd_counting", 1, bundle, NOT_STATED).data
    assert to_cameras.kinds == ["personal"] and (to_cameras.capture_before, to_cameras.capture_after) == ("none", "aggregated")


def test_a_step_up_lists_each_changed_score_and_by_how_much(bundle):
    # fixed_cctv -> cctv_control_room reference scores: effectiveness_evidence 3 -> 4, function_creep 3 -> 2,
    # implementation_feasibility 4 -> 2; the yearly cost falls from band 3 to band 2 (24/7 staff).
    step = step_up("cctv", 1, bundle, NOT_STATED)
    assert {c.criterion: c.delta for c in step.scores} == {
        "effectiveness_evidence": 1,
        "function_creep": -1,
        "total_cost_of_ownership": -1,
        "implementation_feasibility": -2,
    }
    # a configuration step: anpr_retention_1y's score_changes (privacy_intrusion, function_creep, legal_certainty -1)
    retention = step_up("number_plates", 2, bundle, NOT_STATED)
    assert {c.criterion: c.delta for c in retention.scores} == {"privacy_intrusion": -1, "function_creep": -1, "legal_certainty": -1}


def test_which_steps_call_for_a_new_assessment(bundle):
    # Every CCTV step worsens a risk criterion (function_creep for the control room) or changes the law's demands.
    assert all(step_up("cctv", index, bundle, NOT_STATED).requires_new_assessment for index in range(1, 5))
    # ... while its lower implementation feasibility and dearer running (the cost pillar) are no reason
    assert step_up("cctv", 1, bundle, NOT_STATED).worse_on_risks == ["function_creep"]
    # Keeping every plate read a year changes no legal fact but worsens privacy: a new assessment too.
    retention = step_up("number_plates", 2, bundle, NOT_STATED)
    assert not retention.gates and not retention.new_obligations and retention.data.empty
    assert retention.requires_new_assessment and retention.worse_on_risks == ["privacy_intrusion", "function_creep", "legal_certainty"]


def test_demographic_estimation_is_a_step_into_the_high_risk_category(bundle):
    step = step_up("crowd_counting", 2, bundle, NOT_STATED)
    assert (step.ai_act_before, step.ai_act_after) == ("minimal", "high_risk")
    assert [o.obligation for o in step.new_obligations] == ["fria", "eu_database_registration"]
    assert [(g.gate, g.kind) for g in step.gates] == [("prohibited_practice", "needs_answer"), ("lawful_basis", "needs_answer")]


def test_an_option_sits_at_its_most_specific_level(bundle):
    ladders = {ladder.id: ladder.steps for ladder in bundle.ladders}
    assert level_of(AssessedOption(key="a", catalogue_id="anpr"), ladders["number_plates"]) == 1
    assert level_of(AssessedOption(key="a", catalogue_id="anpr", configurations=["anpr_retention_1y"]), ladders["number_plates"]) == 2
    assert level_of(AssessedOption(key="c", catalogue_id="crowd_counting_edge", configurations=["non_optical_sensors"]), ladders["crowd_counting"]) == 0
    assert level_of(AssessedOption(key="c", catalogue_id="crowd_counting_edge"), ladders["crowd_counting"]) == 1
    assert level_of(AssessedOption(key="l", catalogue_id="improved_lighting"), ladders["cctv"]) is None


def _messages(content_dir):
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    return [str(issue) for issue in caught.value.issues]


def _edit_ladder(content_copy, change):
    path = content_copy / "ladders" / "cctv.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["steps"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_ladder_step_must_name_an_option_and_a_configuration_of_it(content_copy):
    def break_steps(steps):
        steps[1]["technology"] = "cctv_with_a_typo"
        steps[2]["configuration"] = "retention_72h"  # fixed_cctv's, not video_analytics'

    _edit_ladder(content_copy, break_steps)
    messages = _messages(content_copy)
    assert "ladders/cctv.yaml: steps[1].technology: unknown option 'cctv_with_a_typo'" in messages
    assert "ladders/cctv.yaml: steps[2].configuration: unknown configuration 'retention_72h' of 'video_analytics'" in messages


def test_a_ladder_cannot_lead_back_down(content_copy):
    _edit_ladder(content_copy, lambda steps: steps.append({"technology": "fixed_cctv", "upgrade": {lang: "back" for lang in ("en", "fr", "de", "it")}}))
    messages = _messages(content_copy)
    assert "ladders/cctv.yaml: steps[5]: 'fixed_cctv' is already step 0: a ladder cannot lead back down" in messages
    assert any("lead in a circle" in message and "fixed_cctv -> " in message for message in messages), messages


def test_ladders_that_together_lead_in_a_circle_are_refused(content_copy):
    # number_plates goes fixed_cctv -> anpr; a CCTV ladder going anpr -> fixed_cctv closes the circle.
    _edit_ladder(content_copy, lambda steps: steps.insert(0, {"technology": "anpr"}))
    messages = _messages(content_copy)
    assert any("lead in a circle" in message and "ladders/number_plates.yaml" in message for message in messages)


def test_a_step_up_says_what_the_upgrade_takes(content_copy):
    _edit_ladder(content_copy, lambda steps: steps[2].pop("upgrade"))
    assert "ladders/cctv.yaml: steps[2].upgrade: say what the step up to this level takes" in _messages(content_copy)


def test_assessments_on_a_ladder_get_a_comparison_for_each_level_above(bundle):
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting", "live_facial_recognition"])
    found = {(c.option, c.ladder): [s.higher.technology for s in c.steps] for c in creep_comparison(assessment, bundle)}
    # live facial recognition tops the CCTV ladder: it is on it, with nothing above
    assert found == {("fixed_cctv", "cctv"): CCTV[1:], ("fixed_cctv", "number_plates"): ["anpr", "anpr"], ("live_facial_recognition", "cctv"): []}
