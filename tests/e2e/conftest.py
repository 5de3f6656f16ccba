"""Browser tests: a real Streamlit server on a free port, Debian's Chromium
driven by Playwright. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from secu4all_ethics.i18n import t
from tests.conftest import ROOT, unavailable
from tests.postgres_server import free_port

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# expect() waits as long as the pages' own default (page.set_default_timeout below), not its 5 s.
expect.set_options(timeout=20_000)
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SERVER_LOGS = ROOT / "test-artifacts" / "server-logs"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _require(condition: bool, reason: str) -> None:
    if not condition:
        unavailable(reason)  # browser tests are never skipped in CI


DATABASE_URLS: dict[str, str] = {}  # the database behind each app_server URL, for tests that seed it
SERVER_LOG_PATHS: dict[str, Path] = {}
SERVER_PIDS: dict[str, int] = {}  # the server process behind each URL, for the benchmarks' memory figures
STREAMLIT = ("-m", "streamlit")


@pytest.fixture(autouse=True)
def no_error_in_the_server_log(request):
    """An exception in a run the browser never shows (one stopped by a newer event) is still a
    bug: each test fails if the server logged one while it ran."""
    if "app_server" not in request.fixturenames:
        yield
        return
    log = SERVER_LOG_PATHS[request.getfixturevalue("app_server")]
    start = log.stat().st_size
    yield
    with open(log, encoding="utf-8", errors="replace") as text:
        text.seek(start)
        written = text.read()
    assert "Traceback" not in written, written[written.index("Traceback") - 200 :][:4000]


@pytest.fixture(scope="session")
def app_database_url(tmp_path_factory) -> str:
    """The database of the app under test, for checking what it stored."""
    return f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"


def wait_until_healthy(url: str, process: subprocess.Popen, seconds: float, failure: str) -> None:
    """Until the app's health check at url says ok (directly or through nginx); the process is
    killed and `failure` raised when it ends or the time is up first."""
    deadline = time.time() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            process.kill()
            raise RuntimeError(failure)
        time.sleep(0.2)


@contextlib.contextmanager
def running_app(database_url: str, *, launcher: tuple[str, ...] = STREAMLIT, **environment_overrides: str):
    """The app on a free port with the given database and environment; yields its base URL.
    launcher: what Python runs instead of `-m streamlit` (a benchmark's timed command line)."""
    port = free_port()
    environment = dict(os.environ, SECU4ALL_DATABASE_URL=database_url, PYTHONUNBUFFERED="1")
    environment.pop("SECU4ALL_AUTH_MODE", None)
    environment.update(environment_overrides)
    # Kept beside the screenshots, not in pytest's rotating temp dirs: a failure under load is
    # only explained by the server's traceback.
    SERVER_LOGS.mkdir(parents=True, exist_ok=True)
    log = open(SERVER_LOGS / f"server-{port}.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            *launcher,
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    DATABASE_URLS[url] = environment["SECU4ALL_DATABASE_URL"]
    SERVER_LOG_PATHS[url] = Path(log.name)
    SERVER_PIDS[url] = process.pid
    wait_until_healthy(url, process, 60, f"the app did not start; see {log.name}")
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, app_database_url):
    """The app on a free port with a database of its own; yields its base URL."""
    with running_app(app_database_url) as url:
        yield url


AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, for the accessibility checks (test_accessibility.audit)."""
    if not AXE.exists():
        unavailable(f"axe-core is not installed at {AXE.relative_to(ROOT)}: scripts/run_tests.sh installs it with npm")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    _require(Path(CHROMIUM).exists() or shutil.which("chromium") is not None, f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield RunWatchingBrowser(browser)
        browser.close()


# Counts, in each page, the runs the server reports finished (after_run). Read from the WebSocket's
# frames because the app's script state in the DOM can skip "running" altogether: a slow browser
# takes a short run's messages in one go and React draws only the last state.
RUN_WATCH = (Path(__file__).parent / "run_watch.js").read_text(encoding="utf-8")


class RunWatchingBrowser:
    """The browser, each of whose contexts counts the app's finished runs (RUN_WATCH)."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.add_init_script(RUN_WATCH)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture
def page_factory(browser):
    contexts = []

    def make(locale: str = "en-GB"):
        context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield make
    for context in contexts:
        context.close()


# How long one run may take before a wait for its end gives up: a whole run of a long page (Legal
# screening after a reload) on a loaded machine. A limit, not a delay: waits end with the run.
RUN_LIMIT_MS = 60_000
SCRIPT_STATE = "document.querySelector('[data-testid=stApp]')?.dataset.testScriptState"


def settle(page) -> None:
    """Wait until Streamlit has finished the current run and drawn its elements.

    The app's script state says at once when a run is under way (the status widget only says
    "Running" after half a second). Whether an action has started a run yet cannot be told from
    here: where the next step depends on that run, use after_run() or wait for what it draws."""
    page.wait_for_timeout(300)
    # The skeleton stands for the same run as the script state below: the same limit for both.
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')", timeout=RUN_LIMIT_MS)
    page.wait_for_function(
        f"() => !['running', 'rerunRequested', 'stopRequested'].includes({SCRIPT_STATE}) && "
        "(!document.querySelector('[data-testid=stStatusWidget]') || "
        "!document.querySelector('[data-testid=stStatusWidget]').innerText.includes('Running'))",
        timeout=RUN_LIMIT_MS,
    )
    page.wait_for_timeout(200)


def after_run(page, action) -> None:
    """Do something that makes Streamlit run the page again, then wait until that run has finished.

    settle() alone cannot tell whether the run an action causes has started yet: under load the
    next step could act on the page of the run before (e.g. click a download button whose file
    was registered for the previous choice). Here the server must have reported a finished run
    since the action (RUN_WATCH), and the app's script state be 'notRunning' now."""
    before = page.evaluate("() => window.__scriptRunsFinished")
    assert before is not None, "this page does not count its runs: make it through the browser fixture"
    action()
    page.wait_for_function(
        f"before => window.__scriptRunsFinished > before && {SCRIPT_STATE} === 'notRunning'",
        arg=before,
        timeout=RUN_LIMIT_MS,
    )
    settle(page)


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0, page.locator("[data-testid=stException]").first.inner_text()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def shoot(page, name: str) -> Path:
    """A screenshot of the whole page at the window's width: Streamlit scrolls inside its main
    area, so the window is made as tall as the page first (full_page alone would stop at the
    window's height), then given back its size."""
    size = dict(page.viewport_size)
    page.evaluate("() => document.querySelector('[data-testid=stMain]')?.scrollTo(0, 0)")
    measure = "() => Math.max(1000, ...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))"
    height = 0
    for _ in range(4):  # the page may still grow while it draws; measure until it stops
        measured = page.evaluate(measure)
        if measured <= height + 80:  # (a window taller than the page makes it that tall)
            break
        height = measured
        page.set_viewport_size({"width": size["width"], "height": min(height + 80, 20000)})
        settle(page)
    page.wait_for_timeout(1000)  # widgets newly in view (date inputs, charts) draw their values
    path = screenshot(page, name)
    page.set_viewport_size(size)
    settle(page)
    assert_no_exception(page)
    return path


def keyed(page, field):
    """The element whose widget key ends with this field path (see ui.context.widget_key)."""
    css = re.sub(r"[^a-zA-Z0-9_-]", "-", field.lstrip(":."))
    return page.locator(f'[class*="-{css}"]').first


def navigation_title(lang, name):
    """A page's name in the sidebar: with an assessment open, a step's name carries its status."""
    step = t(f"nav.{name}", lang)
    with_status = [t("nav.with_status", lang, step=step, status=t(f"nav.status.{status}", lang)) for status in ("complete", "incomplete", "blocked")]
    return re.compile("^(" + "|".join(re.escape(title) for title in [step, *with_status]) + ")$")


def go(page, lang, name):
    """Open a page from the sidebar and wait until it is drawn: its address first (set when its
    run starts), then the end of that run."""
    page.get_by_test_id("stSidebarNav").get_by_text(navigation_title(lang, name)).click()
    if name != "start":
        page.wait_for_url(re.compile(rf"/{name}(\?|$)"))
    settle(page)
    assert_no_exception(page)


# The save line under a page's title names the version the last change stored (ui.context.save_status).
SAVED_AS = """version => {
    if (document.querySelector('[data-testid=stSkeleton]')) return false;
    if (document.querySelector('[data-testid=stApp]')?.dataset.testScriptState !== 'notRunning') return false;
    return [...document.querySelectorAll('[data-testid=stCaptionContainer]')].some(c => c.innerText.includes(`(version ${version})`));
}"""


def saved_version(page) -> int:
    """The version the page's save line names now."""
    captions = page.get_by_test_id("stCaptionContainer").all_inner_texts()
    return max(int(found) for text in captions for found in re.findall(r"\(version (\d+)\)", text))


def wait_until_saved(page, version: int) -> None:
    """Until the page says this version is saved and Streamlit has finished the run that drew it
    (English save line). Checked at every frame, so a timing around it is the wait a user sees."""
    page.wait_for_function(SAVED_AS, arg=version, timeout=RUN_LIMIT_MS, polling="raf")


def screening_heights(page) -> dict[str, int]:
    """px tall: the page's main block, and the option panel in view on 3 Legal screening."""
    return page.evaluate(
        """() => ({
        page: document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight,
        option: Math.max(0, ...[...document.querySelectorAll('[class*="st-key-screening-option-panel"], [role=tabpanel]')]
            .filter(e => e.offsetParent !== null).map(e => e.scrollHeight)),
    })"""
    )


WIDER_THAN_THE_PHONE = """() => {
    const wide = [];
    for (const table of document.querySelectorAll('[data-testid=stDataFrame], [data-testid=stTable]')) {
        const folded = table.closest('details:not([open])');
        if (!folded && table.scrollWidth > table.clientWidth + 1) wide.push(`table ${table.scrollWidth} > ${table.clientWidth}`);
    }
    for (const chart of document.querySelectorAll('.js-plotly-plot')) {
        const edge = chart.getBoundingClientRect().right;
        for (const text of chart.querySelectorAll('text')) {
            const box = text.getBoundingClientRect();
            if (box.width && box.right > edge + 1) wide.push(`"${text.textContent}" ends at ${box.right} > ${edge}`);
        }
    }
    return wide;
}"""


def wider_than_the_page(page) -> list[str]:
    """What a reader would have to scroll sideways for: a table not folded away that is wider than
    its place, or a chart's text that runs past the chart's right edge."""
    return page.evaluate(WIDER_THAN_THE_PHONE)


def create_from_scenario(page, app_server: str, lang: str, title: re.Pattern) -> None:
    """Open the start page as Ada and create an assessment from the example scenario whose title matches; ends on 1 Need."""
    page.goto(f"{app_server}/?lang={lang}&who=Ada")
    settle(page)
    keyed(page, "new-origin").get_by_role("combobox").click()
    page.get_by_role("option", name=title).click()
    settle(page)
    page.get_by_role("button", name=t("start.create", lang)).click()
    page.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(page)
