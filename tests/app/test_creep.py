"""What the next step adds, on the Results page, and the re-assessment triggers the Decision page offers (issue #17)."""

from secu4all_ethics import load_content
from secu4all_ethics.i18n import t
from tests.app.conftest import no_exception, open_example, saved_document, widget

BUNDLE = load_content()
CCTV = next(ladder for ladder in BUNDLE.ladders if ladder.id == "cctv")


def name(technology_id, language="en"):
    return BUNDLE.technologies_by_id[technology_id].name.get(language)


def test_the_results_page_shows_each_step_up_from_the_options_compared(app_database):
    app = open_example(app_database, "park_drug_dealing", page="results", lang="fr")
    ladder = CCTV.name.get("fr")
    labels = [expander.label for expander in app.expander]
    assert t("creep.ladder_heading", "fr", option=name("fixed_cctv", "fr"), ladder=ladder) in labels
    assert t("creep.ladder_heading", "fr", option=name("video_analytics", "fr"), ladder=ladder) in labels
    steps = [subheader.value for subheader in app.subheader]
    assert t("creep.step", "fr", lower=name("video_analytics", "fr"), higher=name("retrospective_facial_recognition", "fr")) in steps
    warnings = [warning.value for warning in app.warning]
    assert any(text.startswith("Cette étape exige une nouvelle évaluation avant toute utilisation :") for text in warnings)


def test_the_decision_page_adds_a_suggested_trigger_with_one_click(app_database):
    app = open_example(app_database, "park_drug_dealing", page="decision")
    no_exception(widget(app.radio, "decision.conclusion").set_value("recommend_option").run())
    no_exception(widget(app.selectbox, "decision.recommended_option").set_value("fixed_cctv").run())
    first = widget(app.button, "creep.trigger[0]")
    assert first.label == t("creep.triggers.add", "en") and not first.disabled
    before = widget(app.text_area, "proportionality.reassessment_triggers").value
    no_exception(first.click().run())
    expected = t(
        "creep.trigger",
        "en",
        higher=name("cctv_control_room"),
        upgrade=CCTV.steps[1].upgrade.get("en").rstrip("."),
    )
    assert widget(app.text_area, "proportionality.reassessment_triggers").value.splitlines() == [*before.splitlines(), expected]
    assert saved_document(app_database, app)["proportionality"]["reassessment_triggers"][-1] == expected
    added = widget(app.button, "creep.trigger[0]")
    assert added.label == t("creep.triggers.present", "en") and added.disabled
    assert t("creep.triggers.added", "en", count=1) in [s.value for s in app.success]
    # the rest in one click, each once
    no_exception(widget(app.button, "creep.trigger.all").click().run())
    triggers = saved_document(app_database, app)["proportionality"]["reassessment_triggers"]
    assert len(triggers) == len(before.splitlines()) + 6 and len(set(triggers)) == len(triggers)
