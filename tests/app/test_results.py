"""6 Results: the engine's ranking with the excluded options and their reasons,
the charts, the method cross-check, robustness, the what-if panel (which never
saves) and the explanation tables, in English and French."""

import json

import pytest

from secu4all_ethics import evaluate, load_content
from secu4all_ethics.domain.assessment import AssessedOption, Assessment, DirectWeights
from secu4all_ethics.i18n import format_money, format_number
from secu4all_ethics.services.assessments import AssessmentService
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.wording import word_result
from tests.app.conftest import new_app, no_exception, open_example, saved_document


@pytest.fixture(scope="module")
def content():
    return load_content()


def engine_result(app_database, app, content, language="en"):
    """What the engine itself says about the stored assessment."""
    return word_result(evaluate(Assessment.model_validate(saved_document(app_database, app)), content), content, language)


def key_of(app, field):
    """The widget key the page gives a field (see ui.context.widget_key)."""
    return f"{app.query_params['a']}:{app.session_state['open_generation']}:{field}"


def show(app, **state):
    """Open tabs and panels as a click would (they are drawn only when open), then rerun."""
    for field, value in state.items():
        app.session_state[key_of(app, field.replace("__", "."))] = value
    return no_exception(app.run())


def all_tables(app):
    return [element.value for element in list(app.table) + list(app.dataframe)]


def table(app, first_column):
    return next(frame for frame in all_tables(app) if list(frame.columns)[:1] == [first_column])


def tables_with_column(app, column):
    return [frame for frame in all_tables(app) if column in frame.columns]


def charts(app):
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def texts(app):
    return [m.value for m in app.markdown] + [c.value for c in app.caption]


def test_the_ranking_shown_is_the_engines_ranking(app_database, content):
    app = open_example(app_database, "station_car_park", page="results")
    no_exception(app)
    assert app.title[0].value == "6 Results"
    result = engine_result(app_database, app, content)
    names = {option.key: option.name for option in result.options}
    by_key = {option.key: option for option in result.options}

    ranking = table(app, "Rank")
    ranked = ranking[ranking["Status"].str.startswith("Ranked")]  # ranked, not better than doing nothing, or the reference line
    assert list(ranked["Option"]) == [names[key] for key in result.ranking]
    assert list(ranked["Rank"]) == [str(by_key[key].rank) for key in result.ranking]
    assert list(ranked["Score (1–5)"]) == [format_number(by_key[key].score, "en") for key in result.ranking]
    assert list(ranked["Yearly cost"]) == [format_money(by_key[key].cost.yearly_total_eur, "en") for key in result.ranking]
    assert ranked.iloc[0]["Kind"] == "Less intrusive alternative"

    first = names[result.ranking[0]]
    assert any(text.startswith(f"**Best placed under these weights: {first}") for text in texts(app))
    assert result.robustness.statement in texts(app)
    assert result.robustness.acceptability.statement in texts(app)
    below = [w.message for w in result.warnings if w.code == "below_status_quo"]
    assert below and all(message in [w.value for w in app.warning] for message in below)


def test_live_facial_recognition_is_excluded_with_its_reasons(app_database, content):
    app = open_example(app_database, "christmas_market", page="results")
    result = engine_result(app_database, app, content)
    facial = next(option for option in result.options if option.key == "live_facial_recognition")
    assert facial.status == "excluded"

    ranking = table(app, "Rank")
    row = ranking[ranking["Option"] == facial.name].iloc[0]
    assert row["Rank"] == "—" and row["Score (1–5)"] == "—"
    assert row["Status"].startswith("Excluded: Prohibited AI practice")

    expander = next(e for e in app.expander if e.label.startswith(facial.name))
    assert "excluded" in expander.label and str(len(facial.exclusion_reasons)) in expander.label
    inside = [m.value for m in expander.markdown] + [c.value for c in expander.caption]
    for reason in facial.exclusion_reasons:
        assert f"**{reason.gate_name}**" in inside
        assert reason.message in inside
        assert any(reason.justification in text for text in inside)
    citations = "\n".join(c.value for c in expander.caption)
    assert content.references_by_id["ai_act_art5"].citation_in("en") in citations


def test_charts_draw_the_engines_figures(app_database, content):
    app = open_example(app_database, "christmas_market", page="results")
    result = engine_result(app_database, app, content)
    ranked = [next(o for o in result.options if o.key == key) for key in result.ranking]
    pillars = [pillar.id for pillar in content.framework.pillars]

    # the first tab of each group is open: contributions by pillar and weight stability
    contributions, stability = charts(app)
    assert [trace["name"] for trace in contributions["data"]] == [p.name.get("en") for p in content.framework.pillars]
    for trace, pillar in zip(contributions["data"], pillars):
        assert trace["x"] == pytest.approx([option.pillar_subtotals[pillar] for option in ranked])
    assert [s["base"] for s in stability["data"][:1]][0] == pytest.approx([s.lower * 100 for s in result.robustness.stability])
    assert stability["data"][1]["x"] == pytest.approx([s.weight * 100 for s in result.robustness.stability])

    heatmap, acceptability = charts(show(app, results__tabs__scores="All values", results__tabs__robustness="Rank acceptability"))
    criteria = list(content.criterion_ids)
    assert heatmap["data"][0]["z"] == [[option.criteria[c].configured for option in ranked] for c in criteria]  # criteria down, options across
    assert heatmap["data"][0]["colorscale"][0][1] != heatmap["data"][0]["colorscale"][-1][1]
    probabilities = result.robustness.acceptability.rank_probabilities
    assert acceptability["data"][0]["name"] == "Rank 1"
    assert acceptability["data"][0]["x"] == pytest.approx([probabilities[key][0] * 100 for key in result.ranking])

    radar, tornado = charts(show(app, results__tabs__scores="Profile by criterion", results__tabs__robustness="Sensitivity to each weight"))
    assert len(radar["data"]) == min(5, len(ranked))
    assert radar["data"][0]["r"][:-1] == [ranked[0].criteria[c].configured for c in criteria]
    base = ranked[0].score
    assert tornado["data"][0]["x"] == pytest.approx([bar.score_low - base for bar in result.robustness.tornado])
    assert tornado["data"][1]["x"] == pytest.approx([bar.score_high - base for bar in result.robustness.tornado])


def test_the_method_cross_check_is_shown_with_its_statement(app_database, content):
    app = open_example(app_database, "christmas_market", page="results")
    result = engine_result(app_database, app, content)
    methods = result.cross_check.methods
    headers = {"weighted_sum": "Weighted sum", "topsis": "TOPSIS", "promethee_ii_usual": "PROMETHEE II (usual)", "promethee_ii_linear": "PROMETHEE II (linear)"}
    cross = tables_with_column(app, "TOPSIS")[0]
    assert list(cross.columns) == list(headers.values())
    for method in methods:
        assert list(cross[headers[method.method]]) == [method.ranks[key] for key in result.ranking]
    assert result.cross_check.statement in texts(app)
    topsis = next(m for m in methods if m.method == "topsis")
    assert any(f"{topsis.name}: {format_number(topsis.agreement_with_weighted_sum, 'en')}" in text for text in texts(app))
    assert any("TOPSIS and PROMETHEE compare the options with each other" in text for text in texts(app))


def test_what_if_changes_the_ranking_at_once_and_saves_nothing(app_database, content):
    app = open_example(app_database, "christmas_market", page="results")
    before = saved_document(app_database, app)
    result = engine_result(app_database, app, content)
    names = {option.key: option.name for option in result.options}
    show(app, results__what_if__panel=True)
    assert any("nothing here is saved" in caption.value for caption in app.caption)
    sliders = {slider.key.rsplit(".", 1)[1]: slider for slider in app.slider}
    assert set(sliders) == set(content.criterion_ids)
    assert sliders["operational_reliability"].value == round(result.weights["operational_reliability"] * 100)

    sliders["operational_reliability"].set_value(60).run()
    no_exception(app)

    trial_weights = {c: result.weights[c] * 100 for c in content.criterion_ids} | {"operational_reliability": 60.0}
    copy = Assessment.model_validate(before)
    copy.weights = DirectWeights(values=trial_weights)
    expected = word_result(evaluate(copy, content, with_acceptability=False), content, "en")
    assert expected.ranking[0] != result.ranking[0]
    trial = tables_with_column(app, "Change")[0]
    assert list(trial["Option"]) == [names[key] for key in expected.ranking]
    assert list(trial["Rank with the trial weights"]) == [str(next(o.rank for o in expected.options if o.key == key)) for key in expected.ranking]
    saved_rank = {option.key: option.rank for option in result.options}
    assert list(trial["Saved rank"]) == [str(saved_rank[key]) for key in expected.ranking]
    assert trial.iloc[0]["Change"] == f"▲ {saved_rank[expected.ranking[0]] - 1}"
    assert any(f"{names[expected.ranking[0]]} would come first instead of {names[result.ranking[0]]}" in i.value for i in app.info)

    # the stored document and the open one are untouched
    assert saved_document(app_database, app) == before
    assert any("version 1" in caption.value for caption in app.caption)

    next(b for b in app.button if b.key.endswith("results.what_if.reset")).click().run()
    no_exception(app)
    sliders = {slider.key.rsplit(".", 1)[1]: slider for slider in app.slider}
    assert sliders["operational_reliability"].value == 16
    assert list(tables_with_column(app, "Change")[0]["Option"]) == [names[key] for key in result.ranking]
    assert saved_document(app_database, app) == before


def test_what_if_with_every_weight_at_zero_shows_the_engines_message(app_database):
    app = open_example(app_database, "park_drug_dealing", page="results")
    show(app, results__what_if__panel=True)
    for slider in app.slider:
        slider.set_value(0)
    no_exception(app.run())
    assert any("The weights cannot be used: all weights are zero" in e.value for e in app.error)


def test_unusable_saved_weights_give_an_error_naming_the_criteria(app_database, content):
    app = open_example(app_database, "station_car_park", page="results")
    document = Assessment.model_validate(saved_document(app_database, app))
    document.weights = DirectWeights(values={"privacy_intrusion": 1.0})
    AssessmentService(Storage(make_engine(app_database)), content).save(app.session_state["actor"], document, 1)

    again = no_exception(new_app(a=app.query_params["a"], who="Ada", lang="en").run())
    no_exception(again.switch_page("secu4all_ethics/ui/pages/results.py").run())
    errors = [e.value for e in again.error]
    # the criteria are named as on screen, not by their ids
    named = content.criteria["effectiveness_evidence"].name.en
    assert any(e.startswith("The weights cannot be used: no weight given for:") and named in e for e in errors)
    assert not any("effectiveness_evidence" in e for e in errors)
    assert not again.get("plotly_chart")


def test_explanation_tables_carry_names_not_ids(app_database, content):
    app = open_example(app_database, "christmas_market", page="results")
    result = engine_result(app_database, app, content)
    show(app, results__explanation__panel=True)
    shown = texts(app)
    for item in result.explanation:
        assert f"**{item.caption}**" in shown
    contributions = next(frame for frame in all_tables(app) if "Affordability (total cost of ownership)" in frame.columns and "Score" in frame.columns)
    names = {option.key: option.name for option in result.options}
    assert list(contributions.index) == [names[key] for key in result.explanation[2].row_labels]


def test_french_labels(app_database, content):
    app = open_example(app_database, "christmas_market", page="results", lang="fr")
    assert app.title[0].value == "6 Résultats"
    result = engine_result(app_database, app, content, "fr")
    ranking = table(app, "Rang")
    assert list(ranking.columns) == ["Rang", "Option", "Type", "Note (1–5)", "Coût annuel", "Statut"]
    assert "Alternative moins intrusive" in set(ranking["Type"])
    facial = next(option for option in result.options if option.key == "live_facial_recognition")
    row = ranking[ranking["Option"] == facial.name].iloc[0]
    assert row["Statut"].startswith("Exclue\u00a0: ")
    first = next(option for option in result.options if option.key == result.ranking[0])
    assert ranking.iloc[0]["Note (1–5)"] == format_number(first.score, "fr") == "4,19"
    assert any(text.startswith("**En tête avec ces poids\u00a0:") for text in texts(app))
    assert result.robustness.statement in texts(app)
    assert [h.value for h in app.header][:2] == ["En bref", "Classement"]
    contributions = charts(app)[0]
    assert contributions["layout"]["xaxis"]["title"]["text"] == "Note (1–5)"

    show(app, results__what_if__panel=True)
    assert any("rien n'est enregistré ici" in caption.value for caption in app.caption)
    assert [s.label for s in app.slider][0] == content.criteria["effectiveness_evidence"].name.get("fr")


@pytest.mark.parametrize("lang, title", [("de", "6 Ergebnisse"), ("it", "6 Risultati")])
def test_every_panel_renders_in_german_and_italian(app_database, lang, title):
    app = open_example(app_database, "park_drug_dealing", page="results", lang=lang)
    assert app.title[0].value == title
    show(app, results__what_if__panel=True, results__explanation__panel=True)
    assert len(app.slider) == 12
    assert len(charts(app)) == 2


def test_an_option_with_unanswered_gates_is_listed_as_not_placed(app_database, content):
    app = open_example(app_database, "christmas_market", page="results")
    document = Assessment.model_validate(saved_document(app_database, app))
    document.options.append(AssessedOption(key="anpr", catalogue_id="anpr"))
    AssessmentService(Storage(make_engine(app_database)), content).save(app.session_state["actor"], document, 1)

    again = no_exception(new_app(a=app.query_params["a"], who="Ada", lang="en").run())
    no_exception(again.switch_page("secu4all_ethics/ui/pages/results.py").run())
    result = engine_result(app_database, again, content)
    anpr = next(option for option in result.options if option.key == "anpr")
    assert anpr.status == "incomplete" and anpr.unanswered_gates
    ranking = table(again, "Rank")
    assert list(ranking["Option"]).index(anpr.name) == len(result.ranking)  # after the ranked options
    assert ranking[ranking["Option"] == anpr.name].iloc[0]["Status"] == "Not placed: information missing"
    gates = ", ".join(content.gates[g].name.get("en") for g in anpr.unanswered_gates)
    assert any(i.value == f"{anpr.name} cannot be placed until this is completed: answers to the legal gates {gates}." for i in again.info)
    # The way to complete it, then the link every step ends with.
    assert [link.label for link in again.get("page_link")] == ["Go to 3 Legal screening", "Next step: 7 Decision and report"]


def test_a_blank_assessment_explains_why_there_is_no_result(app_database):
    app = open_example(app_database, "blank", page="results", lang="it")
    assert app.title[0].value == "6 Risultati"
    assert any(m.value.startswith("**Non è ancora possibile raccomandare") for m in app.markdown)
    assert any("almeno due opzioni" in i.value for i in app.info)
    assert not app.table and not app.get("plotly_chart")


def test_an_overridden_catalogue_fails_and_a_prohibited_category_are_warned(app_database, content):
    from secu4all_ethics.domain.assessment import GateAnswer

    app = open_example(app_database, "christmas_market", page="results")
    document = Assessment.model_validate(saved_document(app_database, app))
    lfr = next(option for option in document.options if option.key == "live_facial_recognition")
    lfr.gate_answers = {gate.id: GateAnswer(answer="passes", justification="The prefect authorised it for the market.") for gate in content.legal.gates}
    AssessmentService(Storage(make_engine(app_database)), content).save(app.session_state["actor"], document, 1)

    again = no_exception(new_app(a=app.query_params["a"], who="Ada", lang="en").run())
    no_exception(again.switch_page("secu4all_ethics/ui/pages/results.py").run())
    result = engine_result(app_database, again, content)
    name = content.technologies_by_id["live_facial_recognition"].name.get("en")
    assert "live_facial_recognition" in result.ranking
    shown = [w.value for w in again.warning]
    overridden = [w.message for w in result.warnings if w.code == "gate_hint_overridden"]
    assert len(overridden) == 3 and all(message in shown for message in overridden)
    assert any(text.startswith(f"{name}: the catalogue indicates that it fails") for text in shown)
    assert f"{name} is ranked although its AI Act category is “Prohibited practice”: correct the category or the answer to the gates." in shown
