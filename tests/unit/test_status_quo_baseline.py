"""The status quo is the necessity baseline (issue #14).

A measure must do better than keeping the current situation to be worth its intrusion and its cost.
The result says which ranked options do not beat it; the ranking and the charts show it as the
reference line; when it ranks first, the conclusion says plainly that no new measure is justified
on these weights."""

import pytest

from secu4all_ethics import evaluate, load_assessment, word_result
from secu4all_ethics.charts import results as charts
from secu4all_ethics.domain.assessment import DirectWeights
from secu4all_ethics.report import Provenance, build_report
from secu4all_ethics.wording.names import ResultNames
from secu4all_ethics.wording.statements import status_quo_statement
from tests.conftest import EXAMPLES_DIR


def test_each_ranked_option_is_marked_against_the_status_quo(bundle):
    result = word_result(evaluate(load_assessment(EXAMPLES_DIR / "station_car_park.yaml"), bundle, with_acceptability=False), bundle, "en")
    assert result.status_quo == "do_nothing"
    baseline = next(o for o in result.options if o.key == "do_nothing").score
    for option in result.options:
        if option.status == "ranked" and option.key != "do_nothing":
            assert option.beats_status_quo is (option.score > baseline)
        else:
            assert option.beats_status_quo is None
    table = charts.ranking_table(result, ResultNames.of(result.options, bundle, "en")).set_index("Option")
    cctv = next(o for o in result.options if o.key == "fixed_cctv")
    assert cctv.beats_status_quo is False
    assert table.loc[cctv.name, "Status"] == "Ranked; not better than doing nothing"
    do_nothing = next(o for o in result.options if o.key == "do_nothing")
    assert table.loc[do_nothing.name, "Status"].startswith("Ranked; the reference line")
    figure, _ = charts.contributions_chart(result, ResultNames.of(result.options, bundle, "en"))
    lines = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert len(lines) == 1 and lines[0].x0 == pytest.approx(baseline)


def status_quo_first(bundle):
    """The park example, weighted so that doing nothing comes first: only privacy and cost count."""
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    assessment.weights = DirectWeights(values={c: (1.0 if c in ("privacy_intrusion", "total_cost_of_ownership") else 0.0) for c in bundle.criterion_ids})
    return assessment


@pytest.mark.parametrize("language, said", [("en", "the comparison justifies no new measure"), ("it", "il confronto non giustifica alcuna nuova misura")])
def test_when_the_status_quo_ranks_first_the_conclusion_says_no_new_measure_is_justified(bundle, language, said):
    assessment = status_quo_first(bundle)
    result = word_result(evaluate(assessment, bundle, with_acceptability=False), bundle, language)
    assert result.ranking[0] == result.status_quo == "do_nothing"
    statement = status_quo_statement(result, ResultNames.of(result.options, bundle, language), language)
    assert statement is not None and said in statement
    report = build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64))
    assert said in report.section("summary").model_dump_json()


def test_no_such_conclusion_when_a_measure_beats_the_status_quo(bundle):
    result = word_result(evaluate(load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"), bundle, with_acceptability=False), bundle, "en")
    assert result.ranking[0] != "do_nothing"
    assert status_quo_statement(result, ResultNames.of(result.options, bundle, "en"), "en") is None


# --- the framework's rule for scoring the status quo -----------------------------------------

RULE_LEVEL = {"delivers_nothing": 1, "adds_nothing": 5}


def test_every_criterion_says_how_the_status_quo_is_scored(bundle):
    rules = {criterion.id: criterion.status_quo for criterion in bundle.framework.criteria}
    assert rules["effectiveness_evidence"] == rules["operational_reliability"] == "delivers_nothing"
    assert rules["privacy_intrusion"] == rules["total_cost_of_ownership"] == "adds_nothing"
    assert rules["public_acceptance"] == rules["equity_discrimination"] == "judged"


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_the_framework_states_the_rule(bundle, language):
    assert {
        "en": "The status quo is the necessity baseline",
        "fr": "Le statu quo est la référence de la nécessité",
        "de": "Der Status quo ist der Maßstab der Erforderlichkeit",
        "it": "Lo status quo è il riferimento della necessità",
    }[language] in bundle.framework.description.get(language)


def test_the_catalogues_status_quo_follows_the_rule(bundle):
    from secu4all_ethics.engine.cost import cost_band_score, yearly_cost

    status_quo = [technology for technology in bundle.technologies if technology.kind == "status_quo"]
    assert status_quo
    off_rule = []
    for technology in status_quo:
        for criterion in bundle.framework.criteria:
            expected = RULE_LEVEL.get(criterion.status_quo)
            if expected is None:
                continue
            if criterion.score_source == "yearly_cost_bands":
                settings = bundle.framework.cost
                level = cost_band_score(yearly_cost(technology.cost_model, settings.staff_yearly_cost_eur, []).total_eur, settings.bands)
                low = high = level
            else:
                score = technology.scores[criterion.id]
                level, low, high = score.value, score.low or score.value, score.high or score.value
            if (level, low, high) != (expected, expected, expected):
                off_rule.append(f"{technology.id}.{criterion.id}: {level} ({low}-{high}), the rule says {expected}")
    assert not off_rule
