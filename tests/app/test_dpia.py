"""3b DPIA: shown for the options whose obligations include a DPIA (the engine decides), it records
the views of the people concerned or why they were not sought, once, and each feared event's
severity and likelihood before and after the safeguards, saved as they are entered and read back."""

import json

import pytest
import yaml

from secu4all_ethics import load_content
from secu4all_ethics.i18n import t
from tests.app.conftest import go, new_app, no_exception, saved_document, widget
from tests.conftest import EXAMPLES_DIR

EVENT = "illegitimate_access"


def without_dpia_answers(option_keys):
    """The park example with only these options, and none of its DPIA answers."""
    document = yaml.safe_load((EXAMPLES_DIR / "park_drug_dealing.yaml").read_text(encoding="utf-8"))
    document["options"] = [dict(o, feared_events={}) for o in document["options"] if o["key"] in option_keys]
    document["decision"] = {"conclusion": "undecided"}
    document["data_subject_views"] = {}
    return document


def import_and_open(app_database, document, lang="en"):
    app = no_exception(new_app(lang=lang).run())
    app.text_input(key="who").set_value("Ada").run()
    app.file_uploader(key="import-file").upload("dpia.yaml", yaml.safe_dump(document, allow_unicode=True).encode("utf-8"), "application/x-yaml").run()
    no_exception(app.button(key="import").click().run())
    return no_exception(go(app, "dpia"))


def test_views_and_ratings_are_saved_and_read_back(app_database):
    app = import_and_open(app_database, without_dpia_answers({"fixed_cctv", "improved_lighting"}))
    assert [title.value for title in app.title] == [t("dpia.title", "en")]
    # Only the camera needs a DPIA: the lighting processes no personal data.
    assert [tab.label for tab in app.tabs] == [load_content().technologies_by_id["fixed_cctv"].name.get("en")]
    assert t("dpia.views.missing", "en") in [w.value for w in app.warning]

    widget(app.radio, "data_subject_views.sought").set_value(False).run()
    no_exception(app)
    widget(app.text_area, "data_subject_views.reason_not_sought").input("Covert operations would be revealed.").run()
    ratings = {"severity_before": 3, "likelihood_before": 4, "severity_after": 3, "likelihood_after": 1}
    for attribute, value in ratings.items():
        widget(app.selectbox, f"options.fixed_cctv.feared_events.{EVENT}.{attribute}").set_value(value).run()
    widget(app.text_area, f"options.fixed_cctv.feared_events.{EVENT}.measures").input("Named logins, 72-hour retention.").run()
    no_exception(app)
    assert t("dpia.views.missing", "en") not in [w.value for w in app.warning]

    document = saved_document(app_database, app)
    assert document["data_subject_views"] == {"sought": False, "views": "", "reason_not_sought": "Covert operations would be revealed."}
    saved = document["options"][[o["key"] for o in document["options"]].index("fixed_cctv")]["feared_events"][EVENT]
    assert {key: saved[key] for key in ratings} == ratings and saved["measures"] == "Named logins, 72-hour retention."

    # A fresh session reads them back from storage, on the page and on the map.
    again = no_exception(go(no_exception(new_app(a=app.query_params["a"], who="Ada", lang="en").run()), "dpia"))
    assert widget(again.radio, "data_subject_views.sought").value is False
    assert widget(again.text_area, "data_subject_views.reason_not_sought").value == "Covert operations would be revealed."
    assert widget(again.selectbox, f"options.fixed_cctv.feared_events.{EVENT}.likelihood_before").value == 4
    figure = json.loads(again.get("plotly_chart")[0].proto.spec)
    before, after = (trace for trace in figure["data"] if trace.get("mode") == "markers+text")
    assert before["text"] == ["Access"] and round(before["x"][0]) == 4 and round(before["y"][0]) == 3
    assert after["text"] == ["Access"] and round(after["x"][0]) == 1 and round(after["y"][0]) == 3


def test_no_option_needs_a_dpia_so_the_page_asks_nothing(app_database):
    app = import_and_open(app_database, without_dpia_answers({"improved_lighting", "do_nothing"}))
    assert [s.value for s in app.success] == [t("dpia.not_required", "en")]
    assert not app.main.radio and not app.main.selectbox and not app.tabs


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_page_speaks_the_users_language(app_database, lang):
    app = import_and_open(app_database, without_dpia_answers({"fixed_cctv"}), lang=lang)
    assert [title.value for title in app.title] == [t("dpia.title", lang)]
    assert widget(app.radio, "data_subject_views.sought").label == t("dpia.views.sought", lang)
    severity = widget(app.selectbox, f"options.fixed_cctv.feared_events.{EVENT}.severity_before")
    assert severity.label == t("dpia.event.severity_before", lang)
    assert severity.options == [level.label.get(lang) for level in load_content().dpia.severity.levels]
    assert load_content().dpia.feared_events[0].name.get(lang) in [s.value for s in app.subheader]
