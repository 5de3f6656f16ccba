"""A report of many options stays a readable, bounded document: the tables whose size
grows with the square of the options (a number for every pair, a share for every rank)
are cut to the best options or ranks, and the report says so; every option keeps its
row everywhere else."""

import pytest

from secu4all_ethics import evaluate
from secu4all_ethics.charts import results as charts
from secu4all_ethics.charts.results import ACCEPTABILITY_RANKS_SHOWN
from secu4all_ethics.domain.assessment import MAX_OPTIONS, AssessedOption, Assessment, GateAnswer
from secu4all_ethics.i18n import t
from secu4all_ethics.report import Provenance, build_report
from secu4all_ethics.report.build import PAIRWISE_OPTIONS_SHOWN
from secu4all_ethics.wording import word_result
from secu4all_ethics.wording.names import ResultNames

PREFERENCE_TABLES = {"promethee_usual.preference": "promethee_ii_usual", "promethee_linear.preference": "promethee_ii_linear"}


def catalogue_assessment(bundle, count: int) -> Assessment:
    """count catalogue options, every gate answered "passes" (so that they are all ranked)."""
    options = [
        AssessedOption(
            key=technology.id,
            catalogue_id=technology.id,
            gate_answers={gate.id: GateAnswer(answer="passes", justification="test") for gate in bundle.legal.gates},
        )
        for technology in bundle.technologies[:count]
    ]
    return Assessment(
        id="many", title="Many options", framework=bundle.framework_ref(), options=options, weights={"method": "direct", "preset": bundle.presets[0].id}
    )


@pytest.fixture(scope="module")
def many(bundle):
    # the whole catalogue, up to what an assessment may hold (it has grown past MAX_OPTIONS with issue #17's entry)
    assessment = catalogue_assessment(bundle, min(len(bundle.technologies), MAX_OPTIONS))
    result = word_result(evaluate(assessment, bundle), bundle, "en")
    assert len(result.ranking) > ACCEPTABILITY_RANKS_SHOWN + 1 and len(result.ranking) > PAIRWISE_OPTIONS_SHOWN
    return assessment, result


def annex_tables(report):
    return [block for block in report.section("annex").blocks if block.kind == "table"]


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_the_annex_preference_tables_show_the_pairs_among_the_best_ranked_options_and_say_so(many, bundle, language):
    assessment, _ = many
    result = word_result(evaluate(assessment, bundle), bundle, language)
    report = build_report(assessment, result, bundle, language, Provenance(document_hash="b" * 64))
    names = ResultNames.of(result.options, bundle, language)
    tables = {table.caption: table for table in annex_tables(report)}
    explained = {explain.id: explain for explain in result.explanation}
    for table_id, method in PREFERENCE_TABLES.items():
        ranks = next(m.ranks for m in result.cross_check.methods if m.method == method)
        best = sorted(ranks, key=ranks.get)[:PAIRWISE_OPTIONS_SHOWN]
        table = tables[explained[table_id].caption]
        # In the result's order, as the full table, and the values are the result's for those pairs.
        expected = [key for key in explained[table_id].row_labels if key in best]
        assert table.columns[1:] == [names.options[key] for key in expected]
        assert [row[0] for row in table.rows] == [names.options[key] for key in expected]
        # The full table stays in the result (the JSON export).
        assert len(explained[table_id].row_labels) == len(result.ranking)
    sentence = t("report.annex.pairwise_limited", language, count=PAIRWISE_OPTIONS_SHOWN)
    paragraphs = [block.text for block in report.section("annex").blocks if block.kind == "paragraph"]
    assert paragraphs.count(sentence) == 2
    # Every option keeps its flows.
    for flows_id in ("promethee_usual.flows", "promethee_linear.flows"):
        assert len(tables[explained[flows_id].caption].rows) == len(result.ranking)


def test_a_preference_table_of_few_options_is_shown_whole(bundle):
    assessment = catalogue_assessment(bundle, PAIRWISE_OPTIONS_SHOWN)
    result = word_result(evaluate(assessment, bundle), bundle, "en")
    report = build_report(assessment, result, bundle, "en", Provenance(document_hash="b" * 64))
    explained = {explain.caption: explain for explain in result.explanation if explain.id in PREFERENCE_TABLES}
    shown = [table for table in annex_tables(report) if table.caption in explained]
    assert len(shown) == 2 and all(len(table.rows) == len(explained[table.caption].row_labels) == len(result.ranking) for table in shown)
    assert t("report.annex.pairwise_limited", "en", count=PAIRWISE_OPTIONS_SHOWN) not in [
        b.text for b in report.section("annex").blocks if b.kind == "paragraph"
    ]


def test_rank_acceptability_shows_the_first_ranks_then_the_rest_as_one_share(many, bundle):
    assessment, result = many
    figure, table = charts.acceptability_chart(result, ResultNames.of(result.options, bundle, "en"))
    probabilities = result.robustness.acceptability.rank_probabilities
    assert list(table.columns) == [f"Rank {rank}" for rank in range(1, ACCEPTABILITY_RANKS_SHOWN + 1)] + [f"Rank {ACCEPTABILITY_RANKS_SHOWN + 1} or lower"]
    assert len(figure.data) == ACCEPTABILITY_RANKS_SHOWN + 1
    for key, bar in zip(result.ranking, zip(*(trace.x for trace in figure.data))):
        shares = probabilities[key]
        assert list(bar[:-1]) == pytest.approx([share * 100 for share in shares[:ACCEPTABILITY_RANKS_SHOWN]])
        assert bar[-1] == pytest.approx(sum(shares[ACCEPTABILITY_RANKS_SHOWN:]) * 100)
    assert len(table) == len(result.ranking)


def test_rank_acceptability_of_few_options_shows_every_rank(bundle):
    assessment = catalogue_assessment(bundle, ACCEPTABILITY_RANKS_SHOWN + 1)
    result = word_result(evaluate(assessment, bundle), bundle, "en")
    figure, table = charts.acceptability_chart(result, ResultNames.of(result.options, bundle, "en"))
    assert list(table.columns) == [f"Rank {rank}" for rank in range(1, len(result.ranking) + 1)]
    assert len(figure.data) == len(result.ranking)
