"""The safeguards panel stays open after a tick, so its effect table is seen (issue #15 point 6)."""

import re

import pytest

from secu4all_ethics.i18n import t
from tests.e2e.conftest import after_run, assert_no_exception, go, keyed, settle

pytestmark = pytest.mark.e2e


def test_ticking_a_safeguard_keeps_the_panel_and_its_effect_in_view(app_server, page_factory):
    page = page_factory()
    page.goto(f"{app_server}/?lang=en&who=Ada")
    settle(page)
    keyed(page, "new-origin").get_by_role("combobox").click()
    page.get_by_role("option", name=re.compile("Parc des Tilleuls")).click()
    settle(page)
    page.get_by_role("button", name=t("start.create", "en")).click()
    page.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(page)
    go(page, "en", "options")

    panel = keyed(page, "options.fixed_cctv.configurations.expander")
    assert re.search(r"Settings and safeguards \(chosen: 2 of \d+\)", panel.locator("summary").inner_text())
    panel.locator("summary").click()
    effect = panel.get_by_text(t("options.effect.heading", "en"))
    effect.wait_for()
    register = panel.get_by_text("Public camera register and annual report")
    after_run(page, register.click)
    assert_no_exception(page)
    panel = keyed(page, "options.fixed_cctv.configurations.expander")
    assert re.search(r"Settings and safeguards \(chosen: 3 of \d+\)", panel.locator("summary").inner_text())
    assert panel.locator("details").get_attribute("open") is not None
    assert panel.get_by_text(t("options.effect.heading", "en")).is_visible()
