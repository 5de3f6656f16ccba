"""The whole result: weighting details, method cross-check, robustness and
the explanation tables, for the shipped examples and for each weighting method."""

import json
import math
import re
from decimal import Decimal

import jsonschema
import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.content.schema import json_schemas
from secu4all_ethics.domain.assessment import (
    AhpWeights,
    HierarchicalWeights,
    PairwiseJudgement,
    PointsWeights,
    RankingWeights,
    RobustnessSettings,
    SwingWeights,
)
from secu4all_ethics.engine.results import PRECISION, clean_number, rounded_shares
from secu4all_ethics.wording import word_result
from tests.builders import make_assessment
from tests.conftest import EXAMPLES_DIR

EXAMPLES = sorted(p.name for p in EXAMPLES_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def results(bundle):
    """The results as published: worded in the assessment's language."""
    assessments = {name: load_assessment(EXAMPLES_DIR / name) for name in EXAMPLES}
    return {name: word_result(evaluate(a, bundle), bundle, a.language) for name, a in assessments.items()}


@pytest.mark.parametrize("name", EXAMPLES)
def test_result_conforms_to_its_json_schema(results, name):
    jsonschema.validate(json.loads(results[name].model_dump_json()), json_schemas()["result"])


@pytest.mark.parametrize("name", EXAMPLES)
def test_explanation_tables_let_every_score_be_recomputed(results, name):
    result = results[name]
    tables = {table.id: table for table in result.explanation}
    for required in ("weights", "weighted_sum.values", "weighted_sum.contributions", "topsis.closeness", "promethee_usual.flows"):
        assert required in tables and tables[required].caption
    values = tables["weighted_sum.values"]
    contributions = tables["weighted_sum.contributions"]
    weights = dict(zip(tables["weights"].column_labels, tables["weights"].values[0]))
    options = {o.key: o for o in result.options}
    for row, key in enumerate(values.row_labels):
        recomputed = sum(weights[c] * v for c, v in zip(values.column_labels, values.values[row]))
        assert math.isclose(recomputed, options[key].score)
        assert math.isclose(contributions.values[row][-1], options[key].score)
    assert set(values.row_labels) == set(result.ranking)


@pytest.mark.parametrize("name", EXAMPLES)
def test_cross_check_and_robustness_are_reported(results, name):
    result = results[name]
    methods = {m.method for m in result.cross_check.methods}
    assert methods == {"weighted_sum", "topsis", "promethee_ii_usual", "promethee_ii_linear"}
    weighted = next(m for m in result.cross_check.methods if m.method == "weighted_sum")
    assert weighted.agreement_with_weighted_sum == 1.0
    assert result.cross_check.statement
    robustness = result.robustness
    assert robustness.top_option == result.ranking[0]
    assert robustness.statement and robustness.acceptability.statement
    probabilities = robustness.acceptability.rank_probabilities
    assert set(probabilities) == set(result.ranking)
    for rank in range(len(result.ranking)):
        assert math.isclose(sum(p[rank] for p in probabilities.values()), 1.0)
    assert robustness.acceptability.first_choice_confidence == probabilities[result.ranking[0]][0]
    assert len(robustness.stability) == len(result.weights)


def test_status_quo_outranking_a_technology_is_said(results):
    result = results["station_car_park.yaml"]
    scores = {o.key: o.score for o in result.options}
    flagged = {w.option for w in result.warnings if w.code == "below_status_quo"}
    assert flagged == {k for k in ("fixed_cctv", "anpr", "emergency_call_points") if scores[k] <= scores["do_nothing"]} - {"emergency_call_points"}


def test_statements_follow_the_language(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    result = evaluate(assessment, bundle)
    english, german = word_result(result, bundle, "en"), word_result(result, bundle, "de")
    assert english.robustness.statement != german.robustness.statement
    assert english.ranking == german.ranking
    assert "Improved" in english.robustness.acceptability.statement
    assert "beleuchtung" in german.robustness.acceptability.statement.lower()
    assert "came first" not in german.robustness.acceptability.statement


def _ahp_judgements(bundle, inconsistent=False):
    pillars = [p.id for p in bundle.framework.pillars]
    judgements = []
    for i, a in enumerate(pillars):
        for b in pillars[i + 1 :]:
            judgements.append(PairwiseJudgement(a=a, b=b, value=2))
    if inconsistent:
        judgements[0] = PairwiseJudgement(a=judgements[0].a, b=judgements[0].b, value=1 / 9)
        judgements[-1] = PairwiseJudgement(a=judgements[-1].a, b=judgements[-1].b, value=9)
    return judgements


@pytest.mark.parametrize(
    "settings_factory, method",
    [
        (lambda b: PointsWeights(method="points", points={c: 100 / len(b.criterion_ids) for c in b.criterion_ids}), "points"),
        (lambda b: RankingWeights(method="roc", ranking=[[c] for c in b.criterion_ids]), "roc"),
        (lambda b: SwingWeights(method="swing", swings={c: 100 - 5 * i for i, c in enumerate(b.criterion_ids)}), "swing"),
        (lambda b: HierarchicalWeights(method="hierarchical", pillars={p.id: 1 for p in b.framework.pillars}), "hierarchical"),
        (lambda b: AhpWeights(method="ahp", scope="pillars", judgements=_ahp_judgements(b)), "ahp"),
    ],
)
def test_each_weighting_method_drives_the_evaluation(bundle, settings_factory, method):
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting", "guardians_stewards"], robustness=RobustnessSettings(samples=500))
    assessment.weights = settings_factory(bundle)
    result = evaluate(assessment, bundle)
    assert result.weighting.method == method
    assert math.isclose(sum(result.weights.values()), 1.0)
    assert len(result.ranking) == 3
    if method == "ahp":
        ahp = result.weighting.ahp
        assert ahp.scope == "pillars" and ahp.acceptable and "Saaty" in ahp.random_index_table
        assert any(t.id == "ahp.matrix" for t in result.explanation)


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_inconsistent_ahp_asks_for_revision_and_names_pairs(bundle, language):
    assessment = make_assessment(bundle, ["fixed_cctv", "improved_lighting"], robustness=RobustnessSettings(samples=500))
    assessment.weights = AhpWeights(method="ahp", scope="pillars", judgements=_ahp_judgements(bundle, inconsistent=True))
    result = word_result(evaluate(assessment, bundle), bundle, language)
    assert not result.weighting.ahp.acceptable and result.weighting.ahp.consistency_ratio > 0.10
    warning = next(w for w in result.warnings if w.code == "ahp_inconsistent")
    pillars = {pillar.id: pillar.name.get(language) for pillar in bundle.framework.pillars}
    for pair in result.weighting.ahp.most_inconsistent_pairs:
        assert pillars[pair.a] in warning.message and pillars[pair.b] in warning.message
        assert f"{pair.a}/{pair.b}" not in warning.message  # names the user reads, not internal ids


def test_a_single_ranked_option_has_no_cross_check_or_robustness(bundle):
    result = evaluate(make_assessment(bundle, ["improved_lighting", "live_facial_recognition"]), bundle)
    assert result.ranking == ["improved_lighting"]
    assert result.cross_check is None and result.robustness is None


def test_same_inputs_same_result(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "christmas_market.yaml")
    assert evaluate(assessment, bundle) == evaluate(assessment, bundle)


def test_tied_options_are_named_in_one_order_and_share_first_place(bundle):
    # The same alternative listed twice, the copy under a key that sorts first: the ranking,
    # the robustness top option and the simulation must not favour either by key or by position.
    assessment = make_assessment(bundle, ["improved_lighting", "fixed_cctv"], robustness=RobustnessSettings(samples=2000))
    lighting = assessment.options[0]
    assessment.options.insert(1, lighting.model_copy(update={"key": "another_lighting"}))
    result = evaluate(assessment, bundle)
    scores = {o.key: o.score for o in result.options}
    assert scores["improved_lighting"] == scores["another_lighting"]
    tied = [k for k in result.ranking if scores[k] == scores["improved_lighting"]]
    assert tied == ["improved_lighting", "another_lighting"]  # the order of the assessment
    if result.ranking[0] == "improved_lighting":
        assert result.robustness.top_option == "improved_lighting"
        assert result.robustness.tied_for_first == tied
    shares = result.robustness.acceptability.rank_probabilities
    assert shares["improved_lighting"] == pytest.approx(shares["another_lighting"], abs=0.05)
    assert 0 < shares["improved_lighting"][0] < 0.6


def _numbers(value):
    """Every JSON number in a document parsed with parse_float=Decimal (integers are ints)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, Decimal):
        yield value


@pytest.mark.parametrize("name", EXAMPLES)
def test_result_json_numbers_are_rounded_to_the_documented_precision(results, name):
    text = results[name].model_dump_json()
    document = json.loads(text, parse_float=Decimal)
    numbers = list(_numbers(document))
    assert numbers
    assert all(-number.as_tuple().exponent <= PRECISION for number in numbers), [n for n in numbers if -n.as_tuple().exponent > PRECISION][:5]
    assert not re.search(r"(?<![\w.])-0(\.0+)?(?![\d.])", text)  # no -0.0 anywhere
    assert sum(document["weights"].values()) == 1
    assert sum(document["pillar_weights"].values()) == 1
    if document["weighting"]["ahp"] is not None:
        assert sum(document["weighting"]["ahp"]["priorities"].values()) == 1


def test_negative_zero_and_float_noise_are_cleaned_at_the_json_edge():
    assert clean_number(-1e-12) == 0.0 and math.copysign(1.0, clean_number(-1e-12)) == 1.0
    assert clean_number(4.1899999999999995) == 4.19
    shares = rounded_shares({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    assert sum(Decimal(repr(v)) for v in shares.values()) == 1
