"""Progress through the steps (issue #15 point 5): the sidebar names each step's status, from the
rules that gate submission, and every step page ends with a link to the next step."""

import pytest

from secu4all_ethics.i18n import t
from tests.app.conftest import go, new_app, no_exception, open_example

STEP_PAGES = ("need", "options", "screening", "weights", "scores", "results", "decision")


def nav_titles(app):
    return {name: (page.title, page.icon) for name, page in app.session_state["pages"].items()}


def blank_assessment(lang):
    app = no_exception(new_app(lang=lang, who="Ada").run())
    no_exception(app.button(key="create").click().run())
    return app


def test_a_blank_assessment_shows_incomplete_blocked_and_complete_steps(app_database):
    titles = nav_titles(blank_assessment("en"))
    assert titles["need"] == ("1 Need and context (incomplete)", ":material/pending:")
    assert titles["options"] == ("2 Options (incomplete)", ":material/pending:")
    assert titles["screening"] == ("3 Legal screening (blocked)", ":material/block:")
    assert titles["weights"] == ("4 Weights (complete)", ":material/check_circle:")
    assert titles["scores"] == ("5 Scores (blocked)", ":material/block:")
    assert titles["results"] == ("6 Results (blocked)", ":material/block:")
    assert titles["decision"] == ("7 Decision and report (incomplete)", ":material/pending:")
    # Pages that are not steps carry no status.
    assert titles["start"][0] == "Start" and titles["library"][0] == "Library"


@pytest.mark.parametrize(
    "lang, need, screening",
    [
        ("fr", "1 Besoin et contexte (à compléter)", "3 Examen juridique (bloquée)"),
        ("de", "1 Bedarf und Kontext (unvollständig)", "3 Rechtliche Prüfung (blockiert)"),
    ],
)
def test_the_status_is_a_word_in_the_users_language(app_database, lang, need, screening):
    titles = nav_titles(blank_assessment(lang))
    assert titles["need"][0] == need and titles["screening"][0] == screening


def test_a_complete_example_is_complete_on_every_step_and_a_change_shows_at_once(app_database):
    app = open_example(app_database, "park_drug_dealing")
    assert {name: nav_titles(app)[name][0].endswith("(complete)") for name in STEP_PAGES} == dict.fromkeys(STEP_PAGES, True)
    statement = next(area for area in app.text_area if area.label.startswith("What problem"))
    no_exception(statement.set_value("").run())
    titles = nav_titles(app)
    assert titles["need"][0] == "1 Need and context (incomplete)" and titles["decision"][0] == "7 Decision and report (blocked)"


def test_without_an_open_assessment_the_steps_carry_no_status(app_database):
    app = no_exception(new_app(lang="en", who="Ada").run())
    assert nav_titles(app)["need"] == ("1 Need and context", ":material/flag:")


@pytest.mark.parametrize("step, following", list(zip(STEP_PAGES, STEP_PAGES[1:])))
def test_every_step_ends_with_a_link_to_the_next_step(app_database, step, following):
    app = open_example(app_database, "park_drug_dealing", page=step)
    last_link = list(app.get("page_link"))[-1]
    assert last_link.label == t("nav.next_step", "en", page=t(f"nav.{following}", "en"))
    assert last_link.proto.page == following
    # The link keeps the language, the person and the open assessment.
    assert f"a={app.query_params['a']}" in last_link.proto.query_string and "lang=en" in last_link.proto.query_string


@pytest.mark.parametrize("step", ["screening", "scores"])
def test_a_blocked_step_still_offers_the_next_step(app_database, step):
    app = blank_assessment("en")
    no_exception(go(app, step))
    assert list(app.get("page_link"))[-1].label.startswith("Next step: ")
