"""Benchmark the decision engine at the size of a large assessment.

A full evaluate() (gates, weighted sum, TOPSIS, PROMETHEE II usual and linear,
weight stability, tornado and a 10,000-sample rank acceptability) for 20
options x 40 criteria, and, in the same run, a 10,000-iteration loop of
pymcdm's TOPSIS: what rank acceptability costs when written as a loop over a
general-purpose MCDA library.

Run: .venv/bin/pip install -r requirements-bench.txt && .venv/bin/python bench/engine.py
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from secu4all_ethics import evaluate, load_content  # noqa: E402
from secu4all_ethics.content.bundle import ContentBundle  # noqa: E402
from secu4all_ethics.domain.assessment import AssessedOption, Assessment, GateAnswer  # noqa: E402
from secu4all_ethics.engine.robustness.acceptability import rank_acceptability  # noqa: E402

OPTIONS = 20
CRITERIA = 40
SAMPLES = 10_000
RUNS = 40


def ranged_share(bundle: ContentBundle) -> float:
    """The share of the catalogue's reference scores that carry a low-high range."""
    scores = [s for t in bundle.technologies for s in t.scores.values()]
    return sum((s.low or s.value) < (s.high or s.value) for s in scores) / len(scores)


def large_bundle(seed: int = 1, criteria_count: int = CRITERIA) -> ContentBundle:
    """The shipped content widened to criteria_count criteria (40 by default): each real criterion is
    repeated as variants, and every catalogue option gets a score for every
    variant, with a low-high range on the same share of scores as in the
    shipped catalogue."""
    rng = np.random.default_rng(seed)
    base = load_content()
    share = ranged_share(base)
    judgement = [c for c in base.framework.criteria if c.score_source == "judgement"]
    cost = next(c for c in base.framework.criteria if c.score_source != "judgement")
    criteria = [cost]
    i = 0
    while len(criteria) < criteria_count:
        template = judgement[i % len(judgement)]
        criteria.append(template.model_copy(update={"id": f"{template.id}_{i}"}))
        i += 1
    framework = base.framework.model_copy(update={"criteria": criteria})
    technologies = []
    for technology in base.technologies:
        scores = {}
        for criterion in criteria[1:]:
            template = technology.scores[criterion.id.rsplit("_", 1)[0]]
            value = int(rng.integers(1, 6))
            ranged = rng.random() < share
            scores[criterion.id] = template.model_copy(
                update={
                    "value": value,
                    "low": max(1, value - 1) if ranged else None,
                    "high": min(5, value + 1) if ranged else None,
                }
            )
        technologies.append(technology.model_copy(update={"scores": scores, "configurations": []}))
    presets = tuple(p.model_copy(update={"weights": {c.id: float(rng.uniform(1, 10)) for c in criteria}}) for p in base.presets)
    return ContentBundle(framework=framework, legal=base.legal, technologies=tuple(technologies), presets=presets, references=base.references)


def large_assessment(bundle: ContentBundle) -> Assessment:
    options = [
        AssessedOption(
            key=technology.id,
            catalogue_id=technology.id,
            gate_answers={gate.id: GateAnswer(answer="passes", justification="benchmark") for gate in bundle.legal.gates},
        )
        for technology in bundle.technologies[:OPTIONS]
    ]
    return Assessment(
        id="bench",
        title="Benchmark: 20 options x 40 criteria",
        framework=bundle.framework_ref(),
        options=options,
        weights={"method": "direct", "preset": bundle.presets[0].id},
    )


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{platform.machine()}, {model}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}"


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        "min_ms": ordered[0] * 1000,
    }


def pymcdm_topsis_loop(values: np.ndarray, weights: np.ndarray, samples: int, seed: int = 20_231) -> float:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    method = TOPSIS(normalization_function=vector_normalization)
    types = np.ones(values.shape[1])
    rng = np.random.default_rng(seed)
    drawn = rng.dirichlet(100 * weights, size=samples)
    started = time.perf_counter()
    counts = np.zeros((values.shape[0], values.shape[0]), dtype=int)
    for sample in drawn:
        preferences = method(values, sample, types)
        order = np.argsort(-preferences)
        counts[order, np.arange(values.shape[0])] += 1
    return time.perf_counter() - started


def main() -> None:
    bundle = large_bundle()
    assessment = large_assessment(bundle)
    result = evaluate(assessment, bundle)  # warm-up, and a check that the case is what it claims
    assert len(result.ranking) == OPTIONS and len(result.weights) == CRITERIA
    assert result.robustness.acceptability.samples == SAMPLES

    full = summary(timed(lambda: evaluate(assessment, bundle), RUNS))

    ranked = [o for o in result.options if o.status == "ranked"]
    ids = list(result.weights)
    values = np.array([[o.criteria[c].configured for c in ids] for o in ranked])
    low = np.array([[o.criteria[c].low for c in ids] for o in ranked])
    high = np.array([[o.criteria[c].high for c in ids] for o in ranked])
    weights = np.array([result.weights[c] for c in ids])
    acceptability = summary(timed(lambda: rank_acceptability(values, low, high, weights, samples=SAMPLES), RUNS))

    loop_seconds = pymcdm_topsis_loop(values, weights, SAMPLES)
    figures = {
        "case": f"{OPTIONS} options x {CRITERIA} criteria, {SAMPLES:,} samples, {RUNS} runs, "
        f"{ranged_share(load_content()):.0%} of scores with a low-high range (as in the catalogue)",
        "machine": machine(),
        "full_evaluate": full,
        "rank_acceptability_step": acceptability,
        "pymcdm_topsis_loop_ms": loop_seconds * 1000,
        "speed_up_vs_pymcdm_loop": loop_seconds * 1000 / acceptability["median_ms"],
        "targets": {"full_evaluate_median_ms": 50, "speed_up_at_least": 100},
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
