"""Journey: the browser's Back and Forward buttons walk through the steps one page at a time
(issue #15 point 8: after one step back, further presses used to stay on the same page)."""

import re

import pytest
from playwright.sync_api import expect

from secu4all_ethics.i18n import t
from tests.e2e.conftest import assert_no_exception, go, settle

pytestmark = pytest.mark.e2e

TITLE_OF = {"need": "need.title", "options": "options.title", "screening": "screening.title", "weights": "weights.title", "scores": "scores.title"}


def _assert_on(page, step: str) -> None:
    expect(page).to_have_url(re.compile(rf"/{step}\?.*a=[0-9a-f]{{32}}"))
    settle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(TITLE_OF[step], "en"))
    assert_no_exception(page)


def test_four_backs_and_two_forwards_each_move_one_step(app_server, page_factory):
    page = page_factory()
    page.goto(f"{app_server}/?lang=en&who=Ada")
    settle(page)
    page.get_by_role("textbox", name="Title", exact=True).fill("Bike thefts at the station")
    page.get_by_role("textbox", name="Title", exact=True).press("Enter")
    settle(page)
    page.get_by_role("button", name="Create").click()
    _assert_on(page, "need")

    walk = ["need", "options", "screening", "weights", "scores"]
    for step in walk[1:]:
        go(page, "en", step)
        _assert_on(page, step)

    for step in reversed(walk[:-1]):
        page.go_back()
        _assert_on(page, step)

    for step in walk[1:3]:
        page.go_forward()
        _assert_on(page, step)
