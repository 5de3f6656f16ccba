"""4 Weights: every method saves what it should, the figures shown are the
engine's, and weights the engine refuses give a message, never a traceback."""

import json

import pytest

from secu4all_ethics import load_content
from secu4all_ethics.engine.weighting import ahp_weights, normalise_weights
from secu4all_ethics.i18n import format_number
from tests.app.conftest import go, no_exception, open_example, saved_document

BUNDLE = load_content()
PRIVACY_FIRST = BUNDLE.presets_by_id["privacy_first"].weights  # the weights of park_drug_dealing
PILLARS = [pillar.id for pillar in BUNDLE.framework.pillars]


def widget(app, kind, suffix):
    """The widget of a kind whose key ends with suffix (keys carry the assessment id and revisions)."""
    return next(w for w in getattr(app, kind) if w.key and w.key.endswith(suffix))


def weights_page(app_database, lang="en"):
    app = open_example(app_database, "park_drug_dealing", page="weights", lang=lang)
    return no_exception(app)


def switch(app, method):
    no_exception(widget(app, "radio", ".method").set_value(method).run())
    return app


def metric(app, label):
    return next(m.value for m in app.metric if m.label == label)


def weight_table(app):
    """The table beside the chart: criterion name -> weight in % as shown."""
    frame = app.dataframe[0].value
    return dict(zip(frame.index, frame.iloc[:, 0]))


def test_a_preset_then_a_slider_are_saved_and_the_chart_shows_the_engines_weights(app_database):
    app = weights_page(app_database)
    assert app.title[0].value == "4 Weights"
    assert widget(app, "selectbox", ".direct.preset").value == "privacy_first"
    assert metric(app, "Privacy and data protection") == "48%"
    assert weight_table(app)["Privacy protection"] == "22.0"
    assert len(app.get("plotly_chart")) == 1

    no_exception(widget(app, "selectbox", ".direct.preset").set_value("operational").run())
    saved = saved_document(app_database, app)["weights"]
    assert saved["method"] == "direct" and saved["preset"] == "operational" and saved["values"] == {}
    assert saved["set_by"].startswith("Ethics and data-protection working group")
    assert metric(app, "Effectiveness") == "47%"
    assert any("view of the police" in info.value for info in app.info)
    assert widget(app, "slider", ".direct.privacy_intrusion").value == 9

    no_exception(widget(app, "slider", ".direct.privacy_intrusion").set_value(30).run())
    saved = saved_document(app_database, app)["weights"]
    expected_raw = {**BUNDLE.presets_by_id["operational"].weights, "privacy_intrusion": 30}
    assert saved["preset"] is None and saved["values"] == expected_raw
    assert widget(app, "selectbox", ".direct.preset").value == "custom"
    expected = normalise_weights(expected_raw, BUNDLE.criterion_ids)["privacy_intrusion"]
    assert weight_table(app)["Privacy protection"] == format_number(100 * expected, "en", 1) == "24.8"


def test_all_sliders_at_zero_gives_the_engines_message_not_a_traceback(app_database):
    app = weights_page(app_database)
    for criterion in BUNDLE.criterion_ids:
        no_exception(widget(app, "slider", f".direct.{criterion}").set_value(0).run())
    assert saved_document(app_database, app)["weights"]["values"] == {c: 0 for c in BUNDLE.criterion_ids}
    assert any("cannot be used" in e.value and "all weights are zero" in e.value for e in app.error)
    assert not app.get("plotly_chart")


def test_points_in_french_must_add_up_to_exactly_100(app_database):
    app = switch(weights_page(app_database, "fr"), "points")
    saved = saved_document(app_database, app)["weights"]
    assert saved["method"] == "points" and saved["points"] == PRIVACY_FIRST
    assert saved["set_by"].startswith("Ethics and data-protection working group")
    assert any("Les 100 points sont tous répartis" in s.value for s in app.success)
    assert metric(app, "Vie privée et protection des données") == "48\u00a0%"

    no_exception(widget(app, "number_input", ".points.privacy_intrusion").set_value(32).run())
    assert saved_document(app_database, app)["weights"]["points"]["privacy_intrusion"] == 32
    assert any("10 points de trop" in w.value for w in app.warning)
    assert any("ne peuvent pas être utilisées" in e.value and "le total des points est de 110" in e.value for e in app.error)

    no_exception(widget(app, "number_input", ".points.chilling_effect").set_value(2).run())
    assert not app.error
    assert metric(app, "Vie privée et protection des données") == "48\u00a0%"
    assert weight_table(app)["Protection de la vie privée"] == "32,0"


def test_ranking_starts_from_the_current_weights_and_equal_numbers_are_ties(app_database):
    app = switch(weights_page(app_database), "roc")
    ranking = saved_document(app_database, app)["weights"]["ranking"]
    assert ranking[:3] == [["privacy_intrusion"], ["effectiveness_evidence"], ["chilling_effect"]]
    assert all(len(group) == 1 for group in ranking) and len(ranking) == 12

    no_exception(widget(app, "number_input", ".roc.total_cost_of_ownership").set_value(1).run())
    ranking = saved_document(app_database, app)["weights"]["ranking"]
    assert ranking[0] == ["privacy_intrusion", "total_cost_of_ownership"]
    table = weight_table(app)
    assert table["Privacy protection"] == table["Affordability (total cost of ownership)"]
    assert any("Order of importance" in m.value and "Privacy protection = Affordability (total cost of ownership)" in m.value for m in app.markdown)


def test_swing_in_italian_needs_one_swing_rated_100(app_database):
    app = switch(weights_page(app_database, "it"), "swing")
    swings = saved_document(app_database, app)["weights"]["swings"]
    assert swings["privacy_intrusion"] == 100 and swings["effectiveness_evidence"] == 55

    no_exception(widget(app, "slider", ".swing.privacy_intrusion").set_value(90).run())
    assert saved_document(app_database, app)["weights"]["swings"]["privacy_intrusion"] == 90
    assert any("non possono essere usati" in e.value and "date 100 al salto più importante" in e.value for e in app.error)


def test_pairwise_pillars_show_the_consistency_ratio_and_the_pair_to_revise(app_database):
    app = switch(weights_page(app_database, "de"), "ahp")
    saved = saved_document(app_database, app)["weights"]
    assert saved["scope"] == "pillars" and len(saved["judgements"]) == 6
    assert len(app.select_slider) == 6
    assert any("ausreichend widerspruchsfrei" in s.value for s in app.success)

    # effectiveness > privacy > legality, but legality > effectiveness: a cycle
    no_exception(widget(app, "select_slider", ".ahp.effectiveness.privacy").set_value(8).run())
    no_exception(widget(app, "select_slider", ".ahp.privacy.legality").set_value(8).run())
    no_exception(widget(app, "select_slider", ".ahp.effectiveness.legality").set_value(-8).run())
    judgements = {(j["a"], j["b"]): j["value"] for j in saved_document(app_database, app)["weights"]["judgements"]}
    assert judgements[("effectiveness", "privacy")] == 9 and judgements[("effectiveness", "legality")] == pytest.approx(1 / 9)

    outcome = ahp_weights(PILLARS, [(a, b, v) for (a, b), v in judgements.items()])
    ratio = format_number(outcome.consistency_ratio, "de")
    assert metric(app, "Konsistenzverhältnis") == ratio
    worst = outcome.inconsistent_pairs[0]
    names = {p.id: p.name.get("de") for p in BUNDLE.framework.pillars}
    warning = next(w.value for w in app.warning if "widersprechen sich zu stark" in w.value)
    assert ratio in warning and f"„{names[worst.a]}“" in warning and f"„{names[worst.b]}“" in warning

    no_exception(widget(app, "button", f".ahp.apply.{worst.a}.{worst.b}").click().run())
    judgements = {(j["a"], j["b"]): j["value"] for j in saved_document(app_database, app)["weights"]["judgements"]}
    assert judgements[(worst.a, worst.b)] == pytest.approx(worst.suggested)
    position = round(worst.suggested) - 1 if worst.suggested >= 1 else 1 - round(1 / worst.suggested)
    assert widget(app, "select_slider", f".ahp.{worst.a}.{worst.b}").value == position
    assert metric(app, "Konsistenzverhältnis") == format_number(ahp_weights(PILLARS, [(a, b, v) for (a, b), v in judgements.items()]).consistency_ratio, "de")


def test_pairwise_comparison_of_every_criterion(app_database):
    app = switch(weights_page(app_database), "ahp")
    no_exception(widget(app, "radio", ".ahp.scope").set_value("criteria").run())
    saved = saved_document(app_database, app)["weights"]
    assert saved["scope"] == "criteria" and len(saved["judgements"]) == 66
    assert len(app.select_slider) == 66
    assert any(m.label == "Consistency ratio" for m in app.metric)


def test_pairwise_pillars_with_own_shares_within_pillars(app_database):
    app = switch(weights_page(app_database), "ahp")
    toggle = widget(app, "toggle", ".ahp.adjust")
    if not toggle.value:
        no_exception(toggle.set_value(True).run())
    no_exception(widget(app, "slider", ".ahp.within.implementation_feasibility").set_value(0).run())
    saved = saved_document(app_database, app)["weights"]
    assert saved["within_pillar"]["implementation_feasibility"] == 0
    assert weight_table(app)["Implementation feasibility"] == "0.0"
    no_exception(widget(app, "toggle", ".ahp.adjust").set_value(False).run())
    assert saved_document(app_database, app)["weights"]["within_pillar"] == {}


def test_pillars_then_criteria(app_database):
    app = switch(weights_page(app_database), "hierarchical")
    saved = saved_document(app_database, app)["weights"]
    assert saved["pillars"] == {"effectiveness": 22, "privacy": 48, "legality": 25, "cost": 5}
    for pillar in PILLARS:
        members = [c.id for c in BUNDLE.framework.criteria if c.pillar == pillar]
        assert sum(saved["within_pillar"][c] for c in members) == 100

    no_exception(widget(app, "slider", ".hierarchical.pillar.cost").set_value(25).run())
    assert saved_document(app_database, app)["weights"]["pillars"]["cost"] == 25
    assert metric(app, "Cost and feasibility") == "21%"  # 25 of 120
    no_exception(widget(app, "slider", ".hierarchical.within.total_cost_of_ownership").set_value(0).run())
    assert weight_table(app)["Affordability (total cost of ownership)"] == "0.0"


def test_who_set_the_weights_is_saved_and_kept_across_methods(app_database):
    app = weights_page(app_database)
    no_exception(widget(app, "text_input", "weights.set_by").set_value("Municipal council, 3 May").run())
    assert saved_document(app_database, app)["weights"]["set_by"] == "Municipal council, 3 May"
    switch(app, "swing")
    assert saved_document(app_database, app)["weights"]["set_by"] == "Municipal council, 3 May"
    assert widget(app, "text_input", "weights.set_by").value == "Municipal council, 3 May"


def test_coming_back_to_a_method_shows_what_is_saved_now(app_database):
    app = switch(weights_page(app_database), "points")
    no_exception(widget(app, "number_input", ".points.privacy_intrusion").set_value(32).run())
    no_exception(widget(app, "number_input", ".points.chilling_effect").set_value(2).run())
    switch(app, "direct")
    switch(app, "points")
    assert widget(app, "number_input", ".points.privacy_intrusion").value == 32
    assert saved_document(app_database, app)["weights"]["points"]["chilling_effect"] == 2


@pytest.mark.parametrize("lang, title", [("en", "4 Weights"), ("fr", "4 Pondération"), ("de", "4 Gewichtung"), ("it", "4 Pesi")])
def test_every_method_renders_in_every_language(app_database, lang, title):
    app = weights_page(app_database, lang)
    for method in ("points", "roc", "swing", "ahp", "hierarchical", "direct"):
        switch(app, method)
        assert app.title[0].value == title
        assert not app.error
        assert len(app.get("plotly_chart")) == 1
    assert saved_document(app_database, app)["weights"]["method"] == "direct"


def test_without_an_open_assessment_the_page_says_so(app_database):
    app = open_example(app_database)
    app.sidebar.button(key="close-assessment").click().run()
    no_exception(go(app, "weights"))
    assert any("No assessment is open" in info.value for info in app.info)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_framework_defaults_are_offered_once_under_the_profile_that_holds_them(app_database, lang):
    """Issue #15 point 10: the list named the defaults twice ("Framework default weights" and
    "Balanced (default weights)"); the preset whose weights are the defaults now stands for them."""
    app = weights_page(app_database, lang)
    chooser = widget(app, "selectbox", ".direct.preset")
    labels = list(chooser.options)  # as shown: the format_func already applied
    balanced = BUNDLE.presets_by_id["balanced"].name.get(lang)
    assert labels.count(balanced) == 1
    assert not any(label.startswith({"en": "Framework default", "de": "Standardgewichte des"}[lang]) for label in labels)
    no_exception(chooser.set_value("defaults").run())
    saved = saved_document(app_database, app)["weights"]
    assert saved["preset"] is None and saved["values"] == {}
    assert BUNDLE.presets_by_id["balanced"].rationale.get(lang) in [info.value for info in app.info]


def test_the_weights_table_names_each_criterion_under_the_chart_at_full_width(app_database):
    """Issue #15 point 11: the table beside the chart showed only figures (its index, the criterion
    names, was hidden) and was cut to two fifths of the page."""
    app = weights_page(app_database, "de")
    table = app.dataframe[0]
    assert json.loads(table.proto.columns)["_index"]["hidden"] is False
    assert list(table.value.index) == [criterion.name.get("de") for criterion in BUNDLE.framework.criteria]
    # Straight in the page, not in a column beside the chart.
    assert any(type(child).__name__ == "Dataframe" for child in app.main.children.values())


def test_the_weight_sliders_run_over_a_range_that_fits_the_profiles(app_database):
    app = weights_page(app_database)
    sliders = [s for s in app.slider if ".direct." in (s.key or "")]
    assert len(sliders) == len(BUNDLE.framework.criteria)
    largest = max(max(preset.weights.values()) for preset in BUNDLE.presets)
    for slider in sliders:
        assert slider.max == 50 and largest <= slider.max / 1.5
