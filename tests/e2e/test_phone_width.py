"""On a phone, 390 px wide (issue #15 point 12): each AHP comparison keeps both names on one line
over the two ends of its slider, and the ranking table fits the screen instead of running past it."""

from __future__ import annotations

import pytest

from secu4all_ethics import load_assessment, load_content
from secu4all_ethics.i18n import t
from secu4all_ethics.services.assessments import AssessmentService
from secu4all_ethics.services.auth import unauthenticated_actor
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.storage.schema_version import upgrade
from tests.conftest import EXAMPLES_DIR
from tests.e2e.conftest import DATABASE_URLS, assert_no_exception, screenshot, settle

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def car_park(app_server) -> str:
    engine = make_engine(DATABASE_URLS[app_server])
    upgrade(engine)
    service = AssessmentService(Storage(engine), load_content())
    stored = service.create(unauthenticated_actor("Ada", "assessor", "My municipality"), load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    engine.dispose()
    return stored.assessment_id


def on_a_phone(page_factory, lang):
    page = page_factory(locale={"de": "de-DE", "fr": "fr-FR"}[lang])
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_each_ahp_pair_shows_both_names_over_their_ends_of_the_slider(app_server, page_factory, car_park, lang):
    page = on_a_phone(page_factory, lang)
    page.goto(f"{app_server}/weights?lang={lang}&who=Ada&a={car_park}")
    settle(page)
    page.get_by_text(t("weights.method.ahp", lang)).first.click()
    settle(page)
    assert_no_exception(page)
    rows = page.locator("[class*='st-key-ahp-names-']")
    assert rows.count() == 6  # the four pillars, two at a time
    for index in range(rows.count()):
        row = rows.nth(index)
        left, right = (row.get_by_test_id("stMarkdownContainer").nth(n).bounding_box() for n in (0, 1))
        slider = row.locator("xpath=following::*[@data-testid='stSlider'][1]").bounding_box()
        assert left["x"] + left["width"] <= right["x"] + 1, "the two names stand side by side"
        assert abs((left["y"] + left["height"]) - (right["y"] + right["height"])) < 2, "on one line (their last lines level)"
        assert max(left["y"] + left["height"], right["y"] + right["height"]) <= slider["y"] + 1, "above the slider"
        assert right["x"] + right["width"] <= PHONE["width"], "nothing runs past the screen"
    rows.first.scroll_into_view_if_needed()
    screenshot(page, f"phone-ahp-{lang}")


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_the_ranking_table_fits_the_screen(app_server, page_factory, car_park, lang):
    page = on_a_phone(page_factory, lang)
    page.goto(f"{app_server}/results?lang={lang}&who=Ada&a={car_park}")
    settle(page)
    assert_no_exception(page)
    frame = page.locator(".st-key-ranking-table [data-testid=stTable]")
    widths = frame.evaluate("frame => [frame.clientWidth, frame.querySelector('table').scrollWidth]")
    assert widths[1] <= widths[0], widths
    # Every score and amount stays whole on its line.
    for cell in frame.locator("td:nth-child(4), td:nth-child(5)").all():
        box = cell.locator("p").bounding_box()
        assert box["height"] < 30, cell.inner_text()
    frame.scroll_into_view_if_needed()
    screenshot(page, f"phone-ranking-{lang}")
