"""The effectiveness estimate (issue #17 §1): ranges from the need's baseline and the catalogue's expected
effect, computed by hand; no estimate (never a zero) without evidence or without a baseline; the accepted
effect as the effectiveness score's range."""

import datetime as dt
import math

import pytest
from pydantic import ValidationError

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.domain.assessment import Baseline
from secu4all_ethics.domain.content import ExpectedEffect
from tests.builders import make_assessment
from tests.conftest import EXAMPLES_DIR


def _estimates(result):
    return {estimate.option: estimate for estimate in result.effectiveness}


@pytest.fixture(scope="module")
def car_park(bundle):
    return evaluate(load_assessment(EXAMPLES_DIR / "station_car_park.yaml"), bundle, with_acceptability=False)


def test_car_park_ranges_are_the_baseline_times_the_effect_range(car_park):
    estimates = _estimates(car_park)
    # Baseline: 118 break-ins a year (the example's need).
    # Fixed CCTV, expected effect 0.14-0.51: 118 x 0.14 = 16.52 and 118 x 0.51 = 60.18 prevented a year.
    # Its yearly cost with the example's configurations is 82,000 EUR: 82,000 / 60.18 = 1,362.58 and
    # 82,000 / 16.52 = 4,963.68 EUR per break-in prevented.
    cctv = estimates["fixed_cctv"]
    assert cctv.status == "estimated" and cctv.reason is None
    assert math.isclose(cctv.prevented_low, 16.52) and math.isclose(cctv.prevented_high, 60.18)
    assert cctv.yearly_cost_eur == 82_000
    assert cctv.cost_per_prevented == "bounded"
    assert math.isclose(cctv.cost_per_prevented_low_eur, 1362.5789, rel_tol=1e-6)
    assert math.isclose(cctv.cost_per_prevented_high_eur, 4963.6804, rel_tol=1e-6)
    # Improved lighting, 0.21-0.36: 24.78 and 42.48 prevented; 24,000 EUR a year: 564.97 to 968.52 EUR each.
    lighting = estimates["improved_lighting"]
    assert math.isclose(lighting.prevented_low, 24.78) and math.isclose(lighting.prevented_high, 42.48)
    assert math.isclose(lighting.cost_per_prevented_low_eur, 564.9718, rel_tol=1e-6)
    assert math.isclose(lighting.cost_per_prevented_high_eur, 968.5230, rel_tol=1e-6)
    assert lighting.design == "meta_analysis" and "what_works_lighting" in lighting.references


def test_an_option_without_evidence_has_no_estimate_never_zero(car_park):
    estimates = _estimates(car_park)
    for key in ("anpr", "cpted_place_management", "guardians_stewards", "do_nothing"):
        estimate = estimates[key]
        assert estimate.status == "no_estimate" and estimate.reason == "no_evidence"
        assert estimate.prevented_low is None and estimate.prevented_high is None
        assert estimate.cost_per_prevented is None and estimate.cost_per_prevented_low_eur is None
    # The catalogue says why, where it can.
    assert "Mesa" in estimates["anpr"].no_estimate_reason_text.get("en")


def test_without_a_baseline_there_is_no_estimate(bundle):
    result = evaluate(make_assessment(bundle, ["fixed_cctv", "improved_lighting", "do_nothing"]), bundle, with_acceptability=False)
    estimates = _estimates(result)
    assert estimates["fixed_cctv"].status == "no_estimate" and estimates["fixed_cctv"].reason == "no_baseline"
    assert estimates["fixed_cctv"].prevented_low is None
    # The evidence is still named, so the page can say what a baseline would give.
    assert estimates["fixed_cctv"].reduction_low == 0.14
    assert estimates["do_nothing"].reason == "no_evidence"


def test_a_low_end_that_prevents_nothing_leaves_the_cost_per_incident_unbounded(bundle):
    from secu4all_ethics.engine.effectiveness import _cost_per_prevented

    assert _cost_per_prevented(10_000, 0.0, 20.0) == {"cost_per_prevented": "unbounded", "cost_per_prevented_low_eur": 500.0}
    assert _cost_per_prevented(10_000, -3.0, 20.0)["cost_per_prevented"] == "unbounded"
    assert _cost_per_prevented(10_000, -3.0, 0.0) == {"cost_per_prevented": "prevents_none"}
    assert _cost_per_prevented(None, 1.0, 2.0) == {"cost_per_prevented": "no_cost"}


def test_a_zero_baseline_prevents_nothing_and_divides_by_nothing(bundle):
    assessment = make_assessment(bundle, ["improved_lighting", "do_nothing"])
    assessment.need.baseline = Baseline(incidents_per_year=0)
    estimate = _estimates(evaluate(assessment, bundle, with_acceptability=False))["improved_lighting"]
    assert estimate.status == "estimated" and estimate.prevented_high == 0
    assert estimate.cost_per_prevented == "prevents_none" and estimate.cost_per_prevented_low_eur is None


def test_the_accepted_effect_becomes_the_effectiveness_range(bundle):
    # Fixed CCTV's reference score is 3 (range 1-4). Its effect, 0.14-0.51, reads on the framework's
    # effect levels (0.10 -> 3, 0.30 -> 5) as 3 to 5.
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting", "do_nothing"])
    before = evaluate(assessment, bundle, with_acceptability=False).options[0].criteria["effectiveness_evidence"]
    assessment.options[0].effect_range_accepted = True
    after = evaluate(assessment, bundle, with_acceptability=False).options[0].criteria["effectiveness_evidence"]
    assert (before.low, before.high, before.range_from_expected_effect) == (1, 4, False)
    assert (after.configured, after.low, after.high, after.range_from_expected_effect) == (3, 3, 5, True)


def test_the_accepted_range_moves_the_rank_acceptability(bundle):
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting", "do_nothing"])
    before = evaluate(assessment, bundle).robustness.acceptability.rank_probabilities["fixed_cctv"]
    assessment.options[0].effect_range_accepted = True
    after = evaluate(assessment, bundle).robustness.acceptability.rank_probabilities["fixed_cctv"]
    assert before != after


def test_an_effect_range_must_run_from_low_to_high():
    text = {"en": "x", "fr": "x", "de": "x", "it": "x"}
    with pytest.raises(ValidationError, match="reduction_low 0.5 is above reduction_high 0.2"):
        ExpectedEffect(reduction_low=0.5, reduction_high=0.2, outcome=text, setting=text, design="rct", references=["x"], transferability=text)


def test_a_baseline_is_a_finite_count():
    with pytest.raises(ValidationError):
        Baseline(incidents_per_year=-1)
    with pytest.raises(ValidationError):
        Baseline(incidents_per_year=float("inf"))


def test_only_options_with_sourced_figures_carry_an_expected_effect(bundle):
    # The domain brief gives [V]/[S] reduction figures for CCTV (car parks, vehicle and property crime) and lighting only.
    with_effect = sorted(t.id for t in bundle.technologies if t.expected_effect is not None)
    assert with_effect == ["fixed_cctv", "improved_lighting"]
    for technology in bundle.technologies:
        effect = technology.expected_effect
        if effect is not None:
            assert all(bundle.references_by_id[r].verification.value in ("verified", "secondary") for r in effect.references)


# --- the evaluation plan and the report section ------------------------------------------------------------


def test_the_stop_threshold_comes_from_the_low_end_of_the_recommended_options_effect(bundle, car_park):
    from secu4all_ethics.engine.effectiveness import evaluation_plan

    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    plan = evaluation_plan(assessment, car_park)
    # The car park recommends improved lighting (low end -21 %): 118 x (1 - 0.21) = 93.22 break-ins a year.
    assert plan.option == "improved_lighting" and plan.reduction_low == 0.21
    assert math.isclose(plan.stop_above_incidents_per_year, 93.22)
    assert plan.review_date == assessment.proportionality.review_date
    assert [measure for _, measure in plan.success_measures][1] == "No more than 3 vehicles stolen from the car park in 2028."


def test_an_option_without_evidence_gets_no_stop_threshold(bundle):
    from secu4all_ethics.engine.effectiveness import evaluation_plan

    market = load_assessment(EXAMPLES_DIR / "christmas_market.yaml")
    plan = evaluation_plan(market, evaluate(market, bundle, with_acceptability=False))
    assert plan.option == "hvm_street_furniture" and plan.stop_above_incidents_per_year is None
    assert plan.baseline_incidents_per_year == 212


@pytest.mark.parametrize(
    "language, prevented, threshold, before_start",
    [
        ("en", "17–60", "more than 93 incidents a year", "The review date comes before the start of use"),
        ("fr", "17 à 60", "plus de 93 incidents par an", "La date de réexamen précède la mise en service"),
        ("de", "17–60", "mehr als 93 Vorfälle pro Jahr", "Das Überprüfungsdatum liegt vor dem Beginn des Einsatzes"),
        ("it", "17–60", "più di 93 episodi all'anno", "La data di riesame precede l'avvio"),
    ],
)
def test_the_report_section_holds_the_table_its_sources_and_the_evaluation_plan(bundle, car_park, language, prevented, threshold, before_start):
    from secu4all_ethics.report import Provenance, build_report
    from secu4all_ethics.wording import word_result

    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    # A review set before the start of use, as the examples had before their dates were made coherent.
    assessment.proportionality.review_date = dt.date(2026, 7, 31)
    report = build_report(assessment, word_result(car_park, bundle, language), bundle, language, Provenance(document_hash="b" * 64))
    section = report.section("effectiveness")
    table = next(block for block in section.blocks if block.kind == "table")
    assert len(table.rows) == len(assessment.options)
    assert table.rows[0][2] == prevented  # fixed CCTV: 118 x 0.14 to 118 x 0.51
    words = " ".join(block.text if hasattr(block, "text") else " ".join(getattr(block, "items", [])) for block in section.blocks)
    assert threshold in words and before_start in words
    assert bundle.references_by_id["chalfin2022_lighting_rct"].citation_in(language) in words


@pytest.mark.parametrize("example", ["christmas_market", "park_drug_dealing", "station_car_park"])
def test_each_examples_timeline_runs_from_its_preparation_through_its_start_to_its_review(bundle, example):
    from secu4all_ethics.engine.effectiveness import evaluation_plan
    from secu4all_ethics.i18n import t
    from secu4all_ethics.wording.effectiveness import evaluation_plan_lines
    from secu4all_ethics.wording.names import ResultNames

    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    result = evaluate(assessment, bundle, with_acceptability=False)
    lines = evaluation_plan_lines(evaluation_plan(assessment, result), ResultNames.of(result.options, bundle, "en"), "en")
    assert t("effectiveness.plan.review_before_start", "en") not in lines
    start, review = assessment.jurisdiction.planned_start, assessment.proportionality.review_date
    assert start < review
    assert [(item.description[:40], item.due) for item in assessment.action_plan if item.due is not None and item.due > review] == []
