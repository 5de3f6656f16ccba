"""Benchmark one gate answer on 3 Legal screening, as a user waits for it.

A fresh server and Debian's Chromium; the Christmas-market example (seven
options, the most of the examples) is stored, then opened on 3 Legal screening.
Each trial clicks another answer of one of the first option's gates and times
the wait from the click until the page says the answer is saved (the save line
names the next version) and Streamlit has finished running. Also measured:
the height of the page and of the option's panel, in px at 1400 px width.

Run: .venv/bin/python bench/screening_answer.py [--answers 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from secu4all_ethics import load_assessment, load_content  # noqa: E402
from secu4all_ethics.i18n import t  # noqa: E402
from secu4all_ethics.services.assessments import AssessmentService  # noqa: E402
from secu4all_ethics.storage.audit import Actor  # noqa: E402
from secu4all_ethics.storage.database import make_engine  # noqa: E402
from secu4all_ethics.storage.repository import Storage  # noqa: E402
from secu4all_ethics.storage.schema_version import upgrade  # noqa: E402
from tests.e2e.conftest import LAUNCH_ARGS, running_app, saved_version, screening_heights, wait_until_saved  # noqa: E402

EXAMPLE = ROOT / "criteria" / "examples" / "christmas_market.yaml"
OPTION = "hvm_street_furniture"  # the example's first option
GATES = ("prohibited_practice", "lawful_basis", "absolute_right", "specified_purpose", "targeting_rules")


def stored_example(url: str) -> str:
    engine = make_engine(url)
    upgrade(engine)
    actor = Actor(name="Ada", role="assessor", organisation="My municipality", authenticated=False)
    stored = AssessmentService(Storage(engine), load_content()).create(actor, load_assessment(EXAMPLE))
    engine.dispose()
    return stored.assessment_id


def answer_times(page, answers: int) -> list[float]:
    labels = {answer: t(f"screening.answer.{answer}", "en") for answer in ("passes", "not_applicable")}
    times = []
    for number in range(answers):
        gate = GATES[number % len(GATES)]
        radio = page.locator(f'[class*="-screening-{OPTION}-gates-{gate}-answer"]').first
        checked = radio.locator("input:checked")
        current = checked.evaluate("e => e.closest('label').innerText.trim()") if checked.count() else None
        wanted = "not_applicable" if current == labels["passes"] else "passes"
        choice = radio.get_by_text(labels[wanted], exact=True)
        version = saved_version(page)
        started = time.perf_counter()
        choice.click()
        wait_until_saved(page, version + 1)
        times.append(time.perf_counter() - started)
    return times


def all_heights(page, base: str, assessment_id: str) -> dict:
    """The page's and the first option's panel's height, px, per language and width."""
    heights = {}
    for lang in ("en", "fr", "de"):
        for width in (1400, 390):
            page.set_viewport_size({"width": width, "height": 1000 if width > 500 else 844})
            page.goto(f"{base}/screening?lang={lang}&who=Ada&a={assessment_id}", timeout=60_000)
            page.wait_for_function("() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'", timeout=60_000)
            page.wait_for_timeout(1500)
            heights[f"{lang} {width} px"] = screening_heights(page)
    return heights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10)
    parser.add_argument("--heights-only", action="store_true", help="only the heights, in en, fr and de at 1400 and 390 px")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench-screening.db"
        assessment_id = stored_example(url)
        # The e2e tests' server start: one helper for the tests and the benchmarks.
        with running_app(url) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/screening?lang=en&who=Ada&a={assessment_id}", timeout=60_000)
            wait_until_saved(page, 1)
            heights = screening_heights(page)
            if arguments.heights_only:
                heights = all_heights(page, base, assessment_id)
                times = []
            else:
                times = answer_times(page, arguments.answers)
            browser.close()
    if arguments.heights_only:
        print(json.dumps(heights, indent=2))
        return
    figures = {
        "example": EXAMPLE.name,
        "answers": len(times),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "each_s": [round(x, 3) for x in times],
        "page_height_px": heights["page"],
        "option_panel_height_px": heights["option"],
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
