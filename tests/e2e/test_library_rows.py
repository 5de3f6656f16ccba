"""The Library's table of options (issue #15 point 11): long names are wrapped, never cut, and
picking a row opens that option's details, as choosing it in the list does."""

import pytest

from secu4all_ethics import load_content
from secu4all_ethics.i18n import t
from tests.e2e.conftest import assert_no_exception, screenshot, settle

pytestmark = pytest.mark.e2e

BUNDLE = load_content()


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_a_row_of_the_options_table_opens_its_details(app_server, page_factory, lang):
    page = page_factory({"de": "de-DE", "fr": "fr-FR"}[lang])
    page.goto(f"{app_server}/library?lang={lang}")
    settle(page)
    page.get_by_role("tab", name=t("library.tab.technologies", lang)).click()
    settle(page)
    table = page.get_by_test_id("stDataFrame").first
    table.wait_for()
    box = table.bounding_box()
    # The grid is drawn on a canvas: its first column holds each row's selection box; the header is
    # about 35 px tall and every row 112 px (five lines of a long list).
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 56)
    settle(page)
    assert_no_exception(page)
    # The table lists the least intrusive first, then by name.
    first = min(BUNDLE.technologies, key=lambda tech: (tech.intrusiveness, tech.name.get(lang)))
    heading = page.get_by_role("heading", level=2).filter(has_text=first.name.get(lang))
    heading.wait_for()
    assert heading.count() == 1
    # Every column fits the page: none runs past the table's frame, which would need sideways scrolling.
    widths = table.evaluate(
        'frame => [...frame.querySelectorAll("*")].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible").map(e => [e.className, e.scrollWidth, e.clientWidth])'
    )
    screenshot(page, f"library-row-details-{lang}")
    assert not widths, widths
    screenshot(page, f"library-row-details-{lang}")
