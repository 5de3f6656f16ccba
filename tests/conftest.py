import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

from secu4all_ethics import load_content
from secu4all_ethics.services.assessments import AssessmentService as _AssessmentService
from secu4all_ethics.storage.database import make_engine as _make_engine
from secu4all_ethics.storage.repository import Storage as _Storage
from secu4all_ethics.storage.schema_version import upgrade as _upgrade

ROOT = Path(__file__).resolve().parents[1]
CONTENT_DIR = ROOT / "criteria"
EXAMPLES_DIR = CONTENT_DIR / "examples"


def unavailable(reason: str) -> NoReturn:
    """A tool a test needs is missing: skipped on a developer's machine, a failure on CI, where .ci/run installs it."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def require_command(name: str, package: str = "poppler-utils") -> None:
    if shutil.which(name) is None:
        unavailable(f"{name} ({package}) is not installed")


@pytest.fixture(scope="session")
def bundle():
    return load_content(CONTENT_DIR)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the shipped content that a test may break."""
    target = tmp_path / "criteria"
    shutil.copytree(CONTENT_DIR, target)
    return target


# --- storage on both databases -------------------------------------------------------


@pytest.fixture(scope="session")
def postgres():
    from tests.postgres_server import postgres_server

    try:
        manager = postgres_server()
        server = manager.__enter__()
    except Exception as error:  # noqa: BLE001
        unavailable(f"PostgreSQL unavailable here: {error}")
    yield server
    manager.__exit__(None, None, None)


@pytest.fixture
def database_url(request, tmp_path):
    """A fresh, migrated database URL; parametrised by backend name."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'secu4all.db'}"
    else:
        url = request.getfixturevalue("postgres").new_database()
    engine = _make_engine(url)
    _upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def storage(database_url):
    engine = _make_engine(database_url)
    yield _Storage(engine)
    engine.dispose()


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture
def service(storage, bundle):
    return _AssessmentService(storage, bundle)


@pytest.fixture(scope="session")
def chart_server():
    """Chart images need chromium (kaleido). Missing on a developer's machine: skip; on CI: fail."""
    from secu4all_ethics.report.chart_images import ChartImageError, ensure_server

    try:
        ensure_server()
    except ChartImageError as error:
        unavailable(f"chart images unavailable here: {error}")


@pytest.fixture(scope="session")
def layout_worker():
    """The PDF layout worker, started and ready: PDFs are then laid out there, as in the app (report/layout_worker.py)."""
    from secu4all_ethics.report import layout_worker as worker

    try:
        worker.submit("<p>ready</p>", "none", {}, b"ready").result(timeout=90)
    except Exception as error:  # noqa: BLE001 - whatever stopped it, the tests that need it cannot run
        pytest.fail(f"the PDF layout worker did not start: {error}")
    return worker


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (scripts/run_tests.sh runs two workers), every browser test runs on one
    worker, one after another, against the one app server that worker starts: two browsers and two
    servers would compete for the same cores while the other worker runs the unit and AppTest suites."""
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.xdist_group("browser"))
