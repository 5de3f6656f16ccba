"""Several app processes behind Debian's nginx on one PostgreSQL database, driven through nginx
by Chromium: the deployment of deploy/ (nginx-secu4all.conf, only its ports and paths changed).

scripts/scaleout_test.sh runs this module on its own; the test suite runs it with the other
browser tests. The tests share one cluster and run in order: the last one kills a process."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from secu4all_ethics.i18n import t
from tests.conftest import ROOT, unavailable
from tests.e2e.conftest import SERVER_PIDS, after_run, assert_no_exception, running_app, settle, wait_until_healthy
from tests.e2e.test_autosave import stored_versions
from tests.e2e.test_workshop_journey import FOLLOWS_WITHIN_MS, click, counts, create_workshop, join, move_sliders, submit_all
from tests.postgres_server import free_port

pytestmark = pytest.mark.e2e

NGINX = "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx-secu4all.conf"
BACKEND_HEADER = "x-secu4all-backend"
# Every process gets the same secrets, as deploy/secu4all.env.example asks: a browser moved to
# another process must still be accepted there (Streamlit's XSRF cookie, the sign-in cookie).
SHARED_SECRETS = {
    "SECU4ALL_AUDIT_KEY": "scaleout-test-audit-key-0123456789abcdef",
    "SECU4ALL_AUTH_SESSION_KEY": "scaleout-test-session-key-0123456789abcdef",
    "STREAMLIT_SERVER_COOKIE_SECRET": "scaleout-test-cookie-secret-0123456789abcdef",
}


def nginx_config(folder: Path, listen_port: int, backends: list[str]) -> Path:
    """The deploy/ site with this test's ports, inside the few main-level lines a site file
    leaves to Debian's /etc/nginx/nginx.conf, every path in the test's folder."""
    site = SITE.read_text(encoding="utf-8")
    upstream_servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+ .*;$", site, flags=re.M)
    assert len(upstream_servers) == len(backends), f"{SITE} should name {len(backends)} app processes"
    for line, backend in zip(upstream_servers, backends, strict=True):
        site = site.replace(line, re.sub(r"127\.0\.0\.1:\d+", backend.removeprefix("http://"), line))
    site, listens = re.subn(r"^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{listen_port};", site, flags=re.M)
    assert listens == 1, f"{SITE} should listen on port 80 once"
    site, logs = re.subn(r"^(\s*access_log )\S+( secu4all_upstream;)$", rf"\g<1>{folder / 'secu4all.access.log'}\g<2>", site, flags=re.M)
    assert logs == 1, f"{SITE} should keep one access log naming the upstream"
    (folder / "site.conf").write_text(site, encoding="utf-8")
    temporary = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = f"""daemon off;
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 512; }}
http {{
    access_log {folder / "access.log"};
{temporary}
    include {folder / "site.conf"};
}}
"""
    path = folder / "nginx.conf"
    path.write_text(main, encoding="utf-8")
    return path


@contextlib.contextmanager
def running_nginx(folder: Path, backends: list[str]):
    if not Path(NGINX).exists():
        unavailable(f"nginx is not installed at {NGINX} (Debian package 'nginx'; scripts/run_tests.sh installs it)")
    port = free_port()
    config = nginx_config(folder, port, backends)
    checked = subprocess.run([NGINX, "-t", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_healthy(url, process, 20, f"nginx did not start; see {folder / 'error.log'}")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def migrate(database_url: str) -> None:
    """`db upgrade` once, before any app process starts (docs/deployment.md)."""
    done = subprocess.run([sys.executable, "-m", "secu4all_ethics", "db", "upgrade", "--database", database_url], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def cluster(postgres, tmp_path_factory):
    database_url = postgres.new_database()
    migrate(database_url)
    with running_app(database_url, **SHARED_SECRETS) as first, running_app(database_url, **SHARED_SECRETS) as second:
        folder = tmp_path_factory.mktemp("nginx")
        with running_nginx(folder, [first, second]) as front:
            yield {"front": front, "backends": [first, second], "database_url": database_url, "access_log": folder / "secu4all.access.log"}


class RoutedPage:
    """A browser context's page and the app process nginx sent its responses to."""

    def __init__(self, context) -> None:
        self.context = context
        self.page = context.new_page()
        self.page.set_default_timeout(30_000)
        self.backends: list[str] = []
        self.page.on("response", lambda response: self.backends.append(response.headers.get(BACKEND_HEADER, "")))


def contexts_on_each_backend(browser, cluster, opened: list) -> list[RoutedPage]:
    """New browser contexts (each a browser without the routing cookie) until one landed on each
    app process: nginx's first answer names the process and sets the cookie that keeps it there."""
    wanted = [backend.removeprefix("http://") for backend in cluster["backends"]]
    found: dict[str, RoutedPage] = {}
    for _ in range(16):
        context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
        opened.append(context)
        answer = context.request.get(f"{cluster['front']}/_stcore/health")
        assert answer.ok, answer.status
        backend = answer.headers[BACKEND_HEADER]
        assert backend in wanted, (backend, wanted)
        assert any(cookie["name"] == "secu4all_route" for cookie in context.cookies()), "nginx set no routing cookie"
        found.setdefault(backend, RoutedPage(context))
        if len(found) == len(wanted):
            return [found[backend] for backend in wanted]
    raise AssertionError(f"16 new browsers all landed on {sorted(found)}: the routing cookie does not spread them")


@pytest.fixture
def opened_contexts():
    opened: list = []
    yield opened
    for context in opened:
        context.close()


def field(page, key: str):
    return page.get_by_role("textbox", name=t(key, "en"), exact=True)


def type_and_leave(page, key: str, text: str) -> None:
    box = field(page, key)
    box.scroll_into_view_if_needed()
    box.fill(text)
    box.press("Tab")


def create_assessment(page, front: str, title: str) -> str:
    page.goto(f"{front}/?lang=en&who=Ada")
    settle(page)
    page.get_by_role("textbox", name="Title", exact=True).fill(title)
    page.get_by_role("textbox", name="Title", exact=True).press("Enter")
    settle(page)
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(page)
    return re.search(r"a=([0-9a-f]{32})", page.url).group(1)


def test_two_back_ends_share_one_assessment_and_a_stale_save_is_refused(browser, cluster, opened_contexts):
    """Two browsers that nginx keeps on different processes work on one assessment: each sees
    the other's saves after a reload, and a save from a page that missed the other's newer
    version gets the conflict banner and stores nothing."""
    front = cluster["front"]
    first, second = contexts_on_each_backend(browser, cluster, opened_contexts)
    assessment_id = create_assessment(first.page, front, "Shared over two processes")
    second.page.goto(f"{front}/need?lang=en&who=Bea&a={assessment_id}")
    settle(second.page)
    expect(second.page.get_by_text("All changes saved (version 1).")).to_be_visible()

    type_and_leave(first.page, "need.place_type", "Station forecourt")
    expect(first.page.get_by_text("All changes saved (version 2).")).to_be_visible()
    second.page.reload()
    settle(second.page)
    expect(field(second.page, "need.place_type")).to_have_value("Station forecourt")
    type_and_leave(second.page, "need.legitimate_aim", "Fewer thefts at night")
    expect(second.page.get_by_text("All changes saved (version 3).")).to_be_visible()
    first.page.reload()
    settle(first.page)
    expect(field(first.page, "need.legitimate_aim")).to_have_value("Fewer thefts at night")

    # The second page still shows version 3 when the first stores version 4.
    type_and_leave(first.page, "need.place_type", "Car park")
    expect(first.page.get_by_text("All changes saved (version 4).")).to_be_visible()
    type_and_leave(second.page, "need.legitimate_aim", "Written over")
    expect(second.page.locator(".st-key-save-conflict")).to_contain_text("Someone else saved this assessment meanwhile (it is now at version 4)")
    stored = stored_versions(cluster["database_url"], assessment_id)
    assert [version.version for version in stored] == [1, 2, 3, 4]
    need = stored[-1].document["need"]
    assert (need["place_type"], need["legitimate_aim"]) == ("Car park", "Fewer thefts at night")

    # Every page and script nginx answered came from the process the cookie chose.
    for routed, backend in ((first, cluster["backends"][0]), (second, cluster["backends"][1])):
        seen = {answer for answer in routed.backends if answer}
        assert seen == {backend.removeprefix("http://")}, seen
        assert_no_exception(routed.page)
    # The site's access log says the same to an administrator: the assessment's page, served by both processes.
    served_by = set(re.findall(rf'"GET /need\?\S*a={assessment_id}\S* HTTP/1\.1" 200 upstream=(\S+)', cluster["access_log"].read_text(encoding="utf-8")))
    assert served_by == {backend.removeprefix("http://") for backend in cluster["backends"]}, served_by


def test_a_workshop_with_participants_on_both_back_ends_reaches_the_facilitator_whole(browser, cluster, opened_contexts):
    """The facilitator on one process, participants on both: the facilitator's live counts show
    every participant who joined and every answer submitted, whichever process took it."""
    front = cluster["front"]
    facilitator, on_second = (routed.page for routed in contexts_on_each_backend(browser, cluster, opened_contexts))
    on_first_too, on_second_too = (routed.page for routed in contexts_on_each_backend(browser, cluster, opened_contexts))
    code = create_workshop(facilitator, front, "en", "Spread over two processes")
    participants = {"Marc": on_second, "Zoé": on_first_too, "Léa": on_second_too}
    for pseudonym, phone in participants.items():
        join(phone, front, code, pseudonym, "link", "en")
    counts(facilitator, 3, 0)
    click(facilitator, t("workshop.run.to.round_1", "en"))
    for phone in participants.values():
        expect(phone.get_by_role("slider")).to_have_count(4, timeout=FOLLOWS_WITHIN_MS)
        settle(phone)
        move_sliders(phone, ((0, "End"),))
    submit_all(list(participants.values()), "en")
    counts(facilitator, 3, 3)


def test_the_database_stopped_mid_session_refuses_the_save_and_it_works_again_when_back(browser, cluster, postgres, opened_contexts):
    """PostgreSQL stopped while a user edits through nginx: the page says the database cannot be
    used and stores nothing (the acknowledged versions stay as they were); once PostgreSQL is
    back the same change is saved on top of them."""
    if postgres.control is None:
        unavailable("the PostgreSQL server is the caller's ($SECU4ALL_TEST_POSTGRES_URL): this test cannot stop it")
    routed = contexts_on_each_backend(browser, cluster, opened_contexts)[-1]
    page = routed.page
    assessment_id = create_assessment(page, cluster["front"], "Outlives its database")
    type_and_leave(page, "need.place_type", "Station forecourt")
    expect(page.get_by_text("All changes saved (version 2).")).to_be_visible()

    postgres.control("stop")
    try:
        after_run(page, lambda: type_and_leave(page, "need.legitimate_aim", "Fewer thefts at night"))
        expect(page.get_by_text("The database cannot be used right now: nothing can be read or saved.")).to_be_visible()
        expect(page.get_by_text("All changes saved (version 3).")).to_have_count(0)
    finally:
        postgres.control("start")
    # The user tries again: the page is drawn from what is stored, and the change is saved.
    page.reload()
    settle(page)
    expect(field(page, "need.place_type")).to_have_value("Station forecourt")
    after_run(page, lambda: type_and_leave(page, "need.legitimate_aim", "Fewer thefts after dark"))
    expect(page.get_by_text("All changes saved (version 3).")).to_be_visible()
    stored = stored_versions(cluster["database_url"], assessment_id)
    # (The refused "at night" is in no version: the one the database was down for was never stored.)
    assert [version.version for version in stored] == [1, 2, 3]
    assert (stored[-1].document["need"]["place_type"], stored[-1].document["need"]["legitimate_aim"]) == ("Station forecourt", "Fewer thefts after dark")
    assert_no_exception(page)


def test_a_killed_process_users_carry_on_on_the_other_without_losing_a_save(browser, cluster, opened_contexts):
    """SIGKILL to the process a browser was routed to: the page reconnects through nginx to the
    other process, shows the last acknowledged save, and the next change is stored on top of it;
    the audit chain still verifies."""
    front = cluster["front"]
    doomed, _survivor = contexts_on_each_backend(browser, cluster, opened_contexts)
    page = doomed.page
    assessment_id = create_assessment(page, front, "Outlives its process")
    type_and_leave(page, "need.place_type", "Station forecourt")
    expect(page.get_by_text("All changes saved (version 2).")).to_be_visible()

    os.kill(SERVER_PIDS[cluster["backends"][0]], signal.SIGKILL)
    answered_before = len(doomed.backends)
    survivor_address = cluster["backends"][1].removeprefix("http://")
    # The page notices the closed WebSocket and reconnects by itself: nginx finds the cookie's
    # process down and passes the health check and the new WebSocket to the other process.
    deadline = time.time() + 30
    while not any(survivor_address in answer for answer in doomed.backends[answered_before:]):
        assert time.time() < deadline, f"the page did not reconnect through nginx: {doomed.backends[answered_before:]}"
        page.wait_for_timeout(250)
    # The new process has a new session for the page: the next action runs the page there, from
    # what is stored. (The text typed in that action is not kept: the new session draws the
    # stored version, in which it is not; the user types it again below.)
    after_run(page, lambda: type_and_leave(page, "need.legitimate_aim", "Fewer thefts at night"))
    expect(page.get_by_text("All changes saved (version 2).")).to_be_visible()
    expect(field(page, "need.place_type")).to_have_value("Station forecourt")
    type_and_leave(page, "need.legitimate_aim", "Fewer thefts at night")
    expect(page.get_by_text("All changes saved (version 3).")).to_be_visible()
    reloaded = page.reload()
    settle(page)
    expect(field(page, "need.legitimate_aim")).to_have_value("Fewer thefts at night")
    # (After fail_timeout nginx tries the dead process again first, and names both: the one tried,
    # then the one that answered. The browser's cached scripts keep the header they came with.)
    assert reloaded is not None and reloaded.headers[BACKEND_HEADER].split(", ")[-1] == survivor_address
    assert_no_exception(page)

    stored = stored_versions(cluster["database_url"], assessment_id)
    assert [version.version for version in stored] == [1, 2, 3]
    assert (stored[-1].document["need"]["place_type"], stored[-1].document["need"]["legitimate_aim"]) == ("Station forecourt", "Fewer thefts at night")
    verified = subprocess.run(
        [sys.executable, "-m", "secu4all_ethics", "audit", "verify", "--database", cluster["database_url"]],
        cwd=ROOT,
        env=dict(os.environ, **SHARED_SECRETS),
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
