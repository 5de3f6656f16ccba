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
