"""Work is saved as it is made: autosave, ?a= in the URL, conflicts, import,
the schema check at start, and the three sign-in modes."""

import sqlite3

from secu4all_ethics.i18n import t
from secu4all_ethics.services.auth import create_user
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from tests.app.conftest import new_app, no_exception
from tests.conftest import EXAMPLES_DIR


def field(app, name):
    return next(w for w in list(app.text_area) + list(app.text_input) if w.key and w.key.endswith(f":{name}"))


def start_assessment(app_database, title="Park at night", origin=None):
    app = no_exception(new_app(lang="en").run())
    app.text_input(key="who").set_value("Ada").run()
    app.text_input(key="new-title").set_value(title).run()
    if origin:
        app.selectbox(key="new-origin").set_value(origin).run()
    no_exception(app.button(key="create").click().run())
    return app


def test_without_a_name_the_start_page_asks_for_one(app_database):
    app = no_exception(new_app(lang="fr").run())
    assert app.title[0].value.startswith("Évaluer")
    assert any("barre latérale" in info.value or "nom" in info.value for info in app.info)
    assert not [b for b in app.button if b.key == "create"]


def test_a_new_assessment_is_saved_at_once_and_reopened_by_its_url(app_database):
    app = start_assessment(app_database)
    assert app.title[0].value == "1 Need and context"
    assessment_id = app.query_params["a"]
    field(app, "need.problem_statement").set_value("Dealing near the playground").run()
    no_exception(app)
    assert any("All changes saved (version 2)" in c.value for c in app.caption)
    # a refresh: a new session with the same URL
    again = no_exception(new_app(a=assessment_id, who="Ada", lang="en").run())
    again.switch_page("secu4all_ethics/ui/pages/need.py").run()
    no_exception(again)
    assert field(again, "need.problem_statement").value == "Dealing near the playground"


def test_every_field_change_is_a_version(app_database):
    app = start_assessment(app_database)
    field(app, "need.place_type").set_value("park").run()
    field(app, "need.legitimate_aim").set_value("Prevent drug dealing").run()
    field(app, "need.affected_groups").set_value("residents\nchildren\n\n").run()
    assert any("version 4" in c.value for c in app.caption)
    storage = Storage(make_engine(app_database))
    from secu4all_ethics.storage.repository import get_version

    with storage.transaction() as session:
        document = get_version(session, app.query_params["a"]).document
    assert document["need"]["affected_groups"] == ["residents", "children"]
    assert document["need"]["legitimate_aim"] == "Prevent drug dealing"


def test_a_concurrent_edit_gives_a_conflict_message_and_a_reload(app_database):
    first = start_assessment(app_database)
    assessment_id = first.query_params["a"]
    second = no_exception(new_app(a=assessment_id, who="Bob", lang="en").run())
    second.switch_page("secu4all_ethics/ui/pages/need.py").run()
    field(second, "need.place_type").set_value("Bob's park").run()
    field(first, "need.place_type").set_value("Ada's square").run()
    no_exception(first)
    assert any("Someone else saved this assessment" in e.value for e in first.error)
    first.button(key="reload-after-conflict").click().run()
    no_exception(first)
    assert field(first, "need.place_type").value == "Bob's park"
    assert not first.error
    assert not first.sidebar.warning


def stored(app_database, app):
    from tests.app.conftest import saved_document

    return saved_document(app_database, app)


def test_a_run_stopped_after_its_save_does_not_make_the_next_save_a_conflict(app_database):
    """Streamlit stops a run at its next session-state access when a newer event arrives: after
    the save was committed, before the session state heard of the new version. The next save
    must build on the session's own version, not report a conflict with it."""
    from secu4all_ethics.ui.context import OPEN_DOCUMENT, OPEN_VERSION

    app = start_assessment(app_database)
    version, document = app.session_state[OPEN_VERSION], app.session_state[OPEN_DOCUMENT]
    field(app, "need.place_type").set_value("Market square").run()
    assert app.session_state[OPEN_VERSION] == version + 1
    app.session_state[OPEN_VERSION], app.session_state[OPEN_DOCUMENT] = version, document  # what the stopped run left
    field(app, "need.legitimate_aim").set_value("Prevent pickpocketing").run()
    no_exception(app)
    assert not app.error, [e.value for e in app.error]
    saved = stored(app_database, app)
    assert (saved["need"]["place_type"], saved["need"]["legitimate_aim"]) == ("Market square", "Prevent pickpocketing")
    assert any(c.value == f"All changes saved (version {version + 2})." for c in app.caption)


def test_after_a_real_conflict_the_changes_stay_shown_and_are_reapplied_on_the_newer_version(app_database):
    first = start_assessment(app_database)
    assessment_id = first.query_params["a"]
    second = no_exception(new_app(a=assessment_id, who="Bob", lang="en").run())
    second.switch_page("secu4all_ethics/ui/pages/need.py").run()
    field(second, "need.place_type").set_value("Bob's park").run()

    field(first, "need.legitimate_aim").set_value("Ada's aim").run()
    no_exception(first)
    # the banner comes before the page's first field, with both ways out; a toast says it where the user is
    nodes = list(first.main)
    banner = next(i for i, n in enumerate(nodes) if n.type == "error" and "Someone else saved this assessment" in n.value)
    assert banner < next(i for i, n in enumerate(nodes) if n.type in ("text_input", "text_area"))
    assert [b.key for b in first.button if b.key in ("reapply-after-conflict", "reload-after-conflict")] == ["reapply-after-conflict", "reload-after-conflict"]
    assert [toast.value for toast in first.toast] == [t("save.conflict_toast", "en")]
    assert field(first, "need.legitimate_aim").value == "Ada's aim"  # the input is kept on screen
    assert stored(app_database, first)["need"]["legitimate_aim"] != "Ada's aim"

    # a later change is kept with it, unsaved, and every page says that changes are not being saved
    field(first, "need.place_type").set_value("Ada's square").run()
    assert stored(app_database, first)["need"]["place_type"] == "Bob's park"
    for page in ("options", "review", "start"):
        no_exception(first.switch_page(f"secu4all_ethics/ui/pages/{page}.py").run())
        assert any("Changes are not being saved" in w.value for w in first.sidebar.warning), page
    no_exception(first.switch_page("secu4all_ethics/ui/pages/need.py").run())
    assert field(first, "need.place_type").value == "Ada's square"

    first.button(key="reapply-after-conflict").click().run()
    no_exception(first)
    assert not first.error and not first.sidebar.warning
    saved = stored(app_database, first)
    assert (saved["need"]["place_type"], saved["need"]["legitimate_aim"]) == ("Ada's square", "Ada's aim")
    assert field(first, "need.legitimate_aim").value == "Ada's aim"
    # and saving goes on as usual
    field(first, "need.legitimate_aim").set_value("Ada's second aim").run()
    assert stored(app_database, first)["need"]["legitimate_aim"] == "Ada's second aim"


def test_importing_a_file_opens_it_and_a_bad_file_saves_nothing(app_database):
    app = no_exception(new_app(lang="en").run())
    app.text_input(key="who").set_value("Ada").run()
    data = (EXAMPLES_DIR / "christmas_market.yaml").read_bytes()
    app.file_uploader(key="import-file").upload("market.yaml", data, "application/x-yaml").run()
    no_exception(app.button(key="import").click().run())
    assert app.title[0].value == "1 Need and context"
    back = no_exception(new_app(lang="en", who="Ada").run())
    back.file_uploader(key="import-file").upload("broken.yaml", b"title: [unclosed", "application/x-yaml").run()
    no_exception(back.button(key="import").click().run())
    assert any("could not be imported" in e.value for e in back.error)
    assert any("broken.yaml: not valid YAML" in c.value for c in back.code)
    assert len([b for b in back.button if b.key.startswith("open-")]) == 1


def test_an_outdated_schema_stops_the_app_with_the_command_to_run(app_database):
    no_exception(new_app(lang="en").run())
    with sqlite3.connect(app_database.split("///", 1)[1]) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    app = new_app(lang="en")
    import secu4all_ethics.ui.context as context

    context._storage.clear()
    app.run()
    no_exception(app)
    assert any("database schema" in e.value for e in app.error)
    assert any("db upgrade" in c.value for c in app.code)


def sign_in_with_a_wrong_password(app_database, monkeypatch, lang):
    """Local sign-in, an account 'ada', and a first attempt with the wrong password."""
    monkeypatch.setenv("SECU4ALL_AUTH_MODE", "local")
    app = no_exception(new_app(lang=lang).run())
    create_user(
        Storage(make_engine(app_database)),
        None,
        username="ada",
        display_name="Ada",
        role="assessor",
        organisation="My municipality",
        password="a long enough password",
    )
    app.text_input[0].set_value("ada")
    app.text_input[1].set_value("wrong password")
    return no_exception(app.button[0].click().run())


def test_local_sign_in(app_database, monkeypatch):
    app = sign_in_with_a_wrong_password(app_database, monkeypatch, "en")
    assert any("wrong password" in e.value for e in app.error)
    app.text_input[1].set_value("a long enough password")
    no_exception(app.button[0].click().run())
    # by the display name of the account, not its user name
    assert any("Signed in as Ada (Assessor)" in c.value for c in app.caption)
    assert [b for b in app.button if b.key == "create"]


def test_oidc_role_from_claims(app_database, monkeypatch):
    monkeypatch.setenv("SECU4ALL_AUTH_MODE", "oidc")
    app = new_app(lang="en")
    app.user = {"is_logged_in": True, "email": "dora@nice.fr", "name": "Dora", "secu4all_role": "dpo", "organisation": "Nice"}
    no_exception(app.run())
    # (an invisible word joiner after the "@" keeps an address from becoming a mailto link)
    assert any("Signed in as Dora (Data protection officer)" in c.value.replace("\u2060", "") for c in app.caption)  # the name claim
    assert app.session_state["actor"].name == "dora@nice.fr"  # the identity the rules compare
    stranger = new_app(lang="en")
    stranger.user = {"is_logged_in": True, "email": "x@y.z"}
    no_exception(stranger.run())
    assert any("no Secu4All role" in e.value for e in stranger.error)


def test_evidence_rows_are_added_edited_and_removed_with_autosave(app_database):
    app = start_assessment(app_database)
    add = next(b for b in app.button if b.key.endswith("need.evidence:add"))
    no_exception(add.click().run())
    field(app, "need.evidence[0].source").set_value("Police records").run()
    no_exception(next(b for b in app.button if b.key.endswith("need.evidence:add")).click().run())
    assert field(app, "need.evidence[1].description").value == "New evidence"
    no_exception(next(b for b in app.button if b.key.endswith("need.evidence[1]:remove")).click().run())
    assert not [w for w in app.text_input if w.key.endswith("need.evidence[1].description")]
    assert field(app, "need.evidence[0].source").value == "Police records"
    assert any("version 5" in c.value for c in app.caption)


def test_export_buttons_are_offered_and_log_nothing_until_clicked(app_database):
    app = start_assessment(app_database)
    keys = {button.key for button in app.download_button}
    assert {"export-yaml", "export-json"} <= keys
    storage = Storage(make_engine(app_database))
    from secu4all_ethics.storage import audit

    with storage.transaction() as session:
        actions = [entry.action for entry in audit.entries(session, app.query_params["a"])]
    assert "export" not in actions


def test_a_failed_sign_in_is_told_in_french(app_database, monkeypatch):
    app = sign_in_with_a_wrong_password(app_database, monkeypatch, "fr")
    assert [e.value for e in app.error] == ["nom d'utilisateur inconnu ou mot de passe erroné"]


def test_a_read_only_database_is_said_in_the_users_language_not_a_crash(app_database):
    from sqlalchemy import event

    from secu4all_ethics.ui.context import _storage

    app = start_assessment(app_database)
    storage = _storage(app_database, None)[0]  # the app's own storage, cached for this URL

    @event.listens_for(storage.engine, "connect")
    def _read_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only = ON")

    storage.engine.dispose()
    try:
        field(app, "need.place_type").set_value("park").run()
        no_exception(app)
        assert any("read-only" in e.value and "not saved" in e.value for e in app.error), [e.value for e in app.error]
    finally:
        event.remove(storage.engine, "connect", _read_only)
        storage.engine.dispose()


def test_a_database_that_cannot_be_opened_is_said_not_a_crash(tmp_path, monkeypatch):
    taken = tmp_path / "app.db"
    taken.mkdir()  # a folder where the database file should be: SQLite cannot open it
    monkeypatch.setenv("SECU4ALL_DATABASE_URL", f"sqlite:///{taken}")
    app = new_app(lang="de").run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("nicht nutzbar" in e.value for e in app.error), [e.value for e in app.error]


# --- one tab, two people (local sign-in) ---------------------------------------------------

SECRET_NEED = "Oosterwaal: dealing behind the library, seen by OrgA only"


def text_of(app) -> str:
    """Every value and label the run put on screen, main area and sidebar."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "text_area",
        "text_input",
        "title",
        "header",
        "subheader",
        "info",
        "error",
        "warning",
        "table",
        "dataframe",
        "metric",
        "selectbox",
        "radio",
    ):
        for element in app.get(kind):
            parts.append(str(getattr(element, "proto", "")))  # every text the element carries, table cells too
    return "\n".join(parts)


def sign_in(app, username, password="a long enough password"):
    form = [w for w in app.text_input if not w.key]
    form[0].set_value(username)
    form[1].set_value(password)
    return no_exception(next(b for b in app.button if not b.key or "FormSubmitter" in b.id).click().run())


def two_organisations(app_database, monkeypatch):
    """Local sign-in, ann (OrgA) with an assessment open on the Need page, and bob (OrgB)."""
    from tests.app.conftest import go

    monkeypatch.setenv("SECU4ALL_AUTH_MODE", "local")
    app = no_exception(new_app(lang="en").run())  # the first run creates the database
    storage = Storage(make_engine(app_database))
    for username, organisation in (("ann", "OrgA"), ("bob", "OrgB")):
        create_user(storage, None, username=username, display_name=username, role="assessor", organisation=organisation, password="a long enough password")
    sign_in(app, "ann")
    app.text_input(key="new-title").set_value("OrgA park watch").run()
    app.selectbox(key="new-origin").set_value("park_drug_dealing").run()
    no_exception(app.button(key="create").click().run())
    field(app, "need.problem_statement").set_value(SECRET_NEED).run()
    no_exception(go(app, "results"))
    assert "OrgA park watch" in text_of(app)
    return app


def assert_sees_nothing_of_orgA(app):
    from tests.app.conftest import go

    for page in ("need", "options", "results", "decision"):
        no_exception(go(app, page))
        seen = text_of(app)
        assert SECRET_NEED not in seen and "OrgA park watch" not in seen, page
        assert any("No assessment is open" in info.value for info in app.info) or "No assessment is open" in seen, page
        assert not [b for b in app.download_button if b.key and b.key.startswith("export-")], page


def test_after_sign_out_the_next_person_sees_nothing_of_the_previous_one(app_database, monkeypatch):
    app = two_organisations(app_database, monkeypatch)
    no_exception(app.button(key="sign-out").click().run())
    assert "a" not in app.query_params
    sign_in(app, "bob")
    assert any("Signed in as bob" in c.value for c in app.caption)
    assert_sees_nothing_of_orgA(app)


def test_an_expired_session_forgets_the_open_assessment(app_database, monkeypatch):
    import datetime as dt

    from secu4all_ethics.ui.identity import LAST_ACTIVITY

    app = two_organisations(app_database, monkeypatch)
    app.session_state[LAST_ACTIVITY] = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    no_exception(app.run())
    assert any("expired" in w.value for w in app.warning)
    sign_in(app, "bob")
    assert_sees_nothing_of_orgA(app)


def test_access_is_checked_on_every_run_not_only_when_opening(app_database, monkeypatch):
    """Whoever is signed in now is asked about, whatever this tab opened before."""
    from secu4all_ethics.storage.audit import Actor
    from secu4all_ethics.ui.context import ACTOR_KEY

    app = two_organisations(app_database, monkeypatch)
    app.session_state[ACTOR_KEY] = Actor(name="bob", role="assessor", organisation="OrgB", authenticated=True)
    no_exception(app.run())
    assert any("another organisation" in e.value for e in app.error)
    assert_sees_nothing_of_orgA(app)
