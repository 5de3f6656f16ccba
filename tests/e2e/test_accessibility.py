"""Accessibility: axe-core (installed from the npm registry by scripts/run_tests.sh) checks every
page of the app in Chromium, in English and in German, with an example assessment open (the
review page with a submitted copy, as the data protection officer who reviews it). No page may
have a critical or serious violation, except those docs/accessibility.md lists as Streamlit's own,
each with its upstream issue: the test reads that list, so an exception is written down once,
with its reason. What axe found, per page and impact, goes to test-artifacts/accessibility.json,
and each page's screenshot to test-artifacts/screenshots/accessibility-<lang>-<page>.png."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from secu4all_ethics import load_assessment, load_content
from secu4all_ethics.services.assessments import AssessmentService
from secu4all_ethics.services.auth import unauthenticated_actor
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.storage.schema_version import upgrade
from tests.conftest import EXAMPLES_DIR, ROOT
from tests.e2e.conftest import DATABASE_URLS, assert_no_exception, go, screenshot, settle

pytestmark = pytest.mark.e2e

ACCESSIBILITY_DOC = ROOT / "docs" / "accessibility.md"
REPORT = ROOT / "test-artifacts" / "accessibility.json"
BLOCKING = ("critical", "serious")
LANGUAGES = ("en", "de")
AUTHOR = "Ada"
DPO = "Dora Dupuis"
# The pages an assessor opens from the sidebar, in the sidebar's order; review is opened by the DPO.
ASSESSOR_PAGES = ("start", "need", "options", "screening", "dpia", "weights", "scores", "results", "decision", "history", "library")


@dataclass(frozen=True)
class UpstreamException:
    """A violation that comes from Streamlit's own markup (docs/accessibility.md): a rule on the
    elements inside a part Streamlit draws. The part is named by a CSS selector of Streamlit's
    stable data-testid attributes, since axe's own selectors use generated class names."""

    rule: str
    within: str
    issue: str


def upstream_exceptions(document: Path = ACCESSIBILITY_DOC) -> list[UpstreamException]:
    """The rows of the table under "## Violations from Streamlit itself": rule id, the CSS selector
    of the element or its ancestor, the upstream issue's address, the reason."""
    text = document.read_text(encoding="utf-8")
    section = text.split("## Violations from Streamlit itself", 1)[1].split("\n## ", 1)[0]
    exceptions = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 4 or cells[0] in ("Rule", "") or set(cells[0]) <= {"-", ":"}:
            continue
        rule, within, issue = (cell.strip("`") for cell in cells[:3])
        assert re.fullmatch(r"https://github\.com/streamlit/streamlit/(issues|pull)/\d+", issue), f"{rule}: no upstream issue: {issue}"
        exceptions.append(UpstreamException(rule, within, issue))
    return exceptions


def test_the_documented_exceptions_are_read(tmp_path):
    """The parser takes the rows of its section, not the header nor other sections, and refuses a
    row without an upstream issue."""
    document = tmp_path / "accessibility.md"
    document.write_text(
        "# A\n\n## Violations from Streamlit itself\n\n| Rule | Within | Upstream | Why |\n|---|---|---|---|\n"
        "| `list` | `[data-testid=stSidebarNav]` | https://github.com/streamlit/streamlit/issues/1 | nav |\n\n## Next\n\n| `x` | y | z | w |\n",
        encoding="utf-8",
    )
    assert upstream_exceptions(document) == [UpstreamException("list", "[data-testid=stSidebarNav]", "https://github.com/streamlit/streamlit/issues/1")]
    document.write_text(document.read_text().replace("https://github.com/streamlit/streamlit/issues/1", "later"), encoding="utf-8")
    with pytest.raises(AssertionError, match="no upstream issue"):
        upstream_exceptions(document)


@pytest.fixture(scope="module")
def example_assessments(app_server) -> tuple[str, str]:
    """The car park example twice: a draft the assessor works on, and a submitted copy for the review."""
    bundle = load_content()
    engine = make_engine(DATABASE_URLS[app_server])
    upgrade(engine)  # as the app does on its first visit (a no-op if a test visited before)
    service = AssessmentService(Storage(engine), bundle)
    author = unauthenticated_actor(AUTHOR, "assessor", "My municipality")
    draft = service.create(author, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.create(author, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    service.submit(author, submitted.assessment_id, submitted.version)
    engine.dispose()
    return draft.assessment_id, submitted.assessment_id


# axe-core's violations (its default rules: WCAG 2.x A and AA, and best practices); each element
# also says which of the given parts of the page (CSS selectors) it lies in.
RUN_AXE = """async within => {
  const {violations} = await window.axe.run(document, {resultTypes: ['violations']});
  for (const violation of violations) {
    for (const node of violation.nodes) {
      const element = document.querySelector(node.target[0]);
      node.within = within.filter(selector => element?.closest(selector));
    }
  }
  return violations;
}"""


def audit(page, axe_source: str, exceptions: list[UpstreamException]) -> list[dict]:
    """axe-core's violations on the page as it is drawn once Streamlit has finished its run."""
    settle(page)
    assert_no_exception(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(RUN_AXE, [exception.within for exception in exceptions])


def blocking(violations: list[dict], exceptions: list[UpstreamException]) -> list[str]:
    """The critical and serious violations that no documented exception covers, one line per element."""
    found = []
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            if not any(exception.rule == violation["id"] and exception.within in node["within"] for exception in exceptions):
                target = " ".join(map(str, node["target"]))
                found.append(f"{violation['impact']} {violation['id']} at {target}: {node['failureSummary'].splitlines()[-1].strip()}")
    return found


def counts(violations: list[dict]) -> dict[str, int]:
    """Elements in violation per impact."""
    tally: dict[str, int] = {}
    for violation in violations:
        tally[violation["impact"]] = tally.get(violation["impact"], 0) + len(violation["nodes"])
    return tally


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_has_a_serious_accessibility_violation(app_server, page_factory, axe_source, example_assessments, lang):
    exceptions = upstream_exceptions()
    draft, submitted = example_assessments
    results: dict[str, list[dict]] = {}

    page = page_factory(locale=f"{lang}-CH")
    page.goto(f"{app_server}/?lang={lang}&who={AUTHOR}&role=assessor&a={draft}")
    for name in ASSESSOR_PAGES:
        if name != "start":
            go(page, lang, name)
        page.locator("[data-testid=stMain] h1").first.wait_for()
        results[name] = audit(page, axe_source, exceptions)
        screenshot(page, f"accessibility-{lang}-{name}")

    reviewer = page_factory(locale=f"{lang}-CH")
    reviewer.goto(f"{app_server}/review?lang={lang}&who={quote(DPO)}&role=dpo&a={submitted}")
    reviewer.locator("[data-testid=stMain] h1").first.wait_for()
    results["review"] = audit(reviewer, axe_source, exceptions)
    screenshot(reviewer, f"accessibility-{lang}-review")

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    earlier = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    earlier[lang] = {
        name: {"counts": counts(found), "rules": sorted({v["id"] for v in found}), "not_excepted": len(blocking(found, exceptions))}
        for name, found in results.items()
    }
    REPORT.write_text(json.dumps(earlier, indent=1, ensure_ascii=False), encoding="utf-8")

    failures = {name: lines for name, found in results.items() if (lines := blocking(found, exceptions))}
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)
