"""Review: the data protection officer records a verdict per report section and
an overall opinion, asks for changes (the assessors see the comments and can
adopt "improvable" points as commitments) or signs off once every section has
a verdict, none is "to correct" and an opinion is recorded. Other roles see
the review read-only; the service's refusals are shown as messages."""

from secu4all_ethics.i18n import t
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.ui.context import ACTOR_KEY
from secu4all_ethics.ui.reporting import ReviewRecord, report_file_name
from secu4all_ethics.ui.text import literal
from tests.app.conftest import go, new_app, no_exception, open_example, saved_document, widget
from tests.builders import with_dpia

DPO = "Dora Dupuis"
# Sign-in mode none: every name is typed, and shown as such.
SELF_DECLARED_DPO = "Dora Dupuis (self-declared, not authenticated)"
SELF_DECLARED_ADA = "Ada (self-declared, not authenticated)"


def texts(elements):
    return [element.value for element in elements]


def submitted(app_database, example="station_car_park"):
    """Ada creates an assessment from an example and submits it from the decision page."""
    assessor = open_example(app_database, example, page="decision")
    no_exception(assessor.button(key="decision-submit").click().run())
    no_exception(assessor.button(key="decision-submit-confirm").click().run())
    assert saved_document(app_database, assessor)["status"] == "submitted"
    return assessor


def as_person(app, who, role, page="review", lang="en"):
    """Another person opens the same assessment (its address) in a session of their own."""
    other = no_exception(new_app(lang=lang, who=who, role=role, a=app.query_params["a"]).run())
    return no_exception(go(other, page))


def review(app, section, verdict, comment=""):
    """Give a verdict on one section, as the DPO does in its expander."""
    version = app.session_state["open_assessment_version"]
    no_exception(widget(app.radio, f"review.{version}.{section}.verdict").set_value(verdict).run())
    no_exception(widget(app.text_area, f"review.{version}.{section}.comment").set_value(comment).run())
    no_exception(widget(app.button, f"review.{version}.{section}.record").click().run())


def opinion(app, value, reasons=""):
    version = app.session_state["open_assessment_version"]
    no_exception(widget(app.radio, f"review.{version}.opinion").set_value(value).run())
    no_exception(widget(app.text_area, f"review.{version}.reasons").set_value(reasons).run())
    no_exception(widget(app.button, f"review.{version}.opinion.record").click().run())


def record_elsewhere(app_database, app, who, **verdict):
    """A verdict recorded through the service by another session."""
    from secu4all_ethics import load_content
    from secu4all_ethics.services.assessments import AssessmentService
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage

    engine = make_engine(app_database)
    try:
        actor = Actor(name=who, role="dpo", organisation=app.session_state[ACTOR_KEY].organisation, authenticated=False)
        AssessmentService(Storage(engine), load_content()).record_verdict(actor, app.query_params["a"], **verdict)
    finally:
        engine.dispose()


def reviews_on_record(app_database, app):
    from secu4all_ethics import load_content
    from secu4all_ethics.services.assessments import AssessmentService
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage

    engine = make_engine(app_database)
    try:
        return AssessmentService(Storage(engine), load_content()).reviews(app.session_state[ACTOR_KEY], app.query_params["a"])
    finally:
        engine.dispose()


def on_record(app_database, app):
    """The latest stored version, the review record and the signed report's file name (Markdown), as the services give them."""
    from secu4all_ethics import load_content
    from secu4all_ethics.services.assessments import AssessmentService
    from secu4all_ethics.services.reports import ReportService
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage

    engine = make_engine(app_database)
    try:
        service = AssessmentService(Storage(engine), load_content())
        actor, assessment_id = app.session_state[ACTOR_KEY], app.query_params["a"]
        name = ReportService(service).export(actor, assessment_id, "en", "md")[1]
        return service.load(actor, assessment_id).version, service.reviews(actor, assessment_id), name
    finally:
        engine.dispose()


def sign_button(app):
    version = app.session_state["open_assessment_version"]
    return widget(app.button, f"review.{version}.sign")


def history(app):
    return app.dataframe[-1].value


def test_nothing_submitted_is_said_and_other_roles_read_only(app_database):
    assessor = open_example(app_database, "station_car_park", page="review")
    assert assessor.title[0].value == t("review.title", "en")
    assert t("review.nothing_submitted", "en", version=1) in texts(assessor.info)
    assert any(text.startswith("You see the review read-only") for text in texts(assessor.info))
    assert not assessor.expander and not assessor.radio
    dpo = as_person(assessor, DPO, "dpo")
    assert t("review.nothing_submitted", "en", version=1) in texts(dpo.info)
    assert not dpo.expander and not [b for b in dpo.button if b.key and ":review." in b.key]


def test_the_dpo_reads_each_section_and_records_verdicts(app_database):
    assessor = submitted(app_database)
    dpo = as_person(assessor, DPO, "dpo")
    assert any(m.value.startswith(f"Version 2, submitted by {SELF_DECLARED_ADA} on") for m in dpo.markdown)
    assert t("report.review.state.submitted", "en") in texts(dpo.info)
    # sign-in mode none: the DPO is told that names are typed and her own-work check cannot hold
    assert t("review.own_work_unenforced", "en") in texts(dpo.warning)
    # the history says who acted (the assessor submitted), not "reviewer"
    assert list(history(dpo).columns[:3]) == ["Date", "Version", "Who"]
    assert list(history(dpo).iloc[:, 2]) == [SELF_DECLARED_ADA]
    # one expander per reviewable section, each with the report's section and a verdict
    labels = [e.label for e in dpo.expander]
    assert len(labels) == len(REVIEWABLE_SECTIONS)
    assert labels[3] == "4. Legal screening — no verdict yet"
    legal = dpo.expander[3]
    assert any(table.value.shape[0] > 0 for table in legal.table)  # the gates, as a table
    review(dpo, "legal", "improvable", "Name the lawful basis of the municipal police.")
    assert t("review.recorded", "en", section="Legal screening", verdict="improvable") in texts(dpo.success)
    assert dpo.expander[3].label == "4. Legal screening — improvable"
    assert "Name the lawful basis" in history(dpo).iloc[-1, 4]
    assert history(dpo).iloc[-1, 3] == "Legal screening: improvable"
    # a verdict that asks for changes needs a comment; no verdict is refused with a message
    review(dpo, "scores", "to_correct", "")
    assert t("review.comment_needed", "en", section="Scores") in texts(dpo.error)
    assert dpo.expander[5].label == "6. Scores — no verdict yet"
    # the status is unchanged: verdicts do not make versions
    assert saved_document(app_database, dpo)["status"] == "submitted"


def test_asking_for_changes_sends_the_comments_to_the_assessor(app_database):
    assessor = submitted(app_database)
    dpo = as_person(assessor, DPO, "dpo")
    review(dpo, "actions", "improvable", "Give the lighting works an owner in the city.")
    review(dpo, "legal", "to_correct", "The lawful basis is not named.")
    version = dpo.session_state["open_assessment_version"]
    # a request for changes needs a comment
    no_exception(widget(dpo.button, f"review.{version}.changes").click().run())
    assert t("review.changes_comment_needed", "en") in texts(dpo.error)
    assert saved_document(app_database, dpo)["status"] == "submitted"
    no_exception(widget(dpo.text_area, f"review.{version}.changes_comment").set_value("See sections 4 and 8.").run())
    no_exception(widget(dpo.button, f"review.{version}.changes").click().run())
    assert saved_document(app_database, dpo)["status"] == "changes_requested"
    assert t("review.changes_requested", "en", version=version) in texts(dpo.success)
    assert t("report.review.state.changes_requested", "en") in texts(dpo.warning)
    assert not [b for b in dpo.button if b.key and b.key.endswith(f"review.{version}.sign")]  # no more review buttons

    # the assessor, in the session that submitted, sees the request and the comments without reloading
    no_exception(go(assessor, "decision"))
    assert t("report.review.state.changes_requested", "en") in texts(assessor.warning)
    comments = "\n".join(m.value for m in assessor.markdown)
    assert literal(f"{SELF_DECLARED_DPO} asked for changes to version {version} on") in comments
    assert "See sections 4 and 8." in comments
    assert "**Legal screening** (to correct): The lawful basis is not named." in comments
    # the improvable point can become a commitment
    adopt = widget(assessor.button, "decision.action_plan:adopt.actions")
    no_exception(adopt.click().run())
    item = saved_document(app_database, assessor)["action_plan"][-1]
    assert item == {
        "description": "Give the lighting works an owner in the city.",
        "owner": "",
        "due": None,
        "origin": "dpo_review",
        "origin_ref": "actions",
        "status": "planned",
    }
    assert not [b for b in assessor.button if b.key and b.key.endswith("decision.action_plan:adopt.actions")]
    # that edit made a new draft, which can be submitted again
    assert saved_document(app_database, assessor)["status"] == "draft"
    assert not assessor.error
    no_exception(assessor.button(key="decision-submit").click().run())
    no_exception(assessor.button(key="decision-submit-confirm").click().run())
    assert saved_document(app_database, assessor)["status"] == "submitted"


def test_sign_off_waits_for_every_verdict_and_the_opinion(app_database):
    assessor = submitted(app_database)
    dpo = as_person(assessor, DPO, "dpo")
    assert sign_button(dpo).disabled
    [missing] = [w for w in texts(dpo.warning) if w.startswith(t("review.sign_off.missing", "en"))]
    assert "a verdict on “Summary”" in missing and "the overall opinion" in missing
    for section in REVIEWABLE_SECTIONS[:-1]:
        review(dpo, section, "acceptable")
    review(dpo, "proportionality", "to_correct", "No sunset date.")
    opinion(dpo, "favourable_with_conditions", "")
    assert t("review.reasons_needed", "en") in texts(dpo.error)
    opinion(dpo, "favourable_with_conditions", "Keep the sunset date of the trial.")
    assert t("review.opinion_recorded", "en", opinion="favourable with conditions") in texts(dpo.success)
    missing = [w for w in texts(dpo.warning) if w.startswith(t("review.sign_off.missing", "en"))]
    items = missing[0].split("Still missing:")[1]
    assert items.split() == "- “Proportionality statement” is marked “to correct”".split()
    assert sign_button(dpo).disabled

    review(dpo, "proportionality", "acceptable")
    assert not sign_button(dpo).disabled

    # what is on record at the click counts, not what the page showed: a verdict recorded
    # meanwhile in another session (say the DPO's second tab) keeps it from being signed
    record_elsewhere(app_database, dpo, DPO, section="proportionality", verdict="to_correct", comment="Sunset date?")
    no_exception(sign_button(dpo).click().run())
    assert any(e.startswith(t("review.sign_off.refused", "en")) for e in texts(dpo.error))
    assert saved_document(app_database, dpo)["status"] == "submitted"
    review(dpo, "proportionality", "acceptable")

    version = dpo.session_state["open_assessment_version"]
    no_exception(sign_button(dpo).click().run())
    document = saved_document(app_database, dpo)
    assert document["status"] == "signed_off"
    assert t("review.signed", "en", version=version) in texts(dpo.success)
    label = [s for s in texts(dpo.success) if s.startswith(f"Signed off by {SELF_DECLARED_DPO} on")]
    assert label and f"(version {version}, document hash " in label[0]
    signature = dpo.table[-1].value
    assert list(signature.iloc[:, 1])[0] == DPO
    assert list(signature.iloc[:, 1])[1] == "self-declared, not authenticated"
    assert list(signature.iloc[:, 1])[3] == str(version)
    signed_hash = dpo.code[-1].value
    assert len(signed_hash) == 64 and signed_hash[:16] in label[0]
    assert signed_hash == next(e for e in reviews_on_record(app_database, dpo) if e.kind == "sign_off").document_hash
    assert dpo.get("download_button") and any(b.key == "review-download-pdf" for b in dpo.get("download_button"))
    assert list(history(dpo).iloc[:, 3])[-1] == "signed off"
    # the signed report's file is named for the signed version, as the export names it
    latest, entries, export_name = on_record(app_database, dpo)
    assert latest.version == version + 1 and latest.status == "signed_off"  # the sign-off's own record
    record = ReviewRecord(latest, entries)
    assert record.report_version == version
    assert report_file_name(latest.document["title"], record.report_version, "en", "md") == export_name
    assert export_name.endswith(f"-v{version}-en.md")

    # the assessor sees who signed, and when
    no_exception(go(assessor, "decision"))
    assert any(s.startswith(f"Signed off by {SELF_DECLARED_DPO} on") for s in texts(assessor.success))


def test_an_assessor_cannot_sign_and_an_author_cannot_review(app_database):
    assessor = submitted(app_database)
    # read-only for the assessor's role: no verdicts, no sign-off button
    no_exception(go(assessor, "review"))
    assert any(text.startswith("You see the review read-only") for text in texts(assessor.info))
    assert not assessor.radio and not [b for b in assessor.button if b.key and ":review." in b.key]

    # a page drawn for the DPO, then the person signed in changes to an assessor before the click:
    # the service refuses, and the page says so
    dpo = as_person(assessor, DPO, "dpo")
    for section in REVIEWABLE_SECTIONS:
        review(dpo, section, "acceptable")
    opinion(dpo, "favourable")
    assert not sign_button(dpo).disabled
    organisation = dpo.session_state[ACTOR_KEY].organisation
    dpo.session_state[ACTOR_KEY] = Actor(name="Ada", role="assessor", organisation=organisation, authenticated=False)
    no_exception(sign_button(dpo).click().run())
    refused = texts(dpo.error)
    assert "You may not do this: the role “Assessor” may not sign off an assessment." in refused, refused
    assert saved_document(app_database, dpo)["status"] == "submitted"

    # the author who switches her role to DPO is told she cannot review her own work
    author = as_person(assessor, "Ada", "dpo")
    assert any("nobody may review or approve an assessment they authored" in text for text in texts(author.info))
    # and in French, the refusal is French too
    author_fr = as_person(assessor, "Ada", "dpo", lang="fr")
    assert any("personne ne peut relire ni viser une évaluation dont il ou elle est l'auteur" in text for text in texts(author_fr.info))
    assert not [b for b in author.button if b.key and ":review." in b.key]


def test_the_review_page_in_german(app_database):
    assessor = submitted(app_database)
    dpo = as_person(assessor, DPO, "dpo", lang="de")
    assert dpo.title[0].value == "Prüfung durch die bzw. den Datenschutzbeauftragten"
    assert dpo.expander[3].label == "4. Rechtliche Prüfung — noch keine Einschätzung"
    version = dpo.session_state["open_assessment_version"]
    assert widget(dpo.radio, f"review.{version}.legal.verdict").format_func("improvable") == "verbesserungsfähig"


def test_a_verdict_is_not_recorded_on_a_version_the_dpo_has_not_read(app_database):
    assessor = submitted(app_database)
    dpo = as_person(assessor, DPO, "dpo")
    read = dpo.session_state["open_assessment_version"]
    widget(dpo.radio, f"review.{read}.legal.verdict").set_value("acceptable")  # sent with the click below
    # meanwhile the assessor changes the assessment and submits the new version
    no_exception(widget(assessor.text_area, "decision.conditions").set_value("Cameras only after a year.").run())
    no_exception(assessor.button(key="decision-submit").click().run())
    no_exception(assessor.button(key="decision-submit-confirm").click().run())
    resubmitted = assessor.session_state["open_assessment_version"]
    assert resubmitted > read
    no_exception(widget(dpo.button, f"review.{read}.legal.record").click().run())
    assert t("review.conflict", "en", version=resubmitted) in texts(dpo.error)
    assert [e.kind for e in reviews_on_record(app_database, dpo)] == ["submission", "submission"]
    # the page now shows the new version, with no verdict yet
    assert dpo.expander[3].label == "4. Legal screening — no verdict yet"
    assert widget(dpo.radio, f"review.{resubmitted}.legal.verdict").value is None


def test_overridden_catalogue_hints_are_a_review_point_of_their_own(app_database):
    from secu4all_ethics import load_content
    from secu4all_ethics.domain.assessment import Assessment, GateAnswer
    from secu4all_ethics.services.assessments import AssessmentService
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage

    content = load_content()
    first = open_example(app_database, "christmas_market", page="decision")
    document = Assessment.model_validate(saved_document(app_database, first))
    lfr = next(option for option in document.options if option.key == "live_facial_recognition")
    lfr.gate_answers = {gate.id: GateAnswer(answer="passes", justification="Prefect's order of 2 December.") for gate in content.legal.gates}
    with_dpia(document)  # let through, the live facial recognition needs its DPIA before submission
    AssessmentService(Storage(make_engine(app_database)), content).save(first.session_state[ACTOR_KEY], document, 1)
    assessor = as_person(first, "Ada", "assessor", page="decision")
    no_exception(assessor.button(key="decision-submit").click().run())
    no_exception(assessor.button(key="decision-submit-confirm").click().run())
    assert saved_document(app_database, assessor)["status"] == "submitted"

    dpo = as_person(assessor, DPO, "dpo")
    title = t("report.section.hint_overrides", "en")
    [expander] = [e for e in dpo.expander if e.label.startswith(f"{title} (3)")]
    assert expander.label.endswith(t("review.no_verdict", "en"))
    assert t("review.overrides.caption", "en") in texts(expander.warning)
    shown = "\n".join(texts(expander.markdown))
    prohibited = content.gates["prohibited_practice"].name.get("en")
    assert f"**{content.technologies_by_id['live_facial_recognition'].name.get('en')} — {prohibited}**" in shown
    assert "Prefect's order of 2 December." in shown
    for section in REVIEWABLE_SECTIONS:
        review(dpo, section, "acceptable")
    opinion(dpo, "favourable")
    [missing] = [w for w in texts(dpo.warning) if w.startswith(t("review.sign_off.missing", "en"))]
    assert missing.split("Still missing:")[1].split() == f"- a verdict on “{title}”".split()
    assert sign_button(dpo).disabled
    review(dpo, "hint_overrides", "acceptable", "The order is on file.")
    assert not sign_button(dpo).disabled
    no_exception(sign_button(dpo).click().run())
    assert saved_document(app_database, dpo)["status"] == "signed_off"
