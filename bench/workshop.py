"""Benchmark a workshop room through the service layer, on SQLite and PostgreSQL.

40 simulated participants (threads released together by a barrier) join the same workshop at
the same moment, then, once the facilitator opens round 1, all submit at the same moment. The
script checks that nothing is lost (40 participants, 40 submitted inputs, no error) and reports
p50/p95/max per call:

- join: join_info(code) + join(code, pseudonym) + participant(token), what the server does
  between opening the join link and showing the weights view;
- submit: save_input(token, 1, input, submit=True);
- facilitator view: the projector's counts once all have submitted;
- reveal: round_outcome for the 40 inputs (engine and legal gates), 5 times; "reveal again"
  is the same call on a later refresh, which finds the outcome kept.

Then one more workshop whose participants arrive spread over --spread seconds (the issue's
"all submitting within 10 s"), as a room does.

SQLite is a file database opened as the app opens it (WAL, busy timeout); PostgreSQL is a
throwaway local server started like the tests do.
Run: .venv/bin/python bench/workshop.py [--participants 40] [--rooms 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from secu4all_ethics import load_content  # noqa: E402
from secu4all_ethics.domain.workshop import ParticipantInput, WorkshopSettings  # noqa: E402
from secu4all_ethics.services.workshops import WorkshopService  # noqa: E402
from secu4all_ethics.services.workshops import _outcomes as kept_outcomes  # noqa: E402
from secu4all_ethics.storage.audit import Actor  # noqa: E402
from secu4all_ethics.storage.database import make_engine  # noqa: E402
from secu4all_ethics.storage.repository import Storage  # noqa: E402
from secu4all_ethics.storage.schema_version import upgrade  # noqa: E402
from tests.postgres_server import postgres_server  # noqa: E402

FACILITATOR = Actor(name="Fay", role="facilitator", organisation="Nice", authenticated=True)
PILLARS = ("effectiveness", "privacy", "legality", "cost")
REVEALS = 5


def stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def all_at_once(count: int, task, spread: float = 0.0) -> tuple[list[float], list[str]]:
    """Run task(index) in count threads released together (each after a random pause of up to
    spread seconds); their times and any errors."""
    barrier = threading.Barrier(count)
    times: list[float] = [0.0] * count
    errors: list[str] = []
    pauses = [random.Random(index).uniform(0, spread) for index in range(count)]

    def run(index: int) -> None:
        barrier.wait()
        time.sleep(pauses[index])
        started = time.perf_counter()
        try:
            task(index)
        except Exception as error:  # noqa: BLE001 - every failure is counted and printed
            errors.append(f"{type(error).__name__}: {error}")
        times[index] = time.perf_counter() - started

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors


def room(service: WorkshopService, card_id: str, participants: int, seed: int, spread: float = 0.0) -> dict:
    settings = WorkshopSettings(name="Bench room", card_id=card_id, language="fr", rounds=2, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=3))
    created = service.create(FACILITATOR, settings)
    tokens: list[str] = [""] * participants

    def join(index: int) -> None:
        service.join_info(created.join_code)
        tokens[index] = service.join(created.join_code, f"Participant {index + 1}").token
        service.participant(tokens[index])

    join_times, join_errors = all_at_once(participants, join, spread)
    service.set_phase(FACILITATOR, created.id, "round_1")
    generator = random.Random(seed)
    inputs = [ParticipantInput(weights={pillar: generator.randint(0, 10) or 1 for pillar in PILLARS}) for _ in range(participants)]

    def submit(index: int) -> None:
        service.save_input(tokens[index], 1, inputs[index], submit=True)

    submit_times, submit_errors = all_at_once(participants, submit, spread)
    started = time.perf_counter()
    view = service.view(FACILITATOR, created.id)
    view_time = time.perf_counter() - started
    service.set_phase(FACILITATOR, created.id, "reveal_1")
    reveal_times, kept_times = [], []
    for _ in range(REVEALS):
        kept_outcomes.clear()  # computed each time, as on the first look after the reveal
        started = time.perf_counter()
        outcome = service.round_outcome(created.id, 1, actor=FACILITATOR)
        reveal_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        service.round_outcome(created.id, 1, actor=FACILITATOR)  # every later refresh
        kept_times.append(time.perf_counter() - started)
    return {
        "joined": view.joined,
        "submitted": view.submitted[1],
        "in_outcome": len(outcome.participants),
        "errors": join_errors + submit_errors,
        "join": join_times,
        "submit": submit_times,
        "reveal": reveal_times,
        "view": [view_time],
        "reveal_kept": kept_times,
    }


def figures(results: list[dict], participants: int) -> dict:
    errors = [error for result in results for error in result["errors"]]
    lost = [
        (result["joined"], result["submitted"], result["in_outcome"])
        for result in results
        if (result["joined"], result["submitted"], result["in_outcome"]) != (participants,) * 3
    ]
    return {
        "nothing_lost": not lost and not errors,
        "lost": lost,
        "errors": sorted(set(errors))[:5],
        "error_count": len(errors),
        "join": stats([time for result in results for time in result["join"]]),
        "submit": stats([time for result in results for time in result["submit"]]),
        "facilitator_view": stats([time for result in results for time in result["view"]]),
        "reveal": stats([time for result in results for time in result["reveal"]]),
        "reveal_again": stats([time for result in results for time in result["reveal_kept"]]),
    }


def run(url: str, participants: int, rooms: int, spread: float) -> dict:
    engine = make_engine(url)
    upgrade(engine)
    # The cards and content are loaded once before the threads start, as the app's cache holds them.
    service = WorkshopService(Storage(engine), bundle=load_content())
    card_id = sorted(service.cards)[0]
    at_once = [room(service, card_id, participants, seed) for seed in range(rooms)]
    spread_out = [room(service, card_id, participants, rooms, spread)]
    engine.dispose()
    return {"at_the_same_moment": figures(at_once, participants), f"within_{spread:g}_s": figures(spread_out, participants)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--rooms", type=int, default=5, help="workshops run one after another; the figures pool their calls")
    parser.add_argument("--spread", type=float, default=10.0, help="one more workshop whose participants arrive within this many seconds")
    arguments = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = run(f"sqlite:///{folder}/bench.db", arguments.participants, arguments.rooms, arguments.spread)
    with postgres_server() as server:
        results["postgresql"] = run(server.new_database(), arguments.participants, arguments.rooms, arguments.spread)
    results["case"] = f"{arguments.rooms} workshops x {arguments.participants} participants joining, then submitting, at the same moment (threads)"
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
