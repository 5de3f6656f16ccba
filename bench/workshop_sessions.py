"""Benchmark a workshop room of 40 participants speaking Streamlit's own session protocol.

bench/workshop_room.py drives the app with Chromium pages; on 2 cores 40 of them cannot even
draw the join form. Here each participant is a websocket client (`/_stcore/stream`, the
"streamlit" subprotocol) sending the frontend's BackMsgs and reading the server's ForwardMsgs,
without a browser: the same server start, workshop, facilitator page (one Chromium page on the
run view), memory sampling and database checks as workshop_room.py, imported from it.

A participant: a run on page "join" with `code=<join code>`; the pseudonym and the form's Join
button (their ids read from the deltas); the token from the query string the app sets
(page_info_changed); the weights view; a slider moved (a draft save); Submit; the run that
draws "your answer is in". As in the issue's room, the participants join at moments spread over
`--spread` seconds, and once all have saved a draft they submit within `--submit-window` seconds
of each other. The phase-polling fragment's auto-reruns are sent as the frontend
sends them, so a submit crossing a poll happens here too. Each participant keeps the sequence of
messages it got, printed for one whose stored submission never drew its confirmation.

Run: .venv/bin/python bench/workshop_sessions.py [--participants 40] [--spread 8] [--submit-window 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import websockets  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from workshop_room import (  # noqa: E402
    LANGUAGE,
    LIMIT_MS,
    TARGETS,
    all_submitted_seen,
    facilitator_page,
    page_runs,
    reveal,
    room_server,
    session_of,
    stats,
    total,
)

from secu4all_ethics.i18n import t  # noqa: E402
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS  # noqa: E402

LIMIT_S = LIMIT_MS / 1000
FINISHED = ForwardMsg.ScriptFinishedStatus.Name
WIDGETS = ("text_input", "button", "slider")


class Session:
    """One participant's websocket session, as Streamlit's frontend holds it: the query string
    the app sets, the widgets of the last run by label, their values sent back with every rerun,
    and the phase-polling fragment's auto-reruns."""

    def __init__(self, websocket, number: int):
        self.websocket, self.number, self.query = websocket, number, ""
        self.values: dict[str, WidgetState] = {}
        self.widgets: dict[str, tuple[str, object]] = {}  # label -> (element type, its proto) of the runs so far
        self.texts: list[str] = []
        self.messages: list[str] = []
        self.finished = asyncio.Queue()
        self.pollers: dict[str, asyncio.Task] = {}
        self.started = time.time()

    def _note(self, text: str) -> None:
        self.messages.append(f"{time.time() - self.started:7.2f} {text}")

    async def send(self, *, triggers: tuple[str, ...] = (), fragment: str = "") -> None:
        back = BackMsg()
        state = back.rerun_script
        state.query_string, state.page_name = self.query, "join"
        state.widget_states.widgets.extend(self.values.values())
        for widget in triggers:
            state.widget_states.widgets.add(id=widget, trigger_value=True)
        if fragment:
            state.fragment_id, state.is_auto_rerun = fragment, True
        self._note(f"-> rerun {'fragment ' + fragment[:8] if fragment else 'app'} query={self.query[:14]} triggers={len(triggers)}")
        await self.websocket.send(back.SerializeToString())

    async def _poll(self, fragment: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await self.send(fragment=fragment)

    async def read(self) -> None:
        try:
            await self._read()
        except Exception as error:
            self._note(f"reader stopped: {type(error).__name__}: {error}")
            raise

    async def _read(self) -> None:
        async for payload in self.websocket:
            message = ForwardMsg()
            message.ParseFromString(payload)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                shape = element.WhichOneof("type")
                if shape in WIDGETS:
                    self.widgets[getattr(element, shape).label] = (shape, getattr(element, shape))
                elif shape == "alert":
                    self.texts.append(element.alert.body)
                    self._note(f"<- alert {element.alert.body[:30]!r}")
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
                self._note(f"<- page_info_changed {self.query[:14]}")
            elif kind == "auto_rerun":
                rerun = message.auto_rerun
                if rerun.fragment_id in self.pollers:
                    self.pollers.pop(rerun.fragment_id).cancel()
                self.pollers[rerun.fragment_id] = asyncio.create_task(self._poll(rerun.fragment_id, rerun.interval))
            elif kind == "script_finished":
                status = FINISHED(message.script_finished)
                self._note(f"<- script_finished {status}")
                self.finished.put_nowait((status, time.time()))
            elif kind == "session_status_changed":
                self._note(f"<- session_status running={message.session_status_changed.script_is_running}")

    async def run_until(self, done, *, triggers: tuple[str, ...] = ()) -> float:
        """Sends a rerun, then waits for a full run that finished with `done()` true; its end (epoch)."""
        while not self.finished.empty():
            self.finished.get_nowait()
        self.texts.clear()
        await self.send(triggers=triggers)
        deadline = time.time() + LIMIT_S
        while True:
            status, moment = await asyncio.wait_for(self.finished.get(), max(0.1, deadline - time.time()))
            if status == "FINISHED_SUCCESSFULLY" and done():
                return moment

    def widget(self, shape: str, label: str | None = None):
        return next(proto for name, (kind, proto) in self.widgets.items() if kind == shape and (label is None or name == label))

    def close(self) -> None:
        for poller in self.pollers.values():
            poller.cancel()


class SubmitWindow:
    """The issue's room: people join over the first minutes, then all submit within 10 s of each
    other. Each participant, once its draft is saved, waits for the last one to be ready (or for
    `latest`), then submits at its own moment in the window: number / participants x window."""

    def __init__(self, participants: int, window: float, latest: float):
        self.participants, self.window, self.latest = participants, window, latest
        self.ready, self.start = 0, asyncio.get_running_loop().create_future()

    async def wait_for_turn(self, number: int) -> None:
        self.ready += 1
        if self.ready == self.participants and not self.start.done():
            self.start.set_result(time.time())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self.start), max(0.0, self.latest - time.time()))
        if not self.start.done():
            self.start.set_result(time.time())
        await asyncio.sleep(max(0.0, self.start.result() + self.window * number / self.participants - time.time()))


async def participant(ws_url: str, code: str, number: int, delay: float, window: SubmitWindow) -> dict:
    await asyncio.sleep(delay)
    moments: dict = {"number": number, "opened": time.time()}
    step = "connect"
    session = None
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=LIMIT_S) as websocket:
            session = Session(websocket, number)
            session.query = f"code={code}"
            reader = asyncio.create_task(session.read())
            try:
                step = "join form"
                moments["form_drawn"] = await session.run_until(lambda: t("join.pseudonym", LANGUAGE) in session.widgets)
                pseudonym = session.widget("text_input", t("join.pseudonym", LANGUAGE))
                session.values[pseudonym.id] = WidgetState(id=pseudonym.id, string_value=f"P{number:02d}")
                step = "weights view"
                join = session.widget("button", t("join.join", LANGUAGE)).id
                session.widgets.clear()
                moments["weights_drawn"] = await session.run_until(lambda: any(kind == "slider" for kind, _ in session.widgets.values()), triggers=(join,))
                moments["token"] = session.query.split("p=", 1)[1].split("&", 1)[0]
                step = "slider"
                slider = session.widget("slider")
                value = (list(slider.value) or list(slider.default))[0]
                moved = value + 1 if value < slider.max else value - 1
                session.values[slider.id] = WidgetState(id=slider.id, double_array_value={"data": [moved]})
                await session.run_until(lambda: True)
                step = "waiting for the submit window"
                moments["ready"] = time.time()
                await window.wait_for_turn(number)
                step = "submit"
                submit = session.widget("button", t("join.submit", LANGUAGE)).id
                moments["clicked"] = time.time()
                moments["submitted"] = await session.run_until(lambda: t("join.submitted_note", LANGUAGE) in session.texts, triggers=(submit,))
            finally:
                session.close()
                reader.cancel()
    except Exception as error:  # noqa: BLE001 (reported with the step, not raised: the others go on)
        moments["stuck_at"] = f"{step}: {type(error).__name__}"
        moments["messages"] = session.messages if session else []
    return moments


async def seen_by_facilitator(page, participants: int) -> float:
    """all_submitted_seen, looked at again when its limit passes: the room may take longer than that."""
    while True:
        with contextlib.suppress(PlaywrightTimeout):
            return await all_submitted_seen(page, participants)


async def room(base: str, workshop_id: str, code: str, participants: int, spread: float, submit_window: float) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        facilitator = await facilitator_page(browser, base, workshop_id)
        watcher = asyncio.create_task(seen_by_facilitator(facilitator, participants))
        ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
        window = SubmitWindow(participants, submit_window, latest=time.time() + spread + LIMIT_S)
        people = await asyncio.gather(*(participant(ws_url, code, number, spread * number / participants, window) for number in range(participants)))
        try:
            seen_all = await asyncio.wait_for(watcher, 30)
        except TimeoutError:
            watcher.cancel()
            seen_all = None
        revealed = await reveal(facilitator) if seen_all else None
        await browser.close()
    return {"people": people, "seen_all": seen_all, "reveal": revealed}


def figures(result: dict, runs: list[dict], stored: dict, memory: dict, participants: int) -> dict:
    people, revealed = result["people"], result["reveal"]
    done = [person for person in people if "submitted" in person]
    per_person = []
    for person in done:
        session = session_of(runs, "p", person["token"])
        to_weights = page_runs(runs, session, person["opened"] - 0.5, person["weights_drawn"])
        per_person.append(
            {
                "to_weights": person["weights_drawn"] - person["opened"],
                "to_weights_server": total(to_weights, "wall"),
                "submit": person["submitted"] - person["clicked"],
                "submit_server": total(page_runs(runs, session, person["clicked"], person["submitted"]), "wall"),
            }
        )
    report: dict = {
        "participants": participants,
        "confirmed": len(done),
        "stored": stored,
        "nothing_lost": stored["participants"] == participants and stored["submitted"] == participants,
        "stuck": {person["number"]: {"at": person["stuck_at"], "messages": person["messages"]} for person in people if "stuck_at" in person},
        "server_memory": memory,
        "targets": TARGETS,
    }
    if done:
        last_note = max(person["submitted"] for person in done)
        report |= {
            "submit_clicks_within_s": round(max(person["clicked"] for person in done) - min(person["clicked"] for person in done), 2),
            "submissions_within_s": round(last_note - min(person["submitted"] for person in done), 2),
            "link_to_weights_view_s": stats([p["to_weights"] for p in per_person]),
            "link_to_weights_view_server_runs_s": stats([p["to_weights_server"] for p in per_person]),
            "submit_to_confirmation_s": stats([p["submit"] for p in per_person]),
            "submit_server_runs_s": stats([p["submit_server"] for p in per_person]),
        }
        if result["seen_all"]:
            report |= {
                "facilitator_sees_all_after_last_confirmation_s": round(result["seen_all"] - last_note, 2),
                "facilitator_sees_all_after_last_commit_s": round(result["seen_all"] - stored["last_commit"], 2),
            }
    if revealed:
        facilitator = session_of(runs, "who", "Fay")
        reveal_runs = page_runs(runs, facilitator, revealed["clicked"] - 0.5, revealed["drawn"])
        report |= {
            "reveal_heading_s": round(revealed["heading"] - revealed["clicked"], 2),
            "reveal_first_chart_s": round(revealed["first_chart"] - revealed["clicked"], 2),
            "reveal_drawn_s": round(revealed["drawn"] - revealed["clicked"], 2),
            "reveal_charts": revealed["charts"],
            "reveal_server_runs": [{"wall": round(run["wall"], 3), "cpu": round(run["cpu"], 3)} for run in reveal_runs],
        }
    page = [run for run in runs if not run["fragment"]]
    report |= {"page_runs": len(page), "page_run_wall_s": stats([run["wall"] for run in page]), "page_run_cpu_s": stats([run["cpu"] for run in page])}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--spread", type=float, default=8.0, help="the participants open the link at moments spread over this many seconds")
    parser.add_argument("--submit-window", type=float, default=10.0, help="once all are ready, they submit at moments spread over this many seconds")
    parser.add_argument("--keep-log", type=Path, help="copy the server's run log here")
    arguments = parser.parse_args()
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    with room_server(arguments.keep_log) as server:
        result = asyncio.run(room(server.base, server.workshop_id, server.code, arguments.participants, arguments.spread, arguments.submit_window))
    report = figures(result, server.runs, server.stored, server.memory_figures, arguments.participants)
    report["load_average_before_after"] = [load_before, Path("/proc/loadavg").read_text().split()[:3]]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
