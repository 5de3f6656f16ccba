"""Benchmark the app.

1. Server-side rerun time of the Results page for the largest example
   assessment, measured with AppTest (the script run, no browser).
2. Time from starting the server to the first rendered page in Debian's
   Chromium (a fresh server and a fresh browser page each trial), with the
   database already there (a normal start) and on the very first start, which
   also creates the database.

Run: .venv/bin/python bench/app.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from secu4all_ethics import load_assessment, load_content  # noqa: E402
from secu4all_ethics.services.assessments import AssessmentService  # noqa: E402
from secu4all_ethics.storage.audit import Actor  # noqa: E402
from secu4all_ethics.storage.database import make_engine  # noqa: E402
from secu4all_ethics.storage.repository import Storage  # noqa: E402
from secu4all_ethics.storage.schema_version import upgrade  # noqa: E402
from tests.postgres_server import free_port  # noqa: E402

RERUNS = 30
STARTS = 9
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def largest_example() -> Path:
    return max((ROOT / "criteria" / "examples").glob("*.yaml"), key=lambda p: len(load_assessment(p).options))


def results_rerun(folder: str) -> dict:
    from streamlit.testing.v1 import AppTest

    url = f"sqlite:///{folder}/bench-app.db"
    os.environ["SECU4ALL_DATABASE_URL"] = url
    engine = make_engine(url)
    upgrade(engine)
    example = largest_example()
    actor = Actor(name="Ada", role="assessor", organisation="My municipality", authenticated=False)
    stored = AssessmentService(Storage(engine), load_content()).create(actor, load_assessment(example))
    engine.dispose()

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params.update({"lang": "en", "who": "Ada", "a": stored.assessment_id})
    app.run()
    app.switch_page("secu4all_ethics/ui/pages/results.py").run()
    assert not app.exception, [e.value for e in app.exception]
    first = None
    times = []
    for number in range(RERUNS + 1):
        started = time.perf_counter()
        app.run()
        elapsed = time.perf_counter() - started
        if number == 0:
            first = elapsed
        else:
            times.append(elapsed)
    assert not app.exception
    ordered = sorted(times)
    return {
        "example": example.name,
        "options": len(load_assessment(example).options),
        "first_run_ms": first * 1000,
        "rerun_median_ms": statistics.median(ordered) * 1000,
        "rerun_p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
    }


# Straight to the local server, whatever http_proxy says.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def wait_until_healthy(port: int, started: float, server: subprocess.Popen) -> None:
    """Poll Streamlit's health endpoint, as a readiness check would, then let the browser in.

    An earlier version retried page.goto until it succeeded instead. Each refused
    navigation makes Chromium draw an error page, and that added 0.3-1 s to the
    figure that has nothing to do with the app (measured side by side; see docs/benchmarks.md).
    """
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode} before answering")
        try:
            with _direct.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:  # not listening yet
            pass
        if time.perf_counter() - started > 60:
            raise TimeoutError("the server did not start within 60 s")
        time.sleep(0.01)


def first_render(folder: str, existing_database: bool) -> dict:
    """existing_database=False measures the very first start, which also creates the database."""
    from playwright.sync_api import sync_playwright

    times, complete = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        for trial in range(STARTS):
            port = free_port()
            url = f"sqlite:///{folder}/start-{existing_database}-{trial}.db"
            if existing_database:
                engine = make_engine(url)
                upgrade(engine)
                engine.dispose()
            environment = dict(os.environ, SECU4ALL_DATABASE_URL=url)
            started = time.perf_counter()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(ROOT / "app.py"),
                    "--server.headless",
                    "true",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                ],
                cwd=ROOT,
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            page = browser.new_page()
            try:
                wait_until_healthy(port, started, server)
                page.goto(f"http://127.0.0.1:{port}/?lang=en", timeout=30000)
                page.get_by_role("heading", name="Weigh security technologies before you buy them").wait_for(timeout=30000)
                times.append(time.perf_counter() - started)
                # The start page's last element: the whole page has arrived, not only its heading.
                page.get_by_text("The catalogue", exact=True).wait_for(timeout=30000)
                complete.append(time.perf_counter() - started)
            finally:
                page.close()
                server.terminate()
                server.wait(timeout=10)
        browser.close()
    return {
        "trials": STARTS,
        "median_s": statistics.median(times),
        "max_s": max(times),
        "whole_page_median_s": statistics.median(complete),
    }


def main() -> None:
    # As scripts/run_app.sh does: the package is compiled once, so that a start does not
    # compile it again where bytecode is not written (PYTHONDONTWRITEBYTECODE).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "secu4all_ethics"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as folder:
        figures = {
            "results_page": results_rerun(folder),
            "server_start_to_first_render": first_render(folder, existing_database=True),
            "first_ever_start_creating_the_database": first_render(folder, existing_database=False),
            "targets": {"rerun_median_ms": 250, "first_render_s": 3},
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
