"""Versions and the re-review in Chromium (#15 points 13 and 14), in French and German, on a desktop
(1400 px) and a phone (390 px): the list of versions, the comparison and the read-only report fit the
page; the DPO's re-review opens with what changed since the version sent back and the carried-over
verdicts. Screenshots: test-artifacts/screenshots/versions-*.png and re-review-*.png."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from secu4all_ethics import load_assessment, load_content
from secu4all_ethics.i18n import t
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from secu4all_ethics.services.assessments import AssessmentService
from secu4all_ethics.services.auth import unauthenticated_actor
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.storage.schema_version import upgrade
from tests.conftest import EXAMPLES_DIR
from tests.e2e.conftest import DATABASE_URLS, assert_no_exception, screenshot, settle

pytestmark = pytest.mark.e2e

DPO = "Dora Dupuis"


@pytest.fixture(scope="module")
def revised(app_server) -> tuple[str, int]:
    """The car park example submitted, the need marked to correct and sent back, revised and resubmitted."""
    engine = make_engine(DATABASE_URLS[app_server])
    upgrade(engine)
    service = AssessmentService(Storage(engine), load_content())
    ada, dora = unauthenticated_actor("Ada", "assessor", "My municipality"), unauthenticated_actor(DPO, "dpo", "My municipality")
    stored = service.create(ada, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.submit(ada, stored.assessment_id, stored.version)
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(dora, stored.assessment_id, section=section, verdict="to_correct" if section == "need" else "acceptable", comment="Source?")
    back = service.request_changes(dora, stored.assessment_id, submitted.version, comment="See section 2.")
    loaded = service.load(ada, stored.assessment_id)
    loaded.assessment.need.evidence[0].source = "Police incident log 2025"
    loaded.assessment.need.place_type = "Multi-storey car park"
    draft = service.save(ada, loaded.assessment, back.version)
    service.submit(ada, stored.assessment_id, draft.version)
    engine.dispose()
    return stored.assessment_id, submitted.version


def fits_the_width(page, width: int, within: str) -> None:
    """The tables of this page's own part (not the report's, drawn by the report's layout) end inside
    the window: none needs sideways scrolling."""
    ends = page.evaluate(f"() => [...document.querySelectorAll('{within} table')].map(t => t.getBoundingClientRect().right)")
    assert ends and max(ends) <= width, f"tables end at {ends} px in a {width} px window"


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("lang", ["fr", "de"])
def test_versions_and_the_re_review_in_chromium(app_server, browser, revised, lang, width):
    assessment_id, reviewed = revised
    context = browser.new_context(locale=f"{lang}-CH", viewport={"width": width, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{app_server}/history?lang={lang}&who=Ada&role=assessor&a={assessment_id}")
        page.locator("[data-testid=stMain] h1").first.wait_for()
        settle(page)
        assert_no_exception(page)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_role("heading", name=t("history.title", lang))).to_be_visible()
        expect(main.get_by_text(t("history.summary.created", lang), exact=True)).to_be_visible()
        expect(main.get_by_test_id("stTable").get_by_text("Police incident log 2025").first).to_be_visible()  # the comparison, across the latest edit
        expect(main.get_by_test_id("stExpander").first).to_be_visible()  # the read-only report of the latest version
        fits_the_width(page, width, "[data-testid=stMain] [data-testid=stTable]:not([data-testid=stExpander] *)")
        screenshot(page, f"versions-{lang}-{width}")

        page.goto(f"{app_server}/review?lang={lang}&who={quote(DPO)}&role=dpo&a={assessment_id}")
        page.locator("[data-testid=stMain] h1").first.wait_for()
        settle(page)
        assert_no_exception(page)
        banner = page.locator(".st-key-review-changed-since")
        expect(banner.get_by_text(t("review.changed_since.heading", lang))).to_be_visible()
        banner.get_by_text(t("review.changed_since.details", lang)).click()
        expect(banner.get_by_text("Police incident log 2025").first).to_be_visible()
        carried = t("report.review.verdict_carried", lang, verdict=t("report.review.verdict.acceptable", lang), version=reviewed)
        expect(main.get_by_test_id("stExpander").filter(has_text=carried)).to_have_count(len(REVIEWABLE_SECTIONS) - 1)
        fits_the_width(page, width, ".st-key-review-changed-since")
        banner.screenshot(path=str(screenshot(page, f"re-review-{lang}-{width}").with_name(f"re-review-banner-{lang}-{width}.png")))
    finally:
        context.close()
