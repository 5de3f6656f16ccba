"""The effectiveness estimate in a real browser (issue #17): on 6 Results, the car park's table of what each
option may prevent, with "no estimate" where there is no evidence and the caveat on results from elsewhere.
The table is photographed (test-artifacts/screenshots/) in English and German."""

import re

import pytest

from secu4all_ethics.i18n import t
from tests.e2e.conftest import assert_no_exception, create_from_scenario, go, screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang, prevented", [("en", "17–60"), ("de", "17–60")])
def test_the_results_show_the_effectiveness_table(app_server, page_factory, lang, prevented):
    page = page_factory(locale="de-DE" if lang == "de" else "en-GB")
    create_from_scenario(page, app_server, lang, re.compile("north station"))
    # A count of incidents reads as one ("118", not "118.00").
    assert page.get_by_role("spinbutton", name=t("effectiveness.need.incidents", lang)).input_value() == "118"
    go(page, lang, "results")
    table = page.locator(".st-key-effectiveness-table")
    table.scroll_into_view_if_needed()
    assert prevented in table.inner_text() and t("effectiveness.no_estimate", lang) in table.inner_text()
    assert any(t("effectiveness.caveat", lang)[:40] in text for text in page.get_by_test_id("stAlert").all_inner_texts())
    table.screenshot(path=str(screenshot(page, f"{lang}-effectiveness-page").with_name(f"{lang}-effectiveness-table.png")))
    assert_no_exception(page)
