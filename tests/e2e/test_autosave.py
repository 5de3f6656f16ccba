"""Autosave in a real browser: a user's own quick edits never conflict with each other.

Holding an arrow key on a pairwise slider sends a new value before the save of the last
one has finished; Streamlit then stops that run (after its save, before it noted the new
version) and starts the next. Every value that reached the server must be stored, in
order, with no conflict, and later edits on other pages must still be stored."""

import re

import pytest
from playwright.sync_api import expect

from secu4all_ethics.content.loader import load_content
from secu4all_ethics.i18n import t
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage, version_history
from tests.e2e.conftest import assert_no_exception, go, keyed, settle

pytestmark = pytest.mark.e2e

PRESSES = 10


def judgement(document: dict, a: str, b: str) -> float | None:
    for given in document["weights"].get("judgements", []):
        if (given["a"], given["b"]) == (a, b):
            return given["value"]
        if (given["a"], given["b"]) == (b, a):
            return 1 / given["value"]
    return None


def stored_versions(database_url: str, assessment_id: str):
    storage = Storage(make_engine(database_url))
    try:
        with storage.transaction() as session:
            return version_history(session, assessment_id)
    finally:
        storage.engine.dispose()


def value_of(position: int) -> float:
    """The judgement a position of the AHP slider stands for (as the Weights page reads it)."""
    return float(position + 1) if position >= 0 else 1.0 / (1 - position)


def test_ten_quick_slider_presses_are_all_saved_without_a_conflict(app_server, app_database_url, page_factory):
    page = page_factory()
    page.goto(f"{app_server}/?lang=en&who=Ada")
    settle(page)
    page.get_by_role("textbox", name="Title", exact=True).fill("Quick hands")
    page.get_by_role("textbox", name="Title", exact=True).press("Enter")
    settle(page)
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(page)
    assessment_id = re.search(r"a=([0-9a-f]{32})", page.url).group(1)

    go(page, "en", "weights")
    keyed(page, ".method").get_by_text(t("weights.method.ahp", "en"), exact=True).click()
    settle(page)
    pillars = [pillar.id for pillar in load_content().framework.pillars]
    a, b = pillars[0], pillars[1]
    thumb = page.locator(f'[class*="-ahp-{a}-{b}"]').first.get_by_role("slider")
    thumb.focus()
    thumb.press("Home")  # "a is 9 times as important": ten steps to the right are then ten new values
    expect(thumb).to_have_value("0")
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]').dataset.testScriptState === 'notRunning'")
    settle(page)
    expect(page.get_by_text(re.compile(r"All changes saved \(version \d+\)"))).to_be_visible()
    first_version = stored_versions(app_database_url, assessment_id)[-1].version
    assert judgement(stored_versions(app_database_url, assessment_id)[-1].document, a, b) == value_of(8)

    for _ in range(PRESSES):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(50)
    expect(thumb).to_have_value(str(PRESSES))
    pressed = [value_of(8 - step) for step in range(1, PRESSES + 1)]  # positions 7 .. -2
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]').dataset.testScriptState === 'notRunning'")
    expect(page.get_by_text(re.compile(r"All changes saved \(version \d+\)"))).to_be_visible()
    settle(page)

    assert page.get_by_text("Someone else saved this assessment").count() == 0  # no conflict with its own saves
    assert page.locator(".st-key-save-conflict").count() == 0
    versions = [v for v in stored_versions(app_database_url, assessment_id) if v.version > first_version]
    stored = [judgement(v.document, a, b) for v in versions]
    assert stored and stored[-1] == pytest.approx(pressed[-1]), (stored, pressed)
    # every value that reached the server was stored, in the order pressed, each once
    positions = [min(range(len(pressed)), key=lambda i: abs(pressed[i] - value)) for value in stored]
    assert positions == sorted(set(positions)), (stored, pressed)
    assert all(v.author == "Ada" for v in versions)
    expect(page.get_by_text(f"All changes saved (version {versions[-1].version}).")).to_be_visible()
    assert_no_exception(page)

    # Later edits, on another page, are stored too: a new session reads them
    go(page, "en", "need")
    place = page.get_by_role("textbox", name=t("need.place_type", "en"), exact=True)
    place.fill("Station forecourt")
    place.press("Tab")
    expect(page.get_by_text(f"All changes saved (version {versions[-1].version + 1}).")).to_be_visible()
    assert stored_versions(app_database_url, assessment_id)[-1].document["need"]["place_type"] == "Station forecourt"
    fresh = page_factory()
    fresh.goto(f"{app_server}/need?lang=en&who=Ada&a={assessment_id}")
    settle(fresh)
    expect(fresh.get_by_role("textbox", name=t("need.place_type", "en"), exact=True)).to_have_value("Station forecourt")
    assert_no_exception(fresh)


def test_a_real_conflict_is_shown_where_the_user_is_and_the_change_can_be_reapplied(app_server, app_database_url, page_factory):
    """Two tabs on one assessment: the second edits a field far down the page after the first
    saved. The banner is in view there (it stays at the top while scrolling), the text stays in
    its field, and reapplying stores it on top of the other tab's version."""
    first = page_factory()
    first.goto(f"{app_server}/?lang=en&who=Ada")
    settle(first)
    first.get_by_role("textbox", name="Title", exact=True).fill("Two tabs")
    first.get_by_role("textbox", name="Title", exact=True).press("Enter")
    settle(first)
    first.get_by_role("button", name="Create").click()
    first.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(first)
    assessment_id = re.search(r"a=([0-9a-f]{32})", first.url).group(1)
    second = page_factory()
    second.goto(f"{app_server}/need?lang=en&who=Ada&a={assessment_id}")
    settle(second)
    expect(second.get_by_text("All changes saved (version 1).")).to_be_visible()

    place = first.get_by_role("textbox", name=t("need.place_type", "en"), exact=True)
    place.fill("Station forecourt")
    place.press("Tab")
    expect(first.get_by_text("All changes saved (version 2).")).to_be_visible()

    aim = second.get_by_role("textbox", name=t("need.legitimate_aim", "en"), exact=True)
    aim.scroll_into_view_if_needed()
    aim.fill("Fewer thefts at night")
    aim.press("Tab")
    banner = second.locator(".st-key-save-conflict")
    expect(banner).to_contain_text("Someone else saved this assessment meanwhile (it is now at version 2)")
    settle(second)
    expect(banner).to_be_in_viewport()
    expect(aim).to_have_value("Fewer thefts at night")
    assert stored_versions(app_database_url, assessment_id)[-1].version == 2
    assert_no_exception(second)

    banner.get_by_role("button", name=t("save.reapply", "en")).click()
    expect(second.get_by_text("All changes saved (version 3).")).to_be_visible()
    expect(banner).to_have_count(0)
    need = stored_versions(app_database_url, assessment_id)[-1].document["need"]
    assert (need["place_type"], need["legitimate_aim"]) == ("Station forecourt", "Fewer thefts at night")
    settle(second)
    expect(second.get_by_role("textbox", name=t("need.place_type", "en"), exact=True)).to_have_value("Station forecourt")
    assert_no_exception(second)
