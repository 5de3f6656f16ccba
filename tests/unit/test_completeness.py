"""The completeness rule (engine.completeness): what an assessment must hold before it is submitted to
the data protection officer, as codes with the ids they concern and the page where they are completed."""

import datetime as dt

import pytest

from secu4all_ethics import load_assessment
from secu4all_ethics.domain.assessment import AssessedOption, AssessedScore, CustomOption, GateAnswer
from secu4all_ethics.domain.content import DataProcessed
from secu4all_ethics.engine.completeness import hint_overrides, missing_for_submission
from secu4all_ethics.wording import checklist
from tests.builders import completed, confirmed_gate_answers, make_assessment, with_dpia
from tests.conftest import EXAMPLES_DIR


def codes(assessment, bundle):
    return [(item.code, item.page, item.option, item.gate, item.criterion) for item in missing_for_submission(assessment, bundle)]


def test_the_probe_of_the_finding_is_incomplete_on_four_counts_and_its_dpia(bundle):
    # One technology, no need, no alternative, the conclusion "undecided", no proportionality statement;
    # the camera needs a DPIA (two WP248 criteria in the catalogue), whose parts are missing too.
    probe = make_assessment(bundle, ["fixed_cctv"])
    assert codes(probe, bundle) == [
        ("need_problem", "need", None, None, None),
        ("need_legitimate_aim", "need", None, None, None),
        ("no_alternative", "options", None, None, None),
        ("dpia_views", "dpia", None, None, None),
        *[("feared_event_unrated", "dpia", "fixed_cctv", None, None)] * 3,
        ("conclusion_undecided", "decision", None, None, None),
    ]


@pytest.mark.parametrize("name", sorted(path.name for path in EXAMPLES_DIR.glob("*.yaml")))
def test_the_example_assessments_are_complete(bundle, name):
    assert missing_for_submission(load_assessment(EXAMPLES_DIR / name), bundle) == []


def test_a_less_intrusive_alternative_or_a_recorded_reason_is_needed(bundle):
    assessment = completed(make_assessment(bundle, ["fixed_cctv"]))
    assert [item.code for item in missing_for_submission(assessment, bundle)] == ["no_alternative"]
    assessment.alternatives_justification = "   "
    assert [item.code for item in missing_for_submission(assessment, bundle)] == ["no_alternative"]
    assessment.alternatives_justification = "Lighting and staffing were tried in 2023 and 2024; see the annex."
    assert missing_for_submission(assessment, bundle) == []
    with_lighting = completed(make_assessment(bundle, ["fixed_cctv", "improved_lighting"]))
    assert missing_for_submission(with_lighting, bundle) == []
    nothing = make_assessment(bundle, [])
    assert [item.code for item in missing_for_submission(nothing, bundle)] == [
        "need_problem",
        "need_legitimate_aim",
        "no_options",
        "conclusion_undecided",
    ]


def test_every_gate_is_answered_and_no_catalogue_answer_is_left_unconfirmed(bundle):
    assessment = completed(make_assessment(bundle, ["fixed_cctv", "improved_lighting"]))
    cctv = assessment.options[0]
    # A catalogue hint stands in for the ranking but is not the assessors' answer until confirmed;
    # a "depends" hint gives no answer at all.
    del cctv.gate_answers["prohibited_practice"]  # hinted "not_applicable"
    del cctv.gate_answers["lawful_basis"]  # hinted "depends"
    del cctv.gate_answers["specified_purpose"]  # hinted "depends"
    assert codes(assessment, bundle) == [
        ("gate_unanswered", "screening", "fixed_cctv", "lawful_basis", None),
        ("gate_unanswered", "screening", "fixed_cctv", "specified_purpose", None),
        ("gate_unconfirmed", "screening", "fixed_cctv", "prohibited_practice", None),
    ]
    assert checklist(missing_for_submission(assessment, bundle), assessment, bundle, "de")[-1] == (
        "screening",
        f"{bundle.technologies_by_id['fixed_cctv'].name.de}: Die Antwort des Katalogs auf {bundle.gates['prohibited_practice'].name.de} ist noch nicht bestätigt",
    )
    # confirmed: the same answer, now the assessors'
    cctv.gate_answers["prohibited_practice"] = GateAnswer(answer="not_applicable", justification="No AI system.")
    assert [code[0] for code in codes(assessment, bundle)] == ["gate_unanswered", "gate_unanswered"]


def custom_option(bundle, key, gate_answer):
    """An option of the assessors' own: no reference scores, so only the cost criterion (from its cost model) is scored."""
    custom = CustomOption(name=f"Own option {key}", intrusiveness=2, data_processed=DataProcessed(personal=False, biometric=False, audio=False, location=False))
    answers = {gate.id: GateAnswer(answer=gate_answer, justification="checked") for gate in bundle.legal.gates}
    return AssessedOption(key=key, custom=custom, cost_model=bundle.technologies_by_id["fixed_cctv"].cost_model, gate_answers=answers)


def test_every_criterion_is_scored_for_the_options_kept_only(bundle):
    assessment = completed(make_assessment(bundle, ["improved_lighting"]))
    assessment.options.append(custom_option(bundle, "kept", "passes"))
    # An option a gate excludes needs no scores: no score could buy it back.
    assessment.options.append(custom_option(bundle, "excluded", "fails"))
    unscored = [c.id for c in bundle.framework.criteria if c.score_source != "yearly_cost_bands"]
    assert codes(assessment, bundle) == [("score_missing", "scores", "kept", None, criterion) for criterion in unscored]
    assessment.options[1].scores = {criterion: AssessedScore(value=3, evidence_grade="expert_judgement", rationale="workshop") for criterion in unscored}
    assert missing_for_submission(assessment, bundle) == []


def test_a_chosen_measure_needs_the_proportionality_statement_and_its_review_date(bundle):
    assessment = completed(make_assessment(bundle, ["fixed_cctv", "improved_lighting"]))
    assessment.proportionality.statement = ""
    assessment.proportionality.review_date = None
    assert [item.code for item in missing_for_submission(assessment, bundle)] == [
        "proportionality_statement",
        "proportionality_review_date",
    ]
    assessment.decision.conclusion, assessment.decision.recommended_option = "alternative_suffices", "improved_lighting"
    assert len(missing_for_submission(assessment, bundle)) == 2
    # Concluding that no option is justified chooses no measure: there is nothing to be proportionate.
    assessment.decision.conclusion, assessment.decision.recommended_option = "no_option_justified", None
    assert missing_for_submission(assessment, bundle) == []
    assessment.decision.conclusion = "undecided"
    assert [item.code for item in missing_for_submission(assessment, bundle)] == ["conclusion_undecided"]
    assessment.decision.conclusion, assessment.decision.recommended_option = "recommend_option", "fixed_cctv"
    assessment.proportionality.statement = "Limited to two levels, reviewed after a year."
    assessment.proportionality.review_date = dt.date(2027, 1, 1)
    assert missing_for_submission(assessment, bundle) == []


def test_overriding_a_catalogue_fails_needs_a_justification(bundle):
    assessment = completed(make_assessment(bundle, ["live_facial_recognition", "improved_lighting"]), "improved_lighting")
    lfr = assessment.options[0]
    lfr.gate_answers = confirmed_gate_answers(
        bundle,
        "live_facial_recognition",
        {
            "prohibited_practice": GateAnswer(answer="passes", justification=""),
            "lawful_basis": GateAnswer(answer="not_applicable", justification="   "),
        },
    )
    assert codes(assessment, bundle) == [
        ("override_unjustified", "screening", "live_facial_recognition", "prohibited_practice", None),
        ("override_unjustified", "screening", "live_facial_recognition", "lawful_basis", None),
    ]
    assert hint_overrides(assessment, bundle) == [
        ("live_facial_recognition", "prohibited_practice"),
        ("live_facial_recognition", "lawful_basis"),
    ]
    lfr.gate_answers["prohibited_practice"] = GateAnswer(answer="passes", justification="Only a retrospective search under a court order.")
    lfr.gate_answers["lawful_basis"] = GateAnswer(answer="fails", justification="No national law authorises it.")
    assert missing_for_submission(assessment, bundle) == []
    assert hint_overrides(assessment, bundle) == [("live_facial_recognition", "prohibited_practice")]


def test_the_checklist_names_options_gates_and_criteria_in_the_language_asked(bundle):
    assessment = with_dpia(make_assessment(bundle, ["fixed_cctv"]))
    for gate in ("lawful_basis", "specified_purpose"):
        del assessment.options[0].gate_answers[gate]
    lines = checklist(missing_for_submission(assessment, bundle), assessment, bundle, "fr")
    gates = ", ".join(bundle.gates[g].name.get("fr") for g in ("lawful_basis", "specified_purpose"))
    cctv = bundle.technologies_by_id["fixed_cctv"].name.get("fr")
    assert lines == [
        ("need", "le problème à résoudre n'est pas décrit"),
        ("need", "le but légitime n'est pas indiqué"),
        ("options", "aucune alternative moins intrusive n'est comparée et aucune justification n'est consignée"),
        ("screening", f"{cctv} : pas de réponse à {gates}"),
        ("decision", "aucune conclusion n'est choisie"),
    ]
