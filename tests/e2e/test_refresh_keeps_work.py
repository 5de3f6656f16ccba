"""Journey: a procurement officer starts an assessment, types, refreshes the
browser, and finds the work where it was."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, settle

pytestmark = pytest.mark.e2e


def test_refresh_in_the_middle_returns_to_the_same_data(app_server, page_factory):
    page = page_factory()
    page.goto(f"{app_server}/?lang=en")
    page.get_by_role("textbox", name="Your name").fill("Ada Lovelace")
    page.get_by_role("textbox", name="Your name").press("Enter")
    settle(page)
    page.get_by_role("textbox", name="Title", exact=True).fill("Drug dealing in Parc Bellevue")
    page.get_by_role("textbox", name="Title", exact=True).press("Enter")
    settle(page)
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(page)
    assert_no_exception(page)

    statement = page.get_by_role("textbox", name="What problem do you want to solve, and where?")
    statement.fill("Open dealing near the playground after dark, 43 reports in 2025.")
    statement.press("Tab")
    page.get_by_text("All changes saved (version 2).").wait_for()
    aim = page.get_by_role("textbox", name="Legitimate aim")
    aim.fill("Protect children and residents from drug dealing.")
    aim.press("Tab")
    page.get_by_text("All changes saved (version 3).").wait_for()
    screenshot(page, "need-before-refresh")
    address = page.url

    page.reload()
    settle(page)
    page.get_by_text("All changes saved (version 3).").wait_for()
    assert page.url == address
    expect(page.get_by_role("textbox", name="What problem do you want to solve, and where?")).to_have_value(re.compile(r"^Open dealing near the playground"))
    expect(page.get_by_role("textbox", name="Legitimate aim")).to_have_value("Protect children and residents from drug dealing.")
    assert_no_exception(page)
    screenshot(page, "need-after-refresh")


def test_export_downloads_the_saved_assessment(app_server, page_factory):
    import yaml

    page = page_factory()
    page.goto(f"{app_server}/?lang=en&who=Bea")
    settle(page)
    page.get_by_role("textbox", name="Title", exact=True).fill("Car park thefts")
    page.get_by_role("textbox", name="Title", exact=True).press("Enter")
    settle(page)
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r".*/need\?.*"))
    settle(page)
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="Export as YAML").get_by_role("button").click()
    document = yaml.safe_load(open(download.value.path(), encoding="utf-8"))
    assert document["format"] == "secu4all-assessment" and document["title"] == "Car park thefts"
    assert download.value.suggested_filename == "car-park-thefts.yaml"
    assert_no_exception(page)
