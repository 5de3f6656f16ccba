"""The effectiveness estimate on the screens (issue #17 §1): the baseline on 1 Need, the table of what each
option may achieve on 6 Results ("no estimate" where there is no evidence, never a zero), and the box on
5 Scores that takes the catalogue's expected effect as the effectiveness score's range."""

import pytest

from secu4all_ethics.i18n import t
from tests.app.conftest import go, no_exception, open_example, saved_document, widget


def texts(app):
    return " ".join([m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info])


def test_the_baseline_is_shown_saved_and_removed_with_its_count(app_database):
    app = open_example(app_database, name="park_drug_dealing")
    count = widget(app.number_input, "need.baseline.incidents_per_year")
    assert count.value == 146
    assert widget(app.text_input, "need.baseline.outcome_measure").value == "Police interventions for drug dealing in the park"
    no_exception(count.set_value(120.0).run())
    no_exception(widget(app.text_input, "need.baseline.period").set_value("2025").run())
    stored = saved_document(app_database, app)["need"]["baseline"]
    assert stored["incidents_per_year"] == 120 and stored["period"] == "2025"
    # Emptied, the count takes its baseline with it, and the description fields go.
    no_exception(widget(app.number_input, "need.baseline.incidents_per_year").set_value(None).run())
    assert saved_document(app_database, app)["need"]["baseline"] is None
    assert not [w for w in app.text_input if w.key and w.key.endswith(":need.baseline.period")]


def test_a_new_baseline_starts_with_its_count(app_database):
    app = open_example(app_database, name="park_drug_dealing")
    no_exception(widget(app.number_input, "need.baseline.incidents_per_year").set_value(None).run())
    no_exception(widget(app.number_input, "need.baseline.incidents_per_year").set_value(40.0).run())
    assert saved_document(app_database, app)["need"]["baseline"] == {"incidents_per_year": 40.0, "outcome_measure": "", "source": "", "period": ""}


@pytest.mark.parametrize(
    "lang, option, prevented, none, cctv_range, caveat",
    [
        ("en", "Option", "Incidents prevented a year", "no estimate", "17–60", "not as a promise"),
        ("de", "Option", "Verhinderte Vorfälle pro Jahr", "keine Schätzung", "17–60", "nicht als Versprechen"),
    ],
)
def test_results_show_what_each_option_may_prevent_and_no_estimate_without_evidence(app_database, lang, option, prevented, none, cctv_range, caveat):
    app = open_example(app_database, name="station_car_park", page="results", lang=lang)
    frame = next(table.value for table in app.table if prevented in table.value.columns)
    rows = {row[option]: row for _, row in frame.iterrows()}
    assert len(rows) == 7
    cctv = next(row for name, row in rows.items() if "CCTV" in name or "Video" in name)
    # 118 break-ins x 14-51 %: 16.5 to 60.2, shown as whole incidents.
    assert cctv[prevented] == cctv_range
    without_estimate = [row for row in rows.values() if row[prevented] == none]
    assert len(without_estimate) == 5  # every option without an expected effect, none of them a zero
    assert not any(str(row[prevented]).strip() in ("0", "0–0") for row in rows.values())
    assert caveat in texts(app)
    # The studies are listed under the table, one line per option, not as a seventh column of it.
    studies = t("effectiveness.column.evidence", lang)
    assert studies not in frame.columns
    listed = next(expander for expander in app.expander if expander.label == studies)
    assert len(listed.markdown) == 7 and all(line.value.startswith("**") for line in listed.markdown)


def test_results_without_a_baseline_say_where_to_record_it(app_database):
    app = open_example(app_database, name="station_car_park")
    no_exception(widget(app.number_input, "need.baseline.incidents_per_year").set_value(None).run())
    no_exception(go(app, "results"))
    assert "without the number of incidents a year (page 1 Need) no option gets an estimate" in texts(app)
    frame = next(table.value for table in app.table if "Incidents prevented a year" in table.value.columns)
    assert "no estimate: record the baseline on page 1 Need" in set(frame["Incidents prevented a year"])


def test_the_expected_effect_can_be_accepted_as_the_effectiveness_range(app_database):
    app = open_example(app_database, name="park_drug_dealing", page="scores")
    no_exception(widget(app.selectbox, "scores.criterion").set_value("effectiveness_evidence").run())
    document = saved_document(app_database, app)
    position = next(index for index, option in enumerate(document["options"]) if option["key"] == "fixed_cctv")
    box = widget(app.checkbox, "options.fixed_cctv.effect_range_accepted")
    assert box.value is False
    assert "14%–51%" in box.help
    no_exception(box.check().run())
    assert saved_document(app_database, app)["options"][position]["effect_range_accepted"] is True
    # Options without an expected effect say so instead of offering the box.
    assert "The catalogue has no expected effect for this option" in texts(app)


def test_the_decision_page_restates_the_need_as_the_evaluation_plan(app_database):
    """The station car park recommends better lighting (21-36 % fewer thefts) against 118 a year:
    stop if more than 118 x (1 - 0.21) = 93.2, i.e. 93, are still counted at the review."""
    app = open_example(app_database, name="station_car_park", page="decision", lang="fr")
    assert "Plan d'évaluation" in [header.value for header in app.subheader]
    plan = next(markdown.value for markdown in app.markdown if "Seuil d'arrêt" in markdown.value).replace("\\", "")
    assert "- Quoi compter : Break-ins into vehicles reported to the parking services in the car park" in plan
    assert "plus de 93 incidents par an" in plan and "une baisse de 21" in plan
    assert "l'option « Éclairage" in plan
