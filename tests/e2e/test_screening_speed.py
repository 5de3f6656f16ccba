"""3 Legal screening is quick to work through (issue #15 point 7): one gate answer is saved and
shown in under a second, every option's title stays in view, and the page is drawn in fr and de
at a desk's and a phone's width (screenshots in test-artifacts/screenshots/)."""

import statistics
import time

import pytest

from secu4all_ethics import load_assessment, load_content
from secu4all_ethics.i18n import t
from secu4all_ethics.services.assessments import AssessmentService
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.storage.schema_version import upgrade
from tests.conftest import EXAMPLES_DIR
from tests.e2e.conftest import DATABASE_URLS, assert_no_exception, keyed, saved_version, screening_heights, screenshot, settle, wait_until_saved

pytestmark = pytest.mark.e2e

OPTION = "hvm_street_furniture"  # the Christmas market's first option, shown first


def stored_christmas_market(app_server) -> str:
    """The example with seven options, stored as Ada's: more options than tabs can show."""
    engine = make_engine(DATABASE_URLS[app_server])
    try:
        upgrade(engine)  # the first test may come before any page has opened the database
        actor = Actor(name="Ada", role="assessor", organisation="My municipality", authenticated=False)
        return AssessmentService(Storage(engine), load_content()).create(actor, load_assessment(EXAMPLES_DIR / "christmas_market.yaml")).assessment_id
    finally:
        engine.dispose()


def open_screening(page, app_server, assessment_id, lang):
    page.goto(f"{app_server}/screening?lang={lang}&who=Ada&a={assessment_id}")
    settle(page)
    assert_no_exception(page)


def checked_answer(page, gate) -> str:
    radio = keyed(page, f"screening.{OPTION}.gates.{gate}.answer")
    return radio.locator("input:checked").evaluate("e => e.closest('label').innerText.trim()")


# The first option's saved answers in the example, and another answer to give each.
CHANGES = {"absolute_right": "not_applicable", "specified_purpose": "not_applicable", "prohibited_practice": "passes"}


def test_one_gate_answer_is_saved_and_shown_in_under_a_second(app_server, page_factory):
    assessment_id = stored_christmas_market(app_server)
    page = page_factory()
    open_screening(page, app_server, assessment_id, "en")
    times = []
    for gate, answer in CHANGES.items():
        assert checked_answer(page, gate) != t(f"screening.answer.{answer}", "en")
        choice = keyed(page, f"screening.{OPTION}.gates.{gate}.answer").get_by_text(t(f"screening.answer.{answer}", "en"), exact=True)
        version = saved_version(page)
        started = time.perf_counter()
        choice.click()
        wait_until_saved(page, version + 1)
        times.append(time.perf_counter() - started)
        assert_no_exception(page)
        assert checked_answer(page, gate) == t(f"screening.answer.{answer}", "en")

    print("\none gate answer, from the click to the saved answer on a settled page: " + ", ".join(f"{s:.3f} s" for s in times))
    print(f"median {statistics.median(times):.3f} s")
    # The median of three: on this shared 2-core machine one answer may wait for another process.
    assert statistics.median(times) < 1.0
    # saved as they were made: a refresh shows them again
    open_screening(page, app_server, assessment_id, "en")
    assert [checked_answer(page, gate) for gate in CHANGES] == [t(f"screening.answer.{answer}", "en") for answer in CHANGES.values()]


@pytest.mark.parametrize("lang", ["fr", "de"])
@pytest.mark.parametrize("width", [1400, 390])
def test_every_option_title_is_in_view_in_fr_and_de_at_desk_and_phone_width(app_server, page_factory, lang, width):
    assessment_id = stored_christmas_market(app_server)
    page = page_factory(locale={"fr": "fr-FR", "de": "de-DE"}[lang])
    page.set_viewport_size({"width": width, "height": 1000 if width > 500 else 844})
    open_screening(page, app_server, assessment_id, lang)
    options = keyed(page, "screening.option")
    for option in load_assessment(EXAMPLES_DIR / "christmas_market.yaml").options:
        title = load_content().technologies_by_id[option.catalogue_id].name.get(lang)
        label = options.get_by_text(title, exact=True)
        assert label.is_visible(), title
        box, frame = label.bounding_box(), options.bounding_box()
        assert box["x"] >= frame["x"] - 1 and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, title
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    heights = screening_heights(page)
    # Streamlit scrolls inside its main block, not the window: a window as tall as the page shows it all.
    page.set_viewport_size({"width": width, "height": heights["page"] + 200})
    settle(page)
    path = screenshot(page, f"screening_{lang}_{width}")
    print(f"\n{lang} at {width} px: page {heights['page']} px, option panel {heights['option']} px; {path}")
