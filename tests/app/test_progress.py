"""Progress through the steps (issue #15 point 5): the sidebar names each step's status, from the
rules that gate submission, and every step page ends with a link to the next step."""

import pytest

from secu4all_ethics.i18n import t
from tests.app.conftest import go, new_app, no_exception, open_example

STEP_PAGES = ("need", "options", "screening", "dpia", "weights", "scores", "results", "decision")


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


def test_adding_the_first_option_unblocks_screening_in_the_same_interaction(app_database):
    from tests.app.test_options import widget

    app = blank_assessment("en")
    no_exception(go(app, "options"))
    assert nav_titles(app)["screening"][0] == "3 Legal screening (blocked)"
    widget(app.selectbox, "options.add.choice").set_value("improved_lighting").run()
    no_exception(widget(app.button, "options.add.button").click().run())
    # No longer blocked: the new option's catalogue answers wait to be confirmed there.
    assert nav_titles(app)["screening"][0] == "3 Legal screening (incomplete)"
    assert nav_titles(app)["options"][0] == "2 Options (complete)"


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


# --- the Start page's list -------------------------------------------------------------------


def audit_actions(app_database, assessment_id):
    from secu4all_ethics.storage import audit
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage

    engine = make_engine(app_database)
    try:
        with Storage(engine).transaction() as session:
            return [(entry.action, entry.actor) for entry in reversed(audit.entries(session, assessment_id))]
    finally:
        engine.dispose()


def row_ids(app):
    return [button.key.removeprefix("open-") for button in app.button if button.key and button.key.startswith("open-")]


def start_with_two(app_database, lang="en"):
    app = no_exception(new_app(lang=lang, who="Ada").run())
    for title in ("Station car park", "Market square"):
        app.text_input(key="new-title").set_value(title).run()
        no_exception(app.button(key="create").click().run())
        no_exception(go(app, "start"))
    return app


def saved_rows(app):
    """Each row of the list, as drawn: assessment id -> (texts, captions)."""
    return {
        block.key.removeprefix("saved-"): ([m.value for m in block.markdown], [c.value for c in block.caption])
        for block in app.main.children.values()
        if (getattr(block, "key", None) or "").startswith("saved-")
    }


def click(app, key):
    return no_exception(app.button(key=key).click().run())


def titles_listed(app):
    return [texts[0] for texts, _ in saved_rows(app).values()]


@pytest.mark.parametrize(
    "lang, draft, owner, change",
    [("fr", "Brouillon", "Propriétaire\u00a0: Ada", "dernière modification\u00a0: "), ("de", "Entwurf", "Verantwortlich: Ada", "zuletzt geändert am ")],
)
def test_the_list_names_status_owner_and_last_change(app_database, lang, draft, owner, change):
    app = start_with_two(app_database, lang)
    rows = list(saved_rows(app).values())
    assert [texts for texts, _ in rows] == [["**Market square**", draft], ["**Station car park**", draft]]
    for _, captions in rows:
        assert captions[0] == owner and captions[1].startswith(change) and captions[1].endswith("1")


def test_duplicate_lists_a_logged_copy_titled_in_the_users_language(app_database):
    app = start_with_two(app_database, "fr")
    station = row_ids(app)[1]
    click(app, f"duplicate-{station}")
    assert titles_listed(app)[0] == "**Station car park (copie)**"
    assert [s.value for s in app.success] == ["Copie créée\u00a0: Station car park (copie)"]
    copy = row_ids(app)[0]
    assert copy not in (station,) and audit_actions(app_database, copy) == [("duplicate", "Ada")]


def test_archive_hides_the_row_until_asked_and_restore_brings_it_back_both_logged(app_database):
    app = start_with_two(app_database)
    market, station = row_ids(app)
    click(app, f"archive-{market}")
    assert row_ids(app) == [station]
    no_exception(app.toggle(key="show-archived").set_value(True).run())
    assert titles_listed(app)[0] == "**Market square** :gray-badge[Archived]"
    click(app, f"archive-{market}")
    assert app.button(key=f"archive-{station}").label == "Archive"
    no_exception(app.toggle(key="show-archived").set_value(False).run())
    assert row_ids(app) == [market, station]
    assert audit_actions(app_database, market) == [("create", "Ada"), ("archive", "Ada"), ("unarchive", "Ada")]


def test_delete_asks_first_and_is_logged(app_database):
    app = start_with_two(app_database)
    market, station = row_ids(app)
    click(app, f"delete-{market}")
    assert [w.value for w in app.warning if "Delete" in w.value] == [
        "Delete “Market square” and all its versions? This cannot be undone; the deletion is logged."
    ]
    click(app, f"delete-no-{market}")
    assert row_ids(app) == [market, station] and not [w for w in app.warning if "Delete" in w.value]
    click(app, f"delete-{market}")
    click(app, f"delete-yes-{market}")
    assert row_ids(app) == [station]
    assert [s.value for s in app.success] == ["Deleted: Market square"]
    assert audit_actions(app_database, market)[-1] == ("delete", "Ada")


def test_a_signed_assessment_is_not_deleted_and_the_page_says_why(app_database):
    from secu4all_ethics.content.loader import load_content
    from secu4all_ethics.services.assessments import AssessmentService
    from secu4all_ethics.storage.audit import Actor
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage, get_summary
    from tests.builders import signed_off

    app = start_with_two(app_database)
    engine = make_engine(app_database)
    try:
        storage = Storage(engine)
        with storage.transaction() as session:
            organisation = get_summary(session, row_ids(app)[0]).organisation
        service = AssessmentService(storage, load_content())
        assessor = Actor(name="Ada", role="assessor", organisation=organisation, authenticated=False)
        signed = signed_off(service, assessor, Actor(name="Dora", role="dpo", organisation=organisation, authenticated=True))
    finally:
        engine.dispose()
    no_exception(app.run())
    assert row_ids(app)[0] == signed.assessment_id
    click(app, f"delete-{signed.assessment_id}")
    click(app, f"delete-yes-{signed.assessment_id}")
    assert [e.value for e in app.error] == [f"Not done: version {signed.version} is signed off: a signed assessment is kept, not deleted"]
    assert signed.assessment_id in row_ids(app)
    assert ("delete", "Ada") not in audit_actions(app_database, signed.assessment_id)


def test_a_copy_whose_title_would_be_too_long_is_refused_with_the_reason(app_database):
    app = no_exception(new_app(lang="en", who="Ada").run())
    app.text_input(key="new-title").set_value("A" * 296).run()
    no_exception(app.button(key="create").click().run())
    no_exception(go(app, "start"))
    [only] = row_ids(app)
    click(app, f"duplicate-{only}")
    [refusal] = [e.value for e in app.error]
    assert refusal.startswith("Not done: Title: ") and "300" in refusal, refusal
    assert row_ids(app) == [only]
