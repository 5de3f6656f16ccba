"""5 Scores: the grid of options x criteria, reference scores prefilled,
departures only with a rationale, evidence grades and ranges, completeness."""

import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.domain.assessment import AssessedOption, CustomOption, GateAnswer, PointsWeights
from secu4all_ethics.domain.content import CostModel, DataProcessed, LocalizedText
from secu4all_ethics.i18n import format_money, t
from secu4all_ethics.services.assessments import AssessmentService
from secu4all_ethics.services.auth import unauthenticated_actor
from secu4all_ethics.settings import AppSettings
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.storage.schema_version import upgrade
from secu4all_ethics.wording import word_result
from tests.app.conftest import go, new_app, no_exception, open_example, saved_document
from tests.conftest import EXAMPLES_DIR


def widget(collection, suffix):
    """The widget of a collection whose key ends with suffix (keys carry the assessment id first)."""
    matches = [w for w in collection if w.key and w.key.endswith(f":scores.{suffix}")]
    assert matches, f"no widget scores.{suffix}"
    return matches[0]


def slider(app, option, criterion):
    return widget(app.select_slider, f"{option}.{criterion}.value")


def rationale(app, option, criterion):
    return widget(app.text_area, f"{option}.{criterion}.rationale")


def choose_criterion(app, criterion):
    no_exception(widget(app.selectbox, "criterion").set_value(criterion).run())


def progress(app):
    return app.get("progress")[0]


def score_of(document, option, criterion):
    return next(o for o in document["options"] if o["key"] == option)["scores"].get(criterion)


def reference(bundle, technology, criterion):
    return bundle.technologies_by_id[technology].scores[criterion]


def texts(elements):
    return " ".join(e.value for e in elements)


# --- what the page shows ------------------------------------------------------------------


@pytest.mark.parametrize("lang, title, overview", [("en", "5 Scores", "Ranked"), ("fr", "5 Notes", "Classée")])
def test_the_grid_completeness_and_reference_scores_are_shown(app_database, bundle, lang, title, overview):
    app = open_example(app_database, "park_drug_dealing", page="scores", lang=lang)
    assert app.title[0].value == title
    result = word_result(evaluate(load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"), bundle, with_acceptability=False), bundle, lang)
    grid = app.dataframe[0].value
    assert list(grid.iloc[:, 0]) == [option.name for option in result.options]
    names = {c.id: c.name.get(lang) for c in bundle.framework.criteria}
    lighting = grid.iloc[0]
    # the assessor's override of the example is marked, the reference is not, the cost comes from the cost model
    assert lighting[names["effectiveness_evidence"]] == "4 ✎"
    assert lighting[names["privacy_intrusion"]] == str(int(result.options[0].criteria["privacy_intrusion"].configured))
    assert lighting[names["total_cost_of_ownership"]].endswith("€")
    assert lighting.iloc[1] == overview
    # every option still in the running is complete in the example
    assert progress(app).value == 100
    # the reference score is prefilled where the user scores
    assert slider(app, "cpted_place_management", "effectiveness_evidence").value == reference(bundle, "cpted_place_management", "effectiveness_evidence").value
    assert slider(app, "improved_lighting", "effectiveness_evidence").value == 4
    assert rationale(app, "improved_lighting", "effectiveness_evidence").value.startswith("Lowered from 5")


def test_the_criterion_shows_its_anchors_and_the_catalogue_sources(app_database, bundle):
    app = open_example(app_database, "park_drug_dealing", page="scores")
    choose_criterion(app, "privacy_intrusion")
    criterion = bundle.criteria["privacy_intrusion"]
    shown = texts(app.markdown)
    for level in range(1, 6):
        assert criterion.anchors[level].en in shown
    assert criterion.guiding_questions[0].en in shown
    cctv = reference(bundle, "fixed_cctv", "privacy_intrusion")
    assert cctv.rationale.en in texts(app.caption)
    assert bundle.references_by_id[cctv.sources[0]].citation_in("en").replace("|", "\\|") in shown


def test_excluded_options_are_listed_apart_and_cannot_be_scored(app_database):
    app = open_example(app_database, "park_drug_dealing", page="scores")
    assert not [s for s in app.select_slider if ".drones." in s.key or ".video_analytics." in s.key]
    assert any("Excluded options (3)" in e.label for e in app.expander)
    assert any("do not count in the ranking" in c.value and "Lawful basis" in c.value for c in app.caption)
    grid = app.dataframe[0].value
    assert (grid[grid.iloc[:, 0] == "Camera drones (UAS)"].iloc[0, 1]) == "Excluded by a legal gate"


def test_the_cost_criterion_comes_from_the_cost_model(app_database, bundle):
    app = open_example(app_database, "park_drug_dealing", page="scores")
    choose_criterion(app, "total_cost_of_ownership")
    assert not app.select_slider
    assert any("not scored by hand" in i.value for i in app.info)
    result = word_result(evaluate(load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"), bundle, with_acceptability=False), bundle, "en")
    costs = app.dataframe[1].value
    assert list(costs["Yearly cost of ownership"]) == [format_money(o.cost.yearly_total_eur, "en") for o in result.options]


# --- saving rules -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang, warning", [("en", "explain why in the rationale"), ("de", "Begründen Sie die Abweichung")])
def test_a_departure_without_a_rationale_is_not_saved(app_database, lang, warning):
    app = open_example(app_database, "park_drug_dealing", page="scores", lang=lang)
    before = saved_document(app_database, app)
    no_exception(slider(app, "fixed_cctv", "effectiveness_evidence").set_value(1).run())
    assert any(warning in w.value for w in app.warning)
    after = saved_document(app_database, app)
    assert score_of(after, "fixed_cctv", "effectiveness_evidence") is None
    assert after["updated_at"] == before["updated_at"]
    # the grid still shows the saved (reference) value
    assert "1" not in app.dataframe[0].value.iloc[3, 2]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_departure_with_a_rationale_is_saved_as_an_assessed_score(app_database, bundle, lang):
    app = open_example(app_database, "park_drug_dealing", page="scores", lang=lang)
    no_exception(slider(app, "fixed_cctv", "effectiveness_evidence").set_value(2).run())
    no_exception(rationale(app, "fixed_cctv", "effectiveness_evidence").set_value("The problem here is violence, not car crime.").run())
    no_exception(widget(app.selectbox, "fixed_cctv.effectiveness_evidence.grade").set_value("expert_judgement").run())
    saved = score_of(saved_document(app_database, app), "fixed_cctv", "effectiveness_evidence")
    reference_score = reference(bundle, "fixed_cctv", "effectiveness_evidence")
    assert saved["value"] == 2
    assert saved["rationale"] == "The problem here is violence, not car crime."
    assert saved["evidence_grade"] == "expert_judgement"
    assert (saved["low"], saved["high"]) == (reference_score.low, reference_score.high)
    assert not app.warning
    assert app.dataframe[0].value.iloc[3, 2] == "2 ✎"


def test_a_range_that_does_not_contain_the_score_is_refused(app_database):
    app = open_example(app_database, "park_drug_dealing", page="scores")
    no_exception(widget(app.selectbox, "cpted_place_management.effectiveness_evidence.high").set_value(2).run())
    assert any("does not contain the score 3" in w.value for w in app.warning)
    assert score_of(saved_document(app_database, app), "cpted_place_management", "effectiveness_evidence") is None
    no_exception(widget(app.selectbox, "cpted_place_management.effectiveness_evidence.high").set_value(5).run())
    # a valid range is still not saved without a rationale: every score carries one
    assert any("needs a rationale" in w.value for w in app.warning)
    assert score_of(saved_document(app_database, app), "cpted_place_management", "effectiveness_evidence") is None
    no_exception(rationale(app, "cpted_place_management", "effectiveness_evidence").set_value("Results vary with upkeep.").run())
    saved = score_of(saved_document(app_database, app), "cpted_place_management", "effectiveness_evidence")
    assert (saved["value"], saved["high"], saved["rationale"]) == (3, 5, "Results vary with upkeep.")


def test_back_to_the_reference_removes_the_override(app_database, bundle):
    app = open_example(app_database, "park_drug_dealing", page="scores")
    original = reference(bundle, "guardians_stewards", "effectiveness_evidence").value
    no_exception(slider(app, "guardians_stewards", "effectiveness_evidence").set_value(original + 1).run())
    no_exception(rationale(app, "guardians_stewards", "effectiveness_evidence").set_value("Trained team already in place.").run())
    assert score_of(saved_document(app_database, app), "guardians_stewards", "effectiveness_evidence")["value"] == original + 1
    # the value back at the reference with nothing else changed: the override goes
    no_exception(rationale(app, "guardians_stewards", "effectiveness_evidence").set_value("").run())
    no_exception(slider(app, "guardians_stewards", "effectiveness_evidence").set_value(original).run())
    assert score_of(saved_document(app_database, app), "guardians_stewards", "effectiveness_evidence") is None
    # the example's own override, removed with the button
    no_exception(widget(app.button, "improved_lighting.effectiveness_evidence.reset").click().run())
    assert score_of(saved_document(app_database, app), "improved_lighting", "effectiveness_evidence") is None
    assert slider(app, "improved_lighting", "effectiveness_evidence").value == reference(bundle, "improved_lighting", "effectiveness_evidence").value
    assert rationale(app, "improved_lighting", "effectiveness_evidence").value == ""


def test_a_vendor_claim_is_labelled(app_database):
    app = open_example(app_database, "park_drug_dealing", page="scores")
    no_exception(rationale(app, "fixed_cctv", "effectiveness_evidence").set_value("The supplier's brochure promises fewer thefts.").run())
    no_exception(widget(app.selectbox, "fixed_cctv.effectiveness_evidence.grade").set_value("vendor_claim").run())
    assert any("rests only on a vendor claim" in c.value for c in app.caption)
    assert score_of(saved_document(app_database, app), "fixed_cctv", "effectiveness_evidence")["evidence_grade"] == "vendor_claim"
    assert app.dataframe[0].value.iloc[3, 2].endswith("⚠")


# --- custom options and errors ------------------------------------------------------------


def store(app_database, bundle, assessment):
    organisation = AppSettings.load({}).auth.default_organisation
    actor = unauthenticated_actor("Ada", "assessor", organisation)
    engine = make_engine(app_database)
    try:
        upgrade(engine)
        return AssessmentService(Storage(engine), bundle).create(actor, assessment).assessment_id
    finally:
        engine.dispose()


def text(value):
    return LocalizedText(en=value, fr=value, de=value, it=value)


def with_custom_option(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    assessment.options.append(
        AssessedOption(
            key="night_bus",
            custom=CustomOption(
                name="Night bus to the estate",
                kind="alternative",
                intrusiveness=1,
                data_processed=DataProcessed(personal=False, biometric=False, audio=False, location=False),
            ),
            gate_answers={gate.id: GateAnswer(answer="not_applicable") for gate in bundle.legal.gates},
            cost_model=CostModel(
                capital_cost_eur=0,
                yearly_operating_cost_eur=40_000,
                staff_fte=0,
                lifetime_years=5,
                scope=text("One night line"),
                evidence_grade="expert_judgement",
                rationale=text("Transport operator quote"),
            ),
        )
    )
    return assessment


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_completeness_goes_up_when_a_custom_option_gets_a_score(app_database, bundle, lang):
    assessment_id = store(app_database, bundle, with_custom_option(bundle))
    app = no_exception(new_app(a=assessment_id, who="Ada", lang=lang).run())
    no_exception(go(app, "scores"))
    before = progress(app).value
    assert before < 100
    assert any("Night bus to the estate" in w.value for w in app.warning)
    # the first criterion with something to score is chosen; the custom option has no reference
    night_bus = slider(app, "night_bus", "effectiveness_evidence")
    assert night_bus.value == 0
    no_exception(rationale(app, "night_bus", "effectiveness_evidence").set_value("Evaluated in a neighbouring city.").run())
    no_exception(night_bus.set_value(3).run())
    assert progress(app).value > before
    saved = score_of(saved_document(app_database, app), "night_bus", "effectiveness_evidence")
    assert saved["value"] == 3 and saved["evidence_grade"] == "expert_judgement"
    assert not any(t("scores.warning.not_saved", lang, problem="", saved="")[:12] in w.value for w in app.warning)


def test_unusable_weights_are_reported_and_the_scores_still_shown(app_database, bundle):
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    assessment.weights = PointsWeights(method="points", points={c: 5 for c in bundle.criterion_ids})
    app = no_exception(new_app(a=store(app_database, bundle, assessment), who="Ada", lang="en").run())
    no_exception(go(app, "scores"))
    assert any("the points add up to 60; share out exactly 100" in e.value for e in app.error)
    assert len(app.dataframe[0].value) == len(assessment.options)
    assert app.select_slider
