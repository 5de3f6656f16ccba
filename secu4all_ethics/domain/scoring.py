"""The rules of a score, written once: which score is in force for an option, and
what an assessor's score needs before it may be saved.

The engine, the service's check of a saved assessment (content/crossref) and the
Scores page all apply these functions, so the page can never accept a score the
service refuses, nor show a score the engine does not use. Problems are codes
with values; each caller words them (English for the service, the catalog keys
scores.warning.<code> on the page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .assessment import AssessedScore
from .content import EvidenceGrade, ReferenceScore, range_contains

ScoreSource = Literal["assessor", "reference", "missing"]


def score_in_force(assessed: AssessedScore | None, reference: ReferenceScore | None) -> tuple[AssessedScore | ReferenceScore | None, ScoreSource]:
    """The assessor's score beats the catalogue's reference; without either the score is missing."""
    if assessed is not None:
        return assessed, "assessor"
    if reference is not None:
        return reference, "reference"
    return None, "missing"


@dataclass(frozen=True)
class ScoreProblem:
    """Why a score may not be saved: code is rationale_required, rationale_needed or range."""

    code: str
    values: dict[str, int] = field(default_factory=dict)


def missing_rationale(value: int, rationale: str, reference: ReferenceScore | None) -> ScoreProblem | None:
    """Every score the assessor gives carries a rationale; one that departs from the
    reference is named as such, because the reviewer will look for the reason."""
    if rationale.strip():
        return None
    if reference is not None and reference.value != value:
        return ScoreProblem("rationale_required", {"value": value, "reference": reference.value})
    return ScoreProblem("rationale_needed")


def range_problem(value: int, low: int | None, high: int | None) -> ScoreProblem | None:
    """An optional low-high range must contain the value (low ≤ value ≤ high)."""
    if range_contains(value, low, high):
        return None
    return ScoreProblem("range", {"low": value if low is None else low, "high": value if high is None else high, "value": value})


@dataclass(frozen=True)
class ScorePlan:
    """What saving a score's inputs means: 'save' the score, 'remove' the assessor's
    score (the reference applies again), or 'refuse' with the problems."""

    action: Literal["save", "remove", "refuse"]
    score: AssessedScore | None = None
    problems: tuple[ScoreProblem, ...] = ()


def is_the_reference(reference: ReferenceScore | None, value: int, low: int | None, high: int | None, grade: str, rationale: str, sources: list[str]) -> bool:
    """Inputs that only repeat the reference (same value, range and grade, nothing written) are no score of the assessor's."""
    if reference is None:
        return False
    reference_range = (
        reference.value if reference.low is None else reference.low,
        reference.value if reference.high is None else reference.high,
    )
    given_range = (value if low is None else low, value if high is None else high)
    return value == reference.value and grade == reference.evidence_grade.value and given_range == reference_range and not rationale and not sources


def plan_score(
    reference: ReferenceScore | None,
    value: int | None,
    low: int | None,
    high: int | None,
    grade: str,
    rationale: str,
    sources: list[str],
) -> ScorePlan:
    """The plan for an assessor's inputs on one criterion of one option."""
    if value is None:
        return ScorePlan("remove")
    rationale = rationale.strip()
    sources = [line.strip() for line in sources if line.strip()]
    if is_the_reference(reference, value, low, high, grade, rationale, sources):
        return ScorePlan("remove")
    out_of_range = range_problem(value, low, high)
    unexplained = missing_rationale(value, rationale, reference)
    if unexplained is not None and unexplained.code == "rationale_needed" and out_of_range is not None:
        unexplained = None  # the range is said first; the rationale is asked for once the score is otherwise right
    problems = tuple(problem for problem in (unexplained, out_of_range) if problem is not None)
    if problems:
        return ScorePlan("refuse", problems=problems)
    score = AssessedScore(value=value, low=low, high=high, evidence_grade=EvidenceGrade(grade), rationale=rationale, sources=sources)
    return ScorePlan("save", score)
