"""The Weights page's chart (charts/weights.py) draws the engine's weights, one trace
per pillar, and its table holds the same numbers."""

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.charts.weights import weights_chart
from secu4all_ethics.i18n import t
from tests.conftest import ROOT


def test_the_chart_and_its_table_show_the_engines_weights(bundle):
    result = evaluate(load_assessment(ROOT / "criteria/examples/christmas_market.yaml"), bundle)  # weights speak no language
    figure, table = weights_chart(result, bundle, "de")
    assert [trace.name for trace in figure.data] == [pillar.name.get("de") for pillar in bundle.framework.pillars]
    drawn = {y.replace("<br>", " "): x for trace in figure.data for x, y in zip(trace.x, trace.y)}  # long names on two lines
    names = {c.id: c.name.get("de") for c in bundle.framework.criteria}
    assert drawn == {names[c]: 100 * w for c, w in result.weights.items()}
    assert list(table.index) == [names[c] for c in bundle.criterion_ids]
    assert table.index.name == t("weights.table.criterion", "de")
    assert [float(v.replace(",", ".")) for v in table.iloc[:, 0]] == [round(100 * result.weights[c], 1) for c in bundle.criterion_ids]
    # the axis leaves room for the labels beyond the largest bar
    assert figure.layout.xaxis.range[1] > 100 * max(result.weights.values())
