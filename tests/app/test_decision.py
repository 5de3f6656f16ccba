"""7 Decision and report: the conclusion and the recommended option, the action
plan (edited item by item, completed from the recommended option's
configurations and obligations), residual risks, proportionality, the public
summary, all saved as they are made; submission to the data protection
officer; the report downloads."""

import datetime as dt
import re

from secu4all_ethics import load_content
from secu4all_ethics.i18n import t
from secu4all_ethics.services.reports import ReportService
from tests.app.conftest import go, new_app, no_exception, open_example, saved_document

BUNDLE = load_content()


def widget(widgets, suffix):
    """The widget whose key ends with this stable field path (keys carry the assessment id first)."""
    found = [w for w in widgets if w.key and w.key.endswith(f":{suffix}")]
    assert len(found) == 1, f"{suffix}: {len(found)} widgets"
    return found[0]


def button(app, suffix):
    return widget(app.button, suffix)


def texts(elements):
    return [element.value for element in elements]


def reopen(app, who="Ada", role="assessor", page="decision", lang="en"):
    """The same assessment in a new session, as after a browser refresh: everything comes from the database."""
    fresh = no_exception(new_app(lang=lang, who=who, role=role, a=app.query_params["a"]).run())
    return no_exception(go(fresh, page))


def test_the_page_shows_the_example_decision_and_its_plan(app_database, monkeypatch):
    offered = []
    monkeypatch.setattr(ReportService, "prepare_pdf", lambda self, actor, assessment_id, language: offered.append((assessment_id, language)))
    app = open_example(app_database, "park_drug_dealing", page="decision")
    assert app.title[0].value == "7 Decision and report"
    assert widget(app.radio, "decision.conclusion").value == "alternative_suffices"
    option = widget(app.selectbox, "decision.recommended_option")
    assert option.value == "improved_lighting"
    lighting = BUNDLE.technologies_by_id["improved_lighting"].name.get("en")
    assert re.fullmatch(re.escape(lighting) + r" \(rank 1, \d\.\d\d out of 5\)", option.format_func("improved_lighting"))
    assert "excluded by a legal gate" in option.format_func("video_analytics")
    assert widget(app.text_area, "decision.action_plan[0].description").value.startswith("Repair or replace the 31 defective lights")
    assert widget(app.text_input, "decision.action_plan[0].owner").value == "Public lighting service, with the Coteaux social centre"
    assert widget(app.date_input, "decision.action_plan[0].due").value == dt.date(2027, 3, 15)
    assert widget(app.selectbox, "decision.action_plan[0].origin").value == "configuration"
    assert widget(app.selectbox, "decision.action_plan[0].status").value == "in_progress"
    # every configuration of the recommended option already has its commitment
    commitments = button(app, "decision.action_plan:commitments")
    assert commitments.label == "Add the commitments of the recommended option (0)" and commitments.disabled
    assert t("report.review.state.draft", "en") in texts(app.info)
    # five report downloads, built only when clicked
    downloads = [b for b in app.get("download_button") if b.key.startswith("report-download-")]
    assert sorted(b.key for b in downloads) == [f"report-download-{f}" for f in ("docx", "html", "json", "md", "pdf")]
    assert not any(b.disabled for b in downloads)
    # Showing the PDF download starts making the PDF ahead, so that it is made by the click.
    assert offered and set(offered) == {(app.query_params["a"], "en")}


def test_editing_the_decision_and_the_plan_autosaves(app_database):
    app = open_example(app_database, "park_drug_dealing", page="decision")
    no_exception(widget(app.text_area, "decision.question").set_value("  Lighting first, or cameras now?  ").run())
    no_exception(widget(app.text_area, "decision.conditions").set_value("Review after six months.").run())
    no_exception(widget(app.text_input, "decision.action_plan[1].owner").set_value("Parks department").run())
    no_exception(widget(app.date_input, "decision.action_plan[1].due").set_value(dt.date(2026, 3, 31)).run())
    no_exception(widget(app.selectbox, "decision.action_plan[1].status").set_value("in_progress").run())
    no_exception(widget(app.text_area, "decision.action_plan[1].description").set_value("Safety audit with residents.").run())
    no_exception(widget(app.text_area, "residual_risks").set_value("Displacement to the stairwells\n\n  Lighting vandalised  \n").run())
    no_exception(widget(app.text_area, "proportionality.statement").set_value("No personal data are processed.").run())
    no_exception(widget(app.date_input, "proportionality.review_date").set_value(dt.date(2026, 6, 30)).run())
    no_exception(widget(app.date_input, "proportionality.sunset_date").set_value(None).run())
    no_exception(widget(app.text_area, "proportionality.reassessment_triggers").set_value("A camera proposal\nA serious incident").run())
    no_exception(widget(app.text_area, "public_summary").set_value("The city lights the park first.").run())

    document = saved_document(app_database, app)
    assert document["decision"]["question"] == "Lighting first, or cameras now?"
    assert document["decision"]["conditions"] == "Review after six months."
    item = document["action_plan"][1]
    assert item == {
        "description": "Safety audit with residents.",
        "owner": "Parks department",
        "due": "2026-03-31",
        "origin": "configuration",
        "origin_ref": "resident_coproduction",
        "status": "in_progress",
    }
    assert document["residual_risks"] == ["Displacement to the stairwells", "Lighting vandalised"]
    assert document["proportionality"]["statement"] == "No personal data are processed."
    assert document["proportionality"]["review_date"] == "2026-06-30"
    assert document["proportionality"]["sunset_date"] is None
    assert document["proportionality"]["reassessment_triggers"] == ["A camera proposal", "A serious incident"]
    assert document["public_summary"] == "The city lights the park first."
    assert document["status"] == "draft"

    # a refresh (a new session) shows what the database holds
    again = reopen(app)
    assert widget(again.text_area, "decision.question").value == "Lighting first, or cameras now?"
    assert widget(again.text_input, "decision.action_plan[1].owner").value == "Parks department"
    assert widget(again.date_input, "decision.action_plan[1].due").value == dt.date(2026, 3, 31)
    assert widget(again.selectbox, "decision.action_plan[1].status").value == "in_progress"
    assert widget(again.date_input, "proportionality.review_date").value == dt.date(2026, 6, 30)
    assert widget(again.date_input, "proportionality.sunset_date").value is None
    assert widget(again.text_area, "residual_risks").value == "Displacement to the stairwells\nLighting vandalised"


def test_a_conclusion_that_names_an_option_waits_for_it_and_warns_about_exclusions(app_database):
    app = open_example(app_database, "park_drug_dealing", page="decision")
    no_exception(widget(app.radio, "decision.conclusion").set_value("undecided").run())
    no_exception(widget(app.selectbox, "decision.recommended_option").set_value(None).run())
    decision = saved_document(app_database, app)["decision"]
    assert decision["conclusion"] == "undecided" and decision["recommended_option"] is None

    # "recommend an option" without the option: not saved, and the page says why
    no_exception(widget(app.radio, "decision.conclusion").set_value("recommend_option").run())
    assert t("decision.option_needed", "en") in texts(app.warning)
    assert saved_document(app_database, app)["decision"]["conclusion"] == "undecided"
    assert not app.error  # no "Not saved" message: nothing was sent

    # an option excluded by a legal gate is named as such
    no_exception(widget(app.selectbox, "decision.recommended_option").set_value("video_analytics").run())
    decision = saved_document(app_database, app)["decision"]
    assert decision == {**decision, "conclusion": "recommend_option", "recommended_option": "video_analytics"}
    excluded = texts(app.error)
    assert len(excluded) == 1 and excluded[0].startswith(BUNDLE.technologies_by_id["video_analytics"].name.get("en")) and "cannot be recommended" in excluded[0]
    assert "Lawful basis and competence" in excluded[0]

    # a ranked option that is not first: the page asks for the reasons
    no_exception(widget(app.selectbox, "decision.recommended_option").set_value("fixed_cctv").run())
    assert not app.error
    assert any("ranks 5 under the weights used" in text for text in texts(app.info))
    # "a less intrusive alternative suffices" with a technology is flagged
    no_exception(widget(app.radio, "decision.conclusion").set_value("alternative_suffices").run())
    assert any("is not a less intrusive alternative" in text for text in texts(app.warning))
    assert saved_document(app_database, app)["decision"]["conclusion"] == "alternative_suffices"


def test_the_commitments_of_the_recommended_option_are_added_once(app_database):
    app = open_example(app_database, "park_drug_dealing", page="decision")
    no_exception(widget(app.radio, "decision.conclusion").set_value("recommend_option").run())
    no_exception(widget(app.selectbox, "decision.recommended_option").set_value("fixed_cctv").run())
    before = saved_document(app_database, app)["action_plan"]
    commitments = button(app, "decision.action_plan:commitments")
    # two configurations (72-hour retention, privacy masking) and five obligations; the DPIA is already planned.
    # The municipal police watch the park's cameras for both purposes: the LED's duties come with the GDPR's (#14).
    assert commitments.label == "Add the commitments of the recommended option (7)" and not commitments.disabled
    no_exception(commitments.click().run())
    plan = saved_document(app_database, app)["action_plan"]
    assert plan[: len(before)] == before
    added = plan[len(before) :]
    assert [(item["origin"], item["origin_ref"], item["status"]) for item in added] == [
        ("configuration", "retention_72h", "planned"),
        ("configuration", "privacy_masking", "planned"),
        ("obligation", "signage_information", "planned"),
        ("obligation", "led_dpia", "planned"),
        ("obligation", "led_prior_consultation", "planned"),
        ("obligation", "led_information", "planned"),
        ("obligation", "national_authorisation", "planned"),
    ]
    assert all(item["owner"] == "" and item["due"] is None for item in added)
    retention = next(c for c in BUNDLE.technologies_by_id["fixed_cctv"].configurations if c.id == "retention_72h")
    assert added[0]["description"] == f"{retention.name.get('en')}: {retention.description.get('en')}"
    signage = BUNDLE.obligations["signage_information"]
    assert added[2]["description"] == f"{signage.name.get('en')}: {signage.description.get('en')}"
    assert t("decision.plan.added", "en", count=7) in texts(app.success)
    # the new items have their widgets, in the document's order
    assert widget(app.text_area, f"decision.action_plan[{len(before)}].description").value == added[0]["description"]
    assert widget(app.selectbox, f"decision.action_plan[{len(before) + 3}].origin").value == "obligation"
    commitments = button(app, "decision.action_plan:commitments")
    assert commitments.label.endswith("(0)") and commitments.disabled
    assert any(caption.value.startswith("Every configuration and every obligation of") for caption in app.caption)


def test_items_are_added_and_removed_and_the_widgets_follow(app_database):
    app = open_example(app_database, "park_drug_dealing", page="decision")
    plan = saved_document(app_database, app)["action_plan"]
    no_exception(button(app, "decision.action_plan[0]:remove").click().run())
    after = saved_document(app_database, app)["action_plan"]
    assert after == plan[1:]
    # the first row now shows what was the second item, not the removed one's text
    assert widget(app.text_area, "decision.action_plan[0].description").value == plan[1]["description"]
    assert widget(app.text_input, "decision.action_plan[0].owner").value == plan[1]["owner"]
    no_exception(button(app, "decision.action_plan:add").click().run())
    added = saved_document(app_database, app)["action_plan"][-1]
    assert added == {"description": "New commitment", "owner": "", "due": None, "origin": "assessor", "origin_ref": "", "status": "planned"}
    last = len(after)
    no_exception(widget(app.text_area, f"decision.action_plan[{last}].description").set_value("Publish the lighting plan.").run())
    assert saved_document(app_database, app)["action_plan"][-1]["description"] == "Publish the lighting plan."


def test_submitting_asks_for_confirmation_then_shows_the_submitted_state(app_database):
    app = open_example(app_database, "station_car_park", page="decision")
    version = saved_document(app_database, app)
    no_exception(app.button(key="decision-submit").click().run())
    # nothing is submitted before the confirmation
    assert saved_document(app_database, app)["status"] == "draft"
    # the confirmation names the version that is submitted, the one the DPO reviews and signs
    assert t("decision.submit.confirm", "en", version=2) in texts(app.warning)
    no_exception(app.button(key="decision-submit-cancel").click().run())
    assert saved_document(app_database, app)["status"] == "draft"
    no_exception(app.button(key="decision-submit").click().run())
    no_exception(app.button(key="decision-submit-confirm").click().run())
    document = saved_document(app_database, app)
    assert document["status"] == "submitted"
    assert {k: v for k, v in document.items() if k != "status"} == {k: v for k, v in version.items() if k != "status"}
    assert t("decision.submit.done", "en", version=2) in texts(app.success)
    banner = [text for text in texts(app.info) if text.startswith(t("report.review.state.submitted", "en"))]
    assert banner and "Version 2 was submitted by Ada (self-declared, not authenticated) on" in banner[0]
    assert not [b for b in app.button if b.key == "decision-submit"]
    # an edit after the submission starts a new draft, with no conflict
    no_exception(widget(app.text_area, "decision.conditions").set_value("Lights first.").run())
    document = saved_document(app_database, app)
    assert document["status"] == "draft" and document["decision"]["conditions"] == "Lights first."
    assert not app.error
    assert app.button(key="decision-submit")


def test_in_french_and_read_only_for_a_dpo(app_database):
    app = open_example(app_database, "park_drug_dealing", page="decision", lang="fr")
    assert app.title[0].value == "7 Décision et rapport"
    assert widget(app.radio, "decision.conclusion").format_func("alternative_suffices") == "Une solution moins intrusive suffit"
    dpo = reopen(app, who="Dora", role="dpo", lang="fr")
    assert any(text.startswith("Vous consultez cette page en lecture seule") for text in texts(dpo.info))
    assert widget(dpo.text_area, "decision.question").disabled
    assert widget(dpo.radio, "decision.conclusion").disabled
    assert button(dpo, "decision.action_plan:add").disabled
    assert not [b for b in dpo.button if b.key == "decision-submit"]
    # the downloads are for everyone who may read the assessment
    assert len([b for b in dpo.get("download_button") if b.key.startswith("report-download-")]) == 5


def test_a_blank_assessment_and_unusable_weights_show_no_traceback(app_database):
    app = no_exception(new_app(lang="en").run())
    app.text_input(key="who").set_value("Ada").run()
    no_exception(app.button(key="create").click().run())  # a blank assessment
    no_exception(go(app, "decision"))
    option = widget(app.selectbox, "decision.recommended_option")
    assert option.options == [] and option.value is None
    assert t("decision.plan.no_recommendation", "en") in texts(app.caption)
    assert button(app, "decision.action_plan:commitments").disabled
    # a blank assessment cannot be submitted: the checklist says why (test_the_checklist_...)
    assert app.button(key="decision-submit").disabled
    assert saved_document(app_database, app)["status"] == "draft"

    # weights the engine refuses: the decision page still works, the review says why there is no report
    zero = {"method": "direct", "values": {criterion: 0 for criterion in BUNDLE.criterion_ids}}
    imported = import_example(app_database, "christmas_market", weights=zero)
    no_exception(go(imported, "decision"))
    assert widget(imported.selectbox, "decision.recommended_option").value == "hvm_street_furniture"
    assert t("decision.report.unavailable", "en") in texts(imported.warning)
    downloads = [b for b in imported.get("download_button") if b.key.startswith("report-download-")]
    assert len(downloads) == 5 and all(b.disabled for b in downloads)
    no_exception(imported.button(key="decision-submit").click().run())
    no_exception(imported.button(key="decision-submit-confirm").click().run())
    dpo = reopen(imported, who="Dora", role="dpo", page="review")
    assert "The report of the submitted version could not be built: all weights are zero: give at least one criterion a positive weight" in texts(dpo.error)
    assert not dpo.expander


def checklist(app):
    """The checklist's links: (label, the page's address)."""
    return [(link.value, link.proto.page) for link in app.get("page_link") if link.proto.page != "start"]


def test_the_checklist_lists_what_a_blank_assessment_lacks_each_item_a_link_to_its_page(app_database):
    app = no_exception(new_app(lang="en").run())
    app.text_input(key="who").set_value("Ada").run()
    no_exception(app.button(key="create").click().run())
    no_exception(go(app, "decision"))
    assert "**Still to complete before submission (4):**" in texts(app.markdown)
    assert checklist(app) == [
        ("1 Need and context: the problem to solve is not described", "need"),
        ("1 Need and context: the legitimate aim is not stated", "need"),
        ("2 Options: no option is compared", "options"),
        ("7 Decision and report: no conclusion is chosen", "decision"),
    ]
    submit = app.button(key="decision-submit")
    assert submit.disabled and submit.help == t("decision.submit.incomplete", "en")

    french = reopen(app, lang="fr")
    assert "**Encore à compléter avant la soumission (4) :**" in texts(french.markdown)
    assert checklist(french)[0] == ("1 Besoin et contexte : le problème à résoudre n'est pas décrit", "need")


def test_the_checklist_follows_the_decision_and_names_options_gates_and_criteria(app_database):
    app = open_example(app_database, "station_car_park", page="decision")
    assert t("decision.checklist.complete", "en") in texts(app.success)
    assert not checklist(app) and not app.button(key="decision-submit").disabled
    # a measure is chosen: the proportionality statement and its review date are needed
    no_exception(widget(app.text_area, "proportionality.statement").set_value("").run())
    no_exception(widget(app.date_input, "proportionality.review_date").set_value(None).run())
    assert checklist(app) == [
        ("7 Decision and report: the proportionality statement is missing", "decision"),
        ("7 Decision and report: the proportionality statement has no review date", "decision"),
    ]
    assert app.button(key="decision-submit").disabled
    no_exception(widget(app.radio, "decision.conclusion").set_value("no_option_justified").run())
    assert t("decision.checklist.complete", "en") in texts(app.success)

    # a gate nobody answered and a score nobody gave: named, with the option, on their pages
    from secu4all_ethics.domain.assessment import AssessedOption, Assessment, CustomOption
    from secu4all_ethics.domain.content import DataProcessed
    from secu4all_ethics.services.assessments import AssessmentService
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage

    document = Assessment.model_validate(saved_document(app_database, app))
    custom = CustomOption(
        name="Mobile patrol [van]", intrusiveness=2, data_processed=DataProcessed(personal=False, biometric=False, audio=False, location=False)
    )
    cost = BUNDLE.technologies_by_id["fixed_cctv"].cost_model
    document.options.append(AssessedOption(key="patrol", custom=custom, cost_model=cost))
    stored = AssessmentService(Storage(make_engine(app_database)), BUNDLE).save(
        app.session_state["actor"], document, app.session_state["open_assessment_version"]
    )
    again = reopen(app)
    links = checklist(again)
    gates = ", ".join(gate.name.get("en") for gate in BUNDLE.legal.gates)
    assert ("3 Legal screening: Mobile patrol \\[van\\]: no answer to " + gates, "screening") in links
    assert any(label.startswith("5 Scores: Mobile patrol \\[van\\]: no score for ") and page == "scores" for label, page in links)
    assert stored.version > 1


def import_example(app_database, name, **changes):
    import yaml

    from tests.conftest import EXAMPLES_DIR

    document = yaml.safe_load((EXAMPLES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    document.update(changes)
    app = no_exception(new_app(lang="en").run())
    app.text_input(key="who").set_value("Ada").run()
    data = yaml.safe_dump(document, allow_unicode=True).encode("utf-8")
    app.file_uploader(key="import-file").upload(f"{name}.yaml", data, "application/x-yaml").run()
    return no_exception(app.button(key="import").click().run())
