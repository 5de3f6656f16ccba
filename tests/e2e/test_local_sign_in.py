"""Local sign-in in Chromium (issue #15 point 16): a refresh keeps the user signed in through a
signed, expiring session cookie; a tampered or expired cookie, a disabled account and a sign-out
all leave the browser signed out. Screenshots of the sign-in page in French and German."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from secu4all_ethics.i18n import t
from secu4all_ethics.services.auth import SESSION_COOKIE, AuthSettings, session_token
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from tests.conftest import ROOT
from tests.e2e.conftest import assert_no_exception, running_app, screenshot, settle

SESSION_KEY = "an e2e session key that is long enough"
SETTINGS = AuthSettings(mode="local", session_key=SESSION_KEY)
PASSWORD = "a long enough password"


def cli(database_url: str, *args: str, stdin: str | None = None) -> None:
    command = [sys.executable, "-m", "secu4all_ethics", *args[:1], "--database", database_url, *args[1:]]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=120)
    assert completed.returncode == 0, completed.stderr


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """The app in sign-in mode local, with one DPO account, dace (Dace Bērziņa)."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('local') / 'local.db'}"
    cli(database_url, "db", "upgrade")
    cli(database_url, "users", "add", "dace", "--role", "dpo", "--organisation", "Riga", "--name", "Dace Bērziņa", "--password-stdin", stdin=PASSWORD + "\n")
    with running_app(database_url, SECU4ALL_AUTH_MODE="local", SECU4ALL_AUTH_SESSION_KEY=SESSION_KEY) as url:
        yield url, database_url


def signed_in(page) -> bool:
    settle(page)
    assert_no_exception(page)
    return page.get_by_text("Signed in as Dace Bērziņa").count() == 1


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/?lang=en")
    settle(page)
    page.get_by_role("textbox", name="User name").fill("dace")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as Dace Bērziņa")).to_be_visible()


def session_cookie(page):
    return next((cookie for cookie in page.context.cookies() if cookie["name"] == SESSION_COOKIE), None)


def test_a_refresh_keeps_the_user_signed_in_and_sign_out_ends_it(local_server, page_factory):
    url, _ = local_server
    page = page_factory()
    sign_in(page, url)
    cookie = session_cookie(page)
    assert cookie is not None and cookie["sameSite"] == "Strict" and cookie["expires"] > 0
    page.reload()
    assert signed_in(page)
    page.goto(f"{url}/library?lang=en")  # a new session on another page: the same person
    assert signed_in(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("User name")).to_be_visible()
    settle(page)
    assert session_cookie(page) is None
    page.reload()
    assert not signed_in(page)


def test_a_tampered_cookie_signs_nobody_in(local_server, page_factory):
    url, _ = local_server
    page = page_factory()
    sign_in(page, url)
    value = session_cookie(page)["value"]
    payload, _, signature = value.partition(".")
    tampered = f"{payload}.{signature[:-1]}{'0' if signature[-1] != '0' else '1'}"  # one hex digit of the MAC changed
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": tampered, "url": url}])
    page.reload()
    assert not signed_in(page)
    expect(page.get_by_label("User name")).to_be_visible()


def test_an_expired_cookie_signs_nobody_in_and_a_fresh_one_does(local_server, page_factory):
    url, database_url = local_server
    storage = Storage(make_engine(database_url))
    page = page_factory()
    page.goto(f"{url}/?lang=en")
    settle(page)
    expired = session_token(storage, SETTINGS, "dace", dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": expired, "url": url}])
    page.reload()
    assert not signed_in(page)
    fresh = session_token(storage, SETTINGS, "dace")
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": fresh, "url": url}])
    page.reload()
    assert signed_in(page)


def test_a_disabled_account_is_signed_out_at_the_next_load(local_server, page_factory):
    url, database_url = local_server
    page = page_factory()
    sign_in(page, url)
    cli(database_url, "users", "disable", "dace")
    try:
        page.reload()
        assert not signed_in(page)
    finally:
        cli(database_url, "users", "enable", "dace")


@pytest.mark.parametrize("lang", ["fr", "de"])
@pytest.mark.parametrize("width", [1400, 390])
def test_sign_in_page_screenshots(local_server, browser, lang, width):
    url, _ = local_server
    context = browser.new_context(locale=lang, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{url}/?lang={lang}")
        settle(page)
        instructions = t(
            "identity.needed_local", lang, username=t("identity.username", lang), password=t("identity.password", lang), button=t("identity.sign_in", lang)
        )
        expect(page.get_by_text(instructions)).to_be_visible()
        if width < 700:  # the sidebar, with the form, is folded away on a phone: open it as a user would
            page.get_by_test_id("stExpandSidebarButton").click()
            settle(page)
        expect(page.get_by_label(t("identity.username", lang))).to_be_visible()
        screenshot(page, f"sign-in-{lang}-{width}")
    finally:
        context.close()
