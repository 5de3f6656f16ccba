"""Edits right after a stopped run.

Under load, Streamlit stops a run at its next st.* call when a newer event arrives, so a run can
end anywhere: after sync_with_url forgot the previous access check and before it asked again, or
after the Weights page renamed its widgets (a new revision) and before it drew them. Streamlit runs
the next event's callback before the page, in that state. Found in Chromium (ten arrow-key presses
on a pairwise slider on a loaded machine): the edit was silently not saved, then the callback of
the still-visible slider failed with "st.session_state has no key ...weights.r2.ahp...".
"""

import pytest

from secu4all_ethics.ui.context import CHECKED_FOR
from tests.app.conftest import no_exception, open_example, saved_document
from tests.app.test_scores import rationale, score_of, slider
from tests.app.test_weights import switch, weights_page, widget

WEIGHTS_REVISION = "weights_revision"  # ui/pages/weights.py: renames every weight widget when bumped


def judgement(app_database, app, a, b):
    given = {(j["a"], j["b"]): j["value"] for j in saved_document(app_database, app)["weights"]["judgements"]}
    return given[(a, b)]


def test_a_pairwise_judgement_made_after_a_run_stopped_before_its_access_check_is_saved(app_database):
    app = switch(weights_page(app_database), "ahp")
    del app.session_state[CHECKED_FOR]  # where the stopped run left it
    no_exception(widget(app, "select_slider", ".ahp.effectiveness.privacy").set_value(5).run())
    assert judgement(app_database, app, "effectiveness", "privacy") == 6
    assert widget(app, "select_slider", ".ahp.effectiveness.privacy").value == 5


def test_a_slider_drawn_before_the_widgets_were_renamed_still_saves_its_own_value(app_database):
    app = switch(weights_page(app_database), "ahp")
    drawn = widget(app, "select_slider", ".ahp.effectiveness.privacy")
    app.session_state[WEIGHTS_REVISION] = app.session_state[WEIGHTS_REVISION] + 1 if WEIGHTS_REVISION in app.session_state else 1
    no_exception(drawn.set_value(-3).run())
    assert judgement(app_database, app, "effectiveness", "privacy") == pytest.approx(1 / 4)
    assert widget(app, "select_slider", ".ahp.effectiveness.privacy").value == -3


def test_a_score_given_after_a_run_stopped_before_its_access_check_is_saved(app_database):
    app = open_example(app_database, "park_drug_dealing", page="scores")
    no_exception(rationale(app, "fixed_cctv", "effectiveness_evidence").set_value("Violence, not car crime.").run())
    del app.session_state[CHECKED_FOR]
    no_exception(slider(app, "fixed_cctv", "effectiveness_evidence").set_value(2).run())
    saved = score_of(saved_document(app_database, app), "fixed_cctv", "effectiveness_evidence")
    assert (saved["value"], saved["rationale"]) == (2, "Violence, not car crime.")
