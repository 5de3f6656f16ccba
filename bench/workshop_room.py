"""Benchmark a workshop room against the running app: 40 phones in Debian's Chromium.

The app runs as `streamlit run app.py` (headless, a temporary SQLite database), started by the
e2e tests' running_app with a command line that times every script run inside the server
(bench/timed_streamlit.py). A workshop is created through the service on the same database and
moved to round 1; the facilitator's run view is open in a 1400 px page (its counts are a
fragment that reads every 2 s). Then 40 participant contexts at 390 px, in one Chromium, driven
concurrently by Playwright's async API, each open the join link at its own moment within
--spread seconds, join with a pseudonym, reach the weights view, move a slider and submit.

Measured:
- per participant, from opening the link to the weights view drawn (wall, in the browser) and
  the server's share of it (the runs of that session: the join form, the join, the weights
  view); from the submit click to "your answer is in" and the server's share;
- from the last submission (its commit in the database, and its note on the phone) until the
  facilitator's page shows 40 submitted (target <= 5 s);
- from the facilitator's click on "reveal" until the reveal of the 40 is drawn in that page:
  its heading, the ranking and every chart, and the run finished (target <= 2 s), and the
  server's runs for it, while the 40 phones follow to the reveal by themselves;
- the peak resident memory of the server process and its children, sampled every 0.2 s
  (target <= 600 MB);
- that nothing is lost: 40 participants, 40 submitted round-1 inputs in the database.

One Chromium drawing 41 pages shares the 2 cores with the server: the wall times include the
browser's queue, the server figures do not (see docs/benchmarks.md, "Workshop room").

Run: .venv/bin/python bench/workshop_room.py [--participants 40] [--spread 8]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from secu4all_ethics.domain.workshop import WorkshopSettings  # noqa: E402
from secu4all_ethics.i18n import t  # noqa: E402
from secu4all_ethics.services.auth import unauthenticated_actor  # noqa: E402
from secu4all_ethics.services.workshops import WorkshopService  # noqa: E402
from secu4all_ethics.storage.database import make_engine  # noqa: E402
from secu4all_ethics.storage.models import WorkshopInputRow, WorkshopParticipantRow  # noqa: E402
from secu4all_ethics.storage.repository import Storage  # noqa: E402
from secu4all_ethics.storage.schema_version import upgrade  # noqa: E402
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, SCRIPT_STATE, SERVER_PIDS, running_app  # noqa: E402

LANGUAGE = "en"
CARD = "station_car_park"
FACILITATOR = unauthenticated_actor("Fay", "facilitator", "My municipality")
LIMIT_MS = 120_000  # a limit, not a delay: 41 pages on 2 cores
RUN_OVER = f"() => {SCRIPT_STATE} === 'notRunning'"
PHONE = {"locale": "en-GB", "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TARGETS = {"facilitator_sees_all_s": 5, "reveal_drawn_s": 2, "server_peak_rss_mb": 600, "server_to_weights_view_s": 5}


def new_workshop(database_url: str) -> tuple[str, str]:
    engine = make_engine(database_url)
    upgrade(engine)
    service = WorkshopService(Storage(engine))
    settings = WorkshopSettings(name="Module 3, benchmark", card_id=CARD, language=LANGUAGE, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    view = service.create(FACILITATOR, settings)
    service.set_phase(FACILITATOR, view.id, "round_1")
    engine.dispose()
    return view.id, view.join_code


def stored_inputs(database_url: str, workshop_id: str) -> dict:
    """What the database holds after the run: participants, submitted round-1 inputs, the last commit."""
    engine = make_engine(database_url)
    with Storage(engine).transaction(reading=True) as session:
        participants = session.scalars(select(WorkshopParticipantRow.id).where(WorkshopParticipantRow.workshop_id == workshop_id)).all()
        submitted = session.scalars(
            select(WorkshopInputRow.updated_at).where(
                WorkshopInputRow.participant_id.in_(participants), WorkshopInputRow.round == 1, WorkshopInputRow.submitted.is_(True)
            )
        ).all()
    engine.dispose()
    last = max(dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC) for stamp in submitted) if submitted else None
    return {"participants": len(participants), "submitted": len(submitted), "last_commit": last.timestamp() if last else None}


class MemorySampler(threading.Thread):
    """Resident memory of a process and all its descendants, from /proc, every 0.2 s."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.samples = pid, 0, []
        self._stopping = threading.Event()

    @staticmethod
    def _family(root: int) -> list[int]:
        parents: dict[int, list[int]] = defaultdict(list)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(fields[1])].append(int(stat.parent.name))
        family, queue = [], [root]
        while queue:
            pid = queue.pop()
            family.append(pid)
            queue.extend(parents.get(pid, []))
        return family

    @staticmethod
    def _rss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self) -> None:
        while not self._stopping.is_set():
            total = sum(self._rss_kb(pid) for pid in self._family(self.pid))
            self.samples.append(total)
            self.peak_kb = max(self.peak_kb, total)
            self._stopping.wait(0.2)

    def stop(self) -> dict:
        self._stopping.set()
        self.join()
        return {"peak_mb": round(self.peak_kb / 1024, 1), "idle_mb": round(self.samples[0] / 1024, 1), "end_mb": round(self.samples[-1] / 1024, 1)}


def server_runs(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def session_of(runs: list[dict], key: str, value: str) -> str | None:
    for run in runs:
        if value in parse_qs(run["query"]).get(key, []):
            return run["session"]
    return None


def page_runs(runs: list[dict], session: str | None, start: float, end: float) -> list[dict]:
    """The session's whole-page runs (not its polling fragments) that started in [start, end]."""
    return [run for run in runs if run["session"] == session and not run["fragment"] and start <= run["start"] <= end]


def total(runs: list[dict], field: str) -> float:
    return sum(run[field] for run in runs)


async def facilitator_page(browser, base: str, workshop_id: str):
    context = await browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(LIMIT_MS)
    await page.goto(f"{base}/workshop?w={workshop_id}&lang={LANGUAGE}&who=Fay&role=facilitator")
    await page.locator(".st-key-live-counts [data-testid=stMetricValue]").nth(1).wait_for()
    await page.wait_for_function(RUN_OVER)
    return page


async def all_submitted_seen(page, participants: int) -> float:
    """The moment (epoch) the facilitator's submitted count first reads all of them; checked every 50 ms."""
    await page.wait_for_function(
        "n => document.querySelectorAll('.st-key-live-counts [data-testid=stMetricValue]')[1]?.innerText.trim() === String(n)",
        arg=participants,
        polling=50,
        timeout=LIMIT_MS,
    )
    return time.time()


async def participant(browser, base: str, code: str, number: int, delay: float, shared=None) -> dict:
    """One phone's way from the join link to a submitted round; a phone that gets stuck is
    recorded with the step it stopped at (and a screenshot), and the room goes on."""
    context = shared or await browser.new_context(**PHONE)
    page = await context.new_page()
    page.set_default_timeout(LIMIT_MS)
    await asyncio.sleep(delay)
    moments: dict = {"page": page, "number": number, "opened": time.time()}
    step = "join form"
    try:
        await page.goto(f"{base}/join?code={code}")
        pseudonym = page.get_by_role("textbox", name=t("join.pseudonym", LANGUAGE))
        await pseudonym.wait_for()
        moments["form_drawn"] = time.time()
        await pseudonym.fill(f"P{number:02d}")
        step = "weights view"
        await page.get_by_role("button", name=t("join.join", LANGUAGE)).click()
        await page.get_by_role("slider").nth(3).wait_for()
        moments["weights_drawn"] = time.time()
        moments["token"] = parse_qs(page.url.split("?", 1)[1])["p"][0]
        step = "slider"
        await page.wait_for_function(RUN_OVER)
        await page.get_by_role("slider").first.focus()
        await page.keyboard.press("ArrowRight")
        await page.wait_for_timeout(300)
        await page.wait_for_function(RUN_OVER)
        step = "submit"
        moments["clicked"] = time.time()
        await page.get_by_role("button", name=t("join.submit", LANGUAGE)).click()
        await page.get_by_text(t("join.submitted_note", LANGUAGE)).wait_for()
        moments["submitted"] = time.time()
    except Exception as error:  # noqa: BLE001 (reported with the step, not raised: the other phones go on)
        moments["stuck_at"] = f"{step}: {type(error).__name__}"
        with contextlib.suppress(Exception):
            await page.screenshot(path=f"{tempfile.gettempdir()}/workshop-room-stuck-{number:02d}.png", full_page=True, timeout=10_000)
    return moments


async def reveal(page) -> dict:
    """Click the facilitator's button to the reveal; the moments its heading, and then everything
    (ranking, every chart drawn, the run over), are on the page."""
    clicked = time.time()
    await page.get_by_role("button", name=t("workshop.run.to.reveal_1", LANGUAGE)).click()
    await page.get_by_role("heading", name=t("workshop.reveal.heading", LANGUAGE, round=1)).wait_for()
    heading = time.time()
    await page.locator("[data-testid=stPlotlyChart] .main-svg").first.wait_for()
    first_chart = time.time()
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=stSkeleton]')"
        f" && {SCRIPT_STATE} === 'notRunning'"
        " && document.querySelectorAll('[data-testid=stPlotlyChart]').length > 0"
        " && [...document.querySelectorAll('[data-testid=stPlotlyChart]')].every(c => c.querySelector('.main-svg'))"
        " && document.querySelector('[data-testid=stDataFrame]')",
        polling=50,
        timeout=LIMIT_MS,
    )
    return {
        "clicked": clicked,
        "heading": heading,
        "first_chart": first_chart,
        "drawn": time.time(),
        "charts": await page.locator("[data-testid=stPlotlyChart]").count(),
    }


def strip(phone: dict) -> dict:
    return {key: value for key, value in phone.items() if key != "page"}


def stats(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered), 3),
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
        "max": round(ordered[-1], 3),
    }


async def room(base: str, workshop_id: str, code: str, participants: int, spread: float, one_context: bool) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        facilitator = await facilitator_page(browser, base, workshop_id)
        watcher = asyncio.create_task(all_submitted_seen(facilitator, participants))
        # One context for all phones shares Chromium's HTTP cache: the frontend's files are fetched once, not 40 times.
        shared = await browser.new_context(**PHONE) if one_context else None
        phones = await asyncio.gather(*(participant(browser, base, code, number, spread * number / participants, shared) for number in range(participants)))
        # A phone that clicked "Submit" but never showed its confirmation may still have submitted:
        # then the facilitator's count says so, and the room goes on to the reveal.
        never_submitted = [phone for phone in phones if "clicked" not in phone]
        try:
            seen_all = None if never_submitted else await asyncio.wait_for(watcher, 30)
        except TimeoutError:
            seen_all = None
        if seen_all is None:
            watcher.cancel()
            await browser.close()
            return {"phones": [strip(phone) for phone in phones], "seen_all": None, "reveal": None}
        # The phones stay open: after the click they follow to the reveal by themselves, as in a room.
        revealed = await reveal(facilitator)
        await asyncio.sleep(6)  # the phones' next look (every 4 s) and their reveal runs
        await browser.close()
    return {"phones": [strip(phone) for phone in phones], "seen_all": seen_all, "reveal": revealed}


def figures(result: dict, runs: list[dict], stored: dict, memory: dict, participants: int) -> dict:
    phones, revealed = result["phones"], result["reveal"]
    stuck = {phone["number"]: phone["stuck_at"] for phone in phones if "stuck_at" in phone}
    if revealed is None:
        return {
            "participants": participants,
            "stuck": stuck,
            "stored": stored,
            "server_memory": memory,
            "page_runs": len([r for r in runs if not r["fragment"]]),
        }
    per_phone = []
    for phone in phones:
        if "submitted" not in phone:
            continue
        session = session_of(runs, "p", phone["token"])
        to_weights = page_runs(runs, session, phone["opened"] - 0.5, phone["weights_drawn"])
        submitting = page_runs(runs, session, phone["clicked"], phone["submitted"])
        per_phone.append(
            {
                "to_weights_wall": phone["weights_drawn"] - phone["opened"],
                "to_form_wall": phone["form_drawn"] - phone["opened"],
                "to_first_run": min((run["start"] for run in to_weights), default=phone["opened"]) - phone["opened"],
                "to_weights_server": total(to_weights, "wall"),
                "to_weights_server_cpu": total(to_weights, "cpu"),
                "to_weights_runs": len(to_weights),
                "submit_wall": phone["submitted"] - phone["clicked"],
                "submit_server": total(submitting, "wall"),
            }
        )
    last_note = max(phone["submitted"] for phone in phones if "submitted" in phone)
    facilitator = session_of(runs, "who", "Fay")
    reveal_runs = page_runs(runs, facilitator, revealed["clicked"] - 0.5, revealed["drawn"])
    phone_sessions = {session_of(runs, "p", phone["token"]) for phone in phones if "token" in phone}
    phone_reveal_runs = [run for run in runs if run["session"] in phone_sessions and not run["fragment"] and run["start"] >= revealed["clicked"]]
    return {
        "participants": participants,
        "nothing_lost": stored["participants"] == participants and stored["submitted"] == participants,
        "stored": {"participants": stored["participants"], "submitted_round_1": stored["submitted"]},
        "stuck": stuck,
        "submissions_within_s": round(last_note - min(phone["submitted"] for phone in phones if "submitted" in phone), 2),
        "link_to_weights_view_wall_s": stats([p["to_weights_wall"] for p in per_phone]),
        "link_to_join_form_wall_s": stats([p["to_form_wall"] for p in per_phone]),
        "link_to_first_server_run_s": stats([p["to_first_run"] for p in per_phone]),
        "link_to_weights_view_server_s": stats([p["to_weights_server"] for p in per_phone]),
        "link_to_weights_view_server_cpu_s": stats([p["to_weights_server_cpu"] for p in per_phone]),
        "link_to_weights_view_runs": stats([p["to_weights_runs"] for p in per_phone]),
        "submit_wall_s": stats([p["submit_wall"] for p in per_phone]),
        "submit_server_s": stats([p["submit_server"] for p in per_phone]),
        "facilitator_sees_all_after_last_commit_s": round(result["seen_all"] - stored["last_commit"], 2),
        "facilitator_sees_all_after_last_note_s": round(result["seen_all"] - last_note, 2),
        "reveal_heading_s": round(revealed["heading"] - revealed["clicked"], 2),
        "reveal_first_chart_s": round(revealed["first_chart"] - revealed["clicked"], 2),
        "reveal_drawn_s": round(revealed["drawn"] - revealed["clicked"], 2),
        "reveal_charts": revealed["charts"],
        "reveal_server_runs": [{"wall": round(run["wall"], 3), "cpu": round(run["cpu"], 3)} for run in reveal_runs],
        "phones_reveal_runs": len(phone_reveal_runs),
        "phones_reveal_run_server_s": stats([run["wall"] for run in phone_reveal_runs]) if phone_reveal_runs else None,
        "server_memory": memory,
        "all_page_runs": len([run for run in runs if not run["fragment"]]),
        "fragment_runs": len([run for run in runs if run["fragment"]]),
        "targets": TARGETS,
    }


@dataclass
class RoomServer:
    """The app with a workshop in round 1, its server's run log and memory, for one room's run."""

    base: str
    database_url: str
    workshop_id: str
    code: str
    run_log: Path
    # Read when the room is over, before the temporary database and run log go.
    memory_figures: dict = field(default_factory=dict)
    runs: list = field(default_factory=list)
    stored: object = None


@contextlib.contextmanager
def room_server(keep_log: Path | None):
    """Starts the timed app on a temporary database with a workshop in round 1; samples its memory
    while the room runs; keeps the run log (and its disconnect log, if any) at keep_log."""
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/room.db"
        run_log = Path(folder) / "runs.jsonl"
        workshop_id, code = new_workshop(database_url)
        launcher = (str(ROOT / "bench" / "timed_streamlit.py"),)
        with running_app(database_url, launcher=launcher, SECU4ALL_BENCH_RUN_LOG=str(run_log)) as base:
            server = RoomServer(base, database_url, workshop_id, code, run_log)
            memory = MemorySampler(SERVER_PIDS[base])
            memory.start()
            try:
                yield server
            finally:
                server.memory_figures = memory.stop()
                server.runs, server.stored = server_runs(run_log), stored_inputs(database_url, workshop_id)
                if keep_log:
                    for suffix in ("", ".disconnects", ".dropped", ".queues"):
                        with contextlib.suppress(OSError):
                            kept = run_log.with_name(run_log.name + suffix).read_text(encoding="utf-8")
                            keep_log.with_name(keep_log.name + suffix).write_text(kept, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--spread", type=float, default=8.0, help="the phones open the link at moments spread over this many seconds")
    parser.add_argument("--one-context", action="store_true", help="all phones as pages of one browser context (one HTTP cache) instead of a context each")
    parser.add_argument("--keep-log", type=Path, help="copy the server's run log here")
    arguments = parser.parse_args()
    with room_server(arguments.keep_log) as server:
        result = asyncio.run(room(server.base, server.workshop_id, server.code, arguments.participants, arguments.spread, arguments.one_context))
    print(json.dumps(figures(result, server.runs, server.stored, server.memory_figures, arguments.participants), indent=2))


if __name__ == "__main__":
    main()
