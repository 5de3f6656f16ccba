"""The browser speaks the user's language too (issue #15 point 2): the document's language, a tab title
per page, and the words Streamlit writes itself (skip link, uploader, date placeholder)."""

import re

import pytest

from secu4all_ethics.i18n import t
from tests.e2e.conftest import assert_no_exception, go, screenshot, settle

pytestmark = pytest.mark.e2e


def sign_in(page, lang):
    page.get_by_role("textbox", name=t("identity.name", lang)).fill("Ada")
    page.get_by_role("textbox", name=t("identity.name", lang)).press("Enter")
    settle(page)


def new_assessment(app_server, page_factory, lang):
    """A browser in lang on the Need page of an assessment it has just created."""
    page = page_factory(locale={"de": "de-DE", "fr": "fr-FR"}[lang])
    page.goto(f"{app_server}/?lang={lang}")
    settle(page)
    sign_in(page, lang)
    page.get_by_role("button", name=t("start.create", lang)).click()
    page.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(page)
    return page


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_the_document_and_streamlits_own_words_follow_the_language(app_server, page_factory, lang):
    page = page_factory(locale={"de": "de-DE", "fr": "fr-FR"}[lang])
    page.goto(f"{app_server}/?lang={lang}")
    settle(page)
    assert_no_exception(page)
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'")
    assert page.get_by_test_id("stSkipToContent").text_content() == t("browser.skip_to_content", lang)
    sign_in(page, lang)  # the start page offers an import once it knows who you are
    dropzone = page.get_by_test_id("stFileUploaderDropzone").inner_text()
    assert t("browser.upload", lang) in dropzone and "per file" not in dropzone and "Upload\n" not in dropzone
    assert t("browser.per_file", lang, size=t("browser.one_megabyte", lang)) in dropzone
    start_title = page.title()
    assert start_title.startswith(t("nav.start", lang))

    go(page, lang, "library")
    assert page.title().startswith(t("nav.library", lang)) and page.title() != start_title
    assert page.evaluate("document.documentElement.lang") == lang
    screenshot(page, f"browser-language-{lang}")


def test_a_date_field_shows_its_placeholder_in_the_language(app_server, page_factory):
    page = new_assessment(app_server, page_factory, "fr")
    field = page.locator('[data-testid="stDateInput"]').first
    segments = field.locator('[role="spinbutton"]')
    assert segments.evaluate_all("parts => parts.map(p => p.textContent)") == [t(f"browser.date.{part}", "fr") for part in ("day", "month", "year")]
    assert segments.first.get_attribute("aria-label").startswith(t("browser.date.day_name", "fr") + ", ")
    # React still owns the segments: typing shows the digits, and the date is saved.
    segments.first.click()
    page.keyboard.type("01062027")
    page.keyboard.press("Escape")
    page.get_by_role("heading", name=t("need.title", "fr")).click()  # leaving the field commits the date
    settle(page)
    assert segments.evaluate_all("parts => parts.map(p => p.textContent)") == ["01", "06", "2027"]
    page.get_by_text(t("save.saved", "fr", version=2)).wait_for()
    screenshot(page, "date-typed-fr")


def test_a_refused_change_is_said_under_its_field_with_a_toast_in_the_language(app_server, page_factory):
    """Issue #15 point 9: the reason under the field, the page's line no longer "all saved", and the
    toast that points there in German, closed by a button named in German."""
    page = new_assessment(app_server, page_factory, "de")
    title = page.get_by_label(t("need.assessment_title", "de"))
    refused = "Diebstahl aus Fahrzeugen im Parkhaus am Nordbahnhof " * 8
    title.fill(refused)
    title.press("Tab")
    settle(page)
    toast = page.get_by_test_id("stToast")
    toast.wait_for()
    assert toast.get_by_test_id("stToastText").inner_text() == t("save.refused_toast_field", "de")
    page.wait_for_function("() => document.querySelector('[data-testid=stToast] [aria-label]')?.getAttribute('aria-label') !== 'Close'")
    assert toast.get_by_role("button", name=t("browser.close", "de")).count() == 1
    # The reason sits right under the field (its limit caption between them), the text stays in it.
    reason = page.get_by_test_id("stAlert").filter(has_text=t("need.assessment_title", "de")).first
    assert 0 < reason.bounding_box()["y"] - title.bounding_box()["y"] < 200
    assert title.input_value() == refused
    assert page.get_by_text(t("save.saved", "de", version=1)).count() == 0
    screenshot(page, "refused-under-field-de")
