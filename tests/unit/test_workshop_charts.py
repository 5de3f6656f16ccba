"""The workshop's charts (charts/workshop.py) draw the round's facts as given: each participant's
weight on each item, the engine's quartiles, the group's weight, the share of first places, the
rank ranges, the round change; options the legal gates exclude are marked as excluded, never drawn
as a zero; each figure's table holds the numbers it draws."""

from __future__ import annotations

import pytest

from secu4all_ethics.charts import workshop as charts
from secu4all_ethics.charts.style import FONT_SIZE, styled
from secu4all_ethics.wording.names import ResultNames
from secu4all_ethics.wording.workshop_charts import chart_words
from tests.workshop_builders import ROUND_1_RANKS, ROUND_1_WEIGHTS, ROUND_2_RANKS, ROUND_2_WEIGHTS, hand_change, hand_outcome

EXCLUDED = "live_facial_recognition"


@pytest.fixture(scope="module")
def round_1(bundle):
    return hand_outcome(bundle, ROUND_1_WEIGHTS, ROUND_1_RANKS)


@pytest.fixture(scope="module")
def round_2(bundle):
    return hand_outcome(bundle, ROUND_2_WEIGHTS, ROUND_2_RANKS, round_number=2)


def names_of(outcome, bundle, language):
    names = ResultNames.of(outcome.evaluation.options, bundle, language)
    return {**names.pillars, **names.criteria, **names.options}


def unwrapped(label):
    """A chart's label as the name it wraps: plotly's line breaks and French no-break spaces undone."""
    return label.replace("<br>", " ").replace("\u00a0", " ")


def trace(figure, name):
    return next(t for t in figure.data if t.name == name)


def test_every_participants_weight_is_a_point_on_its_items_row_named_by_pseudonym(round_1, bundle):
    words = chart_words("fr", "pillars")
    names = names_of(round_1, bundle, "fr")
    figure, _ = charts.weight_spread_chart(round_1, names, words)
    points = trace(figure, words.participants_weights)
    drawn = sorted(zip(points.text, points.y, points.x))
    # Alix put 40 % on effectiveness, Bea 10 %, Chen 25 %; and so on for each pillar.
    expected = sorted(
        (pseudonym, charts.wrap(names[item], charts.LABEL_WRAP[False]), pytest.approx(100 * weight))
        for pseudonym, weights in ROUND_1_WEIGHTS.items()
        for item, weight in weights.items()
    )
    assert drawn == expected
    assert points.hovertemplate.startswith("%{text}")  # the hover names the participant


def test_the_boxes_are_the_engines_quartiles_and_the_diamonds_the_group_weights(round_1, bundle):
    words = chart_words("en", "pillars")
    names = names_of(round_1, bundle, "en")
    figure, table = charts.weight_spread_chart(round_1, names, words)
    contested = trace(figure, words.contested)
    spreads = {spread.item: spread for spread in round_1.spreads}
    # The widest interquartile ranges: privacy (27.5-40 %) and effectiveness (17.5-32.5 %).
    assert set(round_1.contested_items) == {"privacy", "effectiveness"}
    assert [unwrapped(label) for label in contested.y] == [names["effectiveness"], names["privacy"]]
    assert list(contested.q1) == pytest.approx([100 * spreads[i].quartile_1 for i in ("effectiveness", "privacy")])
    assert list(contested.q3) == pytest.approx([17.5 + 15, 40])
    assert list(trace(figure, words.spread).median) == pytest.approx([20, 20])  # legality, cost
    group = trace(figure, words.group_weight)
    assert list(group.x) == pytest.approx([25, 35, 65 / 3, 55 / 3])
    assert table.loc[names["privacy"], words.group_weight] == "35.0%"
    assert table.loc[names["privacy"], words.quartiles] == "27.5% – 40.0%"
    assert table.loc[names["effectiveness"], words.weight_range] == "10.0% – 40.0%"
    assert list(table.index) == [names[item] for item in round_1.items]


def test_a_pseudonym_is_shown_as_text_not_markup(bundle):
    weights = dict(ROUND_1_WEIGHTS)
    ranks = dict(ROUND_1_RANKS)
    weights["<b>Dan</b>"], ranks["<b>Dan</b>"] = weights.pop("Chen"), ranks.pop("Chen")
    outcome = hand_outcome(bundle, weights, ranks)
    words = chart_words("en", "pillars")
    figure, _ = charts.weight_spread_chart(outcome, names_of(outcome, bundle, "en"), words)
    assert "&lt;b&gt;Dan&lt;/b&gt;" in trace(figure, words.participants_weights).text
    assert "<b>Dan</b>" not in trace(figure, words.participants_weights).text


def test_the_share_of_first_places_and_the_excluded_option_marked_as_excluded(round_1, bundle):
    words = chart_words("fr", "pillars")
    names = names_of(round_1, bundle, "fr")
    figure, table = charts.first_choice_chart(round_1, names, words)
    bars = figure.data[0]
    shares = dict(zip((unwrapped(label) for label in bars.y), bars.x))
    # Alix and Chen put the street furniture first, Bea the stewards.
    assert shares == pytest.approx(
        {names["hvm_street_furniture"]: 200 / 3, names["guardians_stewards"]: 100 / 3, names["crowd_counting_edge"]: 0, names["do_nothing"]: 0}
    )
    assert names[EXCLUDED] not in shares
    marks = figure.data[1]
    assert [unwrapped(label) for label in marks.y] == [names[EXCLUDED]]
    assert [unwrapped(text) for text in marks.text] == ["Exclue par un verrou juridique"]
    # Broken into lines like the option names: in one line it ran past a 390 px phone's chart.
    assert max(len(line) for line in marks.text[0].split("<br>")) <= 24
    assert table.loc[names[EXCLUDED], words.first_share] == "Exclue par un verrou juridique"
    assert table.loc[names["hvm_street_furniture"], words.first_share] == "66,7\u00a0%"
    # Every option of the card has its row, in the card's order.
    assert list(table.index) == [names[option.key] for option in round_1.evaluation.options]
    assert unwrapped(list(figure.layout.yaxis.categoryarray)[-1]) == names[round_1.evaluation.options[0].key]


def test_the_rank_ranges_and_means(round_1, bundle):
    words = chart_words("en", "pillars")
    names = names_of(round_1, bundle, "en")
    figure, table = charts.rank_spread_chart(round_1, names, words)
    # The stewards: ranks 3, 1, 2, mean 2, the widest spread: marked as varying most.
    variable = trace(figure, words.varies_most)
    assert [unwrapped(label) for label in variable.y] == [names["guardians_stewards"]]
    assert list(variable.x) == [2]
    assert list(variable.error_x.arrayminus) == [1] and list(variable.error_x.array) == [1]
    steady = trace(figure, words.rank_mean)
    by_option = dict(zip((unwrapped(label) for label in steady.y), zip(steady.x, steady.error_x.arrayminus, steady.error_x.array)))
    assert by_option[names["hvm_street_furniture"]] == pytest.approx((4 / 3, 1 / 3, 2 / 3))
    assert by_option[names["do_nothing"]] == pytest.approx((4, 0, 0))
    assert names[EXCLUDED] not in by_option
    assert table.loc[names[EXCLUDED], words.rank_mean] == words.excluded
    assert table.loc[names["guardians_stewards"]].tolist() == ["2.0", "1", "3", "0.82"]


def test_the_round_change_draws_both_rounds_and_kendalls_w(round_1, round_2, bundle):
    words = chart_words("de", "pillars")
    names = names_of(round_1, bundle, "de")
    change = hand_change(round_1, round_2)
    figure, table = charts.round_change_chart(round_1, round_2, change, names, words)
    first = next(t for t in figure.data if t.name and t.name.startswith(words.round_1))
    second = next(t for t in figure.data if t.name and t.name.startswith(words.round_2))
    assert first.name == "Runde 1 · Kendalls W 0,42" and second.name == "Runde 2 · Kendalls W 0,61"
    assert list(first.x) == pytest.approx([25, 35, 65 / 3, 55 / 3])
    # Round 2: effectiveness (30+20+25)/3, privacy (35+40+35)/3, legality 65/3, cost (15+20+15)/3.
    assert list(second.x) == pytest.approx([25, 110 / 3, 65 / 3, 50 / 3])
    assert table.loc[names["privacy"]].tolist() == ["35,0\u00a0%", "36,7\u00a0%", "+1,7", "8,3"]
    assert table.loc[words.kendalls_w].tolist() == ["0,42", "0,61", "+0,19", "—"]


def test_a_projector_chart_has_larger_type_and_rows_and_keeps_them_when_styled(round_1, bundle):
    words = chart_words("en", "pillars")
    names = names_of(round_1, bundle, "en")
    screen, _ = charts.weight_spread_chart(round_1, names, words)
    projector, _ = charts.weight_spread_chart(round_1, names, words, large=True)
    assert styled(screen).layout.font.size == FONT_SIZE
    assert styled(projector).layout.font.size == charts.PROJECTOR_FONT_SIZE
    assert projector.layout.height > screen.layout.height


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_the_charts_words_are_the_languages_own(language):
    words = chart_words(language, "criteria")
    english = chart_words("en", "criteria")
    assert words.item == {"en": "Criterion", "fr": "Critère", "de": "Kriterium", "it": "Criterio"}[language]
    if language != "en":
        assert words.excluded != english.excluded and words.first_share_axis != english.first_share_axis
