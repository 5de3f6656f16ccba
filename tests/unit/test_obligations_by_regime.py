"""Obligations follow the regime and the calendar (issue #14).

The GDPR's DPIA, prior consultation and information duties apply under the GDPR; their Law
Enforcement Directive counterparts (Articles 27, 28 and 13) under the LED; both sets when both
regimes apply. An AI Act duty for Annex III systems applies from 2 December 2027 (Digital
Omnibus), and says so for a system that starts earlier. An option the gates exclude has no to-dos."""

import datetime as dt

import pytest

from secu4all_ethics import evaluate, load_assessment, word_result
from secu4all_ethics.domain.assessment import AssessedOption, GateAnswer
from secu4all_ethics.domain.content import AiActCategory
from secu4all_ethics.domain.jurisdiction import Controller, Purpose
from tests.conftest import EXAMPLES_DIR

GDPR_ONLY = {"dpia", "prior_consultation", "signage_information"}
LED_ONLY = {"led_dpia", "led_prior_consultation", "led_information"}


def obligations_of(result, key):
    return {o.obligation for o in next(option for option in result.options if option.key == key).obligations}


@pytest.mark.parametrize(
    "controller, purpose, present, absent",
    [
        (Controller.municipality, Purpose.administrative, {"dpia", "signage_information"}, LED_ONLY),
        (Controller.state_police, Purpose.criminal_law, {"led_dpia", "led_prior_consultation", "led_information"}, GDPR_ONLY),
        (Controller.municipal_police, Purpose.both, {"dpia", "signage_information", "led_dpia", "led_information"}, set()),
    ],
)
def test_the_obligations_of_a_camera_follow_the_regime(bundle, controller, purpose, present, absent):
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.jurisdiction.controller, assessment.jurisdiction.purpose = controller, purpose
    found = obligations_of(evaluate(assessment, bundle, with_acceptability=False), "fixed_cctv")
    assert present <= found and not (absent & found)


def test_a_jurisdiction_not_stated_keeps_the_gdpr_duties_it_always_had(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.jurisdiction.controller = assessment.jurisdiction.purpose = None
    found = obligations_of(evaluate(assessment, bundle, with_acceptability=False), "fixed_cctv")
    assert {"dpia", "signage_information"} <= found and not (LED_ONLY & found)


def high_risk_assessment(start: dt.date):
    """The station car park with a high-risk AI option that passes every gate (as its assessors answered)."""
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    passes = {
        gate: GateAnswer(answer="passes", justification="Answered for the test.")
        for gate in ("prohibited_practice", "lawful_basis", "absolute_right", "specified_purpose", "targeting_rules")
    }
    assessment.options.append(AssessedOption(key="analytics", catalogue_id="video_analytics", gate_answers=passes, ai_act_category=AiActCategory.high_risk))
    assessment.jurisdiction.planned_start = start
    return assessment


@pytest.mark.parametrize("language, said", [("en", "(applies only from 2 December 2027)"), ("de", "(gilt erst ab dem 2. Dezember 2027)")])
def test_an_annex_iii_duty_for_a_system_starting_in_2027_says_from_when_it_applies(bundle, language, said):
    result = word_result(evaluate(high_risk_assessment(dt.date(2027, 3, 1)), bundle, with_acceptability=False), bundle, language)
    option = next(o for o in result.options if o.key == "analytics")
    assert option.status != "excluded"
    fria = next(o for o in option.obligations if o.obligation == "fria")
    assert fria.applies_from == dt.date(2027, 12, 2) and not fria.applies_at_start
    assert fria.detail.endswith(said)
    dpia = next(o for o in option.obligations if o.obligation == "dpia")
    assert dpia.applies_at_start and "2027" not in dpia.detail
    later = word_result(evaluate(high_risk_assessment(dt.date(2028, 1, 10)), bundle, with_acceptability=False), bundle, language)
    fria_later = next(o for o in next(o for o in later.options if o.key == "analytics").obligations if o.obligation == "fria")
    assert fria_later.applies_at_start and said not in fria_later.detail


def test_an_option_the_gates_exclude_has_no_to_dos(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    result = evaluate(assessment, bundle, with_acceptability=False)
    excluded = [option for option in result.options if option.status == "excluded"]
    assert excluded and all(option.obligations == [] for option in excluded)
    assert any(option.obligations for option in result.options if option.status != "excluded")


# --- prior consultation follows the residual risk the assessors record ------------------------


def with_residual_risk(technology_id: str, level, controller=Controller.municipality, purpose=Purpose.administrative):
    assessment = high_risk_assessment(dt.date(2028, 1, 1))
    assessment.jurisdiction.controller, assessment.jurisdiction.purpose = controller, purpose
    option = next(o for o in assessment.options if o.catalogue_id == technology_id)
    option.residual_risk = level
    return assessment, option.key


@pytest.mark.parametrize(
    "technology_id, level, consulted, triggered_by",
    [
        ("fixed_cctv", "high", True, "residual_risk"),  # no catalogue hint: only the recorded finding calls for it
        ("fixed_cctv", "medium", False, None),
        ("fixed_cctv", None, False, None),
        ("video_analytics", None, True, "catalogue_hint"),  # not recorded yet: the catalogue's hint stands in
        ("video_analytics", "low", False, None),  # the DPIA's finding beats the hint
        ("video_analytics", "high", True, "residual_risk"),
    ],
)
def test_gdpr_prior_consultation_follows_the_recorded_residual_risk(bundle, technology_id, level, consulted, triggered_by):
    assessment, key = with_residual_risk(technology_id, level)
    option = next(o for o in evaluate(assessment, bundle, with_acceptability=False).options if o.key == key)
    found = {o.obligation: o for o in option.obligations}
    assert ("prior_consultation" in found) is consulted
    if consulted:
        assert found["prior_consultation"].triggered_by == triggered_by


def test_the_report_says_a_high_residual_risk_calls_for_prior_consultation(bundle):
    assessment, key = with_residual_risk("fixed_cctv", "high")
    for language, said in (("en", "found a high residual risk"), ("fr", "risque résiduel élevé"), ("de", "ein hohes Restrisiko")):
        worded = word_result(evaluate(assessment, bundle, with_acceptability=False), bundle, language)
        consultation = next(o for o in next(x for x in worded.options if x.key == key).obligations if o.obligation == "prior_consultation")
        assert said in consultation.detail


def test_led_prior_consultation_has_both_grounds_of_article_28(bundle):
    """Art. 28(1)(a): the impact assessment finds a high risk; (b): the type of processing involves one
    (two WP248 criteria). A fixed camera meeting fewer than two criteria needs it only on ground (a)."""
    assessment, key = with_residual_risk("fixed_cctv", None, Controller.state_police, Purpose.criminal_law)
    option = next(o for o in assessment.options if o.key == key)
    option.dpia_criteria = ["systematic_monitoring"]
    assert "led_prior_consultation" not in obligations_of(evaluate(assessment, bundle, with_acceptability=False), key)
    option.residual_risk = "high"
    found = next(o for o in evaluate(assessment, bundle, with_acceptability=False).options if o.key == key).obligations
    assert [o.triggered_by for o in found if o.obligation == "led_prior_consultation"] == ["residual_risk"]
    option.residual_risk, option.dpia_criteria = "low", ["systematic_monitoring", "vulnerable_subjects"]
    found = next(o for o in evaluate(assessment, bundle, with_acceptability=False).options if o.key == key).obligations
    assert [o.triggered_by for o in found if o.obligation == "led_prior_consultation"] == ["dpia_screening"]


# --- a prohibition carries its date ----------------------------------------------------------


@pytest.mark.parametrize(
    "start, applies, said",
    [
        (dt.date(2027, 3, 1), True, "In force since 2 February 2025."),
        (dt.date(2025, 1, 6), False, "Applies only from 2 February 2025, after the planned start of use"),
    ],
)
def test_the_prohibition_gate_says_since_when_it_applies(bundle, start, applies, said):
    from secu4all_ethics.wording.screening import gate_date_note

    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.jurisdiction.planned_start = start
    result = evaluate(assessment, bundle, with_acceptability=False)
    gate = next(g for g in result.options[0].gates if g.gate == "prohibited_practice")
    assert (gate.applies_from, gate.applies_at_start) == (dt.date(2025, 2, 2), applies)
    assert gate_date_note(gate, "en").startswith(said)
    assert all(g.applies_from is None and g.applies_at_start for g in result.options[0].gates if g.gate != "prohibited_practice")
    german = word_result(result, bundle, "de")
    assert "2. Februar 2025" in gate_date_note(next(g for g in german.options[0].gates if g.gate == "prohibited_practice"), "de")
