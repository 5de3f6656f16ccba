"""Benchmark storage through the service layer, on SQLite and PostgreSQL.

- save: one autosaved version of a realistic assessment (validation,
  cross-checks, the version row, the audit entry, in one transaction);
- list: the start page's list of 1,000 assessments, authorised one by one.

PostgreSQL is a throwaway local server started like the tests do.
Run: .venv/bin/python bench/storage.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from secu4all_ethics import load_assessment, load_content  # noqa: E402
from secu4all_ethics.services.assessments import AssessmentService  # noqa: E402
from secu4all_ethics.storage.audit import Actor  # noqa: E402
from secu4all_ethics.storage.database import make_engine  # noqa: E402
from secu4all_ethics.storage.repository import Storage  # noqa: E402
from secu4all_ethics.storage.schema_version import upgrade  # noqa: E402
from tests.postgres_server import postgres_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ACTOR = Actor(name="Ada", role="assessor", organisation="Nice", authenticated=True)
SAVES = 200
ASSESSMENTS = 1000
LISTS = 30


def stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000}


def run(url: str) -> dict:
    engine = make_engine(url)
    upgrade(engine)
    service = AssessmentService(Storage(engine), load_content())
    example = load_assessment(ROOT / "criteria" / "examples" / "christmas_market.yaml")

    stored = service.create(ACTOR, example)
    assessment = service.load(ACTOR, stored.assessment_id).assessment
    version = stored.version
    save_times = []
    for number in range(SAVES):
        assessment.need.problem_statement = f"{example.need.problem_statement} (edit {number})"
        started = time.perf_counter()
        version = service.save(ACTOR, assessment, version).version
        save_times.append(time.perf_counter() - started)

    for _ in range(ASSESSMENTS - 1):
        service.create(ACTOR, example)
    list_times = []
    for _ in range(LISTS):
        started = time.perf_counter()
        listed = service.list_visible(ACTOR, limit=ASSESSMENTS)
        list_times.append(time.perf_counter() - started)
    assert len(listed) == ASSESSMENTS
    engine.dispose()
    return {"save_one_version": stats(save_times), "list_1000_assessments": stats(list_times)}


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = run(f"sqlite:///{folder}/bench.db")
    with postgres_server() as server:
        results["postgresql"] = run(server.new_database())
    results["case"] = f"{SAVES} autosaves of the Christmas-market example; list of {ASSESSMENTS} assessments x {LISTS}"
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
