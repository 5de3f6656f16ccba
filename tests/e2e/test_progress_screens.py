"""What the user sees of their progress (issue #15 point 5), in French and German, on a desktop and a
phone: the step titles with their status in the sidebar, and the Start page's list with its actions.
The screenshots are looked at; the test checks the words are there."""

import re

import pytest
from playwright.sync_api import expect

from secu4all_ethics.i18n import t
from tests.e2e.conftest import assert_no_exception, screenshot, settle

pytestmark = pytest.mark.e2e


def _create(page, lang, title, origin=None):
    page.get_by_role("textbox", name=t("start.new_title", lang), exact=True).fill(title)
    page.get_by_role("textbox", name=t("start.new_title", lang), exact=True).press("Enter")
    settle(page)
    if origin is not None:
        page.get_by_test_id("stSelectbox").filter(has_text=t("start.new_from", lang)).click()
        page.get_by_role("option", name=origin).click()
        settle(page)
    page.get_by_role("button", name=t("start.create", lang)).click()
    page.wait_for_url(re.compile(r"/need\?.*a=[0-9a-f]{32}"))
    settle(page)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_sidebar_status_and_start_list_at_desktop_and_phone_width(app_server, page_factory, lang):
    page = page_factory(locale=lang)
    page.goto(f"{app_server}/?lang={lang}&who=Ada")
    settle(page)
    _create(page, lang, {"fr": "Vols à la gare routière", "de": "Diebstähle am Busbahnhof"}[lang])
    address = page.url
    navigation = page.get_by_test_id("stSidebarNav")
    need_title = t("nav.with_status", lang, step=t("nav.need", lang), status=t("nav.status.incomplete", lang))
    screening_title = t("nav.with_status", lang, step=t("nav.screening", lang), status=t("nav.status.blocked", lang))
    weights_title = t("nav.with_status", lang, step=t("nav.weights", lang), status=t("nav.status.complete", lang))
    for title in (need_title, screening_title, weights_title):
        expect(navigation.get_by_text(title, exact=True)).to_be_visible()
    screenshot(page, f"progress-sidebar-{lang}-1400")

    navigation.get_by_text(t("nav.start", lang), exact=True).click()
    settle(page)
    expect(page.get_by_text(t("start.owner", lang, name="Ada")).first).to_be_visible()
    expect(page.get_by_role("button", name=t("start.duplicate", lang)).first).to_be_visible()
    assert_no_exception(page)
    screenshot(page, f"progress-start-{lang}-1400")

    phone = page_factory(locale=lang)
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(address.replace("/need?", "/?"))
    settle(phone)
    phone.get_by_role("heading", name=t("start.saved", lang)).scroll_into_view_if_needed()
    expect(phone.get_by_role("button", name=t("start.archive", lang)).first).to_be_visible()
    assert_no_exception(phone)
    screenshot(phone, f"progress-start-{lang}-390")
    phone.get_by_test_id("stExpandSidebarButton").click()
    expect(phone.get_by_test_id("stSidebarNav").get_by_text(need_title, exact=True)).to_be_visible()
    phone.wait_for_timeout(500)
    screenshot(phone, f"progress-sidebar-{lang}-390")
