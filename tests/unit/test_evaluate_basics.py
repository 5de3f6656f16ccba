"""The first evaluation: legal gates, then a weighted sum on the fixed 1-5 scales."""

import math

from secu4all_ethics import evaluate
from secu4all_ethics.domain.assessment import AssessedOption, AssessedScore, CustomOption, GateAnswer
from secu4all_ethics.domain.content import DataProcessed
from secu4all_ethics.wording import word_result
from tests.builders import make_assessment

OPTIONS = ["fixed_cctv", "improved_lighting", "live_facial_recognition", "guardians_stewards", "do_nothing"]


def by_key(result):
    return {option.key: option for option in result.options}


def test_weighted_sum_is_the_mean_of_configured_values_by_normalised_weight(bundle):
    result = evaluate(make_assessment(bundle, OPTIONS), bundle)
    weights = result.weights
    assert math.isclose(sum(weights.values()), 1.0)
    for option in result.options:
        if option.status != "ranked":
            continue
        expected = sum(weights[c] * option.criteria[c].configured for c in weights)
        assert math.isclose(option.score, expected)
        assert math.isclose(sum(option.contributions.values()), option.score)
        assert math.isclose(sum(option.pillar_subtotals.values()), option.score)
        assert 1 <= option.score <= 5


def test_live_facial_recognition_is_excluded_with_reasons_not_dropped(bundle):
    result = evaluate(make_assessment(bundle, OPTIONS), bundle)
    lfr = by_key(result)["live_facial_recognition"]
    assert lfr.status == "excluded" and lfr.rank is None and lfr.score is None
    assert "live_facial_recognition" not in result.ranking
    assert "live_facial_recognition" in result.excluded
    gates = {reason.gate for reason in lfr.exclusion_reasons}
    assert "prohibited_practice" in gates
    article5 = next(r for r in lfr.exclusion_reasons if r.gate == "prohibited_practice")
    assert "ai_act_art5" in article5.legal_basis
    worded = by_key(word_result(result, bundle, "en"))["live_facial_recognition"]
    message = next(r for r in worded.exclusion_reasons if r.gate == "prohibited_practice").message
    assert message == bundle.gates["prohibited_practice"].exclusion_message.get("en")


def test_exclusion_holds_even_with_all_weight_on_effectiveness(bundle):
    weights = {c: 0.0 for c in bundle.criterion_ids}
    weights["effectiveness_evidence"] = 1.0
    result = evaluate(make_assessment(bundle, OPTIONS, weights=weights), bundle)
    assert by_key(result)["live_facial_recognition"].status == "excluded"
    assert "live_facial_recognition" not in result.ranking


def test_ranking_is_ordered_by_score(bundle):
    result = evaluate(make_assessment(bundle, OPTIONS), bundle)
    scores = [by_key(result)[key].score for key in result.ranking]
    assert scores == sorted(scores, reverse=True)
    assert [by_key(result)[key].rank for key in result.ranking][0] == 1


def test_configuration_changes_the_configured_score_and_keeps_the_base(bundle):
    cctv = bundle.technologies_by_id["fixed_cctv"]
    configuration = next(c for c in cctv.configurations if c.score_changes)
    criterion_id, delta = next(iter(configuration.score_changes.items()))
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting"])
    assessment.options[0].configurations = [configuration.id]
    option = by_key(evaluate(assessment, bundle))["fixed_cctv"]
    value = option.criteria[criterion_id]
    assert value.base == cctv.scores[criterion_id].value
    assert value.configured == min(5, max(1, value.base + delta))
    assert value.configuration_changes == {configuration.id: delta}


def test_missing_scores_are_never_zero_the_option_is_not_placed(bundle):
    assessment = make_assessment(bundle, ["improved_lighting"])
    custom = AssessedOption(
        key="mobile_cctv_van",
        custom=CustomOption(
            name="Mobile CCTV van",
            intrusiveness=3,
            data_processed=DataProcessed(personal=True, biometric=False, audio=False, location=False),
        ),
        cost_model=bundle.technologies_by_id["fixed_cctv"].cost_model,
        gate_answers={g.id: GateAnswer(answer="passes", justification="checked") for g in bundle.legal.gates},
        scores={"effectiveness_evidence": AssessedScore(value=3, evidence_grade="expert_judgement", rationale="x")},
    )
    assessment.options.append(custom)
    result = evaluate(assessment, bundle)
    van = by_key(result)["mobile_cctv_van"]
    assert van.status == "incomplete" and van.rank is None and van.score is None
    assert "privacy_intrusion" in van.missing_criteria and "effectiveness_evidence" not in van.missing_criteria
    assert result.not_placed == ["mobile_cctv_van"] and not result.complete
    assert any(w.code == "option_not_placed" and w.option == "mobile_cctv_van" for w in result.warnings)


def test_unanswered_gate_keeps_an_option_out_of_the_ranking(bundle):
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting"])
    assessment.options[0].gate_answers.pop("lawful_basis")
    hint = {h.gate: h for h in bundle.technologies_by_id["fixed_cctv"].gate_hints}.get("lawful_basis")
    result = evaluate(assessment, bundle)
    cctv = by_key(result)["fixed_cctv"]
    if hint is None or hint.answer == "depends":
        assert cctv.status == "incomplete" and cctv.unanswered_gates == ["lawful_basis"]
    else:
        assert any(w.code == "gate_from_catalogue_hint" for w in result.warnings)


def test_cost_criterion_is_derived_from_the_cost_model(bundle):
    result = evaluate(make_assessment(bundle, ["fixed_cctv"]), bundle)
    cctv = result.options[0]
    model = bundle.technologies_by_id["fixed_cctv"].cost_model
    expected = model.capital_cost_eur / model.lifetime_years + model.yearly_operating_cost_eur + model.staff_fte * 60000
    assert math.isclose(cctv.cost.yearly_total_eur, expected, abs_tol=0.01)
    assert cctv.criteria["total_cost_of_ownership"].source == "cost_model"
    assert cctv.criteria["total_cost_of_ownership"].configured == cctv.cost.band_score


def test_obligations_follow_their_triggers(bundle):
    result = evaluate(make_assessment(bundle, ["fixed_cctv", "improved_lighting", "video_analytics"]), bundle)
    options = by_key(result)
    cctv_obligations = {o.obligation: o for o in options["fixed_cctv"].obligations}
    if len(bundle.technologies_by_id["fixed_cctv"].dpia_criteria) >= 2:
        assert cctv_obligations["dpia"].triggered_by == "dpia_screening"
    assert "signage_information" in cctv_obligations
    assert "dpia" not in {o.obligation for o in options["improved_lighting"].obligations}


def test_warns_when_no_less_intrusive_alternative_is_compared(bundle):
    result = evaluate(make_assessment(bundle, ["fixed_cctv", "anpr"]), bundle)
    assert not result.less_intrusive_alternative_compared
    assert any(w.code == "no_less_intrusive_alternative" for w in result.warnings)


def test_records_framework_and_content_hash(bundle):
    result = evaluate(make_assessment(bundle, ["fixed_cctv"]), bundle)
    assert result.framework.content_hash == bundle.content_hash
    assert result.assessment.content_matches


def every_gate_passing_for_live_facial_recognition(bundle, justification):
    """The assessment, its live facial recognition option answered "passes" everywhere, and the gates its catalogue says it fails."""
    assessment = make_assessment(bundle, OPTIONS)
    option = next(option for option in assessment.options if option.key == "live_facial_recognition")
    option.gate_answers = {gate.id: GateAnswer(answer="passes", justification=justification) for gate in bundle.legal.gates}
    failing = [h.gate for h in bundle.technologies_by_id["live_facial_recognition"].gate_hints if h.answer == "fails"]
    return assessment, option, failing


def test_setting_aside_a_catalogue_fails_is_flagged_and_a_prohibited_category_warned(bundle):
    assessment, _, failing_hints = every_gate_passing_for_live_facial_recognition(bundle, "The national police act authorises it.")
    result = word_result(evaluate(assessment, bundle), bundle, "en")
    lfr = by_key(result)["live_facial_recognition"]
    assert lfr.status == "ranked"  # the assessors' answer stands: the tool flags it, the DPO judges it
    assert [gate.gate for gate in lfr.gates if gate.overrides_hint] == failing_hints
    assert not any(gate.overrides_hint for option in result.options if option.key != lfr.key for gate in option.gates)
    overridden = [w for w in result.warnings if w.code == "gate_hint_overridden"]
    assert [w.option for w in overridden] == [lfr.key] * len(failing_hints)
    assert overridden[0].message == (
        f"{lfr.name}: the catalogue indicates that it fails “{bundle.gates[failing_hints[0]].name.get('en')}”; "
        "the assessors answered “passes” and gave their reasons. The data protection officer reviews this override."
    )
    [prohibited] = [w for w in result.warnings if w.code == "prohibited_category_ranked"]
    assert prohibited.option == lfr.key and "“Prohibited practice”" in prohibited.message


def test_setting_aside_a_catalogue_fails_without_reasons_leaves_the_gate_unanswered(bundle):
    assessment, lfr_option, failing_hints = every_gate_passing_for_live_facial_recognition(bundle, "  ")
    result = word_result(evaluate(assessment, bundle), bundle, "en")
    lfr = by_key(result)["live_facial_recognition"]
    assert lfr.status == "incomplete" and lfr.unanswered_gates == failing_hints
    assert {w.code for w in result.warnings if w.option == lfr.key} >= {"gate_override_unjustified", "option_not_placed"}
    assert not [w for w in result.warnings if w.code in ("gate_hint_overridden", "prohibited_category_ranked")]
    # Answering as the catalogue does needs no reasons of a different kind: "fails" excludes.
    lfr_option.gate_answers["prohibited_practice"] = GateAnswer(answer="fails")
    assert by_key(word_result(evaluate(assessment, bundle), bundle, "en"))["live_facial_recognition"].status == "excluded"
