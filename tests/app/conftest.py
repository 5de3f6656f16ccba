import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def app_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("SECU4ALL_DATABASE_URL", url)
    monkeypatch.delenv("SECU4ALL_AUTH_MODE", raising=False)
    return url


def new_app(**query):
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        app.query_params[key] = value
    return app


def no_exception(app):
    assert not app.exception, [e.value for e in app.exception]
    return app


PAGE_FILES = {
    name: f"secu4all_ethics/ui/pages/{name}.py"
    for name in ("start", "need", "options", "screening", "dpia", "weights", "scores", "results", "decision", "review", "history", "library")
}


def widget(widgets, suffix):
    """The one widget whose key ends with this field path (keys carry the assessment id first)."""
    found = [w for w in widgets if w.key and w.key.endswith(f":{suffix}")]
    assert len(found) == 1, f"{suffix}: {len(found)} widgets"
    return found[0]


def go(app, page):
    """Switch the AppTest to a page (by short name) and run it."""
    return app.switch_page(PAGE_FILES[page]).run()


def open_example(app_database, name="park_drug_dealing", page="need", who="Ada", lang="en"):
    """Create an assessment from an example scenario through the UI and go to a page."""
    app = no_exception(new_app(lang=lang).run())
    app.text_input(key="who").set_value(who).run()
    app.selectbox(key="new-origin").set_value(name).run()
    no_exception(app.button(key="create").click().run())
    if page != "need":
        no_exception(go(app, page))
    return app


def saved_document(app_database, app):
    """The latest stored version of the assessment open in app."""
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage, get_version

    engine = make_engine(app_database)
    try:
        with Storage(engine).transaction() as session:
            return get_version(session, app.query_params["a"]).document
    finally:
        engine.dispose()
