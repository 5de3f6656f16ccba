"""A workshop in Chromium (issue #16): a participant joins on a 390 px phone with the code and a
pseudonym while the app requires sign-in, sees no sidebar, follows the phase by itself, keeps a
draft across a reload and submits; the facilitator's counts follow by themselves. Screenshots of
the phone in French and of the projector view."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from secu4all_ethics.domain.workshop import ParticipantInput, WorkshopSettings
from secu4all_ethics.i18n import t
from secu4all_ethics.services.auth import unauthenticated_actor
from secu4all_ethics.services.workshops import WorkshopService
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.storage.schema_version import upgrade
from tests.e2e.conftest import assert_no_exception, running_app, screenshot, settle, wider_than_the_page
from tests.e2e.test_accessibility import audit, blocking, upstream_exceptions

pytestmark = pytest.mark.e2e

FAY = unauthenticated_actor("Fay", "facilitator", "My municipality")
# The participant's page looks every few seconds (ui.workshops.PARTICIPANT_POLL_SECONDS); a loaded machine may take longer.
FOLLOWS_WITHIN_MS = 15_000


def workshop_service(database_url: str) -> WorkshopService:
    engine = make_engine(database_url)
    upgrade(engine)
    return WorkshopService(Storage(engine))


def new_workshop(service: WorkshopService, language: str, name: str = "Module 3") -> tuple[str, str]:
    settings = WorkshopSettings(name=name, card_id="station_car_park", language=language, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=3))
    view = service.create(FAY, settings)
    return view.id, view.join_code


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """The app in sign-in mode local: participants still join without an account."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('workshop') / 'workshop.db'}"
    workshop_service(database_url)
    with running_app(database_url, SECU4ALL_AUTH_MODE="local", SECU4ALL_AUTH_SESSION_KEY="an e2e session key that is long enough") as url:
        yield url, database_url


def test_a_phone_joins_without_an_account_and_follows_the_session(local_server, browser, axe_source):
    url, database_url = local_server
    service = workshop_service(database_url)
    workshop_id, code = new_workshop(service, "fr")
    # A German-speaking phone: the workshop's language (French) wins.
    phone = browser.new_context(locale="de-CH", viewport={"width": 390, "height": 844}).new_page()
    phone.set_default_timeout(20_000)
    phone.goto(f"{url}/join?code={code}")
    settle(phone)
    assert phone.get_by_test_id("stSidebar").count() == 0
    assert phone.get_by_role("textbox", name=t("identity.username", "fr")).count() == 0
    screenshot(phone, "workshop-join-fr-390")
    exceptions = upstream_exceptions()
    assert not blocking(audit(phone, axe_source, exceptions), exceptions)
    phone.get_by_role("textbox", name=t("join.pseudonym", "fr")).fill("Zoé")
    phone.get_by_role("button", name=t("join.join", "fr")).click()
    phone.wait_for_url("**/join?p=*")
    expect(phone.get_by_text(t("join.waiting_start", "fr"))).to_be_visible()
    service.set_phase(FAY, workshop_id, "round_1")
    # Nobody touches the phone: it opens the round by itself.
    expect(phone.get_by_role("slider")).to_have_count(4, timeout=FOLLOWS_WITHIN_MS)
    phone.get_by_role("slider").first.focus()
    for _ in range(3):
        phone.keyboard.press("ArrowRight")
    settle(phone)
    phone.reload()
    settle(phone)
    expect(phone.get_by_test_id("stSliderThumbValue").first).to_have_text("8")
    phone.get_by_role("button", name=t("join.submit", "fr")).click()
    expect(phone.get_by_text(t("join.submitted_note", "fr"))).to_be_visible()
    assert_no_exception(phone)
    screenshot(phone, "workshop-phone-round-1-fr-390")
    assert not blocking(audit(phone, axe_source, exceptions), exceptions)
    service.set_phase(FAY, workshop_id, "reveal_1")
    ranking = phone.locator(".st-key-join-r1-ranking-table [data-testid=stTable]")
    expect(ranking).to_be_visible(timeout=FOLLOWS_WITHIN_MS)
    settle(phone)
    # The group's ranking fits the phone: nothing to scroll sideways.
    widths = ranking.evaluate("table => [table.scrollWidth, table.clientWidth, table.querySelector('table').getBoundingClientRect().width]")
    assert widths[0] <= widths[1] and widths[2] <= widths[1], widths
    # Nor anything else: the charts' tables are folded away (seven columns cannot fit 390 px) and
    # a full bar's "100,0 %" stays inside its chart.
    expect(phone.locator(".js-plotly-plot .bartext").first).to_be_visible(timeout=FOLLOWS_WITHIN_MS)
    assert wider_than_the_page(phone) == []
    expect(phone.get_by_text(t("workshop.reveal.numbers", "fr")).first).to_be_visible()
    ranking.scroll_into_view_if_needed()
    phone.screenshot(path=str(screenshot(phone, "workshop-phone-reveal-fr-390").with_name("workshop-phone-reveal-ranking-fr-390.png")))
    phone.context.close()


def test_a_phone_that_typed_the_code_shows_no_sidebar_toggle(local_server, browser):
    """/join without a code is the app's page with its sidebar (language, sign-in); once the code
    is typed, the participant's page has nothing in a sidebar, so no control to open one either
    (Streamlit's frontend kept the first page's toggle on the pseudonym form)."""
    url, database_url = local_server
    _workshop_id, code = new_workshop(workshop_service(database_url), "fr", name="Module 3, typed")
    phone = browser.new_context(locale="fr-CH", viewport={"width": 390, "height": 844}).new_page()
    phone.set_default_timeout(20_000)
    phone.goto(f"{url}/join")
    settle(phone)
    phone.get_by_role("textbox", name=t("join.code", "fr")).fill(code.lower())
    phone.get_by_role("button", name=t("join.continue", "fr")).click()
    expect(phone.get_by_role("textbox", name=t("join.pseudonym", "fr"))).to_be_visible()
    settle(phone)
    expect(phone.get_by_test_id("stExpandSidebarButton")).to_be_hidden()
    phone.get_by_role("textbox", name=t("join.pseudonym", "fr")).fill("Yann")
    phone.get_by_role("button", name=t("join.join", "fr")).click()
    phone.wait_for_url(re.compile(r"/join\?(.*&)?p="))
    expect(phone.get_by_text(t("join.waiting_start", "fr"))).to_be_visible()
    settle(phone)
    expect(phone.get_by_test_id("stExpandSidebarButton")).to_be_hidden()
    expect(phone.get_by_test_id("stSidebar")).to_be_hidden()
    screenshot(phone, "workshop-phone-typed-code-fr-390")
    phone.context.close()


def test_the_facilitators_counts_follow_by_themselves(app_server, app_database_url, page_factory, axe_source):
    service = workshop_service(app_database_url)
    workshop_id, code = new_workshop(service, "en", name="Module 3, Leeds")
    service.set_phase(FAY, workshop_id, "round_1")
    page = page_factory("en-GB")
    page.goto(f"{app_server}/workshop?w={workshop_id}&view=projector&lang=en&who=Fay&role=facilitator")
    settle(page)
    counts = page.locator(".st-key-live-counts [data-testid=stMetricValue]")
    expect(counts.nth(0)).to_have_text("0")
    token = service.join(code, "Ada").token
    service.save_input(token, 1, ParticipantInput(weights={"effectiveness": 8, "privacy": 4, "legality": 5, "cost": 2}), submit=True)
    expect(counts.nth(0)).to_have_text("1", timeout=FOLLOWS_WITHIN_MS)
    expect(counts.nth(1)).to_have_text("1", timeout=FOLLOWS_WITHIN_MS)
    assert_no_exception(page)
    screenshot(page, "workshop-projector-en-1400")
    exceptions = upstream_exceptions()
    assert not blocking(audit(page, axe_source, exceptions), exceptions)
