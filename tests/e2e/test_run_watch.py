"""after_run(), the wait every step of the browser journeys relies on, on a browser too slow to
draw a short run's "running" state (the CI machine under load: a workshop journey waited 60 s for a
run that had finished)."""

from __future__ import annotations

from playwright.sync_api import expect

from secu4all_ethics.i18n import t
from tests.e2e.conftest import SCRIPT_STATE, after_run, settle

CPU_SLOWDOWN = 30  # about what a tab gets beside two test workers and a chart server on two cores


def test_a_run_the_slow_page_never_showed_as_running_is_still_waited_for(app_server, browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 768, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{app_server}/join")
        settle(page)
        page.evaluate(
            """() => {
                const app = document.querySelector('[data-testid=stApp]');
                window.__statesDrawn = [];
                new MutationObserver(() => window.__statesDrawn.push(app.dataset.testScriptState))
                    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
            }"""
        )
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        for code in ("ZZZZ01", "ZZZZ02"):
            page.get_by_test_id("stForm").get_by_role("textbox").fill(code)
            after_run(page, lambda: page.get_by_role("button", name=t("join.continue", "en"), exact=True).click())
            expect(page.get_by_text(t("join.unknown_code", "en", code=code))).to_be_visible()
        assert page.evaluate(f"() => {SCRIPT_STATE}") == "notRunning"
        # What made the old wait (the script state seen as "running") hang: the DOM never drew it.
        assert "running" not in page.evaluate("() => window.__statesDrawn"), "the slowed page drew 'running': the case is not reproduced"
    finally:
        context.close()
