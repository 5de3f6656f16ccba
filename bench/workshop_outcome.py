"""Benchmark one workshop round's outcome (engine.group.round_outcome) for 40 participants.

Each participant's weights go through evaluate() (without the Monte Carlo simulation), the group's
once more with it. Measured for each weighting mode on the Christmas market example (7 options, more
than a card's 4 to 6), and once with every participant adjusting three scores, which gives each
participant an assessment of their own and the group a median per adjusted cell.

Run: .venv/bin/python bench/workshop_outcome.py
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from secu4all_ethics import load_assessment, load_content  # noqa: E402
from secu4all_ethics.domain.workshop import PairwiseAnswer, ParticipantInput  # noqa: E402
from secu4all_ethics.engine.group import item_ids, round_outcome  # noqa: E402

PARTICIPANTS = 40
RUNS = 15
SAATY = (1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9)


def inputs(bundle, mode: str, with_scores: bool, rng: random.Random) -> dict[str, ParticipantInput]:
    items = item_ids(bundle, mode)
    made = {}
    for number in range(PARTICIPANTS):
        scores = {
            "cctv_control_room": {"privacy_intrusion": rng.randint(1, 5), "function_creep": rng.randint(1, 5)},
            "do_nothing": {"effectiveness_evidence": rng.randint(1, 5)},
        }
        if mode == "pairwise":
            judgements = [PairwiseAnswer(a=items[i], b=items[j], value=rng.choice(SAATY)) for i in range(len(items)) for j in range(i + 1, len(items))]
            participant = ParticipantInput(judgements=judgements)
        elif mode == "points":
            points = [0] * len(items)
            for _ in range(100):
                points[rng.randrange(len(items))] += 1
            participant = ParticipantInput(weights=dict(zip(items, points)))
        else:
            participant = ParticipantInput(weights={item: rng.randint(1, 10) for item in items})
        made[f"participant {number:02d}"] = participant.model_copy(update={"scores": scores}) if with_scores else participant
    return made


def main() -> None:
    bundle = load_content()
    card = load_assessment(ROOT / "criteria/examples/christmas_market.yaml")
    rng = random.Random(16)
    cases = [(mode, False) for mode in ("pillars", "criteria", "points", "pairwise")] + [("pillars", True)]
    figures = {}
    for mode, with_scores in cases:
        given = inputs(bundle, mode, with_scores, rng)
        round_outcome(card, bundle, given, mode, 1)  # warm-up: content caches, numpy
        times, cpu_times = [], []
        for _ in range(RUNS):
            start, cpu_start = time.perf_counter(), time.process_time()
            round_outcome(card, bundle, given, mode, 1)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        # CPU time as well: on a shared machine the wall clock also counts the waits for a core.
        figures[f"{mode}{' + scores' if with_scores else ''}"] = {
            "median_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3),
            "median_cpu_s": round(statistics.median(cpu_times), 3),
        }
    print(json.dumps({"participants": PARTICIPANTS, "runs": RUNS, "python": platform.python_version(), "round_outcome": figures}, indent=2))


if __name__ == "__main__":
    main()
