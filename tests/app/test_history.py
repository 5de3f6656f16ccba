"""Versions (#15 points 13 and 14): the list of an assessment's versions (who, when, what changed,
status), any version read through its report with nothing to edit, two versions compared field by
field; at the top of a re-review the DPO sees what changed since the version sent back, the verdicts
on unchanged sections carried over and marked, and only the changed or contested sections open."""

from secu4all_ethics.i18n import t
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from secu4all_ethics.ui.context import ACTOR_KEY
from tests.app.conftest import go, no_exception, open_example
from tests.app.test_review import DPO, as_person, review, submitted, widget


def edit_as(app_database, app, change):
    """Ada saves a change through the service, as another of her sessions would."""
    from secu4all_ethics import load_content
    from secu4all_ethics.services.assessments import AssessmentService
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage

    engine = make_engine(app_database)
    try:
        service = AssessmentService(Storage(engine), load_content())
        actor, assessment_id = app.session_state[ACTOR_KEY], app.query_params["a"]
        loaded = service.load(actor, assessment_id)
        change(loaded.assessment)
        return service.save(actor, loaded.assessment, expected_version=loaded.version.version)
    finally:
        engine.dispose()


def table_with(app, column):
    """The first table on the page with that column (AppTest does not expose a dataframe's key)."""
    return next(frame.value for frame in [*app.dataframe, *app.table] if column in frame.value.columns)


def rows(frame, column):
    return list(frame[column])


def place_and_score(assessment):
    assessment.need.place_type = "Multi-storey car park"
    option = assessment.options[0]
    criterion = next(iter(option.scores))
    score = option.scores[criterion]
    score.value, score.low, score.high = (1 if score.value != 1 else 2), None, None


def statement(assessment):
    assessment.proportionality.statement = "Proportionate for two years, then reviewed."


def test_versions_are_listed_read_and_compared(app_database):
    assessor = open_example(app_database, "station_car_park")
    edit_as(app_database, assessor, place_and_score)
    edit_as(app_database, assessor, statement)
    app = as_person(assessor, "Ada", "assessor", page="history")
    assert app.title[0].value == t("history.title", "en")

    listed = table_with(app, "What changed")
    assert rows(listed, "Version") == [3, 2, 1]
    assert rows(listed, "By") == ["Ada", "Ada", "Ada"]
    assert rows(listed, "Status") == ["Draft"] * 3
    changes = rows(listed, "What changed")
    assert changes[2] == "Created"
    assert changes[1] == "4 fields changed, in: Summary; Need and legitimate aim; Scores; Results"
    assert changes[0] == "1 field changed, in: Proportionality statement"

    # compare: the latest two by default, then any two
    compared = table_with(app, "Field")
    assert compared.to_dict("records") == [
        {
            "Report section": "Proportionality statement",
            "Field": "Proportionality statement",
            "Before": compared.iloc[0]["Before"],
            "After": "Proportionate for two years, then reviewed.",
        }
    ]
    no_exception(app.selectbox(key="history-before").set_value(1).run())
    no_exception(app.selectbox(key="history-after").set_value(2).run())
    compared = table_with(app, "Field")
    fields = rows(compared, "Field")
    assert fields[0] == "Kind of place" and rows(compared, "After")[0] == "Multi-storey car park"
    assert "Fixed CCTV (recorded or passively monitored) · Evidence of effectiveness · Score (1 = worst, 5 = best)" in fields
    assert set(rows(compared, "Report section")) == {"Need and legitimate aim", "Scores"}
    assert any("4 fields differ between version 1 and version 2." in m.value for m in app.markdown)

    # read version 1: its report, and nothing to edit or save
    no_exception(app.selectbox(key="history-open").set_value(1).run())
    assert any(info.value.startswith("Version 1, saved by Ada on") and "read-only" in info.value for info in app.info)
    assert [e.label for e in app.main.expander][:2] == ["1. Summary", "2. Need and legitimate aim"]
    need = next(e for e in app.main.expander if e.label == "2. Need and legitimate aim")
    assert "Multi-storey car park" not in "\n".join(m.value for m in need.markdown)
    main = app.main
    assert not main.text_input and not main.text_area and not main.radio and not main.button and not main.number_input and not main.checkbox


def test_versions_page_in_french(app_database):
    assessor = open_example(app_database, "station_car_park", lang="fr")
    edit_as(app_database, assessor, statement)
    app = as_person(assessor, "Ada", "assessor", page="history", lang="fr")
    assert app.title[0].value == "Versions et modifications"
    compared = table_with(app, "Champ")
    assert list(compared.columns) == ["Section du rapport", "Champ", "Avant", "Après"]
    assert rows(compared, "Champ") == [t("report.proportionality.statement", "fr")]
    assert rows(table_with(app, "Ce qui a changé"), "Ce qui a changé")[0] == "1 champ modifié, dans\u00a0: Déclaration de proportionnalité"


def sent_back(app_database):
    """Ada submits; the DPO marks the need to correct and every other section acceptable, and asks for changes."""
    assessor = submitted(app_database)
    dpo = as_person(assessor, DPO, "dpo")
    for section in REVIEWABLE_SECTIONS:
        review(dpo, section, "to_correct" if section == "need" else "acceptable", "Name the source of the evidence." if section == "need" else "")
    version = dpo.session_state["open_assessment_version"]
    no_exception(widget(dpo.text_area, f"review.{version}.changes_comment").set_value("See section 2.").run())
    no_exception(widget(dpo.button, f"review.{version}.changes").click().run())
    return assessor, version


def resubmit(assessor, changes):
    """Ada reads the request on the decision page, edits text fields (page, field, value) and submits again."""
    no_exception(go(assessor, "decision"))
    for page, field, value in changes:
        no_exception(go(assessor, page))
        inputs = [*assessor.text_input, *assessor.text_area]
        no_exception(widget(inputs, field).set_value(value).run())
    no_exception(go(assessor, "decision"))
    no_exception(assessor.button(key="decision-submit").click().run())
    no_exception(assessor.button(key="decision-submit-confirm").click().run())


EVIDENCE_SOURCE = ("need", "need.evidence[0].source", "Police incident log 2025")


def said(app):
    return "\n".join(m.value for m in app.markdown)


def test_a_re_review_starts_from_what_changed_with_the_other_verdicts_carried_over(app_database):
    assessor, reviewed = sent_back(app_database)
    resubmit(assessor, [EVIDENCE_SOURCE])
    dpo = as_person(assessor, DPO, "dpo")

    assert t("review.changed_since.heading", "en") in [h.value for h in dpo.subheader]
    assert f"Version {reviewed + 3} is the revision of version {reviewed}, on which Dora Dupuis" in said(dpo)
    assert f"8 verdicts are carried over from version {reviewed}" in said(dpo)
    assert "Open again, because they changed or were “to correct”: Need and legitimate aim." in said(dpo)
    changes = table_with(dpo, "Field")
    assert changes.to_dict("records")[0]["Field"] == "Evidence of the problem · item 1 · Source"

    verdicts = dict(e.label.split(" — ", 1) for e in dpo.expander if " — " in e.label)
    assert verdicts["2. Need and legitimate aim"] == "no verdict yet"
    assert verdicts["4. Legal screening"] == f"acceptable (carried over from version {reviewed})"
    carried = [label for label in verdicts.values() if label.endswith(f"(carried over from version {reviewed})")]
    assert len(carried) == len(REVIEWABLE_SECTIONS) - 1
    history = dpo.dataframe[-1].value
    assert f"Options considered: acceptable (carried over from version {reviewed})" in list(history.iloc[:, 3])


def test_a_change_in_another_section_opens_that_one_too(app_database):
    assessor, reviewed = sent_back(app_database)
    resubmit(assessor, [EVIDENCE_SOURCE, ("decision", "proportionality.statement", "Proportionate for two years, then reviewed.")])
    dpo = as_person(assessor, DPO, "dpo")
    assert "Open again, because they changed or were “to correct”: Need and legitimate aim; Proportionality statement." in said(dpo)
    verdicts = dict(e.label.split(" — ", 1) for e in dpo.expander if " — " in e.label)
    assert verdicts["9. Proportionality statement"] == "no verdict yet"
    assert verdicts["1. Summary"] == f"acceptable (carried over from version {reviewed})"


def test_the_re_review_banner_in_german(app_database):
    assessor, reviewed = sent_back(app_database)
    resubmit(assessor, [EVIDENCE_SOURCE])
    dpo = as_person(assessor, DPO, "dpo", lang="de")
    assert "Geändert seit der von Ihnen geprüften Version" in [h.value for h in dpo.subheader]
    assert f"8 Urteile werden aus Version {reviewed} übernommen" in said(dpo)
